"""One way for the tests to run `seqkit grade` and read what it wrote."""
import csv
import subprocess
import sys

from seqkit import paths


def grade(assignment, inputs, out, *extra, check=True, timeout=900, env=None):
    """`seqkit grade assignment inputs... --out out --quiet extra...` in a subprocess
    -> the CompletedProcess; check: fail the test unless it exits 0."""
    inputs = [inputs] if not isinstance(inputs, (list, tuple)) else inputs
    cmd = [sys.executable, "-m", "seqkit.cli", "grade", assignment, *map(str, inputs),
           "--out", str(out), "--quiet", *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=paths.ROOT,
                          env=env)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done


def gradebook(out):
    """{submission: row} of out/gradebook.csv, every value a string as in the file."""
    with open(out / "gradebook.csv", newline="") as fh:
        return {row["submission"]: row for row in csv.DictReader(fh)}
