"""Hostile submissions (tests/hostile/attacks.py) graded as a class.

All the hostile notebooks of an assignment go into ONE folder together with
honest ones (perfect first and last, untouched), and ONE `seqkit grade`
command grades the folder, as an instructor would.  Then:

* every submission's gradebook row is exactly what it deserves;
* the honest submissions keep their exact scores;
* results.sqlite, gradebook.csv, feedback and a canary in the output folder
  hold nothing forged, and the input folder and the grader's working folder
  are unchanged;
* nothing was left in shared places (/dev/shm, /var/tmp, the project);
* no process of the batch is left running afterwards.

The batch folder lives outside /tmp (in /var/tmp when writable) and is made
world-writable, so that what keeps the students out is the sandbox's masks
and read-only view, not the private /tmp or file permissions.

Without root the student's process gets no namespaces and keeps the grader's
user: it could read the references, write the results and signal the grader.
Attacks that only make sense (or are only safe) with that isolation are
then left out of the batch and their cases skipped; the others still run.
"""
import csv
import hashlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import nbformat
import pytest

import isolation
from hostile import attacks as H
from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.examples import example_class, with_cell
from seqkit.grading.locks import FOLDER_LOCK

# the assignments some attack is graded in (seqkit.paths.NAMES is the one list of assignments)
ASSIGNMENTS = tuple(a for a in paths.NAMES if any(s.assignment == a for s in H.ATTACKS))
WORKERS = 2          # two at once, so hostile and honest students run side by side
NOTEBOOK_SECONDS = 60
BATCH_SECONDS = 1500  # a hard stop for the whole grade command
SHARED_PLACES = ("/var/tmp", "/dev/shm", "/run/lock", "/run/shm", "/tmp")


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _tree(folder):
    """{relative path: sha256 or 'dir'} of everything under folder."""
    out = {}
    for p in sorted(Path(folder).rglob("*")):
        out[str(p.relative_to(folder))] = "dir" if p.is_dir() else _sha(p)
    return out


