"""Hidden tests of the language assignment's gradients.

numerical_gradient is asked with an f the grader lends (GraderFunction).  The
other gradients (embedding_backward, temporal_softmax_loss, rnn_step_backward,
rnn_backward) are compared with two oracles computed here, in float64, on the
very inputs the student's function got: TensorFlow's GradientTape and a
central-difference numerical gradient.  TensorFlow is imported on the first
gradient question only (the other questions never need it).
"""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import language as ref
from seqkit import rnn
from seqkit.hidden.framework import Mismatch, expect_close, expect_pair, question
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed

# ------------------------------------------------------------------ numerical_gradient

MAX_F_CALLS = 4  # per entry of x: a central difference needs 2


class GraderFunction:
    """f as numerical_gradient sees it: each call crosses from the student's process to here.

    f(z) = Σ w * sin(a * z) + (Σ c * z)² / 2 for z shaped like x, w, a, c fixed arrays:
    curved enough that a forward difference, or a step other than eps, shows.
    """

    def __init__(self, shape, seed=5):
        self.shape = tuple(shape)
        self.w = from_seed(self.shape, np.float64, 0.5, 2.0, seed)
        self.a = from_seed(self.shape, np.float64, 1.0, 3.0, seed + 1)
        self.c = from_seed(self.shape, np.float64, -1.0, 1.0, seed + 2)
        self.calls = 0

    def value(self, z):
        z = np.asarray(z, dtype=np.float64)
        return float(np.sum(self.w * np.sin(self.a * z)) + 0.5 * np.sum(self.c * z) ** 2)

    def __call__(self, message):
        z = message.get("x")
        if not isinstance(z, np.ndarray) or z.shape != self.shape:
            raise StudentError(_("f takes arrays shaped like x, {shape}; it was called with "
                                 "{got}").format(shape=self.shape,
                                                 got=getattr(z, "shape", type(z).__name__)))
        self.calls += 1
        if self.calls > MAX_F_CALLS * max(1, int(np.prod(self.shape))) + 2:
            raise StudentError(_("f was called more than {n} times per entry of x").format(
                n=MAX_F_CALLS))
        return self.value(z)


def ask_gradient(student, x, eps):
    """The student's numerical_gradient(f, x[, eps]) with the grader's f."""
    kwargs = {} if eps is None else {"eps": eps}
    return student.request({"op": "gradient", "what": "numerical_gradient", "args": (x,),
                            "kwargs": kwargs}, on_callback=GraderFunction(x.shape))


@st.composite
def gradient_cases(draw):
    shape = tuple(draw(st.lists(dims(1, 3), min_size=1, max_size=2)))
    x = draw(distinct_arrays(shape, np.float64, -1.5, 1.5, label="x"))
    eps = draw(st.one_of(st.none(), st.floats(1e-3, 0.2)))
    return x, eps


@question("numerical_gradient",
          case=gradient_cases())
@example(case=(from_seed((2, 3), np.float64, -1.5, 1.5, seed=31), 0.1))
@example(case=(from_seed((4,), np.float64, -1.5, 1.5, seed=32), None))
@example(case=(from_seed((3, 2), np.float64, -1.5, 1.5, seed=33), 0.05))
def numerical_gradient(student, case):
    x, eps = case
    what = "numerical_gradient(f, x" + ("" if eps is None else f", eps={eps!r}") + ")"
    try:
        got = ask_gradient(student, x, eps)
    except InputChanged as exc:
        raise Mismatch(str(exc), _("changed its input"), "x-not-restored") from None
    expected = ref.numerical_gradient(GraderFunction(x.shape).value, x,
                                      *(() if eps is None else (eps,)))
    expect_close(got, expected, _("{what} with the grader's {f}").format(
        what=what, f="f(z) = Σ w·sin(a·z) + (Σ c·z)²/2"), {"x": x})


# ------------------------------------------------------------------ oracles

def _tf():
    import os
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    return tf


