"""The four ways of grading the batch: floor, warm floor, seqkit grade, otter run."""
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchgrade.batch import BIN, base_env, floor_env
from benchgrade.monitor import Measured, wait4

WAYS = ("floor", "warm-floor", "seqkit", "otter")
# the script the warm floor's parent runs (its hidden --_warm-floor option)
SCRIPT = Path(__file__).resolve().parent.parent / "bench_grading.py"

# The fresh process of the cold floor: the cells run and otter stubbed exactly
# as in seqkit's student process, and nothing else.
FLOOR_CHILD = r'''
import json, sys
from seqkit.sandbox.child import otter_stub, run_cells
cells = json.load(open(sys.argv[1]))
sys.modules["otter"] = otter_stub()
sys.exit(min(len(run_cells(cells, {"__name__": "__main__"}, 600)), 100))
'''


def run_floor(root, cells, jobs, scratch):
    """Cold floor: a fresh python per notebook, `jobs` at a time."""
    scratch.mkdir(parents=True, exist_ok=True)
    env, pending, running, per = floor_env(root), list(cells), {}, []
    with Measured({1: "notebook process"}, 1) as m:
        while pending or running:
            while pending and len(running) < jobs:
                stem, path = pending.pop(0)
                proc = subprocess.Popen([sys.executable, "-c", FLOOR_CHILD, str(path)],
                                        cwd=scratch, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                running[proc.pid] = (stem, time.monotonic(), proc)
            pid, status, ru = os.wait4(-1, 0)
            if pid not in running:
                continue
            stem, started, proc = running.pop(pid)
            proc.returncode = os.waitstatus_to_exitcode(status)
            per.append({"submission": stem, "seconds": time.monotonic() - started,
                        "failed_cells": proc.returncode,
                        "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_mb": ru.ru_maxrss / 1024})
    return m, per


def run_warm_floor(root, cells, jobs, scratch, workdir):
    """Warm floor: forks of a parent that ran seqkit's warm_up(), `jobs` at a time."""
    scratch.mkdir(parents=True, exist_ok=True)
    manifest, result = workdir / "warm-floor-manifest.json", workdir / "warm-floor-result.json"
    manifest.write_text(json.dumps({"cells": [(s, str(p)) for s, p in cells],
                                    "jobs": jobs, "scratch": str(scratch)}))
    with Measured({1: "warm parent", 2: "notebook child"}, 2) as m:
        proc = subprocess.Popen([sys.executable, str(SCRIPT), "--_warm-floor", str(manifest),
                                 str(result)], env=floor_env(root), cwd=scratch)
        code, ru = wait4(proc)
    if code != 0:
        raise SystemExit(f"the warm floor failed (exit code {code})")
    data = json.loads(result.read_text())
    data["parent_maxrss_mb"] = ru.ru_maxrss / 1024
    data["parent_cpu_s"] = ru.ru_utime + ru.ru_stime  # the parent and every child it reaped
    return m, data


def warm_floor_main(manifest_path, result_path):
    """Runs in its own process: warm up like seqkit, then fork one child per notebook."""
    from seqkit.threads import one_thread_each
    one_thread_each()
    manifest = json.loads(Path(manifest_path).read_text())
    t0 = time.monotonic()
    from seqkit.grading.batch import warm_up
    warm_up()
    warm_s = time.monotonic() - t0
    pending, running, per = list(manifest["cells"]), {}, []
    while pending or running:
        while pending and len(running) < manifest["jobs"]:
            stem, path = pending.pop(0)
            cells = json.loads(Path(path).read_text())
            pid = os.fork()
            if pid == 0:
                _warm_child(cells)
            running[pid] = (stem, time.monotonic())
        pid, status, ru = os.wait4(-1, 0)
        stem, started = running.pop(pid)
        per.append({"submission": stem, "seconds": time.monotonic() - started,
                    "failed_cells": os.waitstatus_to_exitcode(status),
                    "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_mb": ru.ru_maxrss / 1024})
    Path(result_path).write_text(json.dumps({"warm_up_s": warm_s, "per": per}))


def _warm_child(cells):
    failed = 0
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        import tensorflow as tf
        from seqkit.sandbox.child import otter_stub, run_cells
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        sys.modules["otter"] = otter_stub()
        failed = len(run_cells(cells, {"__name__": "__main__"}, 600))
    finally:
        os._exit(min(failed, 100))


def run_seqkit(root, assignment, batch, out, workers):
    # `python -m seqkit.cli` is what the `seqkit` script runs; this way PYTHONPATH
    # picks the kit under test even when it is not the one installed in the venv
    cmd = [sys.executable, "-m", "seqkit.cli", "grade", assignment, str(batch),
           "--out", str(out), "--quiet"]
    if workers:
        cmd += ["--workers", str(workers)]
    log = out.parent / "seqkit.log"
    # depth 4 is what the spawner forks for a submission; depth 5 and below
    # ("student+") are its children (a sandbox that forks the student's code
    # into its own PID namespace shows up there)
    with Measured({1: "seqkit main", 2: "worker", 3: "spawner", 4: "student"}, 2) as m, \
            open(log, "w") as fh:
        proc = subprocess.Popen(cmd, env=base_env(root), stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=out.parent)
        code, ru = wait4(proc)
    if code != 0:
        raise SystemExit(f"seqkit grade failed (exit code {code}); see {log}")
    with sqlite3.connect(out / "results.sqlite") as db:
        rows = db.execute("SELECT submission, status, total, seconds FROM results "
                          "WHERE assignment = ? ORDER BY id", (assignment,)).fetchall()
    per = [{"submission": s, "status": st, "total": t, "seconds": sec} for s, st, t, sec in rows]
    return m, {"per": per, "waited_maxrss_mb": ru.ru_maxrss / 1024,
               "waited_cpu_s": ru.ru_utime + ru.ru_stime, "log": str(log)}


def run_otter(root, assignment, files, out):
    zip_path = root / "autograder" / assignment / f"{assignment}-autograder.zip"
    per = []
    with Measured({1: "otter run", 2: "jupyter kernel"}, 1) as m:
        for path in files:
            target = out / path.stem
            target.mkdir(parents=True)
            started = time.monotonic()
            with open(target / "otter.log", "w") as fh:
                proc = subprocess.Popen([str(BIN / "otter"), "run", "-a", str(zip_path),
                                         "-o", str(target), "--no-logo", str(path)],
                                        env=base_env(root, kit=False), stdout=fh,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        cwd=target)
                code, ru = wait4(proc)
            per.append({"submission": path.stem, "seconds": time.monotonic() - started,
                        "exit": code, "total": _otter_total(target / "results.json"),
                        "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_mb": ru.ru_maxrss / 1024})
    return m, {"per": per}


def _otter_total(path):
    try:
        tests = json.loads(path.read_text())["tests"]
    except (OSError, ValueError, KeyError):
        return None
    return float(sum(t.get("score") or 0 for t in tests))
