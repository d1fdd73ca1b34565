"""`seqkit grade`: grade, then write gradebook, feedback and report, then summarise."""
from seqkit import i18n
from seqkit.grading.gradebook import write_feedback, write_gradebook
from seqkit.grading.limits import DEFAULT_TIMEOUT, limits_for
from seqkit.grading.mistakes_csv import write_mistakes
from seqkit.grading.report import write_report
from seqkit.grading.reviews import with_reviews
from seqkit.grading.store import Store
from seqkit.questions import manual_questions, question_points


def grade_command(assignment, inputs, out_dir, workers=None, timeout=DEFAULT_TIMEOUT,
                  progress=True, shard=None, carry_forward=1.0, lang=i18n.SOURCE):
    """Grade, write the outputs, print a summary; -> exit code.

    0 when every submission of this run (of its share, with shard=(k, n)) has
    a row in the gradebook, 1 when some has none.  locks.Busy when another run
    is writing out_dir.
    """
    from seqkit.grading.batch import grade_batch
    from seqkit.grading.locks import output_folder
    from seqkit.grading.shards import write_shard_file
    with output_folder(out_dir):  # locks.Busy while another run writes there
        store, counts = grade_batch(assignment, inputs, out_dir, workers,
                                    limits_for(timeout, carry_forward), progress, shard, lang)
        if shard is not None:
            write_shard_file(out_dir, assignment, *shard, timeout, carry_forward)
        rows = store.latest(assignment)
        write_outputs(assignment, rows, out_dir, lang)
    for note in counts["notes"]:
        print(note)
    graded = [r for r in rows if r["status"] == "graded"]
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    possible = rows[0]["possible"] if rows else 0
    part = f" (shard {shard[0]}/{shard[1]})" if shard else ""
    print(f"{assignment}{part}: {counts['graded']} graded, {counts['failed']} could not be graded "
          f"normally, {counts['skipped']} unchanged and skipped, {counts['superseded']} "
          f"superseded by a newer submission, in {counts['seconds']} s; "
          f"class mean {mean:.2f} / {possible:g} over {len(rows)} submissions "
          f"({len(graded)} graded)")
    print(f"  gradebook: {out_dir / 'gradebook.csv'}")
    print(f"  feedback:  {out_dir / 'feedback'}/")
    print(f"  report:    {out_dir / 'report.html'}")
    missing = sorted(set(counts["names"]) - {r["submission"] for r in rows})
    if missing:
        print(f"seqkit grade: no row for {', '.join(missing)}")
        return 1
    return 0


def write_outputs(assignment, rows, out_dir, lang=i18n.SOURCE):
    """Everything in out_dir that is made from the results rows (seqkit merge and
    seqkit review use it too); the reviews come from out_dir's results.sqlite."""
    i18n.use(lang)
    points = question_points(assignment)
    manual = manual_questions(assignment)
    rows = with_reviews(rows, Store(out_dir / "results.sqlite").reviews(assignment), manual)
    write_gradebook(rows, [n for n, _ in points], out_dir / "gradebook.csv",
                    [q["name"] for q in manual])
    write_feedback(rows, assignment, out_dir / "feedback")
    write_mistakes(rows, out_dir / "mistakes.csv")
    write_report(rows, points, assignment, out_dir / "report.html")
