"""What a student waits for: grader.check per question, and the genz experiment.

Run by hand (never as a test), with the kit's venv:

    .venv/bin/python benchmarks/bench_check.py                      # every assignment
    .venv/bin/python benchmarks/bench_check.py --assignments rnn --repeat 5
    .venv/bin/python benchmarks/bench_check.py --assignments genz --skip-experiment

For each assignment it writes the student notebook with every answer filled
in (seqkit.examples.example_class(name)[seqkit.examples.PERFECT]; its public
tests travel in its metadata) alone in a folder, exactly what a student has,
and runs it top to bottom in a real Jupyter kernel (nbclient,
the venv's python3 kernel), as "Run All" would.  Each cell's time is the
kernel's own: shell.execute_reply minus iopub.execute_input, from the timing
nbclient records in the cell metadata.

Reported per assignment:

  import otter      the `import otter; grader = otter.Notebook(...)` cell
  check, first      each grader.check("q") cell where the notebook has it
                    (first call in a fresh kernel)
  check, again      the same call run --repeat more times at the end of the
                    notebook (cells appended), median and max: a student
                    re-checking after an edit
  export            grader.export(pdf=False, run_tests=True)
  experiment        cells tagged otter_ignore (genz: the full experiment of
                    Part 5 and its plot; attention: its own ignored cell),
                    which grading never runs but a student does.  The
                    experiment cells are the solution notebook's, verbatim.
  whole notebook    sum of all cells, and the kernel start-up wall time
"""
import argparse
import json
import os
import re
import runpy
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The one list of assignments, read without importing the package.
NAMES = runpy.run_path(str(ROOT / "seqkit" / "paths.py"))["NAMES"]
CHECK = re.compile(r"""^\s*grader\.check\(\s*["']([^"']+)["']\s*\)\s*$""")


def _ts(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def cell_seconds(cell):
    t = cell.get("metadata", {}).get("execution", {})
    try:
        return _ts(t["shell.execute_reply"]) - _ts(t["iopub.execute_input"])
    except KeyError:
        return None


def ignored(cell):
    meta = cell.get("metadata", {})
    return "otter_ignore" in meta.get("tags", []) or meta.get("otter", {}).get("ignore")


def run(name, repeat, skip_experiment, workdir, timeout):
    import nbformat
    from nbclient import NotebookClient

    from seqkit.examples import PERFECT, example_class

    folder = workdir / name
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "assignments" / name, folder)  # any data files come along
    nb = nbformat.reads(example_class(name)[PERFECT].decode(), as_version=4)
    if skip_experiment:
        nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and ignored(c))]
    questions = [m.group(1) for c in nb.cells if c.cell_type == "code"
                 for m in [CHECK.match(c.source)] if m]
    for r in range(repeat):
        for q in questions:
            cell = nbformat.v4.new_code_cell(f'grader.check("{q}")')
            cell.metadata["bench"] = {"again": q, "round": r}
            nb.cells.append(cell)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            record_timing=True, resources={"metadata": {"path": str(folder)}})
    t0 = time.monotonic()
    client.execute()
    wall = time.monotonic() - t0
    nbformat.write(nb, folder / f"{name}.executed.ipynb")

    out = {"questions": {}, "again": {q: [] for q in questions}, "export": None,
           "import_otter": None, "experiment": [], "errors": [], "cells_s": 0.0,
           "wall_s": wall}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        sec = cell_seconds(cell)
        if sec is None:
            continue
        out["cells_s"] += sec
        src = cell.source
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            out["errors"].append(f"{src.strip().splitlines()[0][:60]!r}: {errors[0].get('ename')}")
        bench = cell.metadata.get("bench")
        m = CHECK.match(src)
        if bench:
            out["again"][bench["again"]].append(sec)
        elif m:
            out["questions"][m.group(1)] = sec
        elif "otter.Notebook(" in src:
            out["import_otter"] = sec
        elif "grader.export(" in src:
            out["export"] = sec
        elif ignored(cell):
            out["experiment"].append((src.strip().splitlines()[0][:70], sec))
    out["kernel_overhead_s"] = wall - out["cells_s"]
    return out


def report(name, r):
    print(f"\n=== {name}: whole notebook {r['cells_s']:.1f} s in cells, {r['wall_s']:.1f} s wall "
          f"(kernel start and messaging {r['kernel_overhead_s']:.1f} s)")
    if r["import_otter"] is not None:
        print(f"  import otter + otter.Notebook(): {r['import_otter']:.2f} s")
    print(f"  {'grader.check':<28} {'first s':>8} {'again median':>13} {'again max':>10}")
    for q, first in r["questions"].items():
        again = r["again"].get(q) or []
        med = f"{statistics.median(again):.3f}" if again else "-"
        mx = f"{max(again):.3f}" if again else "-"
        print(f"  {q:<28} {first:>8.3f} {med:>13} {mx:>10}")
    firsts = list(r["questions"].values())
    if firsts:
        print(f"  {'(all checks)':<28} {sum(firsts):>8.2f} total, mean {statistics.fmean(firsts):.3f}, "
              f"max {max(firsts):.3f}")
    if r["export"] is not None:
        print(f"  grader.export(pdf=False, run_tests=True): {r['export']:.2f} s")
    for head, sec in r["experiment"]:
        print(f"  otter_ignore cell {sec:8.1f} s  {head}")
    if r["errors"]:
        print("  cells that raised: " + "; ".join(r["errors"]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", default=",".join(NAMES))
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="extra grader.check calls per question at the end (default 3)")
    parser.add_argument("--skip-experiment", action="store_true",
                        help="leave out the otter_ignore cells (the genz experiment)")
    parser.add_argument("--timeout", type=int, default=1800, metavar="SECONDS",
                        help="per cell (default 1800)")
    parser.add_argument("--workdir", default=None, help="default: a new folder under /tmp")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    names = [a.strip() for a in args.assignments.split(",") if a.strip()]
    for name in names:
        if name not in NAMES:
            parser.error(f"unknown assignment {name!r}")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="seqkit-check-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in names:
        print(f"[{time.strftime('%H:%M:%S')}] {name} ...", flush=True)
        results[name] = run(name, args.repeat, args.skip_experiment, workdir, args.timeout)
        report(name, results[name])
        (workdir / "check.json").write_text(json.dumps(results, indent=1))
    print(f"\nraw figures and executed notebooks: {workdir}")


if __name__ == "__main__":
    sys.exit(main())
