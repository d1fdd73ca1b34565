"""Issue 21, in-process: error carried forward (seqkit.grading.carry).

A notebook's cells run here (no sandbox), and every call, argument and
callback still passes through the wire format (InProcessStudent).  The
sandboxed path, and attacks on it, are in tests/test_grading.py and
tests/hostile/carry.py.
"""
import dataclasses
import textwrap

import numpy as np
import pytest

from seqkit import attention as attention_ref
from seqkit import genz as genz_ref
from seqkit import rnn as rnn_ref
from seqkit.assignment import Assignment
from seqkit.grading import carry
from seqkit.hidden.framework import run_question
from seqkit.sandbox.inprocess import InProcessStudent
from seqkit.sandbox.ops import StudentError

HEAD = "import numpy as np\n"
RIGHT_STEP = """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(np.asarray(x_t) @ W_xh + np.asarray(h_prev) @ W_hh + b_h)
"""
TRANSPOSED_STEP = """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(np.asarray(x_t) @ W_xh + np.asarray(h_prev) @ np.transpose(W_hh) + b_h)
"""
RIGHT_FORWARD = """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = np.asarray(h0), []
    for t in range(np.shape(xs)[1]):
        h = rnn_step(np.asarray(xs)[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""
STATE_NOT_CARRIED = RIGHT_FORWARD.replace("h = rnn_step(np.asarray(xs)[:, t], h,",
                                          "h = rnn_step(np.asarray(xs)[:, t], h0,")
INLINED_FORWARD = """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = np.asarray(h0), []
    for t in range(np.shape(xs)[1]):
        h = np.tanh(np.asarray(xs)[:, t] @ W_xh + h @ W_hh.T + b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""
THROUGH_A_HELPER = """
def _one_step(x, h, *weights):
    return rnn_step(x, h, *weights)

def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = np.asarray(h0), []
    for t in range(np.shape(xs)[1]):
        h = _one_step(np.asarray(xs)[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""


def cells(*sources):
    return [HEAD] + [textwrap.dedent(s) for s in sources]


class Notebook:
    """Cells run in this process, afresh at every start, like a sandboxed student."""

    def __init__(self, cells, log):
        self.cells, self.log, self.student, self.deadline = cells, log, None, None

    def start(self):
        namespace = {"__name__": "__main__"}
        for source in self.cells:
            exec(compile(source, "<cell>", "exec"), namespace)
        self.student = InProcessStudent(namespace)
        self.log.append(namespace)

    def call(self, name, *args, seconds=None, **kwargs):
        return self.student.call(name, *args, **kwargs)

    def request(self, request, seconds=None, on_callback=None):
        return self.student.request(request, seconds, on_callback)

    def close(self):
        self.student = None


RNN = [q for q in Assignment.load("rnn").hidden_questions() if q.name in ("rnn_step", "rnn_forward")]


def grade(questions, notebook_cells, share=1.0):
    """-> ({name: verdict}, [namespace of each regrade]), graded as the worker grades."""
    started = []
    first = Notebook(notebook_cells, [])
    first.start()
    verdicts = [run_question(q, first) for q in questions]
    verdicts = carry.carry_forward(questions, verdicts, notebook_cells, share,
                                   lambda: Notebook(notebook_cells, started), 120)
    return {v.name: v for v in verdicts}, started


@pytest.mark.quick
def test_right_given_the_failing_step_earns_the_points_in_one_line():
    verdicts, regrades = grade(RNN, cells(TRANSPOSED_STEP, RIGHT_FORWARD))
    step, forward = verdicts["rnn_step"], verdicts["rnn_forward"]
    assert step.points == 0 and step.mistake.id == "recurrent-transposed"
    assert (forward.points, forward.possible) == (3, 3)
    assert forward.feedback == "right given your `rnn_step`; points carried forward"
    assert forward.carried_from == ("rnn_step",) and forward.mistake is None
    assert len(regrades) == 1  # one fresh notebook, for rnn_forward alone


@pytest.mark.parametrize("share,points,line", [
    (0.5, 1.5, "right given your `rnn_step`; 1.5 of 3 points carried forward"),
    (0.0, 0.0, None),
])
def test_the_share_is_the_instructors(share, points, line):
    verdicts, regrades = grade(RNN, cells(TRANSPOSED_STEP, RIGHT_FORWARD), share)
    forward = verdicts["rnn_forward"]
    assert forward.points == points
    if line is None:  # none: nothing regraded, the failure stands as it was
        assert regrades == [] and not forward.carried_from and "expected" in forward.feedback
    else:
        assert forward.feedback == line and forward.carried_from == ("rnn_step",)


def test_a_forward_with_its_own_mistake_still_fails():
    verdicts, regrades = grade(RNN, cells(TRANSPOSED_STEP, STATE_NOT_CARRIED))
    assert len(regrades) == 1  # graded again, and still wrong
    forward = verdicts["rnn_forward"]
    assert forward.points == 0 and not forward.carried_from
    assert "rnn_forward gave a wrong answer" in forward.feedback  # its first grading stands


def test_code_that_never_calls_the_dependency_is_not_regraded():
    verdicts, regrades = grade(RNN, cells(TRANSPOSED_STEP, INLINED_FORWARD))
    assert regrades == [] and verdicts["rnn_forward"].points == 0


def test_a_call_through_a_helper_of_the_notebook_counts():
    verdicts, _ = grade(RNN, cells(TRANSPOSED_STEP, THROUGH_A_HELPER))
    assert verdicts["rnn_forward"].points == 3


def test_a_right_step_means_nothing_to_carry():
    verdicts, regrades = grade(RNN, cells(RIGHT_STEP, STATE_NOT_CARRIED))
    assert regrades == [] and verdicts["rnn_forward"].points == 0


def test_the_stand_in_lives_only_while_the_regrade_runs():
    _, regrades = grade(RNN, cells(TRANSPOSED_STEP, RIGHT_FORWARD))
    (namespace,) = regrades
    assert namespace["rnn_step"].__code__.co_filename == "<cell>"  # the student's own, restored


ATTENTION_CHAIN = """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / np.sum(e)  # over every axis at once: the one mistake
def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = np.asarray(Q) @ np.swapaxes(K, -1, -2) / np.sqrt(np.shape(Q)[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
def attention_head(X, W_q, W_k, W_v, mask=None):
    X = np.asarray(X)
    return scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v, mask)
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d = np.shape(W_q)[1] // num_heads
    outs = [attention_head(X, W_q[:, m * d:(m + 1) * d], W_k[:, m * d:(m + 1) * d],
                           W_v[:, m * d:(m + 1) * d], mask)[0] for m in range(num_heads)]
    return np.concatenate(outs, axis=-1) @ W_o
"""


def test_a_chain_of_three_costs_only_the_function_that_holds_the_mistake():
    names = ("softmax", "scaled_dot_product_attention", "attention_head", "multi_head_attention")
    questions = [q for q in Assignment.load("attention").hidden_questions() if q.name in names]
    verdicts, regrades = grade(questions, cells(ATTENTION_CHAIN))
    assert {n: v.points for n, v in verdicts.items()} == {
        "softmax": 0, "scaled_dot_product_attention": 3, "attention_head": 2,
        "multi_head_attention": 3}
    # each names what its own code called: the reference stood in for it
    assert [verdicts[n].carried_from for n in names[1:]] == [
        ("softmax",), ("scaled_dot_product_attention",), ("attention_head",)]
    assert len(regrades) == 3


def test_dependencies_are_declared_once_and_closed_over():
    questions = Assignment.load("attention").hidden_questions()
    by_name = {q.name: q for q in questions}
    assert set(carry.dependencies(by_name["multi_head_attention"], by_name)) == {
        "attention_head", "scaled_dot_product_attention", "softmax"}
    assert carry.dependencies(by_name["softmax"], by_name) == {}
    assert by_name["attention_head"].uses == (attention_ref.scaled_dot_product_attention,)
    for name in ("rnn", "lstm", "genz", "forecast"):
        qs = Assignment.load(name).hidden_questions()
        names = {q.name for q in qs}
        for q in qs:  # every declared dependency is a question of the same assignment
            assert {fn.__name__ for fn in q.uses} <= names - {q.name}, (name, q.name)


def test_only_the_dependencies_that_failed_and_are_called_stand_in():
    questions = Assignment.load("attention").hidden_questions()
    failed = {"softmax", "scaled_dot_product_attention", "attention_head",
              "multi_head_attention"}
    verdicts = [dataclasses.replace(_verdict(q), points=0 if q.name in failed else q.points)
                for q in questions]
    source = cells("""
        def softmax(z, axis=-1): ...
        def scaled_dot_product_attention(Q, K, V, mask=None):
            return softmax(Q)
        def attention_head(X, W_q, W_k, W_v, mask=None):
            return scaled_dot_product_attention(X, X, X, mask)
        def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
            return np.zeros(3)
    """)
    plan = {q.name: sorted(given) for q, given in carry.regrades(questions, verdicts, source)}
    assert plan == {"scaled_dot_product_attention": ["softmax"],
                    "attention_head": ["scaled_dot_product_attention", "softmax"]}


def _verdict(q):
    from seqkit.hidden.framework import Verdict
    return Verdict(q.name, q.points, q.points)


# -- the grader's side: what a stand-in may get --------------------------------

def ask(references, source, name, *args):
    """Call `name` of a notebook holding `source`, with `references` standing in."""
    namespace = {"__name__": "__main__"}
    exec(HEAD + textwrap.dedent(source), namespace)
    return carry.WithReferences(InProcessStudent(namespace), references).call(name, *args)


def test_a_name_not_given_is_refused():
    refs = carry.References({"rnn_step": rnn_ref.rnn_step})
    source = """
        def rnn_step(*args): ...
        def cheat(x):
            ask = next(c.cell_contents for c in rnn_step.__closure__
                       if getattr(c.cell_contents, "__name__", "") == "ask")
            return ask({"callback": "reference", "name": "rnn_forward", "args": (x,), "kwargs": {}})
    """
    reply = ask(refs, source, "cheat", np.zeros((1, 1, 1)))
    assert "is not answered by the grader here (only rnn_step)" in reply["error"]
    assert refs.called == set()


def test_huge_arguments_are_refused_before_any_work():
    refs = carry.References({"rnn_step": rnn_ref.rnn_step})
    source = """
        def rnn_forward(n):
            return rnn_step(np.zeros((1, n)), np.zeros((1, 1)), np.zeros((n, 1)),
                            np.zeros((1, 1)), np.zeros(1))
    """
    with pytest.raises(StudentError, match="takes at most 1048576 per call"):
        ask(refs, source, "rnn_forward", 2**20)
    assert ask(refs, source, "rnn_forward", 10).shape == (1, 1)  # an honest size is answered


def test_memory_the_reference_would_need_is_bounded():
    # few elements in, 4 GiB out (an outer product): refused, the grader unharmed
    refs = carry.References({"rnn_step": rnn_ref.rnn_step})
    source = """
        def rnn_forward(n, m):
            return rnn_step(np.ones((n, 1)), np.ones((n, 1)), np.ones((1, m)), np.ones((1, m)),
                            np.ones(m))
    """
    with pytest.raises(StudentError, match="need more memory than the grader gives one call"):
        ask(refs, source, "rnn_forward", 2**16, 2**13)


def test_all_calls_together_are_bounded(monkeypatch):
    monkeypatch.setattr(carry, "MAX_REGRADE_ELEMENTS", 50)
    refs = carry.References({"rnn_step": rnn_ref.rnn_step})
    source = """
        def rnn_forward(n):
            for _ in range(n):  # 5 elements a call
                rnn_step(np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)),
                         np.zeros(1))
    """
    ask(refs, source, "rnn_forward", 10)
    with pytest.raises(StudentError, match="more than 50 array elements sent to the grader"):
        ask(refs, source, "rnn_forward", 1)


def test_what_the_reference_raises_is_raised_in_the_students_code():
    refs = carry.References({"genz_budget": genz_ref.genz_budget})
    source = """
        def normalize_c(c, family):
            try:
                genz_budget("banana", 2)
            except ValueError as exc:
                return str(exc)
    """
    assert "unknown Genz family 'banana'" in ask(refs, source, "normalize_c", np.ones(2), "x")


def test_the_families_dict_gets_the_stand_in_too():
    refs = carry.References({"oscillatory": genz_ref.oscillatory})
    namespace = {"__name__": "__main__"}
    exec(HEAD + "def oscillatory(x, c, w):\n    return np.zeros(len(x))\n"
         "GENZ_FAMILIES = {'oscillatory': oscillatory}\n", namespace)
    x, c, w = np.full((2, 2), 0.3), np.array([1.0, 2.0]), np.array([0.1, 0.5])
    student = carry.WithReferences(InProcessStudent(namespace), refs)
    got = student.request({"op": "family", "name": "oscillatory", "args": (x, c, w)})
    np.testing.assert_allclose(got, genz_ref.oscillatory(x, c, w))
    assert namespace["GENZ_FAMILIES"]["oscillatory"](x, c, w).tolist() == [0, 0]


@pytest.mark.parametrize("text,share", [("full", 1.0), ("none", 0.0), ("0.25", 0.25)])
def test_carry_forward_option(text, share):
    assert carry.parse_carry_forward(text) == share


@pytest.mark.parametrize("text", ["1.5", "-0.1", "half", "nan"])
def test_carry_forward_option_refuses_nonsense(text):
    with pytest.raises(ValueError, match="expected full, none or a fraction"):
        carry.parse_carry_forward(text)
