"""A graded folder as `seqkit review` sees it: the manual questions, each
submission's stored answer, and the points and comments given so far.

Everything is read from and written to the folder's results.sqlite, so the
page can be closed and the server stopped at any time, and a second grader
(another browser, or another server on the same folder) sees the same state.
"""
import base64
import contextlib
import sqlite3
import time
from pathlib import Path

from markdown_it import MarkdownIt

from seqkit.assignment import Assignment
from seqkit.grading.reviews import check_points
from seqkit.grading.store import Store

# Raw HTML in a student's markdown is shown as text, never run; links to
# javascript: and the like are dropped by markdown-it's own check.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown(text):
    return _markdown.render(text)


class ReviewError(Exception):
    """Bad input from the grader or the command line; the message is one line."""


class ReviewFolder:
    def __init__(self, folder):
        folder = Path(folder)
        path = folder / "results.sqlite"
        if not path.is_file():
            raise ReviewError(f"{path}: no such file; {folder} was never graded "
                              "(run `seqkit grade ASSIGNMENT PATH --out DIR` first)")
        try:
            self.store = Store(path)
            assignments = self.store.assignments()
        except sqlite3.DatabaseError as exc:
            raise ReviewError(f"{path}: not a results database ({exc})") from None
        if len(assignments) != 1:
            raise ReviewError(f"{path}: holds {len(assignments)} assignments "
                              f"({', '.join(assignments) or 'no results'}); expected one")
        self.folder, self.assignment = folder, Assignment.load(assignments[0])
        self.questions = {q.name: q for q in self.assignment.manual}
        self.texts = self.assignment.manual_texts()  # {name: {"prompt", "rubric"}}
        if not self.questions:
            raise ReviewError(f"{self.assignment.name} has no question graded by hand "
                              "(manual: true in its solution notebook): nothing to review")
        self._rows, self._version = [], None

    def rows(self):
        """The gradebook's rows (latest result per submission), re-read when results change."""
        with contextlib.closing(sqlite3.connect(self.store.path)) as db:
            version = db.execute("SELECT MAX(id), COUNT(*) FROM results").fetchone()
        if version != self._version:
            self._rows, self._version = self.store.latest(self.assignment.name), version
        return self._rows

    def _question(self, name):
        if name not in self.questions:
            raise ReviewError(f"{name}: not a question graded by hand in {self.assignment.name} "
                              f"(those are: {', '.join(self.questions)})")
        return self.questions[name]

    def _row(self, submission):
        for row in self.rows():
            if row["submission"] == submission:
                return row
        raise ReviewError(f"{submission}: no such submission in {self.folder}")

    def overview(self):
        reviews = self.store.reviews(self.assignment.name)
        rows = self.rows()
        return {"assignment": self.assignment.name, "folder": str(self.folder), "questions": [
            {"name": q.name, "points": q.points, "submissions": len(rows),
             "reviewed": sum((_current(reviews, r, q.name) or {}).get("points") is not None
                             for r in rows)}
            for q in self.questions.values()]}

    def question(self, name):
        """The question's text and rubric, and every submission with its review (no images)."""
        q = self._question(name)
        reviews = self.store.reviews(self.assignment.name)
        subs = []
        for row in self.rows():
            answer = row["manual"].get(name)
            review = _current(reviews, row, name)
            subs.append({"submission": row["submission"], "student": row["student"],
                         "status": row["status"], "found": answer is not None,
                         "review": review and {k: review[k] for k in
                                               ("id", "points", "comment", "grader", "saved_at")}})
        text = self.texts[name]
        return {"name": name, "points": q.points, "prompt": markdown(text["prompt"]),
                "rubric": markdown(text["rubric"]) if text["rubric"] else "", "submissions": subs}

    def answer(self, name, submission):
        """What the student left: their text as HTML, printed output, how many images."""
        self._question(name)
        row = self._row(submission)
        answer = row["manual"].get(name)
        if answer is None:
            why = ("the notebook could not be read" if row["status"] == "invalid" else
                   "the question's cells are not in the notebook, or it was graded before "
                   "seqkit stored answers (grade the folder again)")
            return {"found": False, "why": f"No answer stored: {why} ({row['reason'] or row['source']})."}
        return {"found": True, "text": markdown(answer["text"]) if answer["text"] else "",
                "truncated": answer["truncated"], "output": answer["output"],
                "images": len(answer["images"])}

    def image(self, name, submission, index):
        """-> (mime, bytes) of one of the answer's images."""
        self._question(name)
        images = (self._row(submission)["manual"].get(name) or {}).get("images", [])
        if not 0 <= index < len(images):
            raise ReviewError(f"{submission}: no image {index} for {name}")
        return images[index]["mime"], base64.b64decode(images[index]["data"])

    def save(self, name, submission, points, comment, grader, seen):
        """Store a grader's points (text; "" for none yet) and comment.

        -> {"id", "saved_at", "replaced": the review it replaced without this grader
        having seen it, or None}.  Raises ReviewError with one line for bad input.
        """
        q = self._question(name)
        row = self._row(submission)
        grader = " ".join(str(grader or "").split())
        if not grader:
            raise ReviewError("type your name in the grader field first: it is saved with "
                              "every grade")
        try:
            value = None if str(points).strip() == "" else check_points(points, q.points)
        except ValueError as exc:
            raise ReviewError(f"{submission}, {name}: {exc}; not saved") from None
        if not isinstance(comment, str):
            raise ReviewError("the comment must be text")
        try:
            seen = int(seen or 0)
        except (TypeError, ValueError):
            raise ReviewError("seen must be the id of a review") from None
        saved_at = time.strftime("%Y-%m-%dT%H:%M:%S")
        new_id, replaced = self.store.save_review(
            {"assignment": self.assignment.name, "submission": submission, "question": name,
             "sha256": row["sha256"], "points": value, "comment": comment, "grader": grader,
             "saved_at": saved_at}, seen)
        if replaced is not None and replaced["sha256"] != row["sha256"]:
            replaced = None  # a review of an earlier version of the notebook: nothing lost
        return {"id": new_id, "saved_at": saved_at, "replaced": replaced and {
            k: replaced[k] for k in ("id", "points", "comment", "grader", "saved_at")}}


def _current(reviews, row, name):
    """The latest review of this submission's current content, or None."""
    review = reviews.get((row["submission"], name))
    return review if review is not None and review["sha256"] == row["sha256"] else None
