"""The hidden tests inside Otter's own grading (``otter run``, ``otter grade``).

The autograder zip's test files call ``check``; it runs the same hypothesis
tests as ``seqkit grade``, but against the notebook's namespace in the same
process, so this path has none of the sandbox's protections.  On Gradescope
the zip's run script grades with the sandbox instead (seqkit.gradescope).
"""


def check(assignment, name, env):
    """Raise AssertionError with the student-facing explanation unless `name` passes."""
    from seqkit.assignment import Assignment
    from seqkit.hidden.framework import run_question
    from seqkit.sandbox.inprocess import InProcessStudent

    q = next(q for q in Assignment.load(assignment).hidden_questions() if q.name == name)
    verdict = run_question(q, InProcessStudent(env))
    if verdict.points < verdict.possible:
        raise AssertionError(verdict.feedback)