def _batch_processes(mark, base):
    """Live processes descended from the grade command: its environment or argv."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{d}/cmdline").read_bytes()
            status = Path(f"/proc/{d}/status").read_text()
            try:
                environ = Path(f"/proc/{d}/environ").read_bytes()
            except OSError:
                environ = b""
        except OSError:
            continue
        if mark.encode() not in environ and str(base).encode() not in cmdline:
            continue
        if re.search(r"^State:\s+Z", status, re.M):
            continue  # a zombie is already dead
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
        found.append((int(d), uid, cmdline.replace(b"\0", b" ").decode(errors="replace")[:160]))
    return found


class AnswerServer:
    """An accomplice on the grading machine, serving the right answer to whoever connects."""

    def __init__(self, mark, text):
        self.text, self.served = text.encode(), 0
        self.tcp = socket.create_server(("0.0.0.0", 0))
        self.port = self.tcp.getsockname()[1]
        self.unix = socket.socket(socket.AF_UNIX)
        self.unix.bind("\0seqkit-hostile-" + mark)
        self.unix.listen()
        for s in (self.tcp, self.unix):
            threading.Thread(target=self._serve, args=(s,), daemon=True).start()

    def _serve(self, server):
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            self.served += 1
            try:
                conn.sendall(self.text)
            except OSError:
                pass
            conn.close()

    def close(self):
        for s in (self.tcp, self.unix):
            s.close()


class Batch:
    """One folder of submissions for one assignment, graded by one command."""

    def __init__(self, assignment):
        self.assignment = assignment
        self.points = list(Assignment.load(assignment).points.items())
        self.attacks = H.for_assignment(assignment, isolated=isolation.ISOLATED)
        self.mark = uuid.uuid4().hex[:12]
        shared = "/var/tmp" if os.access("/var/tmp", os.W_OK) else None
        self.base = Path(tempfile.mkdtemp(prefix=f"seqkit-hostile-{self.mark}-", dir=shared))
        self.inputs, self.out = self.base / f"in-{assignment}", self.base / f"out-{assignment}"
        self.expected = {}  # submission name -> Deserved
        self.server = None

    # -- setting up -------------------------------------------------------
    def write(self):
        cls = example_class(self.assignment)
        perfect = nbformat.reads(cls["01-perfect.ipynb"].decode(), as_version=4)
        untouched = H.Deserved(zero=tuple(q for q, _ in self.points))
        files = {}
        for name in H.HONEST_PERFECT:
            files[name], self.expected[name] = cls["01-perfect.ipynb"], H.FULL
        for name in H.HONEST_UNTOUCHED:
            files[name], self.expected[name] = cls["03-untouched.ipynb"], untouched
        if any("@PORT@" in s.cell for s in self.attacks):
            self.server = AnswerServer(self.mark, H.SERVED_ANSWERS["rnn_outputs"])
        for i, s in enumerate(self.attacks):
            cell = s.cell.replace("@MARK@", self.mark)
            cell = cell.replace("@PORT@", str(self.server.port if self.server else 9))
            name = f"h{i:02d}-{s.label}"
            if s.file is not None:
                files[name] = s.file(cls["01-perfect.ipynb"])
            else:
                files[name] = nbformat.writes(with_cell(perfect, cell)).encode() + b"\n"
            self.expected[name] = s.deserved
        self.names = {s.label: f"h{i:02d}-{s.label}" for i, s in enumerate(self.attacks)}
        # World-writable everywhere: only the sandbox stands between the students and these.
        os.chmod(self.base, 0o777)
        self.inputs.mkdir(mode=0o777)
        self.out.mkdir(mode=0o777)
        for folder in (self.inputs, self.out):
            os.chmod(folder, 0o777)
        for name, data in files.items():
            (self.inputs / f"{name}.ipynb").write_bytes(data)
        for p, text in ((self.inputs / "canary.txt", "inputs"), (self.out / "canary.txt", "out"),
                        (self.base / "cwd-canary.txt", "cwd")):
            p.write_text(f"canary {text} {self.mark}\n")
        for p in self.base.rglob("*"):
            os.chmod(p, 0o777 if p.is_dir() else 0o666)
        self.inputs_before = _tree(self.inputs)
        self.cwd_before = sorted(p.name for p in self.base.iterdir())

    # -- grading ----------------------------------------------------------
    def grade(self):
        cmd = [sys.executable, "-m", "seqkit.cli", "grade", self.assignment, str(self.inputs),
               "--out", str(self.out), "--workers", str(WORKERS),
               "--timeout", str(NOTEBOOK_SECONDS), "--quiet"]
        env = {**os.environ, "SEQKIT_HOSTILE_RUN": self.mark, "TF_CPP_MIN_LOG_LEVEL": "3"}
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=self.base, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            self.stdout, self.stderr = proc.communicate(timeout=BATCH_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            self.stdout, self.stderr = proc.communicate()
        self.returncode, self.seconds = proc.returncode, time.monotonic() - start
        # Killing is asynchronous: give the batch's processes a moment to go.
        deadline = time.monotonic() + 10
        while True:
            self.survivors = _batch_processes(self.mark, self.base)
            if not self.survivors or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        for pid, _, _ in self.survivors:  # ours to clean up: descendants of our command
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.server:
            self.server.close()
        self.read_results()

    def read_results(self):
        gradebook = self.out / "gradebook.csv"
        self.rows = {}
        if gradebook.exists():
            with open(gradebook, newline="") as fh:
                self.rows = {r["submission"]: r for r in csv.DictReader(fh)}
        self.db_rows = []
        if (self.out / "results.sqlite").exists():
            con = sqlite3.connect(self.out / "results.sqlite")
            con.row_factory = sqlite3.Row
            self.db_rows = [dict(r) for r in con.execute("SELECT * FROM results")]
            con.close()
        self.inputs_after = _tree(self.inputs) if self.inputs.exists() else {}
        self.cwd_after = sorted(p.name for p in self.base.iterdir())
        self.leftovers = sorted(
            str(p) for place in (*SHARED_PLACES, paths.ROOT, paths.PACKAGE, paths.ROOT / "tests",
                                 paths.SOLUTIONS, Path.home())
            if os.path.isdir(place) for p in Path(place).glob(f"*{self.mark}*")
            if p != self.base)
        self.evidence = sorted(str(p) for p in self.base.rglob("*")
                               if "PWNED" in p.name or self.mark in p.name)

    def report(self):
        lines = [f"{self.assignment}: graded in {self.seconds:.0f} s, exit code {self.returncode}"]
        names = [n for n, _ in self.points]
        for sub, deserved in sorted(self.expected.items()):
            want = deserved.scores(self.points)
            row = self.rows.get(sub)
            got = ("missing" if row is None else
                   f"{row['status']:8s} " + " ".join(row[n] for n in names) + f" = {row['total']}")
            lines.append(f"  {sub:48s} deserved {deserved.status:8s} "
                         + " ".join(f"{want[n]:g}" for n in names)
                         + f" = {sum(want.values()):g} | got {got}")
            db = next((r for r in self.db_rows if r["submission"] == sub), None)
            if db is not None and sub.startswith("h"):  # why, for the hostile ones
                import json
                why = [f"{n}: {q['summary']}" for n, q in json.loads(db["questions"]).items()
                       if q["points"] < q["possible"]]
                why += [p[:100] for p in json.loads(db["problems"])]
                if db["reason"]:
                    why.append(db["reason"][:100])
                lines += [f"      {w}" for w in why]
        if self.survivors:
            lines.append(f"  survivors: {self.survivors}")
        return "\n".join(lines)

    def cleanup(self):
        for p in self.leftovers:
            try:
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
            except OSError:
                pass
        shutil.rmtree(self.base, ignore_errors=True)


_BATCHES = {}


@pytest.fixture(scope="module")
def graded():
    """assignment -> its Batch, graded once (lazily) for the whole module."""
    def get(assignment):
        if assignment not in _BATCHES:
            batch = Batch(assignment)
            _BATCHES[assignment] = batch
            batch.write()
            batch.grade()
            print("\n" + batch.report())
        return _BATCHES[assignment]
    yield get
    for batch in _BATCHES.values():
        batch.cleanup()
    _BATCHES.clear()


@pytest.mark.quick
def test_the_hostile_corpus_is_well_formed():
    """Every attack is graded in a known assignment, under a label of its own there, and
    deserves points on that assignment's questions only: before any batch is graded."""
    for assignment in ASSIGNMENTS:
        labels = [s.label for s in H.for_assignment(assignment)]
        assert len(labels) == len(set(labels)), f"{assignment}: two attacks share a label"
    for s in H.ATTACKS:
        assert s.assignment in paths.NAMES, s.label
        s.deserved.scores(Assignment.load(s.assignment).points.items())  # ValueError names unknown questions
        assert (s.file is None) == bool(s.cell.strip()), f"{s.label}: a cell or a file, not both"


