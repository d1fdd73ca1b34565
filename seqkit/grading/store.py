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
    graded_at TEXT NOT NULL
)
"""


class Store:
    def __init__(self, path):
        self.path = path
        with self._connect() as db:
            db.execute(SCHEMA)

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
        with self._connect() as db:
            db.execute(
                "INSERT INTO results (assignment, submission, source, sha256, grader, status, "
                "reason, total, possible, questions, problems, seconds, graded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (assignment, sub.name, sub.source, sub.sha256, grader, result["status"],
                 result["reason"], result["total"], result["possible"],
                 json.dumps(result["questions"]), json.dumps(result["problems"]),
                 result["seconds"], time.strftime("%Y-%m-%dT%H:%M:%S")))

    def latest(self, assignment):
        """The latest result of every submission, sorted by name, as dicts."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM results WHERE id IN (SELECT MAX(id) FROM results "
                "WHERE assignment=? GROUP BY submission) ORDER BY submission",
                (assignment,)).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            item["questions"] = json.loads(item["questions"])
            item["problems"] = json.loads(item["problems"])
            out.append(item)
        return out
