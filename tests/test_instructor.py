"""The instructor's workflow: Moodle and Canvas downloads in, grade-import files out,
sharded grading and merging, and the one-line errors on bad input.

The LMS zips are built here with the file and folder names that Moodle's
"Download all submissions" and Canvas's "Download Submissions" write:
`Full Name_<participant id>_assignsubmission_file_/<file>` (folders; older
Moodle put the same prefix on flat file names) and
`<lastnamefirstname>_[late_]<user id>_<submission id>_<file>`.
"""
import csv
import filecmp
import json
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.grading.export import CANVAS_HEADER, MOODLE_HEADER, ExportError, export
from seqkit.grading.shards import MergeError, merge, parse_shard, share, write_shard_file
from seqkit.grading.store import Store
from seqkit.grading.submissions import Submission, collect, safe_name
from seqkit.grading.worker import empty_result

A = "rnn"
EX = paths.EXAMPLES / A
PERFECT = (EX / "01-perfect.ipynb").read_bytes()
PARTIAL = (EX / "02-partial.ipynb").read_bytes()
UNTOUCHED = (EX / "03-untouched.ipynb").read_bytes()
LSTM = (paths.EXAMPLES / "lstm" / "01-perfect.ipynb").read_bytes()


def write_zip(path, entries):
    """entries: [(name, bytes, (Y, M, D, h, m, s))]"""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, when in entries:
            zf.writestr(zipfile.ZipInfo(name, when), data)
    return path


def moodle_zip(path):
    return write_zip(path, [
        ("Jane Doe_101_assignsubmission_file_/rnn.ipynb", PERFECT, (2026, 3, 2, 9, 0, 0)),
        # her first upload, still in the folder: older, so it does not count
        ("Jane Doe_101_assignsubmission_file_/rnn (draft).ipynb", UNTOUCHED, (2026, 3, 1, 9, 0, 0)),
        ("Élodie O'Brien_102_assignsubmission_file_/work/my rnn (final).ipynb", PARTIAL,
         (2026, 3, 1, 10, 0, 0)),
        ("Élodie O'Brien_102_assignsubmission_onlinetext_/onlinetext.html", b"<p>see file</p>",
         (2026, 3, 1, 10, 0, 0)),
        ("Sam Lee_103_assignsubmission_file_/rnn.zip", (EX / "09-otter-export.zip").read_bytes(),
         (2026, 3, 1, 11, 0, 0)),
    ])


def canvas_zip(path):
    return write_zip(path, [
        ("doejane_5001_90001_rnn.ipynb", PERFECT, (2026, 3, 2, 9, 0, 0)),
        ("smithjohn_late_5002_90002_rnn.ipynb", PARTIAL, (2026, 3, 3, 9, 0, 0)),
    ])


def by_name(subs):
    return {s.name: s for s in subs}


@pytest.mark.quick
def test_moodle_download_names_students_and_the_latest_counts(tmp_path):
    subs, notes = collect([moodle_zip(tmp_path / "moodle.zip")], A)
    got = by_name(subs)
    assert sorted(got) == ["Jane-Doe_101", "Jane-Doe_101-rnn-draft", "Sam-Lee_103",
                           "Élodie-O-Brien_102"]
    jane, draft = got["Jane-Doe_101"], got["Jane-Doe_101-rnn-draft"]
    assert (jane.student, jane.student_id, jane.content) == ("Jane Doe", "101", PERFECT)
    assert not jane.superseded_by and draft.superseded_by == "Jane-Doe_101"
    assert draft.content == UNTOUCHED  # kept, to be stored as history
    assert got["Élodie-O-Brien_102"].student == "Élodie O'Brien"
    assert got["Élodie-O-Brien_102"].content == PARTIAL  # nested folder inside the student's
    assert got["Sam-Lee_103"].content == PERFECT        # an Otter export zip inside the folder
    assert [n for n in notes if "older submission of Jane Doe" in n and "rnn (draft).ipynb" in n]


@pytest.mark.quick
def test_unpacked_moodle_download_and_older_flat_layout(tmp_path):
    folder = tmp_path / "unpacked" / "Jane Doe_101_assignsubmission_file_"
    folder.mkdir(parents=True)
    (folder / "rnn.ipynb").write_bytes(PERFECT)
    flat = write_zip(tmp_path / "flat.zip", [
        ("Ann Wu_104_assignsubmission_file_rnn.ipynb", PARTIAL, (2026, 3, 1, 9, 0, 0))])
    subs, _ = collect([tmp_path / "unpacked", flat], A)
    got = by_name(subs)
    assert (got["Jane-Doe_101"].student_id, got["Ann-Wu_104"].student) == ("101", "Ann Wu")


