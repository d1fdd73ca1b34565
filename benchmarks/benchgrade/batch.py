"""The batch every way grades: valid notebooks of the example class, and their cells."""
import json
import os
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def make_batch(assignment, n, folder):
    """Write n valid notebooks (the example class, round-robin); -> ([paths], kinds).

    The hanging, exiting, broken-JSON, not-a-notebook and export-zip examples
    are left out: they measure time limits, not grading speed."""
    from seqkit.examples import example_class, gradable
    examples = example_class(assignment)
    kinds = gradable(assignment)
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


def base_env(root, kit=True):
    """The environment of every way; kit: import seqkit from root, the kit under
    test (not for otter, whose kernel imports the copy of seqkit inside the
    autograder zip)."""
    env = dict(os.environ)
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("MPLBACKEND", "Agg")
    if kit:
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    return env


def floor_env(root):
    """What seqkit's student processes get: one BLAS and one TF thread each."""
    from seqkit.threads import one_thread_each  # the kit's, imported once sys.path has it
    env = one_thread_each(base_env(root))
    env["TF_NUM_INTRAOP_THREADS"] = env["TF_NUM_INTEROP_THREADS"] = "1"
    return env
