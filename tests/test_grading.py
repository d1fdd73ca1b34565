"""`seqkit grade` end to end on the example class: statuses, layout, determinism, resume."""
import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.examples import (BROKEN_JSON, EXITS, EXPORT, HANGING, NOT_A_NOTEBOOK, PARTIAL,
                             PERFECT, UNTOUCHED, mistake_files)
from seqkit_grade import grade, gradebook
from shared import EXAMPLE_TIMEOUT  # the shared batch's: a rerun with the same limits skips it

ASSIGNMENT = "rnn"
POINTS = Assignment.load(ASSIGNMENT).points
MISTAKE = {label: Path(f).stem for label, f in mistake_files(ASSIGNMENT).items()}


def stem(file_name):
    return Path(file_name).stem


def points(question):
    """The points of a question as the gradebook writes them."""
    return f"{POINTS[question]:g}"


@pytest.fixture(scope="module")
def graded(example_batch):
    """(folder, out, CompletedProcess) of the example class graded with --timeout 10,
    once for the session (tests/shared.py)."""
    batch = example_batch(ASSIGNMENT)
    return batch.folder, batch.out, batch.done


def test_gradebook_layout(graded):
    _, out, _ = graded
    with open(out / "gradebook.csv", newline="") as fh:
        header = next(csv.reader(fh))
    names = list(POINTS)
    assert header[:2] == ["submission", "status"]
    assert header[2:2 + len(names)] == names
    assert header[2 + len(names):4 + len(names)] == ["total", "possible"]


def test_every_submission_gets_its_row_and_status(graded):
    folder, out, _ = graded
    rows = gradebook(out)
    assert sorted(rows) == sorted(p.stem for p in folder.iterdir())
    possible = f"{sum(POINTS.values()):g}"
    assert all(r["possible"] == possible for r in rows.values())
    perfect, untouched = rows[stem(PERFECT)], rows[stem(UNTOUCHED)]
    assert perfect["status"] == "graded" and perfect["total"] == possible
    assert rows[stem(EXPORT)]["total"] == possible  # the zip grader.export() writes
    assert untouched["status"] == "graded" and untouched["total"] == "0"
    assert 0 < float(rows[stem(PARTIAL)]["total"]) < float(possible)
    # a hanging cell is stopped; the rest of the notebook still counts
    assert rows[stem(HANGING)]["status"] == "graded"
    assert rows[stem(HANGING)]["total"] == possible
    assert rows[stem(EXITS)]["status"] == "crashed"
    assert rows[stem(BROKEN_JSON)]["status"] == "invalid"
    assert "broken JSON" in rows[stem(BROKEN_JSON)]["reason"]
    assert BROKEN_JSON in rows[stem(BROKEN_JSON)]["reason"]
    assert rows[stem(NOT_A_NOTEBOOK)]["status"] == "invalid"


def test_mistakes_lose_points_on_their_question(graded):
    _, out, _ = graded
    rows = gradebook(out)
    not_carried = rows[MISTAKE["state-not-carried"]]
    assert not_carried["rnn_forward"] == "0" and not_carried["rnn_step"] == points("rnn_step")
    clipped = rows[MISTAKE["clip-each-separately"]]
    assert clipped["clip_by_global_norm"] == "0"
    assert clipped["rnn_forward"] == points("rnn_forward")
    # one transposed W_hh costs rnn_step alone: rnn_forward, which calls it, is right given it
    transposed = rows[MISTAKE["transposed-recurrence"]]
    assert transposed["rnn_step"] == "0" and transposed["rnn_forward"] == points("rnn_forward")


def test_error_carried_forward_is_said_everywhere_but_the_gradebook(graded):
    """Issue 21: feedback in one line; results.sqlite, mistakes.csv and the report name it."""
    _, out, _ = graded
    name = MISTAKE["transposed-recurrence"]
    line = "right given your `rnn_step`; points carried forward"
    feedback = (out / "feedback" / f"{name}.md").read_text()
    assert f"## `rnn_forward`\n\n{line}\n" in feedback
    with sqlite3.connect(out / "results.sqlite") as db:
        rows = db.execute("SELECT submission, questions FROM results").fetchall()
    carried = {(sub, q): info["carried_from"] for sub, questions in rows
               for q, info in json.loads(questions).items() if "carried_from" in info}
    assert carried == {(name, "rnn_forward"): ["rnn_step"]}  # nothing else in the class
    with open(out / "mistakes.csv", newline="") as fh:
        listed = [r for r in csv.DictReader(fh) if r["submission"] == name]
    assert [(r["question"], r["mistake"]) for r in listed] == [
        ("rnn_step", "recurrent-transposed"), ("rnn_forward", "carried-forward")]
    assert listed[1]["description"] == line
    report = (out / "report.html").read_text()
    assert "1 earned their points by error carried forward: right given <code>rnn_step</code>" \
        in report
    assert 'title="carried forward: right given rnn_step">3*</td>' in report


@pytest.mark.parametrize("option,earned", [("none", "0"), ("0.5", "1.5")])
def test_carry_forward_share_is_an_option(graded, tmp_path, option, earned):
    folder, out, _ = graded
    name = MISTAKE["transposed-recurrence"]
    done = grade(ASSIGNMENT, folder / f"{name}.ipynb", tmp_path / "out", "--timeout", "10",
                 "--carry-forward", option)
    row = gradebook(tmp_path / "out")[name]
    assert (row["rnn_step"], row["rnn_forward"]) == ("0", earned), done.stdout
    feedback = (tmp_path / "out" / "feedback" / f"{name}.md").read_text()
    assert ("1.5 of 3 points carried forward" in feedback) == (option == "0.5")