@pytest.mark.quick
def test_canvas_download_names_ids_and_late(tmp_path):
    older = write_zip(tmp_path / "earlier.zip", [
        ("doejane_5001_90001_rnn.ipynb", UNTOUCHED, (2026, 3, 1, 9, 0, 0))])
    subs, notes = collect([canvas_zip(tmp_path / "canvas.zip"), older], A)
    got = by_name(subs)
    assert got["doejane_5001"].content == PERFECT and not got["doejane_5001"].late
    assert got["smithjohn_5002"].late and got["smithjohn_5002"].student_id == "5002"
    (old,) = [s for s in subs if s.superseded_by]
    assert old.superseded_by == "doejane_5001" and old.content == UNTOUCHED
    assert any("earlier.zip" in n and "older submission of doejane" in n for n in notes)


@pytest.mark.quick
def test_zip_of_the_wrong_assignment_is_named_and_nothing_is_lost(tmp_path):
    wrong = write_zip(tmp_path / "lstm-download.zip", [
        ("doejane_5001_90001_lstm.ipynb", LSTM, (2026, 3, 1, 9, 0, 0)),
        ("smithjohn_5002_90002_lstm.ipynb", LSTM, (2026, 3, 1, 9, 0, 0))])
    subs, notes = collect([wrong], A)
    assert len(subs) == 2 and all(s.problem.endswith("a notebook of the 'lstm' assignment, "
                                                     "not 'rnn'") for s in subs)
    assert notes == [f"{wrong}: holds notebooks of lstm, not rnn: is it the right download?"]


@pytest.mark.quick
def test_odd_names_become_one_safe_file_name():
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("Jane Doe (2)\n") == "Jane-Doe-2"
    assert safe_name("Zoë_Ångström") == "Zoë_Ångström"
    assert safe_name("...") == "submission"
    assert safe_name("01-perfect") == "01-perfect"  # plain names are unchanged


@pytest.mark.quick
def test_shards_are_disjoint_and_cover_the_batch():
    subs = [Submission(f"s{i:02d}", "", b"") for i in range(23)]
    shares = [share(subs, k, 4) for k in range(4)]
    names = [s.name for part in shares for s in part]
    assert sorted(names) == [s.name for s in subs] and len(set(names)) == 23
    assert [len(p) for p in shares] == [6, 6, 6, 5]
    assert share(subs, 2, 4) == share(list(subs), 2, 4)  # deterministic


@pytest.mark.quick
@pytest.mark.parametrize("text", ["4/4", "-1/4", "1/0", "x", "1/2/3"])
def test_bad_shard_is_one_line(text):
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(text)
    assert parse_shard("3/4") == (3, 4)


