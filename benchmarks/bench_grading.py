"""Grade the same batch three ways and compare: otter run, seqkit grade, the floor.

Run by hand (never as a test), with the kit's venv, from anywhere:

    .venv/bin/python benchmarks/bench_grading.py                       # all four, 40 each
    .venv/bin/python benchmarks/bench_grading.py --assignments rnn --per-assignment 40
    .venv/bin/python benchmarks/bench_grading.py --assignments rnn --per-assignment 6 \
        --ways seqkit,floor,warm-floor                                  # a two-minute check

The batch: for each assignment, the VALID notebooks of its example class
(seqkit.examples.example_class: perfect, partial, untouched and the three
mistakes) replicated round-robin to --per-assignment files.  The hanging,
exiting, broken-JSON, not-a-notebook and export-zip examples are left out of
every way alike: they measure time limits, not grading speed.

The ways, in the order they run (each on exactly the same files):

  floor       Each notebook's code cells, as grading sees them
              (seqkit.sandbox.notebook.code_cells: otter_ignore cells skipped,
              magics commented out, `otter` stubbed so grader.check is a no-op),
              exec'd one cell after another in a FRESH `python` process per
              notebook.  No tests at all.  This is "running the student's
              cells" from nothing: it pays the interpreter start and the
              notebook's own imports (keras, hence TensorFlow, for genz, rnn
              and lstm).  Run --floor-jobs at a time (default: the number of
              cores, as many as seqkit grade's default workers), so its
              seconds per submission compare with seqkit's.
  warm-floor  The same cells, each notebook in a process FORKED from a
              parent that ran seqkit.grading.batch.warm_up() (NumPy,
              TensorFlow, Keras already imported), --floor-jobs at a time:
              the floor of seqkit's own design.  seqkit minus warm-floor is
              what the hidden tests, the sandbox and the bookkeeping cost.
  seqkit      `seqkit grade ASSIGNMENT BATCH --out DIR --quiet`, one call per
              assignment, default workers (= cores) unless --seqkit-workers.
  otter       `otter run -a autograder/A/A-autograder.zip -o OUT --no-logo NB`,
              one notebook after another, as a course runs it today.

What is measured:

  wall        monotonic seconds around each way (per assignment);
              s/sub = wall / number of submissions (throughput).
  latency     mean seconds one submission takes from start to end: otter per
              call; seqkit from results.sqlite (the worker's own clock);
              floors per process.
  CPU         busy CPU seconds of the whole machine (/proc/stat, user + nice
              + system + irq + softirq, steal excluded) during the way,
              divided by the submissions.  System-wide because seqkit's
              student processes are reaped by the kernel (the spawner ignores
              SIGCHLD), so their CPU never reaches any getrusage().  Anything
              else running on the machine is counted too: run it on a quiet
              machine.
  memory      A thread polls, every --poll seconds, every process below this
              one (/proc/*/stat for the tree; /proc/PID/status VmHWM, the
              kernel's own peak-RSS mark, so polling misses no peak of a
              process it has seen once; /proc/PID/smaps_rollup Pss).  RSS
              counts the TensorFlow pages that forked processes share in
              every one of them, so per-role peaks are RSS (VmHWM) and a
              "slot" (one worker with its spawner and current student
              process; one otter run with its kernel; one floor process) is
              the largest PSS sum seen at one poll.  For otter and the cold
              floor the exact peak of each process is also read from
              os.wait4() (ru_maxrss of the process and the children it
              waited for: the otter process and its Jupyter kernel).  For
              seqkit, wait4 covers main, workers and spawners but not the
              students (reaped by the kernel), hence the polling.
  scores      otter's results.json total vs seqkit's gradebook total per
              submission; disagreements are listed (they should not happen
              for valid notebooks).

Everything raw goes to WORKDIR/bench.json.
"""
import argparse
import json
import os
import runpy
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the kit under test; --kit changes it
BIN = Path(sys.executable).parent
# The one list of assignments (of the kit holding this script; --kit reads its own),
# read without importing the package, which must come from the kit under test.
NAMES = runpy.run_path(str(ROOT / "seqkit" / "paths.py"))["NAMES"]
# Example kinds that test time limits or invalid input, not grading speed.
EXCLUDED = ("hanging-cell", "exits-while-running", "broken-json", "not-a-notebook", "otter-export")
WAYS = ("floor", "warm-floor", "seqkit", "otter")
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

