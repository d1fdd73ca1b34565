"""gradebook.csv and the per-student feedback files.

gradebook.csv is an interface read by tools outside this repo: columns
`submission, status, <one per autograded question>, total, possible`, then
`reason`, then (added later, so after the first ones) `student`, `student_id`
and `late`, filled in when the submission's file name gives them (Moodle's and
Canvas's downloads).  An assignment with questions graded by hand (`manual:
true`, seqkit review) then has one column per such question (its points, empty
until reviewed), `total_with_manual`, `possible_with_manual` and
`not_reviewed` (the manual questions still to grade, space-separated).  Rows are sorted by submission, and nothing in them depends on the
time of grading, so grading the same folder twice gives the same file.
"""
import csv

from seqkit.i18n import _

EXTRA_COLUMNS = ("student", "student_id", "late")
MANUAL_COLUMNS = ("total_with_manual", "possible_with_manual", "not_reviewed")


def _fmt(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def write_gradebook(rows, question_names, path, manual_names=()):
    """rows: with `by_hand` etc. (reviews.with_reviews) when manual_names are given."""
    manual_head = [*manual_names, *MANUAL_COLUMNS] if manual_names else []
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["submission", "status", *question_names, "total", "possible", "reason",
                      *EXTRA_COLUMNS, *manual_head])
        for row in rows:
            qs = row["questions"]
            manual = []
            if manual_names:
                hand = row["by_hand"]
                manual = [*("" if hand[n]["points"] is None else _fmt(hand[n]["points"])
                            for n in manual_names),
                          _fmt(row["total_all"]), _fmt(row["possible_all"]),
                          " ".join(row["not_reviewed"])]
            out.writerow([row["submission"], row["status"],
                          *(_fmt(qs[n]["points"]) if n in qs else "0" for n in question_names),
                          _fmt(row["total"]), _fmt(row["possible"]), row["reason"],
                          row["student"], row["student_id"], "late" if row["late"] else "",
                          *manual])


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
    lines += _by_hand(row)
    return "\n".join(lines) + "\n"


def _by_hand(row):
    """The questions graded by hand: points and the grader's comment, or not yet."""
    hand = row.get("by_hand") or {}
    if not hand:
        return []
    lines = ["", "## " + _("Graded by hand"), ""]
    for name, h in hand.items():
        if h["points"] is None:
            lines.append(f"- `{name}`: " + _("not yet reviewed (out of {possible})").format(
                possible=_fmt(h["possible"])))
        else:
            comment = " ".join(h["comment"].split())
            lines.append(f"- `{name}`: {_fmt(h['points'])} / {_fmt(h['possible'])}"
                         + (f": {comment}" if comment else ""))
    lines += ["", _("**Score with these: {total} / {possible}**").format(
        total=_fmt(row["total_all"]), possible=_fmt(row["possible_all"]))]
    return lines


def write_feedback(rows, assignment, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (folder / f"{row['submission']}.md").write_text(feedback_text(row, assignment))