def fake_results(folder, rows, assignment=A):
    """A results.sqlite as `seqkit grade` leaves it: rows (name, total, student, id, late)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / "results.sqlite")
    questions = Assignment.load(assignment).questions
    for name, total, student, sid, late in rows:
        result = empty_result(questions, "graded", "")
        first = questions[0].name
        result["questions"][first]["points"] = result["total"] = float(total)
        store.add(assignment, Submission(name, f"{name}.ipynb", name.encode(), student=student,
                                         student_id=sid, late=late), "g1", result)
    return folder


@pytest.mark.quick
def test_merge_refuses_missing_or_foreign_shards(tmp_path):
    a = fake_results(tmp_path / "a", [("x", 1, "", "", False)])
    b = fake_results(tmp_path / "b", [("y", 2, "", "", False)])
    write_shard_file(a, A, 0, 3, 60)
    write_shard_file(b, A, 1, 3, 60)
    with pytest.raises(MergeError, match=r"shard\(s\) 2/3 missing"):
        merge([a, b], tmp_path / "out")
    write_shard_file(b, A, 1, 3, 30)
    with pytest.raises(MergeError, match="--timeout"):
        merge([a, b], tmp_path / "out")
    write_shard_file(b, A, 1, 3, 60, carry_forward=0.5)  # another share of carried points
    with pytest.raises(MergeError, match="--carry-forward 0.5, .* --carry-forward 1;"):
        merge([a, b], tmp_path / "out")
    with pytest.raises(MergeError, match=f"{tmp_path / 'never'}.*seqkit grade"):
        merge([a, tmp_path / "never"], tmp_path / "out")
    plain = fake_results(tmp_path / "c", [("y", 2, "", "", False)])
    lstm = fake_results(tmp_path / "lstm", [("z", 1, "", "", False)], "lstm")
    with pytest.raises(MergeError, match="lstm, rnn"):
        merge([plain, lstm], tmp_path / "out2")


@pytest.mark.quick
def test_merging_the_same_shards_twice_adds_nothing(tmp_path):
    a = fake_results(tmp_path / "a", [("x", 1, "", "", False), ("y", 2, "", "", False)])
    b = fake_results(tmp_path / "b", [("z", 0, "", "", False)])
    merge([a, b], tmp_path / "out")
    merge([a, b], tmp_path / "out")
    with sqlite3.connect(tmp_path / "out" / "results.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 3
    with open(tmp_path / "out" / "gradebook.csv", newline="") as fh:
        assert [r["submission"] for r in csv.DictReader(fh)] == ["x", "y", "z"]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.quick
def test_canvas_export_one_row_per_student_one_column_per_assignment(tmp_path):
    rnn = fake_results(tmp_path / "rnn", [("doejane_5001", 11, "doejane", "5001", False),
                                          ("smithjohn_5002", 4, "smithjohn", "5002", True),
                                          ("stray", 3, "", "", False)])
    lstm = fake_results(tmp_path / "lstm", [("doejane_5001", 7, "doejane", "5001", False)], "lstm")
    # the source of a Canvas row names a Canvas file
    for folder in (rnn, lstm):
        with sqlite3.connect(folder / "results.sqlite") as db:
            db.execute("UPDATE results SET source = student || '_' || student_id || '_1_x.ipynb' "
                       "WHERE student_id != ''")
    course, notes = export([rnn, lstm], "canvas", tmp_path / "canvas.csv")
    rows = read_csv(tmp_path / "canvas.csv")
    assert rows[0] == [*CANVAS_HEADER, "rnn", "lstm"]
    rnn_possible = f"{Assignment.load('rnn').possible:g}"
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == rnn_possible
    assert rows[2:] == [["doejane", "5001", "", "", "", "11", "7"],
                        ["smithjohn", "5002", "", "", "", "4", ""]]
    assert notes == [f"{rnn}: 1 submission(s) without a student id left out of "
                     f"{tmp_path / 'canvas.csv'} (kept in the course gradebook): stray"]
    table = {r[0]: r for r in read_csv(course)[1:]}
    assert read_csv(course)[0] == ["student", "student_id", "rnn", "lstm", "total", "possible",
                                   "missing"]
    assert table["doejane"][2:5] == ["11", "7", "18"] and table["smithjohn"][-1] == "lstm"
    assert table["stray"][1] == "" and table["stray"][2] == "3"


@pytest.mark.quick
def test_moodle_export_is_the_grading_worksheet(tmp_path):
    rnn = fake_results(tmp_path / "rnn", [("Jane-Doe_101", 11, "Jane Doe", "101", False)])
    with sqlite3.connect(rnn / "results.sqlite") as db:
        db.execute("UPDATE results SET source = 'm.zip:Jane Doe_101_assignsubmission_file_/a.ipynb'")
    export([rnn], "moodle", tmp_path / "worksheet.csv")
    rows = read_csv(tmp_path / "worksheet.csv")
    assert rows[0] == MOODLE_HEADER
    (row,) = rows[1:]
    assert row[:2] == ["Participant 101", "Jane Doe"] and row[4] == "11"
    assert "rnn_step" in row[-1] and "Jane-Doe_101.md" in row[-1]
    with pytest.raises(ExportError, match="Moodle download, not Canvas"):
        export([rnn], "canvas", tmp_path / "c.csv")
    other = fake_results(tmp_path / "lstm", [("x_1", 1, "X", "1", False)], "lstm")
    with pytest.raises(ExportError, match="one assignment"):
        export([rnn, other], "moodle", tmp_path / "w2.csv")


def test_export_of_a_folder_never_graded_names_it(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "results.sqlite").write_text("not a database")
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", "export", str(tmp_path / "empty"),
                           "--format", "canvas", "--out", str(tmp_path / "x.csv")],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"seqkit export: {tmp_path / 'empty' / 'results.sqlite'}: no such "
                                   f"file; {tmp_path / 'empty'} was never graded (run `seqkit grade "
                                   "ASSIGNMENT PATH --out DIR` first)")
    with pytest.raises(ExportError, match=f"{tmp_path / 'broken' / 'results.sqlite'}: not a results"):
        export([tmp_path / "broken"], "canvas", tmp_path / "x.csv")
    no_ids = fake_results(tmp_path / "plain", [("01-perfect", 11, "", "", False)])
    with pytest.raises(ExportError, match="no submission has a student id"):
        export([no_ids], "canvas", tmp_path / "x.csv")


def seqkit(*args):
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=900, cwd=paths.ROOT)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done


GRADE = ("--workers", "1", "--timeout", "10", "--quiet")


def test_grading_a_moodle_download_end_to_end(tmp_path):
    zip_path = moodle_zip(tmp_path / "moodle.zip")
    out = tmp_path / "out"
    done = seqkit("grade", A, zip_path, "--out", out, *GRADE)
    assert "1 superseded by a newer submission" in done.stdout
    assert "an older submission of Jane Doe" in done.stdout
    with open(out / "gradebook.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = {r["submission"]: r for r in reader}
    names = list(Assignment.load(A).points)
    assert reader.fieldnames == ["submission", "status", *names, "total", "possible", "reason",
                                 "student", "student_id", "late"]
    assert sorted(rows) == ["Jane-Doe_101", "Sam-Lee_103", "Élodie-O-Brien_102"]
    possible = rows["Jane-Doe_101"]["possible"]
    assert rows["Jane-Doe_101"]["total"] == possible and rows["Sam-Lee_103"]["total"] == possible
    assert rows["Élodie-O-Brien_102"]["student"] == "Élodie O'Brien"
    assert (out / "feedback" / "Élodie-O-Brien_102.md").is_file()
    with sqlite3.connect(out / "results.sqlite") as db:
        kept = db.execute("SELECT status, reason FROM results "
                          "WHERE submission='Jane-Doe_101-rnn-draft'").fetchall()
    assert kept == [("superseded", "superseded: Jane-Doe_101 is a newer submission of Jane Doe")]
    seqkit("export", out, "--format", "moodle", "--out", tmp_path / "worksheet.csv")
    sheet = read_csv(tmp_path / "worksheet.csv")
    assert [r[0] for r in sheet[1:]] == ["Participant 101", "Participant 103", "Participant 102"]


def test_merged_shards_equal_one_run_over_the_whole_batch(tmp_path):
    batch = tmp_path / "class"
    batch.mkdir()
    for name in ("01-perfect.ipynb", "02-partial.ipynb", "03-untouched.ipynb",
                 "05-mistake-state-not-carried.ipynb", "10-broken-json.ipynb"):
        (batch / name).write_bytes((EX / name).read_bytes())
    canvas_zip(batch / "canvas.zip")
    seqkit("grade", A, batch, "--out", tmp_path / "whole", *GRADE)
    for k in range(3):
        seqkit("grade", A, batch, "--out", tmp_path / f"shard-{k}", "--shard", f"{k}/3", *GRADE)
    sizes = [len(read_csv(tmp_path / f"shard-{k}" / "gradebook.csv")) - 1 for k in range(3)]
    assert sizes == [3, 2, 2]
    done = seqkit("merge", *(tmp_path / f"shard-{k}" for k in range(3)), "--out", tmp_path / "merged")
    assert "7 submissions" in done.stdout
    whole, merged = tmp_path / "whole", tmp_path / "merged"
    for name in ("gradebook.csv", "report.html"):
        assert (whole / name).read_bytes() == (merged / name).read_bytes(), name
    cmp = filecmp.dircmp(whole / "feedback", merged / "feedback")
    assert not (cmp.left_only or cmp.right_only) and len(cmp.common) == 7
    assert all((whole / "feedback" / f).read_bytes() == (merged / "feedback" / f).read_bytes()
               for f in cmp.common)

    def results(folder):
        with sqlite3.connect(folder / "results.sqlite") as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM results").fetchall()
        skip = {"id", "graded_at", "seconds"}
        return sorted(json.dumps({k: r[k] for k in r.keys() if k not in skip}) for r in rows)
    assert results(whole) == results(merged)


@pytest.mark.quick
def test_grade_command_exit_code_says_whether_every_submission_has_a_row(tmp_path, monkeypatch):
    import seqkit.grading.run as run
    store = Store(fake_results(tmp_path / "out", [("a", 1, "", "", False)]) / "results.sqlite")
    counts = {"graded": 1, "failed": 0, "skipped": 0, "superseded": 0, "seconds": 0.0, "notes": []}
    monkeypatch.setattr(run, "grade_batch", lambda *a: (store, {**counts, "names": ["a"]}))
    assert run.grade_command(Assignment.load(A), [], tmp_path / "out", progress=False) == 0
    monkeypatch.setattr(run, "grade_batch", lambda *a: (store, {**counts, "names": ["a", "b"]}))
    assert run.grade_command(Assignment.load(A), [], tmp_path / "out", progress=False) == 1