def tape_gradients(loss_of, arrays):
    """GradientTape: the gradients of loss_of(*tensors) with respect to each array (float64)."""
    tf = _tf()
    tensors = [tf.constant(np.asarray(a, dtype=np.float64)) for a in arrays]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        loss = loss_of(tf, *tensors)
    return [np.asarray(tf.convert_to_tensor(g)) if g is not None else np.zeros(np.shape(a))
            for g, a in zip(tape.gradient(loss, tensors), arrays)]


def numeric_gradients(loss_of, arrays, eps=1e-6):
    """Central differences in float64 of loss_of(*arrays) with respect to each array."""
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    out = []
    for k, a in enumerate(arrays):
        def f(z, k=k):
            return loss_of(np, *(arrays[:k] + [z] + arrays[k + 1:]))
        out.append(ref.numerical_gradient(f, a, eps))
    return out


def expect_gradients(got, names, tape, numeric, what, inputs):
    for name, g, t in zip(names, got, tape):
        expect_close(g, t, _("{what}: {name} (compared with TensorFlow's GradientTape)")
                     .format(what=what, name=name), inputs)
    if numeric is not None:
        for name, g, n in zip(names, got, numeric):
            expect_close(g, n, _("{what}: {name} (compared with a central-difference numerical "
                                 "gradient in float64)").format(what=what, name=name), inputs)


# ------------------------------------------------------------------ embeddings

@st.composite
def embedding_cases(draw):
    dtype, batch, T, V, D = draw(dtypes()), draw(dims(1, 4)), draw(dims(1, 5)), \
        draw(dims(1, 6)), draw(dims(1, 4))
    ids = np.random.default_rng(draw(st.integers(0, 2**31 - 1))).integers(0, V, (batch, T))
    ids = ids.astype(draw(st.sampled_from([np.int64, np.int32])))
    return ids, draw(distinct_arrays((V, D), dtype, label="W_embed"))


def _repeats(batch=2, T=4, V=5, D=3, dtype=np.float64):
    ids = np.array([[1, 3, 1, 1], [0, 3, 1, 4]])[:batch, :T]
    return ids, from_seed((V, D), dtype, seed=41)


@question("embedding_forward",
          case=embedding_cases())
@example(case=_repeats())
@example(case=(np.array([[2]]), from_seed((3, 4), np.float32, seed=42)))
def embedding_forward(student, case):
    ids, W = case
    expect_close(student.call("embedding_forward", ids, W), ref.embedding_forward(ids, W),
                 "embedding_forward", {"ids": ids, "W_embed": W})


@st.composite
def embedding_backward_cases(draw):
    ids, W = draw(embedding_cases())
    d_out = draw(distinct_arrays(ids.shape + (W.shape[1],), W.dtype, -2, 2, label="d_out"))
    return d_out, ids, W.shape[0]


def _lookup_loss(d_out, ids):
    def loss(m, W):
        rows = m.gather(W, ids) if m is not np else W[ids]
        return m.reduce_sum(d_out * rows) if m is not np else float(np.sum(d_out * rows))
    return loss


@question("embedding_backward",
          case=embedding_backward_cases())
@example(case=(from_seed((2, 4, 3), np.float64, -2, 2, seed=43),) + (_repeats()[0], 6))
@example(case=(from_seed((1, 1, 2), np.float32, -2, 2, seed=44), np.array([[0]]), 3))
def embedding_backward(student, case):
    d_out, ids, V = case
    inputs = {"d_out": d_out, "ids": ids, "vocab_size": V}
    got = student.call("embedding_backward", *case)
    W = np.zeros((V, d_out.shape[-1]))
    loss = _lookup_loss(np.asarray(d_out, np.float64), ids)
    expect_gradients([got], ["dW_embed"], tape_gradients(loss, [W]),
                     numeric_gradients(loss, [W]), "embedding_backward", inputs)


# ------------------------------------------------------------------ temporal_softmax_loss

