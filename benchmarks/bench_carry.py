"""What error carried forward (issue 21) costs: the example class graded with and without it.

Run by hand (never as a test), with the kit's venv, from anywhere:

    .venv/bin/python benchmarks/bench_carry.py                          # rnn, lstm, attention
    .venv/bin/python benchmarks/bench_carry.py --assignments rnn --per-assignment 12 --repeat 3

Per assignment, the valid notebooks of its example class (benchgrade/batch.py:
perfect, partial, untouched and the mistakes, round-robin to --per-assignment
files) are graded by `seqkit grade A BATCH --out OUT --quiet --workers 1
--carry-forward none` and by the same with `--carry-forward full`, alternately,
--repeat times each way, each into a fresh folder.  One worker, so that the
two ways do not share the cores differently.

Printed, per assignment and pooled: the seconds the worker spent on the
submissions (the sum of results.sqlite's `seconds`, the worker's own clock:
what grading costs, without the command's start-up), the wall seconds of the
command, each the median of the repeats, the ratio full / none of both, and
how many questions earned their points by carrying forward (from
results.sqlite).  Nothing is asserted; the figures depend on the machine and
on whatever else it is doing.
"""
import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchgrade.batch import base_env, make_batch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WAYS = ("none", "full")


def grade_once(assignment, batch, out, way):
    """-> (worker seconds, wall seconds, questions carried forward)."""
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "seqkit.cli", "grade", assignment, str(batch), "--out", str(out),
           "--quiet", "--workers", "1", "--carry-forward", way]
    start = time.monotonic()
    subprocess.run(cmd, check=True, cwd=ROOT, env=base_env(ROOT), stdout=subprocess.DEVNULL)
    wall = time.monotonic() - start
    with sqlite3.connect(out / "results.sqlite") as db:
        rows = db.execute("SELECT seconds, questions FROM results").fetchall()
    carried = sum("carried_from" in q for _, questions in rows
                  for q in json.loads(questions).values())
    return sum(s for s, _ in rows), wall, carried


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", default="rnn,lstm,attention")
    parser.add_argument("--per-assignment", type=int, default=6, metavar="N",
                        help="submissions per assignment (default 6: the valid examples once)")
    parser.add_argument("--repeat", type=int, default=2, metavar="R",
                        help="gradings of the batch each way (default 2)")
    parser.add_argument("--workdir", default=None, help="default: a new folder under /tmp")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="seqkit-bench-carry-"))
    pooled = {way: [0.0, 0.0] for way in WAYS}
    print(f"workdir {workdir}; one worker; median of {args.repeat} gradings each way")
    print(f"{'assignment':12s} {'n':>3s} {'carried':>7s}   {'worker s none':>13s} "
          f"{'full':>7s} {'ratio':>6s}   {'wall s none':>11s} {'full':>7s} {'ratio':>6s}")
    for assignment in [a.strip() for a in args.assignments.split(",") if a.strip()]:
        batch = workdir / assignment / "batch"
        if batch.exists():
            shutil.rmtree(batch)
        files, _ = make_batch(assignment, args.per_assignment, batch)
        runs = {way: [] for way in WAYS}
        for _ in range(args.repeat):
            for way in WAYS:  # alternately, so a slow spell of the machine hits both
                runs[way].append(grade_once(assignment, batch, workdir / assignment / way, way))
        worker = {w: statistics.median(r[0] for r in runs[w]) for w in WAYS}
        wall = {w: statistics.median(r[1] for r in runs[w]) for w in WAYS}
        carried = runs["full"][0][2]
        for way in WAYS:
            pooled[way][0] += worker[way]
            pooled[way][1] += wall[way]
        print(f"{assignment:12s} {len(files):3d} {carried:7d}   {worker['none']:13.1f} "
              f"{worker['full']:7.1f} {worker['full'] / worker['none']:6.3f}   "
              f"{wall['none']:11.1f} {wall['full']:7.1f} {wall['full'] / wall['none']:6.3f}",
              flush=True)
    (none_w, none_wall), (full_w, full_wall) = pooled["none"], pooled["full"]
    print(f"{'pooled':12s} {'':3s} {'':7s}   {none_w:13.1f} {full_w:7.1f} {full_w / none_w:6.3f}"
          f"   {none_wall:11.1f} {full_wall:7.1f} {full_wall / none_wall:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
