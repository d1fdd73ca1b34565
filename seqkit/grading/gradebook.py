"""gradebook.csv and the per-student feedback files.

gradebook.csv is an interface read by tools outside this repo: columns
`submission, status, <one per autograded question>, total, possible`, then
`reason`, then (added later, so after the first ones) `student`, `student_id`
and `late`, filled in when the submission's file name gives them (Moodle's and
Canvas's downloads).  Rows are sorted by submission, and nothing in them depends on the
time of grading, so grading the same folder twice gives the same file.
"""
import csv

EXTRA_COLUMNS = ("student", "student_id", "late")


def fmt_points(x):
    """Points as the gradebook, feedback, report and exports write them: 2, 1.5."""
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
                          *(fmt_points(qs[n]["points"]) if n in qs else "0" for n in question_names),
                          fmt_points(row["total"]), fmt_points(row["possible"]), row["reason"],
                          row["student"], row["student_id"], "late" if row["late"] else ""])


def feedback_text(row, assignment):
    """Markdown feedback for one student."""
    lines = [f"# {assignment}: feedback for {row['submission']}", "",
             f"**Score: {fmt_points(row['total'])} / {fmt_points(row['possible'])}** (autograded part)", ""]
    if row["status"] != "graded":
        lines += [f"Your notebook could not be graded normally ({row['status']}): {row['reason']}", ""]
    lines += ["| question | points |", "| --- | --- |"]
    for name, q in row["questions"].items():
        lines.append(f"| `{name}` | {fmt_points(q['points'])} / {fmt_points(q['possible'])} |")
    if row["problems"]:
        lines += ["", "## Cells that failed when your notebook ran", ""]
        lines += [f"- {p}" for p in row["problems"]]
    failed = [(n, q) for n, q in row["questions"].items()
              if q["points"] < q["possible"] and row["status"] == "graded"]
    for name, q in failed:
        text = q["feedback"].strip() or "failed"
        lead = text.partition("\n\n")[0] if text.startswith("Likely mistake: ") else ""
        lines += ["", f"## `{name}`", ""] + ([lead, ""] if lead else []) + [
            "```", text[len(lead):].strip() or text, "```"]
    if row["status"] == "graded" and not failed:
        lines += ["", "Every hidden test passed. Well done."]
    return "\n".join(lines) + "\n"


def write_feedback(rows, assignment, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (folder / f"{row['submission']}.md").write_text(feedback_text(row, assignment))
