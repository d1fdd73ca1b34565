"""mistakes.csv: one row per recognised mistake.

Columns `submission, question, mistake, description`; rows in gradebook
order (by submission), questions in notebook order.  `mistake` is the id
of a known mistake (seqkit/mistakes/<assignment>.py), `description` the
sentence the student read after `Likely mistake:`.  A question that earned
its points by error carried forward (seqkit.grading.carry) has a row too,
with mistake `carried-forward` and the line its feedback says ("right given
your `rnn_step`; points carried forward"): the mistake is in the question
named there.
"""
import csv

CARRIED = "carried-forward"


def recognised(rows):
    """[(submission, question, mistake id, description)] of the graded rows."""
    out = []
    for row in rows:
        if row["status"] != "graded":
            continue
        for name, q in row["questions"].items():
            if q.get("carried_from"):
                out.append((row["submission"], name, CARRIED, q["feedback"]))
            elif q.get("mistake") and q["points"] < q["possible"]:
                out.append((row["submission"], name, q["mistake"], q["mistake_description"]))
    return out


def write_mistakes(rows, path):
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["submission", "question", "mistake", "description"])
        out.writerows(recognised(rows))