def one_batch(assignment, *values):
    """The parameters of a test that reads `assignment`'s batch: on the worker that grades it
    (the `graded` fixture is the module's, in each worker)."""
    return pytest.param(assignment, *values, marks=pytest.mark.xdist_group(f"hostile-{assignment}"))


BATCHES = [one_batch(a) for a in ASSIGNMENTS]
CASES = ([(a, name, None) for a in ASSIGNMENTS for name in (*H.HONEST_PERFECT, *H.HONEST_UNTOUCHED)]
         + [(s.assignment, None, s) for s in H.ATTACKS])


@pytest.mark.parametrize("assignment,honest,attack", [one_batch(*case) for case in CASES],
                         ids=[f"{a}-{n or s.label}" for a, n, s in CASES])
def test_exactly_the_deserved_score(graded, assignment, honest, attack):
    if attack is not None and attack.needs_isolation:
        isolation.require()
    batch = graded(assignment)
    name = honest or batch.names[attack.label]
    deserved = batch.expected[name]
    row = batch.rows.get(name)
    assert row is not None, f"{name} has no gradebook row\n{batch.report()}"
    got = {q: float(row[q]) for q, _ in batch.points}
    want = deserved.scores(batch.points)
    feedback = batch.out / "feedback" / f"{name}.md"
    detail = (f"{name}: deserved {deserved.status} {want}, got {row['status']} {got} "
              f"({row['reason']})\n" + (feedback.read_text() if feedback.exists() else ""))
    assert row["status"] == deserved.status, detail
    assert got == want, detail
    assert float(row["total"]) == sum(want.values()), detail
    assert float(row["possible"]) == sum(p for _, p in batch.points), detail


