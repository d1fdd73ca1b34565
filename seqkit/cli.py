"""The `seqkit` command."""
import argparse
import os
import sys

from seqkit.threads import one_thread_each

one_thread_each()  # before NumPy or TensorFlow load
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from pathlib import Path  # noqa: E402

from seqkit import i18n, paths  # noqa: E402
from seqkit.grading.limits import DEFAULT_TIMEOUT, TIMEOUT_HELP  # noqa: E402


def _build(args):
    from seqkit.build import BuildError, build_all, build_translated
    try:
        for name in args.names:
            paths.check_name(name)
        langs = [i18n.check_language(args.lang)] if args.lang else i18n.languages()
        names = args.names or paths.NAMES
        if i18n.SOURCE in langs:
            for notebook, zip_path in build_all(names):
                print(f"built {notebook.relative_to(paths.ROOT)} and "
                      f"{zip_path.relative_to(paths.ROOT)}")
        for lang in langs:
            if lang != i18n.SOURCE:
                for name in names:
                    notebook, missing = build_translated(name, lang)
                    late = f" ({missing} texts not translated yet, left in English)" if missing else ""
                    print(f"built {notebook.relative_to(paths.ROOT)}{late}")
    except (BuildError, ValueError) as exc:
        sys.exit(f"seqkit build: {exc}")


def _examples(args):
    from seqkit.examples import write_examples
    for name in args.names or paths.NAMES:
        paths.check_name(name)
        folder = write_examples(name)
        print(f"wrote the example class {folder.relative_to(paths.ROOT)}/")


def _grade(args):
    from seqkit.assignment import Assignment
    from seqkit.grading.carry import parse_carry_forward
    from seqkit.grading.locks import UID_RANGE, Busy
    from seqkit.grading.run import grade_command
    from seqkit.grading.shards import parse_shard
    try:
        assignment = Assignment.load(args.assignment)
        i18n.check_language(args.lang)
        shard = parse_shard(args.shard) if args.shard else None
        carry = parse_carry_forward(args.carry_forward)
    except ValueError as exc:
        sys.exit(f"seqkit grade: {exc}")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        sys.exit(f"seqkit grade: no such file or folder: {', '.join(missing)}")
    if args.workers is not None and not 1 <= args.workers <= UID_RANGE:
        sys.exit(f"seqkit grade: --workers {args.workers}: expected 1 to {UID_RANGE}")
    try:
        sys.exit(grade_command(assignment, args.paths, Path(args.out), args.workers,
                               args.timeout, progress=not args.quiet, shard=shard,
                               carry_forward=carry, lang=args.lang))
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


def _translations(args):
    from seqkit import translations
    langs = [args.lang] if args.lang else [lang for lang in i18n.languages() if lang != i18n.SOURCE]
    for lang in langs:
        if args.action == "update":
            counts = translations.update(lang)
        else:
            i18n.check_language(lang)
            counts = translations.counts(lang)
        for rel, (done, fuzzy, empty) in counts.items():
            print(f"{i18n.LOCALE.relative_to(paths.ROOT)}/{lang}/{rel}: {done} translated, "
                  f"{fuzzy} fuzzy (out of date), {empty} untranslated")


def _review(args):
    from seqkit.review.folder import ReviewError
    try:
        from seqkit.review.serve import serve
        serve(Path(args.dir), args.port, open_browser=not args.no_browser)
    except ReviewError as exc:
        sys.exit(f"seqkit review: {exc}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="seqkit", description="Autograded exercises on sequence models.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="student notebooks and autograder zips from solutions/")
    p.add_argument("names", nargs="*", metavar="ASSIGNMENT")
    p.add_argument("--lang", metavar="LANG",
                   help="build only this language: en (the notebooks and zips) or a translation "
                        "(assignments/<name>/<name>.<lang>.ipynb); default: every language")
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
    p.add_argument("--carry-forward", default="full", metavar="full|none|FRACTION",
                   help="a question that fails only because a function it calls failed its own "
                        "question, and is right given the reference's answers for that "
                        "function, earns its points (full, the default), none of them, or this "
                        "share of them (e.g. 0.5)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--lang", default=i18n.SOURCE, metavar="LANG",
                   help="language of the feedback, mistakes.csv and report.html: "
                        + ", ".join(i18n.languages()) + " (default: en); the points do not change")
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

    p = sub.add_parser("translations", help="bring the translation catalogues up to date")
    p.add_argument("action", choices=("update", "status"),
                   help="update: re-extract the English and merge it into every catalogue (a "
                        "changed text is marked fuzzy); status: count what is left to translate")
    p.add_argument("--lang", metavar="LANG",
                   help="this language only; a new code creates its catalogues (default: all)")
    p.set_defaults(run=_translations)

    p = sub.add_parser("review", help="grade the questions graded by hand, in your browser")
    p.add_argument("dir", metavar="DIR", help="an output folder of seqkit grade (or merge)")
    p.add_argument("--port", type=int, default=None, help="default: a free port")
    p.add_argument("--no-browser", action="store_true", help="print the address, open nothing")
    p.set_defaults(run=_review)

    args = parser.parse_args(argv)
    if args.command == "grade" and argv is None:  # as a command, not called from Python
        from seqkit.hashseed import restart_with_fixed_seed
        restart_with_fixed_seed(["-m", "seqkit.cli", *sys.argv[1:]])
    args.run(args)


if __name__ == "__main__":
    main()
