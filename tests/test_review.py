"""`seqkit review` without a browser: answers stored at grading time, the API's
checks, the gradebook, feedback, report, merge and export with points given by hand.
The page itself, in Chromium: tests/test_review_browser.py."""
import base64
import csv
import json
import shutil
import subprocess
import sys

import pytest
from starlette.testclient import TestClient

from review_class import ANSWER, plot_png, with_answer
from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.grading.manual_answers import PLACEHOLDER, manual_answers
from seqkit.grading.reviews import check_points
from seqkit_grade import grade, gradebook

pytestmark = pytest.mark.xdist_group("review")  # the module's graded class, made once

OLD_HEADER = ["submission", "status", *Assignment.load("genz").points, "total",
              "possible", "reason", "student", "student_id", "late"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A Canvas download of three genz submissions, graded, then the download deleted:
    the review must live on what results.sqlite holds."""
    base = tmp_path_factory.mktemp("review")
    inbox = base / "download"
    inbox.mkdir()
    png = plot_png()
    (inbox / "doejane_101_9001_genz.ipynb").write_bytes(with_answer(png=png))
    (inbox / "roejohn_102_9002_genz.ipynb").write_bytes(
        (paths.ROOT / "examples/genz/03-untouched.ipynb").read_bytes())
    (inbox / "poeedgar_103_9003_genz.ipynb").write_bytes(b"{ not json")
    grade("genz", inbox, base / "graded", "--workers", "1")
    shutil.rmtree(inbox)
    moved = base / "moved"
    shutil.move(base / "graded", moved)  # folders get moved: nothing points at the inputs
    return moved, png


def client(folder):
    from seqkit.review.app import create_app
    from seqkit.review.folder import ReviewFolder
    return TestClient(create_app(ReviewFolder(folder)), base_url="http://127.0.0.1")


def save(c, sub, points, comment="", grader="Ada", seen=0):
    return c.post("/api/review", json={"question": "experiment", "submission": sub,
                                       "points": points, "comment": comment, "grader": grader,
                                       "seen": seen})


def test_answers_are_read_from_the_notebook_at_grading_time(graded):
    folder, png = graded
    c = client(folder)
    q = c.get("/api/question/experiment").json()
    assert [s["submission"] for s in q["submissions"]] == ["doejane_101", "poeedgar_103",
                                                          "roejohn_102"]
    assert "**Rubric**" not in q["rubric"] and "<strong>Rubric</strong>" in q["rubric"]
    answer = c.get("/api/answer/experiment/doejane_101").json()
    assert answer["images"] == 1 and "36 fits" in answer["output"]
    assert "<strong>mean error</strong>" in answer["text"]
    assert "<script>" not in answer["text"] and "&lt;script&gt;" in answer["text"]
    assert "javascript:" not in answer["text"].replace("[click](javascript:alert(1))", "")
    image = c.get("/api/image/experiment/doejane_101/0")
    assert image.headers["content-type"] == "image/png" and image.content == png
    untouched = c.get("/api/answer/experiment/roejohn_102").json()
    assert untouched == {"found": True, "text": "", "truncated": False, "output": "",
                         "images": 0}
    broken = c.get("/api/answer/experiment/poeedgar_103").json()
    assert not broken["found"] and "could not be read" in broken["why"]


def test_gradebook_gains_the_manual_columns_after_the_old_ones(graded):
    folder, _ = graded
    with open(folder / "gradebook.csv", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == OLD_HEADER + ["experiment", "total_with_manual", "possible_with_manual",
                                   "not_reviewed"]
    rows = gradebook(folder)
    jane = rows["doejane_101"]
    full = Assignment.load("genz").possible
    assert jane["total"] == jane["possible"] == f"{full:g}"  # the autograded part, as before
    assert (jane["experiment"], jane["total_with_manual"], jane["possible_with_manual"],
            jane["not_reviewed"]) == ("", f"{full:g}", f"{full + 4:g}", "experiment")


def test_bad_points_are_one_line_and_nothing_is_saved(graded, tmp_path):
    folder = tmp_path / "f"
    shutil.copytree(graded[0], folder)
    c = client(folder)
    for points, says in (("5", "worth at most 4"), ("-1", "cannot be negative"),
                         ("nan", "not a number"), ("three", "not a number")):
        r = save(c, "doejane_101", points)
        assert r.status_code == 400 and says in r.json()["error"], r.text
        assert "\n" not in r.json()["error"]
    assert "grader field" in save(c, "doejane_101", "3", grader=" ").json()["error"]
    assert "no such submission" in save(c, "nobody", "3").json()["error"]
    assert c.post("/api/review", content="points=3",
                  headers={"content-type": "application/x-www-form-urlencoded"}
                  ).status_code == 415  # what a form on another site could send
    assert c.get("/api/overview").json()["questions"][0]["reviewed"] == 0
    foreign = TestClient(c.app, base_url="http://evil.example")
    assert foreign.get("/api/overview").status_code == 400


def test_saved_points_survive_the_server_and_the_later_grader_wins_and_is_told(graded, tmp_path):
    folder = tmp_path / "f"
    shutil.copytree(graded[0], folder)
    ada = client(folder)
    first = save(ada, "doejane_101", "3", "good plot", grader="Ada").json()
    assert first["replaced"] is None
    again = save(ada, "doejane_101", "3.5", "good plot, clear text", grader="Ada",
                 seen=first["id"]).json()
    assert again["replaced"] is None
    # a second grader whose page still shows the state before Ada's saves
    bob = client(folder)  # another server on the same folder: only results.sqlite is shared
    late = save(bob, "doejane_101", "2", "no numbers quoted", grader="Bob", seen=0).json()
    assert late["replaced"]["grader"] == "Ada" and late["replaced"]["points"] == 3.5
    fresh = client(folder).get("/api/question/experiment").json()["submissions"][0]["review"]
    assert (fresh["points"], fresh["comment"], fresh["grader"]) == (2, "no numbers quoted", "Bob")
    # a grader who saw Bob's grade changes it: no conflict
    assert save(ada, "doejane_101", "2.5", "ok", seen=fresh["id"]).json()["replaced"] is None


def test_outputs_merge_and_export_include_the_points_given_by_hand(graded, tmp_path):
    from seqkit.grading import export as export_module
    from seqkit.grading.export import export
    from seqkit.grading.shards import merge
    from seqkit.review.serve import rewrite_outputs
    from seqkit.review.folder import ReviewFolder
    folder = tmp_path / "f"
    shutil.copytree(graded[0], folder)
    c = client(folder)
    assert save(c, "doejane_101", "3", "Clear plot;\nno numbers.").status_code == 200
    assert save(c, "roejohn_102", "0", "no answer").status_code == 200
    rewrite_outputs(ReviewFolder(folder))
    rows = gradebook(folder)
    full = Assignment.load("genz").possible
    assert [(rows[s]["experiment"], rows[s]["total"], rows[s]["total_with_manual"],
             rows[s]["not_reviewed"]) for s in ("doejane_101", "poeedgar_103", "roejohn_102")
            ] == [("3", f"{full:g}", f"{full + 3:g}", ""), ("", "0", "0", "experiment"),
                  ("0", "0", "0", "")]
    feedback = (folder / "feedback" / "doejane_101.md").read_text()
    assert "- `experiment`: 3 / 4: Clear plot; no numbers." in feedback
    assert f"**Score with these: {full + 3:g} / {full + 4:g}**" in feedback
    report = (folder / "report.html").read_text()
    assert "2 of 3 reviewed" in report and "Not yet reviewed (1): poeedgar_103" in report

    merged = tmp_path / "merged"
    merge([folder], merged)  # reviews travel with the rows
    assert gradebook(merged) == rows

    course, notes = export([folder], "canvas", tmp_path / "canvas.csv")
    assert any("1 submission(s) with questions not yet reviewed" in n and "poeedgar_103" in n
               for n in notes)
    with open(tmp_path / "canvas.csv", newline="") as fh:
        canvas = list(csv.reader(fh))
    assert canvas[0][-1] == "genz" and canvas[1][-1] == f"{full + 4:g}"
    by_id = {r[1]: r[-1] for r in canvas[2:]}
    assert by_id == {"101": f"{full + 3:g}", "102": "0", "103": "0"}
    with open(course, newline="") as fh:
        course_rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert course_rows["101"]["possible"] == f"{full + 4:g}"
    assert course_rows["101"]["not_reviewed"] == ""
    assert course_rows["103"]["not_reviewed"] == "genz:experiment"
    # Moodle's worksheet, written from the same rows (this class came from Canvas)
    _, read = export_module._read(folder)
    export_module._moodle(read, tmp_path / "moodle.csv")
    with open(tmp_path / "moodle.csv", newline="") as fh:
        moodle = {r["Identifier"]: r for r in csv.DictReader(fh)}
    assert (moodle["Participant 101"]["Grade"], moodle["Participant 101"]["Maximum Grade"]) == (
        f"{full + 3:g}", f"{full + 4:g}")
    assert "experiment 3/4 (graded by hand)" in moodle["Participant 101"]["Feedback comments"]
    assert "experiment not yet reviewed" in moodle["Participant 103"]["Feedback comments"]


def test_review_of_a_folder_never_graded_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", "review", str(tmp_path),
                           "--no-browser"], capture_output=True, text=True, timeout=120,
                          cwd=paths.ROOT)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"seqkit review: {tmp_path}/results.sqlite: no such file; "
                                   f"{tmp_path} was never graded (run `seqkit grade ASSIGNMENT "
                                   "PATH --out DIR` first)")


def test_folders_that_cannot_be_reviewed_are_one_line(tmp_path):
    from seqkit.grading.store import Store
    from seqkit.grading.submissions import Submission
    from seqkit.grading.worker import empty_result
    from seqkit.review.folder import ReviewError, ReviewFolder
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "results.sqlite").write_bytes(b"not a database, " * 100)
    with pytest.raises(ReviewError, match=r"results.sqlite: not a results database"):
        ReviewFolder(tmp_path / "broken")
    (tmp_path / "rnn").mkdir()
    result = empty_result(Assignment.load("rnn").questions, "graded", "")
    Store(tmp_path / "rnn" / "results.sqlite").add("rnn", Submission("a", "a.ipynb", b"{}"), "t",
                                                   result)
    with pytest.raises(ReviewError, match="^rnn has no question graded by hand"):
        ReviewFolder(tmp_path / "rnn")


@pytest.mark.quick
def test_manual_answers_keep_only_what_the_student_left():
    png = plot_png()
    got = manual_answers(with_answer(png=png), ["experiment"])["experiment"]
    assert got["text"] == ANSWER and base64.b64decode(got["images"][0]["data"]) == png
    assert manual_answers(with_answer(text=PLACEHOLDER), ["experiment"])["experiment"]["text"] == ""
    nb = json.loads(with_answer(png=png))
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                out["data"]["image/png"] = base64.b64encode(b"<svg onload=alert(1)>").decode()
    assert manual_answers(json.dumps(nb).encode(), ["experiment"])["experiment"]["images"] == []
    assert manual_answers(b"{ not json", ["experiment"]) == {}
    assert manual_answers(b"[" * 100_000, ["experiment"]) == {}
    assert manual_answers(json.dumps({"cells": []}).encode(), ["experiment"]) == {}


@pytest.mark.parametrize("text, says", [("4.5", "at most 4"), ("-0.5", "negative"),
                                        ("inf", "at most 4"), ("", "not a number")])
def test_check_points(text, says):
    with pytest.raises(ValueError, match=says):
        check_points(text, 4.0)
    assert check_points("3.5", 4.0) == 3.5
