"""`seqkit export`: grade-import files for Moodle and Canvas, and a course gradebook.

Moodle: the assignment's offline grading worksheet (Assignment > View all
submissions > Grading action > Upload grading worksheet), with Moodle's header:
`Identifier` is "Participant N", N being the participant identifier in the
folder names of Moodle's "Download all submissions" zip.  Those identifiers
are per assignment, so a worksheet holds one assignment.

Canvas: the Gradebook's import CSV (Grades > Import): `Student, ID, SIS User
ID, SIS Login ID, Section`, then one column per assignment, and the row of
points possible that Canvas's own export writes.  `ID` is the Canvas user id
from the file names of Canvas's "Download Submissions" zip.  The import takes
no comments: feedback goes to students through the feedback files.

Beside FILE goes `<FILE stem>-course.csv`, the course gradebook for the
instructor: one row per student, one total per assignment, the course total.

Every total includes the points given by hand (seqkit review) and every
possible the manual questions' points; what is not yet reviewed counts 0, is
named in the notes printed, in Moodle's feedback comment and in the course
gradebook's `not_reviewed` column (there when some assignment has such questions).
"""
import csv
import sqlite3
from pathlib import Path

from seqkit.assignment import Assignment
from seqkit.grading.gradebook import fmt_points
from seqkit.grading.reviews import with_reviews
from seqkit.grading.store import Store
from seqkit.grading.submissions import lms_of

MOODLE_HEADER = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                 "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                 "Feedback comments"]
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


class ExportError(Exception):
    pass


def export(dirs, fmt, out_file):
    """Write out_file and the course gradebook beside it; -> (course path, notes)."""
    graded, notes = [], []
    for folder in map(Path, dirs):
        assignment, rows = _read(folder)
        if any(assignment == a for a, _, _ in graded):
            raise ExportError(f"{folder}: a second folder of {assignment}; give each assignment once")
        graded.append((assignment, rows, folder))
    for assignment, rows, folder in graded:
        wrong = sorted({lms_of(r["source"]) for r in rows if r["student_id"]} - {fmt, ""})
        if wrong:
            raise ExportError(f"{folder}: its students come from a {' and '.join(wrong).title()} "
                              f"download, not {fmt.title()}: their ids mean nothing there")
        unnamed = [r["submission"] for r in rows if not r["student_id"]]
        if len(unnamed) == len(rows):
            raise ExportError(f"{folder}: no submission has a student id in its file name "
                              f"(grade {fmt.title()}'s own download to get them)")
        waiting = [r["submission"] for r in rows if r["not_reviewed"]]
        if waiting:
            notes.append(f"{folder}: {len(waiting)} submission(s) with questions not yet reviewed "
                         f"by hand (counted 0; `seqkit review {folder}`): {', '.join(waiting)}")
        if unnamed:
            notes.append(f"{folder}: {len(unnamed)} submission(s) without a student id left out "
                         f"of {out_file} (kept in the course gradebook): {', '.join(unnamed)}")
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "moodle":
        if len(graded) != 1:
            raise ExportError("Moodle's grading worksheet holds one assignment (its participant "
                              "ids are per assignment): export each folder to its own file")
        _moodle(graded[0][1], out_file)
    else:
        _canvas(graded, out_file)
    course = out_file.with_name(out_file.stem + "-course.csv")
    _course(graded, fmt, course)
    return course, notes


def _read(folder):
    path = folder / "results.sqlite"
    if not path.is_file():
        raise ExportError(f"{path}: no such file; {folder} was never graded "
                          "(run `seqkit grade ASSIGNMENT PATH --out DIR` first)")
    try:
        store = Store(path)
        assignments = store.assignments()
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"{path}: not a results database ({exc})") from None
    if len(assignments) != 1:
        raise ExportError(f"{path}: holds {len(assignments)} assignments "
                          f"({', '.join(assignments) or 'no results'}); expected one")
    assignment = assignments[0]
    return assignment, with_reviews(store.latest(assignment), store.reviews(assignment),
                                    Assignment.load(assignment).manual)


def _summary(row):
    """One line of feedback for an LMS cell: points per question."""
    parts = [f"{name} {fmt_points(q['points'])}/{fmt_points(q['possible'])}"
             for name, q in row["questions"].items()]
    parts += [f"{name} " + (f"{fmt_points(h['points'])}/{fmt_points(h['possible'])} (graded by hand)"
                            if h["points"] is not None else "not yet reviewed")
              for name, h in row["by_hand"].items()]
    head = f"{fmt_points(row['total_all'])}/{fmt_points(row['possible_all'])}: " + ", ".join(parts)
    if row["status"] != "graded":
        head = f"not graded normally ({row['status']}: {row['reason']}). " + head
    return head + f". Details in {row['submission']}.md."


def _moodle(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(MOODLE_HEADER)
        for row in rows:
            if row["student_id"]:
                out.writerow([f"Participant {row['student_id']}", row["student"], "",
                              "Submitted for grading", fmt_points(row["total_all"]),
                              fmt_points(row["possible_all"]),
                              "Yes", "", "", _summary(row)])


def _canvas(graded, path):
    students = {}
    for assignment, rows, _ in graded:
        for row in rows:
            if row["student_id"]:
                students.setdefault(row["student_id"], {"name": row["student"]})[assignment] = row
    names = [a for a, _, _ in graded]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow([*CANVAS_HEADER, *names])
        out.writerow(["    Points Possible", "", "", "", "",
                      *(fmt_points(rows[0]["possible_all"]) if rows else "" for _, rows, _ in graded)])
        for sid in sorted(students, key=lambda s: (students[s]["name"], s)):
            got = students[sid]
            out.writerow([got["name"], sid, "", "", "",
                          *(fmt_points(got[a]["total_all"]) if a in got else "" for a in names)])


def _course(graded, fmt, path):
    """One row per student (by Canvas user id, or by name: Moodle's ids are per assignment)."""
    students, possible = {}, {}
    for assignment, rows, _ in graded:
        possible[assignment] = rows[0]["possible_all"] if rows else 0.0
        for row in rows:
            if not row["student_id"]:
                key = ("", row["submission"])
            else:
                key = (row["student_id"] if fmt == "canvas" else "", row["student"])
            entry = students.setdefault(key, {"student": row["student"] or row["submission"],
                                              "ids": set()})
            entry["ids"].add(row["student_id"])
            entry[assignment] = row
    names = [a for a, _, _ in graded]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        # as in gradebook.csv: the column only where some question is graded by hand
        by_hand = any(row["by_hand"] for _, rows, _ in graded for row in rows)
        out.writerow(["student", "student_id", *names, "total", "possible", "missing",
                      *(["not_reviewed"] if by_hand else [])])
        for key in sorted(students, key=lambda k: (students[k]["student"], k)):
            got = students[key]
            missing = [a for a in names if a not in got]
            total = sum(got[a]["total_all"] for a in names if a in got)
            waiting = [f"{a}:{q}" for a in names if a in got for q in got[a]["not_reviewed"]]
            out.writerow([got["student"], " ".join(sorted(got["ids"] - {""})),
                          *(fmt_points(got[a]["total_all"]) if a in got else "" for a in names),
                          fmt_points(total), fmt_points(sum(possible.values())), " ".join(missing),
                          *([" ".join(waiting)] if by_hand else [])])