# The fresh process of the cold floor: the cells run and otter stubbed exactly
# as in seqkit's student process, and nothing else.
FLOOR_CHILD = r'''
import json, sys
from seqkit.sandbox.child import otter_stub, run_cells
cells = json.load(open(sys.argv[1]))
sys.modules["otter"] = otter_stub()
sys.exit(min(len(run_cells(cells, {"__name__": "__main__"}, 600)), 100))
'''


# ---------------------------------------------------------------- measuring

def busy_cpu_seconds():
    """Busy CPU seconds of the whole machine since boot (steal excluded)."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = f[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _parents():
    """{pid: (parent pid, own user+system CPU seconds)} of every process."""
    out, tick = {}, os.sysconf("SC_CLK_TCK")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        f = data[data.rfind(b")") + 2:].split()
        out[int(name)] = (int(f[1]), (int(f[11]) + int(f[12])) / tick)
    return out


def _status_kb(pid, keys=("VmHWM", "VmRSS")):
    found = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found


def _pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMonitor(threading.Thread):
    """Polls the processes below this one; roles by depth below us."""

    def __init__(self, roles, slot_depth, interval, pss_interval):
        super().__init__(daemon=True)
        self.roles, self.slot_depth, self.interval = roles, slot_depth, interval
        self.pss_interval, self.last_pss = pss_interval, -1e9
        self.me = os.getpid()
        self.stop_event = threading.Event()
        self.t0 = time.monotonic()
        self.hwm = {}          # pid -> (role, VmHWM kB)
        self.role_pss = {}     # role -> peak PSS kB of one process
        self.first_seen = {}   # role -> seconds after start
        self.cpu = {}          # pid -> (role, own CPU seconds when last seen)
        self.slot_pss = 0      # peak PSS kB of one slot
        self.total_pss = 0     # peak PSS kB of the whole tree
        self.polls = 0

    def run(self):
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.interval)

    def stop(self):
        self.stop_event.set()
        self.join()
        self.sample()

    def sample(self):
        stats = _parents()
        parents = {pid: ppid for pid, (ppid, _) in stats.items()}
        depth, slot = {}, {}
        for pid in parents:
            chain, p = [], pid
            while p in parents and p != self.me and p > 1:
                chain.append(p)
                p = parents[p]
            if p == self.me and chain:
                depth[pid] = len(chain)
                slot[pid] = chain[-self.slot_depth] if len(chain) >= self.slot_depth else None
        now = time.monotonic() - self.t0
        # Pss costs ~10 ms of CPU per TensorFlow-sized process (the kernel walks
        # its page tables), VmHWM and the CPU times next to nothing: Pss is read
        # less often so that the polling does not slow down the ways it watches.
        with_pss = now - self.last_pss >= self.pss_interval
        if with_pss:
            self.last_pss = now
        slots, total = {}, 0
        for pid, d in depth.items():
            role = self.roles.get(d, self.roles[max(self.roles)] + "+")
            self.first_seen.setdefault(role, now)
            self.cpu[pid] = (role, stats[pid][1])
            st = _status_kb(pid)
            if "VmHWM" in st:
                old = self.hwm.get(pid, (role, 0))[1]
                self.hwm[pid] = (role, max(old, st["VmHWM"]))
            if not with_pss:
                continue
            pss = _pss_kb(pid)
            self.role_pss[role] = max(self.role_pss.get(role, 0), pss)
            total += pss
            if slot[pid] is not None:
                slots[slot[pid]] = slots.get(slot[pid], 0) + pss
        self.total_pss = max(self.total_pss, total)
        self.slot_pss = max([self.slot_pss, *slots.values()])
        self.polls += 1

    def summary(self):
        by_role = {}
        for role, kb in self.hwm.values():
            r = by_role.setdefault(role, {"processes": 0, "peak_rss_mb": 0.0})
            r["processes"] += 1
            r["peak_rss_mb"] = max(r["peak_rss_mb"], round(kb / 1024, 1))
        for role, kb in self.role_pss.items():
            by_role.setdefault(role, {"processes": 0, "peak_rss_mb": 0.0})["peak_pss_mb"] = round(kb / 1024, 1)
        for role, t in self.first_seen.items():
            by_role.setdefault(role, {})["first_seen_s"] = round(t, 2)
        for role, sec in self.cpu.values():
            r = by_role.setdefault(role, {})
            r["polled_cpu_s"] = round(r.get("polled_cpu_s", 0) + sec, 2)
        return {"roles": by_role, "slot_peak_pss_mb": round(self.slot_pss / 1024, 1),
                "tree_peak_pss_mb": round(self.total_pss / 1024, 1), "polls": self.polls}


POLL = {"interval": 0.2, "pss_interval": 1.0}  # set from the command line


class Measured:
    """Wall clock, machine CPU and the process tree around one way."""

    def __init__(self, roles, slot_depth, _unused=None):
        self.monitor = TreeMonitor(roles, slot_depth, POLL["interval"], POLL["pss_interval"])

    def __enter__(self):
        self.cpu0, self.t0 = busy_cpu_seconds(), time.monotonic()
        self.self0 = time.process_time()
        self.monitor.start()
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self.t0
        self.machine_cpu = busy_cpu_seconds() - self.cpu0
        self.monitor.stop()
        self.harness_cpu = time.process_time() - self.self0  # mostly the polling
        self.memory = self.monitor.summary()
        return False


def wait4(proc):
    """Wait for a Popen child; -> (exit code, its rusage incl. children it waited for)."""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, ru


# ---------------------------------------------------------------- the batch

def make_batch(assignment, n, folder):
    """Write n valid notebooks (the example class, round-robin); -> [paths]."""
    from seqkit.examples import example_class
    examples = example_class(assignment)
    kinds = sorted(k for k in examples if k.endswith(".ipynb")
                   and not any(x in k for x in EXCLUDED))
    folder.mkdir(parents=True)
    files = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        path = folder / f"{i + 1:03d}-{kind}"
        path.write_bytes(examples[kind])
        files.append(path)
    return files, kinds


def write_cells(files, folder):
    """The cells grading runs, one JSON file per notebook; -> [(stem, json path)]."""
    from seqkit.sandbox.notebook import code_cells
    folder.mkdir(parents=True)
    out = []
    for path in files:
        cells = code_cells(path.read_bytes(), path.name)
        target = folder / f"{path.stem}.json"
        target.write_text(json.dumps(cells))
        out.append((path.stem, target))
    return out


def base_env(kit=True):
    """The environment of every way; kit: import seqkit from ROOT (not for otter,
    whose kernel imports the copy of seqkit inside the autograder zip)."""
    env = dict(os.environ)
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("MPLBACKEND", "Agg")
    if kit:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def floor_env():
    """What seqkit's student processes get: one BLAS and one TF thread each."""
    env = base_env()
    for var in THREAD_VARS:
        env.setdefault(var, "1")
    env["TF_NUM_INTRAOP_THREADS"] = env["TF_NUM_INTEROP_THREADS"] = "1"
    return env


