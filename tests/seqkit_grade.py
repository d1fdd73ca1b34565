"""One way for the tests to run `seqkit grade` and read what it wrote."""
import atexit
import csv
import os

from seqkit import paths
from zygote import Zygote

_ZYGOTE = []


def _zygote():
    """This process's grade zygote (tests/zygote.py), started on first use."""
    if not _ZYGOTE:
        _ZYGOTE.append(Zygote("grade", env={**os.environ, "PYTHONHASHSEED": "0"}))
        atexit.register(_ZYGOTE[0].close)
    return _ZYGOTE[0]


def grade(assignment, inputs, out, *extra, check=True, timeout=900, env=None):
    """`seqkit grade assignment inputs... --out out --quiet extra...` in a process of its own,
    forked from a grade zygote -> the CompletedProcess (returncode -SIGKILL past timeout);
    check: fail the test unless it exits 0."""
    inputs = [inputs] if not isinstance(inputs, (list, tuple)) else inputs
    argv = ["grade", assignment, *map(str, inputs), "--out", str(out), "--quiet", *extra]
    done = _zygote().run(argv, paths.ROOT, os.environ if env is None else env, timeout)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done


def gradebook(out):
    """{submission: row} of out/gradebook.csv, every value a string as in the file."""
    with open(out / "gradebook.csv", newline="") as fh:
        return {row["submission"]: row for row in csv.DictReader(fh)}