def _softmax_loss(targets, mask):
    n = float(mask.sum())

    def loss(m, scores):
        if m is np:
            return ref.temporal_softmax_loss(scores, targets, mask)[0]
        per = m.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=scores)
        return m.reduce_sum(per * mask.astype(np.float64)) / n
    return loss


@st.composite
def softmax_loss_cases(draw):
    dtype, batch, T, V = draw(dtypes()), draw(dims(1, 4)), draw(dims(1, 5)), draw(dims(2, 6))
    scores = draw(distinct_arrays((batch, T, V), dtype, -4, 4, label="scores"))
    targets = np.random.default_rng(draw(st.integers(0, 2**31 - 1))).integers(0, V, (batch, T))
    mask = draw(st.one_of(st.none(), st.lists(st.booleans(), min_size=batch * T,
                                              max_size=batch * T)))
    if mask is not None:
        mask = np.array(mask).reshape(batch, T)
        mask.flat[draw(st.integers(0, batch * T - 1))] = True
    return scores, targets, mask


def _fixed_softmax(batch=2, T=3, V=4, dtype=np.float64, scale=4.0, mask=True):
    scores = from_seed((batch, T, V), dtype, -scale, scale, seed=51)
    targets = np.array([[1, 0, 3], [2, 2, 0]])[:batch, :T]
    m = np.array([[True, True, False], [True, False, False]])[:batch, :T] if mask else None
    return scores, targets, m


@question("temporal_softmax_loss",
          case=softmax_loss_cases())
@example(case=_fixed_softmax())
@example(case=_fixed_softmax(mask=False))
@example(case=_fixed_softmax(1, 1, 3, np.float32, mask=False))
@example(case=_fixed_softmax(scale=1000.0))
def temporal_softmax_loss(student, case):
    scores, targets, mask = case
    inputs = {"scores": scores, "targets": targets, "mask": mask}
    args = case if mask is not None else (scores, targets)
    got = expect_pair(student.call("temporal_softmax_loss", *args), 2,
                      "temporal_softmax_loss")
    full = np.ones(targets.shape, bool) if mask is None else mask
    loss = _softmax_loss(targets, full)
    tf = _tf()
    expected = float(loss(tf, tf.constant(np.asarray(scores, np.float64))))
    expect_close(got[0], expected, _("{what}: the loss (compared with {oracle})").format(
        what="temporal_softmax_loss", oracle="tf.nn.sparse_softmax_cross_entropy_with_logits"),
        inputs)
    # a finite difference of a loss of size 1000 loses its digits: the tape alone there
    numeric = numeric_gradients(loss, [scores]) if np.max(np.abs(scores)) <= 10 else None
    expect_gradients([got[1]], ["d_scores"], tape_gradients(loss, [scores]), numeric,
                     "temporal_softmax_loss", inputs)


# ------------------------------------------------------------------ backpropagation through time

STEP_NAMES = ("d_h", "x_t", "h_prev", "W_xh", "W_hh", "b_h")
STEP_GRADS = ("dx_t", "dh_prev", "dW_xh", "dW_hh", "db_h")
BACKWARD_NAMES = ("d_hs", "xs", "h0", "W_xh", "W_hh", "b_h")
BACKWARD_GRADS = ("dxs", "dh0", "dW_xh", "dW_hh", "db_h")


@st.composite
def rnn_weights(draw, dtype, input_dim, units):
    return (draw(distinct_arrays((input_dim, units), dtype, -0.7, 0.7, label="W_xh")),
            draw(distinct_arrays((units, units), dtype, -0.7, 0.7, label="W_hh")),
            draw(distinct_arrays((units,), dtype, -0.5, 0.5, min_magnitude=0.05, label="b_h")))


def fixed_weights(input_dim, units, dtype=np.float64, seed=60):
    return (from_seed((input_dim, units), dtype, -0.7, 0.7, seed=seed),
            from_seed((units, units), dtype, -0.7, 0.7, seed=seed + 1),
            from_seed((units,), dtype, 0.1, 0.5, seed=seed + 2))


