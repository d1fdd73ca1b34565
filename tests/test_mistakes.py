"""Issue 12: the known-mistake catalogues of rnn, lstm and attention, proved against themselves.

Every mistaken variant is planted as a student's answer (in this process,
through the wire format): the diagnosis must name exactly that mistake, and
the reference planted the same way must get none on the same failing
example; a sample also goes through the hidden test itself, which must catch
it.  No TensorFlow: a Keras cell's answer comes straight from its variant
(how the grader runs a cell is the business of tests/test_sandbox.py).
"""
import dataclasses

import pytest

from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.hidden.framework import run_question
from seqkit.mistakes import catalogues
from seqkit.mistakes.attention import HeadCase
from seqkit.mistakes.base import outcome, diagnose, same
from seqkit.mistakes.rnn import shapes, weight_shapes
from seqkit.sandbox.inprocess import InProcessStudent

# the variants reproduce a student's numerics, overflow and 0 / 0 included
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

# Every assignment's catalogues are checked for shape here; their variants are planted
# through DRAWN below, except where the catalogue's arguments are not the hidden test's
# (those assignments' diagnosis is proved elsewhere, named here).
PLANTED_ELSEWHERE = {"genz": "tests/test_diagnosis.py",
                     "forecast": "the corpus, tests/test_corpus.py",
                     # its gradient, sampling and training questions run through ops and
                     # callbacks (seqkit/sandbox/ops.py) that the planted student does not drive
                     "language": "the corpus, tests/test_corpus.py"}
PLANTABLE = tuple(a for a in paths.NAMES if a not in PLANTED_ELSEWHERE)
CELLS = ("MyRNNCell", "MyLSTMCell")

# How the hidden tests call each function -> the catalogue's drawn arguments.
DRAWN = {
    "softmax": lambda z, axis=-1: {"case": (z, axis)},
    "sigmoid": lambda z: {"z": z},
    "causal_mask": lambda T: {"T": T},
    "positional_encoding": lambda T, d_model: {"T": T, "d_model": d_model},
    "clip_by_global_norm": lambda grads, max_norm: {"case": (grads, max_norm)},
    "attention_head": lambda X, W_q, W_k, W_v, mask=None:
        {"case": HeadCase(X, W_q, W_k, W_v, W_o=None, num_heads=None, mask=mask)},
}


def _as_returned(question, answer):
    """A student's return value giving this catalogue answer."""
    if question == "causal_mask":  # the catalogue answers (is it boolean, values)
        is_bool, values = answer
        return values.astype(bool) if is_bool else values
    return answer


class PlantedStudent(InProcessStudent):
    """A notebook whose answer to `question` is `fn(**drawn)` (a variant or the reference)."""

    def __init__(self, question, fn):
        def answer(*args, **kwargs):
            drawn = DRAWN.get(question, lambda *a: {"case": a})(*args, **kwargs)
            return _as_returned(question, fn(**drawn))
        super().__init__({question: answer})
        self.fn = fn


def _catalogue(q):
    """The question's catalogue; a cell's answer is its planted function's, in-process."""
    if q.name in CELLS:
        return dataclasses.replace(q.catalogue, answer=lambda student, case: student.fn(case=case))
    return q.catalogue


def _questions(assignment):
    return {q.name: q for q in Assignment.load(assignment).hidden_questions()}


QUESTIONS = {a: _questions(a) for a in paths.NAMES}
PLANTED = [(a, q.name, m.id) for a in PLANTABLE for q in QUESTIONS[a].values()
           for m in q.catalogue.mistakes if m.variant is not None]


@pytest.mark.quick
@pytest.mark.parametrize("assignment", paths.NAMES)
def test_every_autograded_question_has_a_catalogue(assignment):
    names = list(Assignment.load(assignment).points)
    assert sorted(catalogues(assignment)) == sorted(names)
    for q in QUESTIONS[assignment].values():
        assert q.catalogue is not None and q.catalogue.question == q.name
        assert q.catalogue.mistakes, f"{q.name}: an empty catalogue"


