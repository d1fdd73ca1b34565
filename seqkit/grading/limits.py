"""Every limit of a grading run, and the one rule that derives them from --timeout.

`seqkit grade --timeout T` gives the notebook's cells T seconds in all; one
cell gets a third of that (at most 30 s) and is then stopped, so a hanging
cell still leaves time for the rest of the notebook.  The main process gives
up on a submission after `hard_limit` seconds, whatever the worker says.
"""

DEFAULT_TIMEOUT = 120         # seconds for running all of a notebook's cells
MAX_CELL_SECONDS = 30
MAX_RESTARTS = 3              # times a worker restarts a notebook whose process died mid-question

DEFAULT_LIMITS = {
    "notebook_seconds": DEFAULT_TIMEOUT,  # running all of a notebook's cells
    "cell_seconds": MAX_CELL_SECONDS,     # one cell, before it is stopped and skipped
    "call_seconds": 20,       # one call of a student function
    "question_seconds": 180,  # all calls of one question
    "memory_mb": 2048,        # on top of what the warm worker already maps
    "cpu_seconds": 900,
    "scratch_mb": 64,
    "processes": 512,         # processes and threads of one student (TensorFlow needs dozens)
    # Not a limit but a setting every worker needs: the share of its points that a question
    # right given its failing dependencies earns (seqkit grade --carry-forward; 0: none).
    "carry_forward": 1.0,
}  # and "uid", the uid of the student's process: each run claims its own (grading/locks.py)

TIMEOUT_HELP = (f"time for running one notebook's cells (default {DEFAULT_TIMEOUT}); "
                f"a single cell gets a third of it, at most {MAX_CELL_SECONDS} s")


def limits_for(timeout=DEFAULT_TIMEOUT, carry_forward=1.0):
    """The limits of a run whose notebooks get `timeout` seconds for their cells."""
    return {**DEFAULT_LIMITS, "notebook_seconds": timeout,
            "cell_seconds": max(1, min(timeout // 3, MAX_CELL_SECONDS)),
            "carry_forward": carry_forward}


def hard_limit(limits, n_questions):
    """Seconds after which the main process stops waiting for one submission.

    Running the cells (the first start and MAX_RESTARTS restarts),
    then every question's time, then a margin for starting processes; with
    error carried forward, at most one more start and question time per
    question (seqkit.grading.carry: each regrade starts the notebook afresh).
    """
    regrades = n_questions if limits.get("carry_forward", 0) > 0 else 0
    return (limits["notebook_seconds"] * (1 + MAX_RESTARTS + regrades)
            + limits["question_seconds"] * (n_questions + regrades) + 60)
