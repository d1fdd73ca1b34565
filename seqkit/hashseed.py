"""One hash seed for every grading run.

Python seeds its str hashes at random when it starts, and a set or dict of strings
iterates in hash order: a student's `list(set(text))` returns another order in
every run, so the same submission could get another score.  `seqkit grade`
therefore restarts itself with PYTHONHASHSEED=0 before anything is graded; the
student's process, forked from it, inherits the seed.  (The Gradescope run script
does not yet: restarting there let a hostile upload read the references in
tests/test_gradescope.py, a cause not yet found.)
"""
import os
import sys

SEED = "0"


def restart_with_fixed_seed(argv):
    """Re-exec this Python on argv (its own arguments: ["-m", "seqkit.cli", ...] or a
    script and its arguments) with PYTHONHASHSEED=0, unless it already runs with it."""
    if os.environ.get("PYTHONHASHSEED") == SEED:
        return
    os.environ["PYTHONHASHSEED"] = SEED
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *argv])
