"""gradebook.csv and the per-student feedback files.

gradebook.csv is an interface read by tools outside this repo: columns
`submission, status, <one per autograded question>, total, possible`, then
`reason`, then (added later, so after the first ones) `student`, `student_id`
and `late`, filled in when the submission's file name gives them (Moodle's and
Canvas's downloads).  Rows are sorted by submission, and nothing in them depends on the
time of grading, so grading the same folder twice gives the same file.
"""
import csv

from seqkit.i18n import _

EXTRA_COLUMNS = ("student", "student_id", "late")


def _fmt(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def write_gradebook(rows, question_names, path):
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["submission", "status", *question_names, "total", "possible", "reason",
                      *EXTRA_COLUMNS])
        for row in rows:
            qs = row["questions"]
            out.writerow([row["submission"], row["status"],
                          *(_fmt(qs[n]["points"]) if n in qs else "0" for n in question_names),
                          _fmt(row["total"]), _fmt(row["possible"]), row["reason"],
                          row["student"], row["student_id"], "late" if row["late"] else ""])


def feedback_text(row, assignment):
    """Markdown feedback for one student."""
    lines = ["# " + _("{assignment}: feedback for {submission}").format(
                 assignment=assignment, submission=row["submission"]), "",
             _("**Score: {total} / {possible}** (autograded part)").format(
                 total=_fmt(row["total"]), possible=_fmt(row["possible"])), ""]
    if row["status"] != "graded":
        lines += [_("Your notebook could not be graded normally ({status}): {reason}").format(
            status=row["status"], reason=row["reason"]), ""]
    lines += ["| " + _("question") + " | " + _("points") + " |", "| --- | --- |"]
    for name, q in row["questions"].items():
        lines.append(f"| `{name}` | {_fmt(q['points'])} / {_fmt(q['possible'])} |")
    if row["problems"]:
        lines += ["", "## " + _("Cells that failed when your notebook ran"), ""]
        lines += [f"- {p}" for p in row["problems"]]
    graded = row["status"] == "graded"
    likely = _("Likely mistake: {description}").partition("{")[0]
    failed = 0
    for name, q in row["questions"].items():
        if not graded:
            break
        if q.get("carried_from"):  # error carried forward: one line, no counterexample
            lines += ["", f"## `{name}`", "", q["feedback"].strip()]
        elif q["points"] < q["possible"]:
            failed += 1
            text = q["feedback"].strip() or _("failed")
            lead = text.partition("\n\n")[0] if text.startswith(likely) else ""
            lines += ["", f"## `{name}`", ""] + ([lead, ""] if lead else []) + [
                "```", text[len(lead):].strip() or text, "```"]
    if graded and not failed:
        lines += ["", _("Every hidden test passed. Well done.")]
    return "\n".join(lines) + "\n"


def write_feedback(rows, assignment, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (folder / f"{row['submission']}.md").write_text(feedback_text(row, assignment))
