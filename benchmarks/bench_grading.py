"""Grade the same batch three ways and compare: otter run, seqkit grade, the floor.

Run by hand (never as a test), with the kit's venv, from anywhere:

    .venv/bin/python benchmarks/bench_grading.py                       # all four, 40 each
    .venv/bin/python benchmarks/bench_grading.py --assignments rnn --per-assignment 40
    .venv/bin/python benchmarks/bench_grading.py --assignments rnn --per-assignment 6 \
        --ways seqkit,floor,warm-floor --diagnosis 6                    # a few minutes on 2 cores

The batch: for each assignment, the VALID notebooks of its example class
(seqkit.examples.gradable: perfect, partial, untouched and the three
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

  diagnosis   With --diagnosis N: for up to N wrong answers of the corpus whose
              question has a known-mistake catalogue, the seconds to grade that
              question with the diagnosis and without (catalogue None), in the
              same run and the same student process, as a difference and a
              ratio (benchgrade/diagnosis.py).

Everything raw goes to WORKDIR/bench.json.

The code: benchgrade/monitor.py (wall clock, CPU, the process tree's memory),
batch.py (the batch and the environments), ways.py (the four ways),
diagnosis.py (the diagnosis figure), report.py (tables and ratios); this file
is the command line.
"""
import argparse
import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# benchgrade/ sits beside this file
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchgrade.batch import base_env, make_batch, write_cells  # noqa: E402
from benchgrade.diagnosis import diagnosis_main, print_diagnosis, run_diagnosis  # noqa: E402
from benchgrade.monitor import POLL  # noqa: E402
from benchgrade.report import print_assignment, print_pooled, way_record  # noqa: E402
from benchgrade.ways import (WAYS, run_floor, run_otter, run_seqkit, run_warm_floor,  # noqa: E402
                             warm_floor_main)

ROOT = Path(__file__).resolve().parent.parent  # the kit under test unless --kit
# The one list of assignments (of the kit holding this script; --kit reads its own),
# read without importing the package, which must come from the kit under test.
NAMES = runpy.run_path(str(ROOT / "seqkit" / "paths.py"))["NAMES"]


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
    parser.add_argument("--diagnosis", type=int, default=0, metavar="N",
                        help="also time the known-mistake diagnosis on up to N wrong answers "
                             "of the corpus per assignment (default 0: not measured)")
    parser.add_argument("--diagnosis-repeat", type=int, default=3, metavar="R",
                        help="gradings of each wrong answer, each way (default 3)")
    parser.add_argument("--_warm-floor", nargs=2, dest="warm_floor", help=argparse.SUPPRESS)
    parser.add_argument("--_diagnosis", nargs=4, dest="diagnosis_child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.warm_floor:
        return warm_floor_main(*args.warm_floor)
    if args.diagnosis_child:
        name, answers, repeat, result = args.diagnosis_child
        return diagnosis_main(ROOT, name, int(answers), int(repeat), result)

    if args.report:
        results = {}
        for path in args.report:
            results.update({k: v for k, v in json.loads(Path(path).read_text()).items()
                            if not k.startswith("_")})
        for name, rec in results.items():
            print_assignment(name, rec["n"], rec["kinds"], rec["ways"])
            if "diagnosis" in rec:
                print_diagnosis(name, rec["diagnosis"])
        print_pooled(results)
        return 0

    POLL.update(interval=args.poll, pss_interval=args.pss_poll)
    root = Path(args.kit).resolve() if args.kit else ROOT
    sys.path.insert(0, str(root))
    known = runpy.run_path(str(root / "seqkit" / "paths.py"))["NAMES"]
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
            z = root / "autograder" / name / f"{name}-autograder.zip"
            if not z.exists():
                parser.error(f"{z} is missing: run `seqkit build {name}` first")
            newer = [p.name for p in (root / "seqkit").rglob("*.py")
                     if p.stat().st_mtime > z.stat().st_mtime]
            if newer:
                print(f"note: {z.relative_to(root)} is older than seqkit/ ({', '.join(newer[:4])}"
                      f"{'...' if len(newer) > 4 else ''}); `seqkit build {name}` to rebuild it")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="seqkit-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"workdir {workdir}; {os.cpu_count()} cores; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; ways {', '.join(w for w in WAYS if w in ways)}")
    # Warm the page cache so whichever way runs first does not pay for the disk.
    subprocess.run([sys.executable, "-c", "import keras, otter, nbconvert, hypothesis"],
                   env=base_env(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

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
                m, per = run_floor(root, cells, args.floor_jobs, base / "floor-scratch")
                rec["ways"][way] = way_record(m, per, n, sum(p["cpu_s"] for p in per),
                                              {"jobs": args.floor_jobs})
            elif way == "warm-floor":
                m, data = run_warm_floor(root, cells, args.floor_jobs, base / "warm-scratch",
                                         base)
                rec["ways"][way] = way_record(m, data["per"], n, data["parent_cpu_s"], {
                    "jobs": args.floor_jobs, "warm_up_s": round(data["warm_up_s"], 2)})
            elif way == "seqkit":
                out = base / "seqkit-out"
                m, data = run_seqkit(root, name, base / "batch", out, args.seqkit_workers)
                extra = {k: v for k, v in data.items() if k != "per"}
                extra["workers"] = args.seqkit_workers or os.cpu_count()
                # main, workers and spawners are reaped by their parents (exact, via
                # wait4); the students are reaped by the kernel, so they are polled
                students = sum(r.get("polled_cpu_s", 0.0) for role, r in m.memory["roles"].items()
                               if role.startswith("student"))
                rec["ways"][way] = way_record(m, data["per"], n, data["waited_cpu_s"] + students,
                                              extra)
            else:
                m, data = run_otter(root, name, files, base / "otter-out")
                rec["ways"][way] = way_record(m, data["per"], n,
                                              sum(p["cpu_s"] for p in data["per"]))
            r = rec["ways"][way]
            print(f"    {r['wall_s']:.1f} s wall, {r['s_per_sub']:.2f} s/sub", flush=True)
            (workdir / "bench.json").write_text(json.dumps(results, indent=1))  # kept if killed
        if args.diagnosis:
            print(f"[{time.strftime('%H:%M:%S')}] {name}: diagnosis ...", flush=True)
            rec["diagnosis"] = run_diagnosis(root, Path(__file__).resolve(), name,
                                             args.diagnosis, args.diagnosis_repeat, base)
        print_assignment(name, n, kinds, rec["ways"])
        if "diagnosis" in rec:
            print_diagnosis(name, rec["diagnosis"])
        (workdir / "bench.json").write_text(json.dumps(results, indent=1))

    results["_pooled"] = print_pooled(results)
    (workdir / "bench.json").write_text(json.dumps(results, indent=1))
    print(f"\nraw figures: {workdir / 'bench.json'}")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