@st.composite
def step_backward_cases(draw):
    dtype, batch, input_dim, units = draw(dtypes()), draw(dims(1, 4)), draw(dims(1, 4)), \
        draw(dims(1, 4))
    return (draw(distinct_arrays((batch, units), dtype, -1, 1, label="d_h")),
            draw(distinct_arrays((batch, input_dim), dtype, -1, 1, label="x_t")),
            draw(distinct_arrays((batch, units), dtype, -1, 1, label="h_prev"))) \
        + draw(rnn_weights(dtype, input_dim, units))


def fixed_step(batch, input_dim, units, dtype=np.float64):
    return (from_seed((batch, units), dtype, -1, 1, seed=61),
            from_seed((batch, input_dim), dtype, -1, 1, seed=62),
            from_seed((batch, units), dtype, -1, 1, seed=63)) + fixed_weights(input_dim, units,
                                                                              dtype)


def _step_loss(d_h):
    def loss(m, x, h, W, U, b):
        if m is np:
            return float(np.sum(d_h * rnn.rnn_step(x, h, W, U, b)))
        return m.reduce_sum(d_h * m.tanh(x @ W + h @ U + b))
    return loss


@question("rnn_step_backward",
          case=step_backward_cases())
@example(case=fixed_step(2, 3, 4))
@example(case=fixed_step(3, 3, 3))
@example(case=fixed_step(1, 2, 1, np.float32))
def rnn_step_backward(student, case):
    inputs = dict(zip(STEP_NAMES, case))
    got = expect_pair(student.call("rnn_step_backward", *case), 5, "rnn_step_backward")
    loss = _step_loss(np.asarray(case[0], np.float64))
    expect_gradients(got, STEP_GRADS, tape_gradients(loss, case[1:]),
                     numeric_gradients(loss, case[1:]), "rnn_step_backward", inputs)


@st.composite
def backward_cases(draw):
    dtype, batch, T, input_dim, units = draw(dtypes()), draw(dims(1, 3)), draw(dims(1, 4)), \
        draw(dims(1, 4)), draw(dims(1, 4))
    return (draw(distinct_arrays((batch, T, units), dtype, -1, 1, label="d_hs")),
            draw(distinct_arrays((batch, T, input_dim), dtype, -1, 1, label="xs")),
            draw(distinct_arrays((batch, units), dtype, -1, 1, label="h0"))) \
        + draw(rnn_weights(dtype, input_dim, units))


def fixed_backward(batch, T, input_dim, units, dtype=np.float64):
    return (from_seed((batch, T, units), dtype, -1, 1, seed=71),
            from_seed((batch, T, input_dim), dtype, -1, 1, seed=72),
            from_seed((batch, units), dtype, -1, 1, seed=73)) + fixed_weights(input_dim, units,
                                                                              dtype)


def _sequence_loss(d_hs):
    def loss(m, xs, h0, W, U, b):
        if m is np:
            return float(np.sum(d_hs * rnn.rnn_forward(xs, h0, W, U, b)))
        h, total = h0, 0.0
        for t in range(xs.shape[1]):
            h = m.tanh(xs[:, t] @ W + h @ U + b)
            total += m.reduce_sum(d_hs[:, t] * h)
        return total
    return loss


@question("rnn_backward",
          case=backward_cases())
@example(case=fixed_backward(2, 4, 3, 2))
@example(case=fixed_backward(2, 3, 3, 3))
@example(case=fixed_backward(1, 1, 2, 3, np.float32))
@example(case=(np.zeros((2, 3, 2)),) + fixed_backward(2, 3, 2, 2)[1:])  # no gradient at all
def rnn_backward(student, case):
    inputs = dict(zip(BACKWARD_NAMES, case))
    got = expect_pair(student.call("rnn_backward", *case), 5, "rnn_backward")
    loss = _sequence_loss(np.asarray(case[0], np.float64))
    expect_gradients(got, BACKWARD_GRADS, tape_gradients(loss, case[1:]),
                     numeric_gradients(loss, case[1:]), "rnn_backward", inputs)
