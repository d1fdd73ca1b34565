"""Results in SQLite, written as they are produced, so a batch can resume.

Every grading is a new row; nothing is updated or deleted.  The gradebook
shows each submission's latest row; older rows stay as history.
"""
import contextlib
import json
import sqlite3
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL,
    submission TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    grader TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    total REAL NOT NULL,
    possible REAL NOT NULL,
    questions TEXT NOT NULL,
    problems TEXT NOT NULL,
    seconds REAL NOT NULL,
    graded_at TEXT NOT NULL,
    student TEXT NOT NULL DEFAULT '',
    student_id TEXT NOT NULL DEFAULT '',
    late INTEGER NOT NULL DEFAULT 0,
    manual TEXT NOT NULL DEFAULT '{}'
)
"""
# The points and comments given by hand (seqkit review), one row per save:
# the latest row of a (submission, question) counts, older ones are history.
# sha256: the submission's content it was given for (a changed resubmission
# needs a new review).
REVIEWS_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL,
    submission TEXT NOT NULL,
    question TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    points REAL,
    comment TEXT NOT NULL,
    grader TEXT NOT NULL,
    saved_at TEXT NOT NULL
)
"""
REVIEW_COLUMNS = ("assignment", "submission", "question", "sha256", "points", "comment",
                  "grader", "saved_at")
# Columns added after the first release: added to older files on opening.
ADDED = {"student": "TEXT NOT NULL DEFAULT ''", "student_id": "TEXT NOT NULL DEFAULT ''",
         "late": "INTEGER NOT NULL DEFAULT 0", "manual": "TEXT NOT NULL DEFAULT '{}'"}
COLUMNS = ("assignment", "submission", "source", "sha256", "grader", "status", "reason", "total",
           "possible", "questions", "problems", "seconds", "graded_at", "student", "student_id",
           "late", "manual")


class Store:
    def __init__(self, path):
        self.path = path
        with self._connect() as db:
            db.execute(SCHEMA)
            db.execute(REVIEWS_SCHEMA)
            have = {r["name"] for r in db.execute("PRAGMA table_info(results)")}
            for name, kind in ADDED.items():
                if name not in have:
                    db.execute(f"ALTER TABLE results ADD COLUMN {name} {kind}")

    @contextlib.contextmanager
    def _connect(self):
        # A connection per use, committed and closed: nothing of the results
        # stays open for a forked worker to inherit.
        db = sqlite3.connect(self.path, timeout=30)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    def previous(self, assignment, submission):
        """The latest row of this submission, or None."""
        with self._connect() as db:
            return db.execute("SELECT * FROM results WHERE assignment=? AND submission=? "
                              "ORDER BY id DESC LIMIT 1", (assignment, submission)).fetchone()

    def add(self, assignment, sub, grader, result):
        self.insert({"assignment": assignment, "submission": sub.name, "source": sub.source,
                     "sha256": sub.sha256, "grader": grader, "status": result["status"],
                     "reason": result["reason"], "total": result["total"],
                     "possible": result["possible"], "questions": json.dumps(result["questions"]),
                     "problems": json.dumps(result["problems"]), "seconds": result["seconds"],
                     "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "student": sub.student,
                     "student_id": sub.student_id, "late": int(sub.late),
                     "manual": json.dumps(result.get("manual", {}))})

    def insert(self, row):
        """Add one row as raw columns (COLUMNS; questions and problems as JSON text)."""
        with self._connect() as db:
            db.execute(f"INSERT INTO results ({', '.join(COLUMNS)}) "
                       f"VALUES ({', '.join('?' * len(COLUMNS))})", [row[c] for c in COLUMNS])

    def history(self):
        """Every row, oldest first, as raw columns without the id."""
        with self._connect() as db:
            return [{c: r[c] for c in COLUMNS}
                    for r in db.execute("SELECT * FROM results ORDER BY id")]

    def assignments(self):
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT assignment FROM results ORDER BY 1")]

    def latest(self, assignment, superseded=False):
        """The latest result of every submission, sorted by name, as dicts.

        Submissions superseded by a newer one of the same student are left out
        unless asked for: they are history, not the grade.
        """
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM results WHERE id IN (SELECT MAX(id) FROM results "
                "WHERE assignment=? GROUP BY submission) ORDER BY submission",
                (assignment,)).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            if item["status"] == "superseded" and not superseded:
                continue
            item["questions"] = json.loads(item["questions"])
            item["problems"] = json.loads(item["problems"])
            item["manual"] = json.loads(item["manual"])
            out.append(item)
        return out

    def reviews(self, assignment):
        """{(submission, question): the latest review row as a dict (with its id)}."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM reviews WHERE id IN (SELECT MAX(id) FROM reviews "
                              "WHERE assignment=? GROUP BY submission, question)",
                              (assignment,)).fetchall()
        return {(r["submission"], r["question"]): dict(r) for r in rows}

    def review_history(self):
        """Every review row, oldest first, as raw columns without the id."""
        with self._connect() as db:
            return [{c: r[c] for c in REVIEW_COLUMNS}
                    for r in db.execute("SELECT * FROM reviews ORDER BY id")]

    def insert_review(self, row):
        with self._connect() as db:
            db.execute(f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) "
                       f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})",
                       [row[c] for c in REVIEW_COLUMNS])

    def save_review(self, row, seen):
        """Add a review row unless it repeats the latest; -> (its id, the latest row
        that it replaced although this grader had not seen it, or None).

        seen: the id of the latest review the grader's page showed (0: none).  Two
        graders saving at once: both rows are kept, the later one counts, and
        the later one learns that it replaced the other's.
        """
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # read the latest and add ours as one step
            latest = db.execute("SELECT * FROM reviews WHERE assignment=? AND submission=? "
                                "AND question=? ORDER BY id DESC LIMIT 1",
                                (row["assignment"], row["submission"], row["question"])
                                ).fetchone()
            if latest is not None and all(latest[c] == row[c] for c in
                                          ("sha256", "points", "comment", "grader")):
                return latest["id"], None
            cursor = db.execute(f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) "
                                f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})",
                                [row[c] for c in REVIEW_COLUMNS])
            replaced = dict(latest) if latest is not None and latest["id"] != seen else None
            return cursor.lastrowid, replaced
