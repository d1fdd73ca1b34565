"""`seqkit grade`: grade, then write gradebook, feedback and report, then summarise."""
from seqkit import i18n
from seqkit.grading.batch import grade_batch
from seqkit.grading.limits import DEFAULT_TIMEOUT, limits_for
from seqkit.grading.locks import output_folder
from seqkit.grading.outputs import write_outputs
from seqkit.grading.shards import write_shard_file


def grade_command(assignment, inputs, out_dir, workers=None, timeout=DEFAULT_TIMEOUT,
                  progress=True, shard=None, carry_forward=1.0, lang=i18n.SOURCE):
    """Grade `assignment` (an Assignment), write the outputs, print a summary; -> exit code.

    0 when every submission of this run (of its share, with shard=(k, n)) has
    a row in the gradebook, 1 when some has none.  locks.Busy when another run
    is writing out_dir.
    """
    with output_folder(out_dir):  # locks.Busy while another run writes there
        store, counts = grade_batch(assignment, inputs, out_dir, workers,
                                    limits_for(timeout, carry_forward), progress, shard, lang)
        if shard is not None:
            write_shard_file(out_dir, assignment.name, *shard, timeout, carry_forward)
        rows = store.latest(assignment.name)
        write_outputs(assignment, rows, out_dir, lang)
    for note in counts["notes"]:
        print(note)
    graded = [r for r in rows if r["status"] == "graded"]
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    possible = rows[0]["possible"] if rows else 0
    part = f" (shard {shard[0]}/{shard[1]})" if shard else ""
    print(f"{assignment.name}{part}: {counts['graded']} graded, {counts['failed']} could not be "
          f"graded normally, {counts['skipped']} unchanged and skipped, {counts['superseded']} "
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
