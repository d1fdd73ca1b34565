"""One grading worker: grades submissions one after another.

It is forked from the warm main process.  Its first act is to fork a clean
spawner (for student processes), and only then does it import the hidden
tests and references, so no student process ever inherits them.
"""
import pickle
import time

from seqkit.grading.limits import MAX_RESTARTS
from seqkit.i18n import _
from seqkit.sandbox import codec
from seqkit.sandbox.notebook import InvalidSubmission, code_cells
from seqkit.sandbox.spawner import SandboxedStudent, Spawner, SubmissionDied


def worker_main(sock, assignment, limits, hide):
    """Serve grading tasks of `assignment` (an Assignment) on sock until it closes; never
    returns."""
    import os
    spawner = Spawner()
    questions = assignment.hidden_questions()  # the references: only after the spawner forked
    try:
        while True:
            try:
                sub = pickle.loads(codec.recv(sock))  # from the main process: trusted
            except EOFError:
                break
            result = grade(spawner, questions, sub, limits, hide)
            codec.send(sock, pickle.dumps(result))
    finally:
        spawner.close()
        os._exit(0)


def empty_result(questions, status, reason, problems=()):
    """The result of a submission that was not graded: 0 for every question (anything with
    .name and .points: Assignment.questions or the hidden tests)."""
    return {"status": status, "reason": reason, "total": 0.0,
            "possible": float(sum(q.points for q in questions)),
            "questions": {q.name: {"points": 0.0, "possible": q.points,
                                   "feedback": reason, "summary": status} for q in questions},
            "problems": list(problems), "seconds": 0.0}


def grade(spawner, questions, sub, limits, hide):
    """-> result dict (status, reason, total, possible, questions, problems, seconds)."""
    start = time.monotonic()
    if sub.problem:
        result = empty_result(questions, "invalid", sub.problem)
    else:
        try:
            cells = code_cells(sub.content, sub.source)
        except InvalidSubmission as exc:
            result = empty_result(questions, "invalid", str(exc))
        else:
            result = _run(spawner, questions, cells, limits, hide)
    result["seconds"] = round(time.monotonic() - start, 3)
    return result


def _run(spawner, questions, cells, limits, hide):
    student = SandboxedStudent(spawner, cells, limits, hide)
    try:
        problems = student.start()
    except SubmissionDied as exc:
        return empty_result(questions, exc.status, exc.reason)
    from seqkit.hidden.framework import Verdict, run_question
    verdicts, restarts = [], 0
    for q in questions:
        if not student.alive:
            if restarts == MAX_RESTARTS:
                verdicts.append(Verdict(q.name, 0, q.points, "not graded: the notebook's "
                                        "process died too often", "process died"))
                continue
            restarts += 1
            try:
                student.start()
            except SubmissionDied as exc:
                verdicts.append(Verdict(q.name, 0, q.points, exc.reason, exc.status))
                continue
        student.deadline = time.monotonic() + limits["question_seconds"]
        try:
            verdicts.append(run_question(q, student))
        except SubmissionDied as exc:
            verdicts.append(Verdict(q.name, 0, q.points, f"{q.name}: {exc.reason}", exc.status))
    student.close()
    if limits["carry_forward"] > 0:
        from seqkit.grading.carry import carry_forward
        verdicts = carry_forward(questions, verdicts, cells, limits["carry_forward"],
                                 lambda: SandboxedStudent(spawner, cells, limits, hide),
                                 limits["question_seconds"])
    return {"status": "graded", "reason": "", "problems": problems,
            "total": float(sum(v.points for v in verdicts)),
            "possible": float(sum(v.possible for v in verdicts)),
            "questions": {v.name: {"points": float(v.points), "possible": v.possible,
                                   "feedback": v.feedback, "summary": v.summary,
                                   "mistake": v.mistake and v.mistake.id,
                                   "mistake_description": v.mistake and _(v.mistake.description),
                                   **({"carried_from": list(v.carried_from)}
                                      if v.carried_from else {})}
                          for v in verdicts}}
