"""The hidden tests themselves: references pass, feedback is readable, grading is deterministic."""
import dataclasses
import importlib
import os
import subprocess
import sys

import numpy as np
import pytest

from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.hidden.framework import explain_flaky, run_question
from seqkit.sandbox import codec
from seqkit.sandbox.child import otter_stub, run_cells
from seqkit.sandbox.inprocess import InProcessStudent
from seqkit.sandbox.notebook import code_cells


def reference_namespace(assignment):
    ref = importlib.import_module(f"seqkit.{assignment}")
    hidden = importlib.import_module(f"seqkit.hidden.{assignment}")
    return {q.name: getattr(ref, q.name) for q in hidden.QUESTIONS}, hidden.QUESTIONS


class CallLog(InProcessStudent):
    """The reference namespace as a student that writes down every request it is sent."""

    def __init__(self, namespace):
        super().__init__(namespace)
        self.sent = []

    def request(self, request, seconds=None, on_callback=None):
        # a Keras cell's handle counts the cells this process made: not a drawn value
        drawn = {k: v for k, v in request.items() if k != "handle"}
        self.sent.append(codec.encode(codec.to_plain(drawn)))
        return super().request(request, seconds, on_callback)


@pytest.mark.parametrize("assignment", paths.NAMES)
def test_references_pass_every_hidden_test_and_replays_call_as_hypothesis_does(assignment):
    # Where a hidden test compares with the reference, this compares it with itself
    # and proves only that the checks around the comparison (shapes, dtypes, the same
    # answer twice) accept it; the references' correctness is proven against outside
    # oracles (test_references_oracles.py, test_genz_integrals.py).  It matters most
    # where the hidden test checks properties alone: fit_and_evaluate, the Keras cells.
    namespace, questions = reference_namespace(assignment)
    # a passing answer is checked on examples drawn once and replayed (framework.Replayed):
    # it must be sent what hypothesis' own runs of the tests send it.  Two students, as some
    # tests keep a student's answers (forecast's fit_forecaster)
    replayed, hypothesis = CallLog(namespace), CallLog(namespace)
    for q in questions:
        verdict = run_question(q, replayed)
        assert verdict.points == verdict.possible, (q.name, verdict.feedback)
        for test in q.runs:
            getattr(test, "test", test)(hypothesis)  # a Replayed's hypothesis test, or itself
        assert hypothesis.sent == replayed.sent != [], q.name
        replayed.sent, hypothesis.sent = [], []


@pytest.mark.quick
def test_failure_shows_a_small_shrunk_counterexample():
    namespace, questions = reference_namespace("rnn")
    namespace["rnn_step"] = lambda x, h, W, U, b: np.tanh(x @ W + h @ U.T + b)
    q = next(q for q in questions if q.name == "rnn_step")
    verdict = run_question(q, InProcessStudent(namespace))
    assert verdict.points == 0
    assert "expected" in verdict.feedback and "got" in verdict.feedback
    assert "largest difference" in verdict.feedback
    assert "Traceback" not in verdict.feedback
    # shrunk: one row of input, not the larger pinned example
    assert "x_t = float" in verdict.feedback and "(1, 1)" in verdict.feedback


@pytest.mark.quick
def test_a_wrong_answer_gets_the_verdict_of_hypothesis_alone():
    # the replay hands a failure to hypothesis, which finds and shrinks it as if alone
    namespace, questions = reference_namespace("lstm")
    right = namespace["lstm_step"]

    def wrong_on_some(*args):  # right where no cell state passes 2: the first 7 examples
        h, c = right(*args)
        return h, np.where(np.abs(c) > 2, 0.0, c)
    namespace["lstm_step"] = wrong_on_some
    q = next(q for q in questions if q.name == "lstm_step")
    alone = dataclasses.replace(q, runs=tuple(getattr(test, "test", test) for test in q.runs))
    replayed, by_hypothesis = (run_question(x, InProcessStudent(namespace)) for x in (q, alone))
    assert replayed.points == 0 and "largest difference" in replayed.feedback
    assert replayed == by_hypothesis


class SwappedFits:
    """A student whose every fit_and_evaluate returns (max, mean): it counts the fits asked."""

    def __init__(self):
        self.asked = 0

    def request(self, request, seconds=None, on_callback=None):
        self.asked += 1
        return 0.6, 0.5


