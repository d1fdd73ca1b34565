"""The `seqkit` command."""
import argparse
import os
import sys

from seqkit.threads import one_thread_each

one_thread_each()  # before NumPy or TensorFlow load
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from pathlib import Path  # noqa: E402

from seqkit import paths  # noqa: E402
from seqkit.grading.limits import DEFAULT_TIMEOUT, TIMEOUT_HELP  # noqa: E402


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
    from seqkit.grading.locks import UID_RANGE, Busy
    from seqkit.grading.run import grade_command
    from seqkit.grading.shards import parse_shard
    try:
        paths.check_name(args.assignment)
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        sys.exit(f"seqkit grade: {exc}")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        sys.exit(f"seqkit grade: no such file or folder: {', '.join(missing)}")
    if args.workers is not None and not 1 <= args.workers <= UID_RANGE:
        sys.exit(f"seqkit grade: --workers {args.workers}: expected 1 to {UID_RANGE}")
    try:
        sys.exit(grade_command(args.assignment, args.paths, Path(args.out), args.workers,
                               args.timeout, progress=not args.quiet, shard=shard))
    except Busy as exc:
        sys.exit(f"seqkit grade: {exc}")


def _merge(args):
    from seqkit.grading.locks import Busy
    from seqkit.grading.shards import MergeError, merge
    try:
        assignment, n = merge(args.dirs, Path(args.out))
    except (MergeError, Busy) as exc:
        sys.exit(f"seqkit merge: {exc}")
    print(f"{assignment}: merged {len(args.dirs)} folders into {args.out}: {n} submissions")


def _export(args):
    from seqkit.grading.export import ExportError, export
    try:
        course, notes = export(args.dirs, args.format, Path(args.out))
    except ExportError as exc:
        sys.exit(f"seqkit export: {exc}")
    for note in notes:
        print(note)
    print(f"wrote {args.out} ({args.format} import) and {course} (course gradebook)")


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
                   help="a notebook, a folder of notebooks, an Otter export zip, or the "
                        "submissions zip of Moodle or Canvas")
    p.add_argument("--out", required=True, metavar="DIR", help="where results go")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="submissions graded at once (default: number of cores)")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=TIMEOUT_HELP)
    p.add_argument("--shard", metavar="K/N",
                   help="grade only the K-th of N shares of the batch (K from 0 to N-1), "
                        "then combine the shard folders with `seqkit merge`")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=_grade)

    p = sub.add_parser("merge", help="combine shard folders of one assignment into one")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="folders written by seqkit grade --shard")
    p.add_argument("--out", required=True, metavar="DIR", help="the merged folder")
    p.set_defaults(run=_merge)

    p = sub.add_parser("export", help="grade-import file for Moodle or Canvas, and a course gradebook")
    p.add_argument("dirs", nargs="+", metavar="DIR", help="output folders of seqkit grade")
    p.add_argument("--format", required=True, choices=("moodle", "canvas"))
    p.add_argument("--out", required=True, metavar="FILE", help="the CSV to import")
    p.set_defaults(run=_export)

    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
