"""mistakes.csv: one row per recognised mistake.

Columns `submission, question, mistake, description`; rows in gradebook
order (by submission), questions in notebook order.  `mistake` is the id
of a known mistake (seqkit/mistakes/<assignment>.py), `description` the
sentence the student read after `Likely mistake:`.
"""
import csv


def recognised(rows):
    """[(submission, question, mistake id, description)] of the graded rows."""
    out = []
    for row in rows:
        if row["status"] != "graded":
            continue
        for name, q in row["questions"].items():
            if q.get("mistake") and q["points"] < q["possible"]:
                out.append((row["submission"], name, q["mistake"], q["mistake_description"]))
    return out


def write_mistakes(rows, path):
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["submission", "question", "mistake", "description"])
        out.writerows(recognised(rows))
