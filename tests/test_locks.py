"""Batches side by side: each run its own uid range, each output folder one run at a time."""
import collections
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from seqkit import paths
from seqkit.grading import locks
from seqkit.grading.shards import merge, write_shard_file
from seqkit_grade import grade, gradebook

# A process that holds what `claim` says (a uid range or an output folder) and prints a line
# when it does; run in its own process so that killing it is a crash, as the kernel sees one.
HOLDER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from seqkit.grading import locks
    locks.UID_DIR, locks.UID_BASE = Path(os.environ["UID_DIR"]), int(os.environ["UID_BASE"])
    with (locks.uid_range(4) if sys.argv[1] == "uids" else locks.output_folder(Path(sys.argv[1]))) as held:
        print(held, flush=True)
        time.sleep(600)
""")


@pytest.fixture
def private_ranges(tmp_path, monkeypatch):
    """Ranges of uids no other test or grading run on this machine touches."""
    folder = tmp_path / "uids"
    monkeypatch.setattr(locks, "UID_DIR", folder)
    monkeypatch.setattr(locks, "UID_BASE", 2_090_000_000)
    return folder


def hold(what, uid_dir):
    """Start a holder of `what`; -> (process, its first line)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(what)], stdout=subprocess.PIPE,
                            text=True, cwd=paths.ROOT, env={**os.environ, "UID_DIR": str(uid_dir),
                                                            "UID_BASE": str(locks.UID_BASE)})
    return proc, proc.stdout.readline().strip()


def crash(proc):
    proc.kill()
    proc.wait()
    proc.stdout.close()


@pytest.mark.needs_root
def test_runs_at_once_get_disjoint_uid_ranges_and_a_crash_frees_its_own(private_ranges):
    other, first = hold("uids", private_ranges)
    try:
        assert int(first) == locks.UID_BASE
        with locks.uid_range(4) as ours:
            assert ours == locks.UID_BASE + locks.UID_RANGE  # the next range: not shared
            crash(other)
            with locks.uid_range(4) as again:  # the crashed run's range, at once
                assert again == locks.UID_BASE
    finally:
        crash(other)


@pytest.mark.needs_root
def test_a_range_whose_uids_still_run_is_skipped(private_ranges):
    # a student of a run that crashed, still alive with the first range's last uid
    straggler = subprocess.Popen(["sleep", "60"], user=locks.UID_BASE + locks.UID_RANGE - 1)
    try:
        with locks.uid_range(1) as first:
            assert first == locks.UID_BASE + locks.UID_RANGE
    finally:
        straggler.kill()
        straggler.wait()
    with locks.uid_range(1) as first:
        assert first == locks.UID_BASE


@pytest.mark.needs_root
def test_the_uid_folder_must_be_roots_alone(private_ranges):
    private_ranges.mkdir()
    os.chmod(private_ranges, 0o777)
    with pytest.raises(PermissionError, match="must belong to root"):
        with locks.uid_range(1):
            pass


@pytest.mark.quick
def test_a_second_run_on_a_folder_is_refused_in_one_line(tmp_path):
    out = tmp_path / "out"
    holder, _ = hold(out, tmp_path / "unused")
    try:
        done = grade("rnn", paths.EXAMPLES / "rnn" / "01-perfect.ipynb", out, check=False)
    finally:
        crash(holder)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"seqkit grade: {out} is in use by another seqkit run "
                                  f"(pid {holder.pid} since ")
    assert sorted(p.name for p in out.iterdir()) == [locks.FOLDER_LOCK]  # nothing graded, nothing written
    with locks.output_folder(out):  # the holder's crash released it
        pass


def test_merge_refuses_a_shard_still_being_graded(tmp_path):
    a, b = tmp_path / "shard-0", tmp_path / "shard-1"
    for k, folder in enumerate((a, b)):
        folder.mkdir()
        write_shard_file(folder, "rnn", k, 2, 60)
    with locks.output_folder(b):  # shard 1 is being graded
        with pytest.raises(locks.Busy, match=f"{b} is still being graded"):
            merge([a, b], tmp_path / "merged")
    with locks.output_folder(tmp_path / "merged"):  # another merge writes there
        with pytest.raises(locks.Busy, match="is in use by another seqkit run"):
            merge([a, b], tmp_path / "merged")


FORK_TO_THE_LIMIT = """
import os, time
forked = 0
while forked < 2000:  # the limit (512 processes and threads) stops it long before
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        try:
            time.sleep(300)
        finally:
            os._exit(0)
    forked += 1
"""


def _processes_per_uid():
    """{uid: processes} of the students' uids (locks.UID_BASE and above)."""
    count = collections.Counter()
    for entry in os.scandir("/proc"):
        try:
            with open(f"/proc/{entry.name}/status") as fh:
                uid = next(int(line.split()[1]) for line in fh if line.startswith("Uid:"))
        except (OSError, StopIteration, ValueError):
            continue
        if uid >= locks.UID_BASE:
            count[uid] += 1
    return count


def _hog_uid(at_least=400):
    """The uid of a student at (nearly) its process limit, or None."""
    hogs = [uid for uid, n in _processes_per_uid().items() if n >= at_least]
    return hogs[0] if hogs else None


def _descendants(pid):
    children = collections.defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        kids = children[todo.pop()]
        found.extend(kids)
        todo.extend(kids)
    return found


@pytest.mark.needs_root  # the uids and their process limits
def test_a_fork_bomb_in_one_batch_leaves_another_batch_alone(tmp_path):
    """Batch A: a student who forks up to the process limit and holds it.  Batch B, graded
    meanwhile on the same machine: its honest students keep full marks.  With one uid range
    for every run (the old 2,000,000,000 + worker slot), B's students got the hog's uid and
    could not start a single thread."""
    hog = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FORK_TO_THE_LIMIT)] + [
        nbformat.v4.new_code_cell("time.sleep(25)") for _ in range(8)])  # holding its forks
    batch_a, batch_b = tmp_path / "a", tmp_path / "b"
    batch_a.mkdir()
    nbformat.write(hog, batch_a / "hog.ipynb")
    batch_b.mkdir()
    for name in ("honest-1.ipynb", "honest-2.ipynb"):
        shutil.copy(paths.EXAMPLES / "rnn" / "01-perfect.ipynb", batch_b / name)
    before = _hog_uid()
    assert before is None, f"uid {before} is already at its process limit: another test's hog?"
    a = subprocess.Popen([sys.executable, "-m", "seqkit.cli", "grade", "rnn", str(batch_a),
                          "--out", str(tmp_path / "out-a"), "--quiet", "--workers", "1",
                          "--timeout", "240"], cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while (hog_uid := _hog_uid()) is None:
            assert a.poll() is None and time.monotonic() < deadline, "the hog never forked"
            time.sleep(0.5)
        grade("rnn", batch_b, tmp_path / "out-b", "--workers", "1", "--timeout", "60")
        assert _hog_uid() == hog_uid, "the hog let go before batch B was done: nothing was tested"
    finally:
        for pid in [*_descendants(a.pid), a.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        a.wait()
    rows = gradebook(tmp_path / "out-b")
    assert sorted(rows) == ["honest-1", "honest-2"]
    for row in rows.values():
        assert row["status"] == "graded" and row["total"] == row["possible"], row
    # The hog's processes die with its run (its PID namespace); tearing down 500 copies of a
    # process that imported TensorFlow takes the kernel a while on a busy machine.
    deadline = time.monotonic() + 300
    while _processes_per_uid().get(hog_uid):
        assert time.monotonic() < deadline, "the hog's processes outlived its run"
        time.sleep(1)
