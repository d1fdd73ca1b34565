"""The `seqkit` command."""
import argparse
import os
import sys

from seqkit.threads import one_thread_each

one_thread_each()  # before NumPy or TensorFlow load
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from pathlib import Path  # noqa: E402

from seqkit import paths  # noqa: E402


def _build(args):
    from seqkit.build import BuildError, build_all
    try:
        for name in args.names:
            paths.check_name(name)
        for notebook, zip_path in build_all(args.names or paths.NAMES):
            print(f"built {notebook.relative_to(paths.ROOT)} and {zip_path.relative_to(paths.ROOT)}")
    except (BuildError, ValueError) as exc:
        sys.exit(f"seqkit build: {exc}")


def _examples(args):
    from seqkit.examples import write_examples
    for name in args.names or paths.NAMES:
        paths.check_name(name)
        folder = write_examples(name)
        print(f"wrote the example class {folder.relative_to(paths.ROOT)}/")


def _grade(args):
    from seqkit.grading.run import grade_command
    try:
        paths.check_name(args.assignment)
    except ValueError as exc:
        sys.exit(f"seqkit grade: {exc}")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        sys.exit(f"seqkit grade: no such file or folder: {', '.join(missing)}")
    sys.exit(grade_command(args.assignment, args.paths, Path(args.out), args.workers,
                           args.timeout, args.backend, progress=not args.quiet))


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="seqkit", description="Autograded exercises on sequence models.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="student notebooks and autograder zips from solutions/")
    p.add_argument("names", nargs="*", metavar="ASSIGNMENT")
    p.set_defaults(run=_build)

    p = sub.add_parser("examples", help="write the bundled example classes into examples/")
    p.add_argument("names", nargs="*", metavar="ASSIGNMENT")
    p.set_defaults(run=_examples)

    p = sub.add_parser("grade", help="grade a class: gradebook, feedback, report")
    p.add_argument("assignment", metavar="ASSIGNMENT", help=", ".join(paths.NAMES))
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a notebook, a folder of notebooks, or an Otter export zip")
    p.add_argument("--out", required=True, metavar="DIR", help="where results go")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="submissions graded at once (default: number of cores)")
    p.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                   help="time for running one notebook's cells (default 120); "
                        "a single cell gets a third of it, at most 30 s")
    p.add_argument("--backend", choices=("local", "docker"), default="local",
                   help="local: isolated warm workers (default); docker: hand to `otter grade`")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=_grade)

    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