# ---------------------------------------------------------------- the ways

def run_floor(cells, jobs, scratch, poll):
    """Cold floor: a fresh python per notebook, `jobs` at a time."""
    scratch.mkdir(parents=True, exist_ok=True)
    env, pending, running, per = floor_env(), list(cells), {}, []
    with Measured({1: "notebook process"}, 1, poll) as m:
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


def run_warm_floor(cells, jobs, scratch, poll, workdir):
    """Warm floor: forks of a parent that ran seqkit's warm_up(), `jobs` at a time."""
    scratch.mkdir(parents=True, exist_ok=True)
    manifest, result = workdir / "warm-floor-manifest.json", workdir / "warm-floor-result.json"
    manifest.write_text(json.dumps({"cells": [(s, str(p)) for s, p in cells],
                                    "jobs": jobs, "scratch": str(scratch)}))
    with Measured({1: "warm parent", 2: "notebook child"}, 2, poll) as m:
        proc = subprocess.Popen([sys.executable, __file__, "--_warm-floor", str(manifest),
                                 str(result)], env=floor_env(), cwd=scratch)
        code, ru = wait4(proc)
    if code != 0:
        raise SystemExit(f"the warm floor failed (exit code {code})")
    data = json.loads(result.read_text())
    data["parent_maxrss_mb"] = ru.ru_maxrss / 1024
    data["parent_cpu_s"] = ru.ru_utime + ru.ru_stime  # the parent and every child it reaped
    return m, data


def warm_floor_main(manifest_path, result_path):
    """Runs in its own process: warm up like seqkit, then fork one child per notebook."""
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
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