@pytest.mark.parametrize("assignment", BATCHES)
def test_the_grade_command_finished_normally(graded, assignment):
    batch = graded(assignment)
    assert batch.returncode == 0, batch.stdout + batch.stderr
    assert f"{assignment}: " in batch.stdout and "graded" in batch.stdout, batch.stdout


@pytest.mark.parametrize("assignment", BATCHES)
def test_results_hold_nothing_forged(graded, assignment):
    batch = graded(assignment)
    names = set(batch.expected)
    assert set(batch.rows) == names, batch.report()
    # results.sqlite: one row per submission, each for the content we handed in
    from seqkit.grading.batch import grader_version
    version = grader_version(Assignment.load(assignment))
    by_name = {}
    for r in batch.db_rows:
        by_name.setdefault(r["submission"], []).append(r)
    assert set(by_name) == names
    for name, rows in by_name.items():
        assert len(rows) == 1, (name, rows)
        r = rows[0]
        assert r["assignment"] == assignment and r["grader"] == version, r
        assert r["sha256"] == _sha(batch.inputs / f"{name}.ipynb"), r
        assert r["source"] == str(batch.inputs / f"{name}.ipynb"), r
        assert float(batch.rows[name]["total"]) == r["total"], (name, r)
    # the output folder: what the grader wrote (its lock included), the canary, nothing else
    listing = sorted(p.name for p in batch.out.iterdir())
    assert listing == sorted([FOLDER_LOCK, "canary.txt", "feedback", "gradebook.csv",
                              "mistakes.csv", "report.html", "results.sqlite"]), listing
    assert re.fullmatch(r"pid \d+ since [-\d]+ [:\d]+\n",
                        (batch.out / FOLDER_LOCK).read_text()), "the lock holds what the grader wrote"
    assert (batch.out / "canary.txt").read_text() == f"canary out {batch.mark}\n"
    assert sorted(p.name for p in (batch.out / "feedback").iterdir()) == sorted(
        f"{n}.md" for n in names)
    assert "99" not in {r["total"] for r in batch.rows.values()}


@pytest.mark.parametrize("assignment", BATCHES)
def test_inputs_and_working_folder_untouched(graded, assignment):
    batch = graded(assignment)
    assert batch.inputs_after == batch.inputs_before
    assert batch.cwd_after == batch.cwd_before
    assert (batch.base / "cwd-canary.txt").read_text() == f"canary cwd {batch.mark}\n"
    assert batch.evidence == []


@pytest.mark.parametrize("assignment", BATCHES)
def test_nothing_left_in_shared_places(graded, assignment):
    batch = graded(assignment)
    assert batch.leftovers == []
    if batch.server:
        assert batch.server.served == 0, "a student's process reached the network"


@pytest.mark.parametrize("assignment", BATCHES)
def test_no_student_process_survives(graded, assignment):
    batch = graded(assignment)
    assert batch.survivors == [], batch.survivors