def test_feedback_and_report(graded):
    _, out, done = graded
    feedback = (out / "feedback" / f"{MISTAKE['transposed-recurrence']}.md").read_text()
    assert "rnn_step" in feedback and "expected" in feedback and "largest difference" in feedback
    assert "Traceback" not in feedback
    assert "Every hidden test passed" in (out / "feedback" / f"{stem(PERFECT)}.md").read_text()
    report = (out / "report.html").read_text()
    assert report.count("<img") >= 2 and "rnn_step" in report
    assert "class mean" in done.stdout and "gradebook" in done.stdout


def test_rerun_skips_unchanged_and_regrades_changed(graded, tmp_path):
    folder, out, _ = graded
    work = tmp_path / "class"
    shutil.copytree(folder, work)
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    done = grade(ASSIGNMENT, work, out2, "--timeout", EXAMPLE_TIMEOUT)
    assert "0 graded, 0 could not be graded normally, 11 unchanged" in done.stdout
    # the student resubmits a perfect notebook under an old name
    shutil.copy(work / PERFECT, work / UNTOUCHED)
    done = grade(ASSIGNMENT, work, out2, "--timeout", EXAMPLE_TIMEOUT)
    assert "1 graded" in done.stdout and "changed since it was last graded" in done.stdout
    rows = gradebook(out2)
    assert rows[stem(UNTOUCHED)]["total"] == rows[stem(PERFECT)]["total"]
    with sqlite3.connect(out2 / "results.sqlite") as db:
        history = db.execute("SELECT total FROM results WHERE submission=? ORDER BY id",
                             (stem(UNTOUCHED),)).fetchall()
    assert [h[0] for h in history] == [0.0, float(rows[stem(PERFECT)]["total"])]
    # the same file, graded by an older version of the hidden tests
    with sqlite3.connect(out2 / "results.sqlite") as db:
        db.execute("UPDATE results SET grader='older' WHERE submission=?", (stem(PARTIAL),))
    done = grade(ASSIGNMENT, work, out2, "--timeout", EXAMPLE_TIMEOUT)
    assert "1 graded" in done.stdout
    assert f"{stem(PARTIAL)}: the grader changed since it was last graded" in done.stdout


# `seqkit grade` killed (SIGKILL: the instructor's laptop lid closes) right after
# the store has taken its Nth result, so where it stops depends on no clock.
DIES_AFTER = """
import os, signal, sys
from seqkit.cli import main
from seqkit.grading.store import Store
stored, add = [], Store.add
def add_then_die(self, *args, **kwargs):
    add(self, *args, **kwargs)
    stored.append(1)
    if len(stored) == int(os.environ["DIE_AFTER"]):
        os.kill(os.getpid(), signal.SIGKILL)
Store.add = add_then_die
main(sys.argv[1:])
"""


def test_an_interrupted_batch_resumes_to_the_same_gradebook(graded, tmp_path):
    """The class graded again, in two runs (the first killed), gives the gradebook of the
    shared batch byte for byte: every submission graded twice gets the same grade."""
    folder, full_out, _ = graded
    full = gradebook(full_out)
    names = sorted(full)  # one worker grades them in this order
    out, stored = tmp_path / "out", 3
    proc = subprocess.run(
        [sys.executable, "-c", DIES_AFTER, "grade", ASSIGNMENT, str(folder), "--out", str(out),
         "--quiet", "--timeout", EXAMPLE_TIMEOUT, "--workers", "1"],
        cwd=paths.ROOT, env={**os.environ, "DIE_AFTER": str(stored)}, capture_output=True,
        text=True, timeout=600, start_new_session=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    with sqlite3.connect(out / "results.sqlite") as db:
        first = db.execute("SELECT id, submission, graded_at FROM results ORDER BY id").fetchall()
    assert [s for _, s, _ in first] == names[:stored]

    done = grade(ASSIGNMENT, folder, out, "--timeout", EXAMPLE_TIMEOUT)
    rest = names[stored:]
    normal = sum(full[n]["status"] == "graded" for n in rest)
    assert (f"{ASSIGNMENT}: {normal} graded, {len(rest) - normal} could not be graded normally, "
            f"{stored} unchanged and skipped") in done.stdout
    with sqlite3.connect(out / "results.sqlite") as db:
        after = db.execute("SELECT id, submission, graded_at FROM results ORDER BY id").fetchall()
    assert after[:stored] == first  # kept, not regraded
    assert sorted(s for _, s, _ in after) == names  # each exactly once: nothing twice, nothing lost
    assert (out / "gradebook.csv").read_bytes() == (full_out / "gradebook.csv").read_bytes()


@pytest.mark.quick
def test_bad_arguments_are_one_line_errors(tmp_path):
    done = grade("nope", tmp_path, tmp_path / "o", check=False)
    assert done.returncode != 0 and "unknown assignment 'nope'" in done.stderr
    assert "Traceback" not in done.stderr
    done = grade(ASSIGNMENT, tmp_path / "missing", tmp_path / "o", check=False)
    assert done.returncode != 0 and "no such file or folder" in done.stderr
    done = grade(ASSIGNMENT, tmp_path, tmp_path / "o", "--carry-forward", "2", check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "--carry-forward 2: expected full, none or a fraction" in done.stderr


@pytest.mark.quick
def test_grading_runs_with_one_hash_seed(tmp_path):
    # a student's list(set(text)) must come out in the same order in every run
    script = tmp_path / "entry.py"
    script.write_text(f"import sys\nsys.path.insert(0, {str(paths.ROOT)!r})\n"
                      "from seqkit.hashseed import restart_with_fixed_seed\n"
                      "restart_with_fixed_seed(sys.argv)\n"
                      "print(hash('rnn_step'), list({'а', 'б', 'в', 'г', 'x', 'y', 'z'}))\n")
    said = {subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2", "random")}
    assert len(said) == 1, said