def run_seqkit(assignment, batch, out, workers, poll):
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
    with Measured({1: "seqkit main", 2: "worker", 3: "spawner", 4: "student"}, 2, poll) as m, \
            open(log, "w") as fh:
        proc = subprocess.Popen(cmd, env=base_env(), stdout=fh, stderr=subprocess.STDOUT,
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


def run_otter(assignment, files, out, poll):
    zip_path = ROOT / "autograder" / assignment / f"{assignment}-autograder.zip"
    per = []
    with Measured({1: "otter run", 2: "jupyter kernel"}, 1, poll) as m:
        for path in files:
            target = out / path.stem
            target.mkdir(parents=True)
            started = time.monotonic()
            with open(target / "otter.log", "w") as fh:
                proc = subprocess.Popen([str(BIN / "otter"), "run", "-a", str(zip_path),
                                         "-o", str(target), "--no-logo", str(path)],
                                        env=base_env(kit=False), stdout=fh,
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


# ---------------------------------------------------------------- reporting

def _mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else float("nan")


def way_record(m, per, n, tree_cpu, extra=None):
    rec = {"wall_s": round(m.wall, 2), "s_per_sub": round(m.wall / n, 3),
           "latency_s": round(_mean(p["seconds"] for p in per), 3),
           "cpu_s_per_sub": round(tree_cpu / n, 3),
           "machine_cpu_s_per_sub": round(m.machine_cpu / n, 3),
           # busy CPU of the machine that was neither this way nor the polling
           "foreign_cpu_s": round(m.machine_cpu - tree_cpu - m.harness_cpu, 1),
           "harness_cpu_s": round(m.harness_cpu, 2),
           "memory": m.memory, "per": per}
    if per and "maxrss_mb" in per[0]:
        rec["peak_maxrss_mb"] = round(max(p["maxrss_mb"] for p in per), 1)
    rec.update(extra or {})
    return rec


def print_assignment(name, n, kinds, ways):
    print(f"\n=== {name}: {n} submissions ({', '.join(k[3:-6] for k in kinds)}, round-robin)")
    print(f"  {'way':<11} {'wall s':>8} {'s/sub':>7} {'latency':>8} {'CPU s/sub':>10} "
          f"{'slot PSS MB':>12} {'tree PSS MB':>12} {'foreign CPU s':>14}")
    for way in WAYS:
        if way in ways:
            r = ways[way]
            mem = r["memory"]
            print(f"  {way:<11} {r['wall_s']:>8.1f} {r['s_per_sub']:>7.2f} {r['latency_s']:>8.2f} "
                  f"{r['cpu_s_per_sub']:>10.2f} {mem['slot_peak_pss_mb']:>12.0f} "
                  f"{mem['tree_peak_pss_mb']:>12.0f} {r['foreign_cpu_s']:>14.1f}")
    busy = [w for w in WAYS if w in ways and ways[w]["foreign_cpu_s"] > 0.1 * ways[w]["wall_s"]]
    if busy:
        print(f"  WARNING: other processes kept the machine busy during {', '.join(busy)} "
              "(foreign CPU s above): those wall times are inflated")
    for way in WAYS:
        if way in ways:
            roles = ways[way]["memory"]["roles"]
            parts = [f"{role} x{r.get('processes', 0)} RSS {r.get('peak_rss_mb', 0):.0f} / "
                     f"PSS {r.get('peak_pss_mb', 0):.0f} MB (first at {r.get('first_seen_s', 0):.1f} s)"
                     for role, r in roles.items() if r.get("processes")]
            extra = ""
            if "peak_maxrss_mb" in ways[way]:
                extra = f"; wait4 ru_maxrss max {ways[way]['peak_maxrss_mb']:.0f} MB"
            if "waited_maxrss_mb" in ways[way]:
                extra = (f"; wait4 ru_maxrss (main/workers/spawners only) "
                         f"{ways[way]['waited_maxrss_mb']:.0f} MB")
            extra += f"; the polling itself used {ways[way]['harness_cpu_s']:.1f} CPU s"
            print(f"  memory {way}: " + "; ".join(parts) + extra)
    if "seqkit" in ways:
        statuses = {}
        for p in ways["seqkit"]["per"]:
            statuses[p["status"]] = statuses.get(p["status"], 0) + 1
        if set(statuses) != {"graded"}:
            print(f"  WARNING: seqkit did not grade every submission ({statuses}; see "
                  f"{ways['seqkit']['log']} and results.sqlite): its figures measure no grading")
    if "warm-floor" in ways:
        print(f"  warm-floor parent warm_up(): {ways['warm-floor']['warm_up_s']:.1f} s")
    print_ratios(ways, "  ")
    if "otter" in ways and "seqkit" in ways:
        got = {p["submission"]: p["total"] for p in ways["seqkit"]["per"]}
        bad = [(p["submission"], p["total"], got.get(p["submission"]))
               for p in ways["otter"]["per"]
               if p["total"] is None or got.get(p["submission"]) is None
               or abs(p["total"] - got[p["submission"]]) > 1e-9]
        print(f"  scores: otter and seqkit agree on {n - len(bad)}/{n}"
              + "".join(f"\n    {s}: otter {o}, seqkit {k}" for s, o, k in bad[:10]))


def print_ratios(ways, indent):
    s = ways.get("seqkit")
    if s is None:
        return
    if "otter" in ways:
        o = ways["otter"]
        print(f"{indent}otter/seqkit: {o['s_per_sub'] / s['s_per_sub']:.2f}x per submission "
              f"(wall); {o['cpu_s_per_sub'] / s['cpu_s_per_sub']:.2f}x in CPU seconds")
    for floor in ("floor", "warm-floor"):
        if floor in ways:
            f = ways[floor]
            print(f"{indent}seqkit/{floor}: {s['s_per_sub'] / f['s_per_sub']:.2f}x; seqkit minus "
                  f"{floor}: {s['s_per_sub'] - f['s_per_sub']:+.2f} s/sub wall, "
                  f"{s['cpu_s_per_sub'] - f['cpu_s_per_sub']:+.2f} CPU s/sub, "
                  f"{s['latency_s'] - f['latency_s']:+.2f} s latency")


def totals(results):
    """Pool every assignment: total wall / total submissions, per way."""
    pooled = {}
    for way in WAYS:
        recs = [r["ways"][way] for r in results.values() if way in r["ways"]]
        if len(recs) != len(results):
            continue
        n = sum(r["n"] for r in results.values())
        wall = sum(x["wall_s"] for x in recs)
        cpu = sum(x["cpu_s_per_sub"] * r["n"] for x, r in zip(recs, results.values()))
        lat = sum(x["latency_s"] * r["n"] for x, r in zip(recs, results.values())) / n
        pooled[way] = {"wall_s": wall, "s_per_sub": wall / n, "cpu_s_per_sub": cpu / n,
                       "latency_s": lat}
    return pooled


def print_pooled(results):
    if len(results) < 2:
        return None
    pooled = totals(results)
    n = sum(r["n"] for r in results.values())
    print(f"\n=== {', '.join(results)} pooled: {n} submissions")
    for way, r in pooled.items():
        print(f"  {way:<11} {r['wall_s']:>8.1f} s wall {r['s_per_sub']:>7.2f} s/sub "
              f"{r['latency_s']:>7.2f} s latency {r['cpu_s_per_sub']:>7.2f} CPU s/sub")
    print_ratios(pooled, "  ")
    return pooled


# ---------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", default=",".join(NAMES),
                        help="comma-separated (default: all)")
    parser.add_argument("--per-assignment", type=int, default=40, metavar="N",
                        help="submissions per assignment (default 40)")
    parser.add_argument("--ways", default=",".join(WAYS),
                        help=f"comma-separated subset of {','.join(WAYS)} (default: all)")
    parser.add_argument("--seqkit-workers", type=int, default=None, metavar="N",
                        help="pass --workers N to seqkit grade (default: its own default)")
    parser.add_argument("--floor-jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="floor notebooks run at once (default: cores = seqkit's workers)")
    parser.add_argument("--poll", type=float, default=0.2, metavar="SECONDS",
                        help="polling interval of the process tree: CPU, VmHWM (default 0.2)")
    parser.add_argument("--pss-poll", type=float, default=1.0, metavar="SECONDS",
                        help="how often Pss is read, which is costly (default 1.0)")
    parser.add_argument("--workdir", default=None, help="default: a new folder under /tmp")
    parser.add_argument("--kit", default=None, metavar="DIR",
                        help="a copy of the kit to benchmark (seqkit/, solutions/, assignments/, "
                             "autograder/); default: the checkout holding this script")
    parser.add_argument("--report", nargs="+", metavar="BENCH_JSON", default=None,
                        help="measure nothing: print the figures of earlier runs' bench.json "
                             "files, pooled (a later file's assignment replaces an earlier one's)")
    parser.add_argument("--_warm-floor", nargs=2, dest="warm_floor", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.warm_floor:
        return warm_floor_main(*args.warm_floor)

    if args.report:
        results = {}
        for path in args.report:
            results.update({k: v for k, v in json.loads(Path(path).read_text()).items()
                            if not k.startswith("_")})
        for name, rec in results.items():
            print_assignment(name, rec["n"], rec["kinds"], rec["ways"])
        print_pooled(results)
        return 0

    POLL.update(interval=args.poll, pss_interval=args.pss_poll)
    global ROOT
    if args.kit:
        ROOT = Path(args.kit).resolve()
    sys.path.insert(0, str(ROOT))
    known = runpy.run_path(str(ROOT / "seqkit" / "paths.py"))["NAMES"]
    names = [a.strip() for a in args.assignments.split(",") if a.strip()]
    ways = [w.strip() for w in args.ways.split(",") if w.strip()]
    for name in names:
        if name not in known:
            parser.error(f"unknown assignment {name!r}; expected some of {', '.join(known)}")
    for way in ways:
        if way not in WAYS:
            parser.error(f"unknown way {way!r}; expected some of {', '.join(WAYS)}")
    if "otter" in ways:
        for name in names:
            z = ROOT / "autograder" / name / f"{name}-autograder.zip"
            if not z.exists():
                parser.error(f"{z} is missing: run `seqkit build {name}` first")
            newer = [p.name for p in (ROOT / "seqkit").rglob("*.py")
                     if p.stat().st_mtime > z.stat().st_mtime]
            if newer:
                print(f"note: {z.relative_to(ROOT)} is older than seqkit/ ({', '.join(newer[:4])}"
                      f"{'...' if len(newer) > 4 else ''}); `seqkit build {name}` to rebuild it")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="seqkit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"workdir {workdir}; {os.cpu_count()} cores; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; ways {', '.join(w for w in WAYS if w in ways)}")
    # Warm the page cache so whichever way runs first does not pay for the disk.
    subprocess.run([sys.executable, "-c", "import keras, otter, nbconvert, hypothesis"],
                   env=base_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    results = {}
    for name in names:
        base = workdir / name
        if base.exists():
            shutil.rmtree(base)
        files, kinds = make_batch(name, args.per_assignment, base / "batch")
        cells = write_cells(files, base / "cells")
        n = len(files)
        rec = {"n": n, "kinds": kinds, "ways": {}}
        results[name] = rec
        for way in WAYS:
            if way not in ways:
                continue
            print(f"[{time.strftime('%H:%M:%S')}] {name}: {way} ...", flush=True)
            if way == "floor":
                m, per = run_floor(cells, args.floor_jobs, base / "floor-scratch", args.poll)
                rec["ways"][way] = way_record(m, per, n, sum(p["cpu_s"] for p in per),
                                              {"jobs": args.floor_jobs})
            elif way == "warm-floor":
                m, data = run_warm_floor(cells, args.floor_jobs, base / "warm-scratch",
                                         args.poll, base)
                rec["ways"][way] = way_record(m, data["per"], n, data["parent_cpu_s"], {
                    "jobs": args.floor_jobs, "warm_up_s": round(data["warm_up_s"], 2)})
            elif way == "seqkit":
                out = base / "seqkit-out"
                m, data = run_seqkit(name, base / "batch", out, args.seqkit_workers, args.poll)
                extra = {k: v for k, v in data.items() if k != "per"}
                extra["workers"] = args.seqkit_workers or os.cpu_count()
                # main, workers and spawners are reaped by their parents (exact, via
                # wait4); the students are reaped by the kernel, so they are polled
                students = sum(r.get("polled_cpu_s", 0.0) for role, r in m.memory["roles"].items()
                               if role.startswith("student"))
                rec["ways"][way] = way_record(m, data["per"], n, data["waited_cpu_s"] + students,
                                              extra)
            else:
                m, data = run_otter(name, files, base / "otter-out", args.poll)
                rec["ways"][way] = way_record(m, data["per"], n,
                                              sum(p["cpu_s"] for p in data["per"]))
            r = rec["ways"][way]
            print(f"    {r['wall_s']:.1f} s wall, {r['s_per_sub']:.2f} s/sub", flush=True)
            (workdir / "bench.json").write_text(json.dumps(results, indent=1))  # kept if killed
        print_assignment(name, n, kinds, rec["ways"])
        (workdir / "bench.json").write_text(json.dumps(results, indent=1))

    results["_pooled"] = print_pooled(results)
    (workdir / "bench.json").write_text(json.dumps(results, indent=1))
    print(f"\nraw figures: {workdir / 'bench.json'}")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
