"""`seqkit grade` end to end on the example class: statuses, layout, determinism, resume."""
import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from seqkit import paths
from seqkit.questions import question_points

ASSIGNMENT = "rnn"


def grade(folder, out, *extra, check=True):
    cmd = [sys.executable, "-m", "seqkit.cli", "grade", ASSIGNMENT, str(folder), "--out", str(out),
           "--quiet", "--timeout", "10", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=paths.ROOT)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done


def read_gradebook(out):
    with open(out / "gradebook.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    folder = base / "class"
    shutil.copytree(paths.EXAMPLES / ASSIGNMENT, folder)
    out = base / "out"
    done = grade(folder, out)
    return folder, out, done


def test_gradebook_layout(graded):
    _, out, _ = graded
    with open(out / "gradebook.csv", newline="") as fh:
        header = next(csv.reader(fh))
    names = [n for n, _ in question_points(ASSIGNMENT)]
    assert header[:2] == ["submission", "status"]
    assert header[2:2 + len(names)] == names
    assert header[2 + len(names):4 + len(names)] == ["total", "possible"]


def test_every_submission_gets_its_row_and_status(graded):
    folder, out, _ = graded
    rows = {r["submission"]: r for r in read_gradebook(out)}
    expected_names = sorted(p.stem for p in folder.iterdir())
    assert sorted(rows) == expected_names
    possible = str(int(sum(p for _, p in question_points(ASSIGNMENT))))
    assert all(r["possible"] == possible for r in rows.values())
    assert rows["01-perfect"]["status"] == "graded" and rows["01-perfect"]["total"] == possible
    assert rows["09-otter-export"]["total"] == possible  # the zip grader.export() writes
    assert rows["03-untouched"]["status"] == "graded" and rows["03-untouched"]["total"] == "0"
    assert 0 < float(rows["02-partial"]["total"]) < float(possible)
    # a hanging cell is stopped; the rest of the notebook still counts
    assert rows["07-hanging-cell"]["status"] == "graded"
    assert rows["07-hanging-cell"]["total"] == possible
    assert rows["08-exits-while-running"]["status"] == "crashed"
    assert rows["10-broken-json"]["status"] == "invalid"
    assert "broken JSON" in rows["10-broken-json"]["reason"]
    assert "10-broken-json.ipynb" in rows["10-broken-json"]["reason"]
    assert rows["11-not-a-notebook"]["status"] == "invalid"


def test_mistakes_lose_points_on_their_question(graded):
    _, out, _ = graded
    rows = {r["submission"]: r for r in read_gradebook(out)}
    assert rows["05-mistake-state-not-carried"]["rnn_forward"] == "0"
    assert rows["05-mistake-state-not-carried"]["rnn_step"] == "2"
    assert rows["04-mistake-clip-each-separately"]["clip_by_global_norm"] == "0"
    assert rows["04-mistake-clip-each-separately"]["rnn_forward"] == "3"
    assert rows["06-mistake-transposed-recurrence"]["rnn_step"] == "0"


def test_feedback_and_report(graded):
    _, out, done = graded
    feedback = (out / "feedback" / "06-mistake-transposed-recurrence.md").read_text()
    assert "rnn_step" in feedback and "expected" in feedback and "largest difference" in feedback
    assert "Traceback" not in feedback
    assert "Every hidden test passed" in (out / "feedback" / "01-perfect.md").read_text()
    report = (out / "report.html").read_text()
    assert report.count("<img") >= 2 and "rnn_step" in report
    assert "class mean" in done.stdout and "gradebook" in done.stdout


def test_grading_twice_gives_identical_gradebooks(graded, tmp_path):
    folder, out, _ = graded
    grade(folder, tmp_path / "again")
    assert (tmp_path / "again" / "gradebook.csv").read_bytes() == (out / "gradebook.csv").read_bytes()


def test_rerun_skips_unchanged_and_regrades_changed(graded, tmp_path):
    folder, out, _ = graded
    work = tmp_path / "class"
    shutil.copytree(folder, work)
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    done = grade(work, out2)
    assert "0 graded, 0 could not be graded normally, 11 unchanged" in done.stdout
    # the student resubmits a perfect notebook under an old name
    shutil.copy(work / "01-perfect.ipynb", work / "03-untouched.ipynb")
    done = grade(work, out2)
    assert "1 graded" in done.stdout and "changed since it was last graded" in done.stdout
    rows = {r["submission"]: r for r in read_gradebook(out2)}
    assert rows["03-untouched"]["total"] == rows["01-perfect"]["total"]
    with sqlite3.connect(out2 / "results.sqlite") as db:
        history = db.execute("SELECT total FROM results WHERE submission='03-untouched' "
                             "ORDER BY id").fetchall()
    assert [h[0] for h in history] == [0.0, float(rows["01-perfect"]["total"])]
    # the same file, graded by an older version of the hidden tests
    with sqlite3.connect(out2 / "results.sqlite") as db:
        db.execute("UPDATE results SET grader='older' WHERE submission='02-partial'")
    done = grade(work, out2)
    assert "1 graded" in done.stdout
    assert "02-partial: the grader changed since it was last graded" in done.stdout


def test_interrupted_batch_resumes(graded, tmp_path):
    folder, _, _ = graded
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "seqkit.cli", "grade", ASSIGNMENT, str(folder), "--out", str(out),
           "--quiet", "--timeout", "10", "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=paths.ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db_path, stored = out / "results.sqlite", 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and stored < 2:
        time.sleep(0.5)
        if db_path.exists():
            with sqlite3.connect(db_path) as db:
                stored = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    os.killpg(proc.pid, signal.SIGKILL)  # the instructor's laptop lid closes
    proc.wait()
    assert 2 <= stored < 11
    done = grade(folder, out)
    with sqlite3.connect(db_path) as db:
        total = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert total == 11  # nothing graded twice, nothing lost
    assert f"{stored} unchanged" in done.stdout or "unchanged and skipped" in done.stdout
    assert len(read_gradebook(out)) == 11


def test_bad_arguments_are_one_line_errors(tmp_path):
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", "grade", "nope", str(tmp_path),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert done.returncode != 0 and "unknown assignment 'nope'" in done.stderr
    assert "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", "grade", "rnn",
                           str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "no such file or folder" in done.stderr