@pytest.mark.quick
def test_a_failing_fit_is_trained_once_though_hypothesis_runs_it_again():
    # hypothesis runs a failing example once more before it reports it; each fit trains a
    # model, so the body reads the answer it kept (framework.KeptAnswers)
    _, questions = reference_namespace("genz")
    q = next(q for q in questions if q.name == "fit_and_evaluate")
    student = SwappedFits()
    verdict = run_question(q, student)
    assert verdict.points == 0 and "mean 0.6 and max 0.5" in verdict.feedback
    assert student.asked == 1


@pytest.mark.quick
def test_student_exception_is_reported_in_one_line():
    namespace, questions = reference_namespace("attention")

    def broken(T):
        raise KeyError("oops")
    namespace["causal_mask"] = broken
    q = next(q for q in questions if q.name == "causal_mask")
    verdict = run_question(q, InProcessStudent(namespace))
    assert verdict.points == 0
    assert "KeyError" in verdict.feedback and verdict.summary == "raised KeyError"


def test_system_exit_inside_a_call_costs_only_that_question():
    namespace, questions = reference_namespace("lstm")

    def quits(z):
        raise SystemExit(0)
    namespace["sigmoid"] = quits
    student = InProcessStudent(namespace)
    verdicts = {q.name: run_question(q, student) for q in questions}
    assert verdicts["sigmoid"].points == 0
    assert "SystemExit" in verdicts["sigmoid"].feedback
    # every other question still runs, in the same process, and keeps its points
    assert len(verdicts) == len(questions) > 1
    for name, v in verdicts.items():
        if name != "sigmoid":
            assert v.points == v.possible > 0, (name, v.feedback)


def test_nondeterministic_answer_is_called_out():
    namespace, questions = reference_namespace("genz")
    calls = []

    def flaky(w):
        # wrong on its third call only: hypothesis sees a failure, replays the
        # same input, and gets the right answer
        calls.append(1)
        return w / np.sum(w) + (len(calls) == 3) * 1e-3
    namespace["normalize_w"] = flaky
    q = next(q for q in questions if q.name == "normalize_w")
    verdict = run_question(q, InProcessStudent(namespace))
    assert len(calls) > 3  # it was called again after the wrong answer
    assert verdict.points == 0 and verdict.summary == "not deterministic"
    assert verdict.feedback == explain_flaky()
    assert "different answers when called twice with the same input" in verdict.feedback


SCRIPT = """
import os, importlib, numpy as np
for extra in filter(None, os.environ.get("EXTRA_IMPORTS", "").split(",")):
    importlib.import_module(extra)
from seqkit.hidden.rnn import QUESTIONS
from seqkit.hidden.framework import explain_flaky, run_question
from seqkit.sandbox.inprocess import InProcessStudent
from seqkit import rnn
ns = {q.name: getattr(rnn, q.name) for q in QUESTIONS}
ns["rnn_forward"] = lambda xs, h0, W, U, b: np.stack(
    [np.tanh(xs[:, t] @ W + h0 @ U + b) for t in range(xs.shape[1])], 1)
q = [q for q in QUESTIONS if q.name == "rnn_forward"][0]
print(run_question(q, InProcessStudent(ns)).feedback)
"""


def test_feedback_is_identical_across_runs_ci_variable_and_imports():
    # Hypothesis seeds draws with constants from imported local modules unless
    # seqkit switches that off; the extra imports here would change them.
    outputs = []
    for extra in ({}, {"CI": "true"}, {"CI": "1", "HYPOTHESIS_PROFILE": "ci"},
                  {"EXTRA_IMPORTS": "seqkit.grading.report,seqkit.examples,seqkit.build"}):
        env = {**os.environ, **extra}
        done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                              env=env, cwd=paths.ROOT, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert len(set(outputs)) == 1
    assert "rnn_forward gave a wrong answer" in outputs[0]


@pytest.mark.parametrize("assignment", paths.NAMES)
def test_solution_notebook_gets_full_marks_from_every_hidden_test(assignment, monkeypatch):
    """Every answer is written twice: in solutions/<name>.ipynb, what students are
    taught, and in seqkit/<name>.py, what the hidden tests compare with.  Graded on
    the notebook's own functions, at every input the hidden tests draw, the two agree."""
    cells = code_cells((paths.SOLUTIONS / f"{assignment}.ipynb").read_bytes(), assignment)
    monkeypatch.setitem(sys.modules, "otter", otter_stub())
    namespace = {"__name__": "__main__"}
    assert run_cells(cells, namespace, 600) == []
    student = InProcessStudent(namespace)
    for q in Assignment.load(assignment).hidden_questions():
        verdict = run_question(q, student)
        assert verdict.points == verdict.possible > 0, (q.name, verdict.feedback)