@pytest.mark.quick
@pytest.mark.parametrize("assignment", paths.NAMES)
def test_mistake_ids_are_unique_and_described(assignment):
    for q in QUESTIONS[assignment].values():
        ids = [m.id for m in q.catalogue.mistakes]
        assert len(ids) == len(set(ids)), f"{q.name}: duplicate ids"
        for m in q.catalogue.mistakes:
            assert m.id == m.id.strip() and "~" not in m.id and " " not in m.id
            assert len(m.description) > 20 and m.description.endswith("."), m.id


def _pinned(q):
    """The drawn arguments of the hidden test's pinned @example cases."""
    examples = getattr(q.runs[-1], "hypothesis_explicit_examples", [])
    return [dict(e.kwargs) for e in examples] or [{"T": 5}]  # causal_mask has none


def _failing(q, variant):
    """The first pinned case or probe where the variant is wrong: a failing example."""
    pinned = _pinned(q)
    for case in pinned + list(q.catalogue.probes(**pinned[0])):
        if not same(outcome(variant, **case), outcome(q.catalogue.reference, **case)):
            return case
    raise AssertionError("the variant is right on every pinned case and probe")


@pytest.mark.parametrize("assignment,question,mistake_id", PLANTED)
def test_planted_variant_is_named(assignment, question, mistake_id):
    q = QUESTIONS[assignment][question]
    mistake = q.catalogue.find(mistake_id)
    failing = _failing(q, mistake.variant)
    found = diagnose(_catalogue(q), PlantedStudent(question, mistake.variant), failing)
    assert found is not None and found.id == mistake_id, \
        f"diagnosed as {found and found.id}: another variant fits as well, or none does"
    # the same failing example, answered right: nothing to name
    assert diagnose(_catalogue(q), PlantedStudent(question, q.catalogue.reference), failing) is None


# Through the hidden test itself (hypothesis' shrunk counterexample, then the
# diagnosis): the first two of every catalogue but the cells', to stay fast.
GRADED = [(a, q.name, m.id) for a in PLANTABLE for q in QUESTIONS[a].values()
          if q.name not in CELLS
          for m in [m for m in q.catalogue.mistakes if m.variant is not None][:2]]


@pytest.mark.parametrize("assignment,question,mistake_id", GRADED)
def test_planted_variant_is_caught_and_named(assignment, question, mistake_id):
    q = QUESTIONS[assignment][question]
    mistake = q.catalogue.find(mistake_id)
    verdict = run_question(q, PlantedStudent(question, mistake.variant))
    assert verdict.points < verdict.possible, "the hidden test misses this mistake"
    assert verdict.mistake is not None, f"not recognised:\n{verdict.feedback[:800]}"
    assert verdict.mistake.id == mistake_id
    assert verdict.feedback.startswith(f"Likely mistake: {mistake.description}")


@pytest.mark.parametrize("assignment", PLANTABLE)
def test_planting_is_faithful(assignment):
    """The reference planted answers as the reference: a planted answer is its function's."""
    for name, q in QUESTIONS[assignment].items():
        planted = PlantedStudent(name, q.catalogue.reference)
        for case in _pinned(q)[:1] + list(q.catalogue.probes(**_pinned(q)[0])):
            assert same(outcome(_catalogue(q).answer, planted, **case),
                        outcome(q.catalogue.reference, **case)), name


@pytest.mark.quick
def test_cell_weight_shapes_are_read_from_the_graders_message():
    unrolled = ("MyRNNCell(2), built for inputs (batch, 3), has weights of shapes [(2,), (3, 2), "
                "(2, 2)] (get_weights()); kernel, recurrent_kernel, bias should be ...")
    assert same(weight_shapes(unrolled), shapes((3, 2), (2, 2), (2,)))  # any order reads the same
    assert weight_shapes("ValueError: matmul: Input operand 1 has a mismatch") is None
    assert weight_shapes("has weights of shapes None (get_weights())") is None
