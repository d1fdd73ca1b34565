"""Hidden tests for the language assignment.

Gradients (embedding_backward, temporal_softmax_loss, rnn_step_backward,
rnn_backward) are compared with two oracles computed here, in float64, on the
very inputs the student's function got: TensorFlow's GradientTape and a
central-difference numerical gradient.  TensorFlow is imported on the first
gradient question only (the other questions never need it).
"""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import language as ref
from seqkit import rnn
from seqkit.hidden.framework import Mismatch, expect_close, expect_pair, question, show
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed

# Characters the texts are drawn from: Ukrainian and Latin letters (upper and lower
# case), digits, punctuation, white space and one character outside the BMP (a G clef,
# for the lecture's sheet music), so that bytes and UTF-16 units show.
ALPHABET = list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐЄІЇЯ'ʼabcxyzXYZ019 .,!?\n-") + ["𝄞"]
# Characters that no test text holds, for unknown characters in encode; none of them is
# likely inside an error message's own words.
UNKNOWN = ["€", "§", "☃", "♪", "𝄢", "ß"]


def texts(min_size=0, max_size=24):
    return st.lists(st.sampled_from(ALPHABET), min_size=min_size, max_size=max_size).map("".join)


def _error(student, name, args):
    """Call name(*args) expecting an exception -> (class names, message) or None."""
    try:
        student.call(name, *args)
    except InputChanged:
        raise
    except StudentError as exc:
        message = str(exc)
        names = student.request({"op": "raises", "name": name, "args": args})
        return (names or [message.split(":")[0]]), message
    return None


def expect_value_error(student, name, args, what, must_name, mistake):
    """Mismatch unless name(*args) raises a ValueError whose message names each of must_name."""
    raised = _error(student, name, args)
    if raised is None or "ValueError" not in raised[0]:
        how = _("returned normally") if raised is None else _("raised {error}").format(
            error=raised[0][0])
        raise Mismatch(_("{what} should raise ValueError; it {how}").format(what=what, how=how),
                       _("no ValueError"), mistake)
    missing = [m for m in must_name if m not in raised[1]]
    if missing:
        raise Mismatch(_("{what} raised {message}, which does not name {names}").format(
            what=what, message=repr(raised[1]), names=", ".join(map(repr, missing))),
            _("error does not name it"), "error-names-too-little")


# ------------------------------------------------------------------ build_vocab

def recognise_vocab(text, got):
    """'vocab-set-order' for the right characters in an order that no rule of the text
    gives (first appearance and frequency are the catalogue's: they are functions of it)."""
    expected = ref.build_vocab(text)
    if not isinstance(got, (list, tuple)) or sorted(map(str, got)) != expected:
        return None
    order = list(got)
    first = list(dict.fromkeys(text))
    by_count = sorted(first, key=lambda c: -text.count(c))
    return None if order in (first, by_count) else "vocab-set-order"


def in_another_order(text, got):
    return isinstance(got, (list, tuple)) and sorted(map(str, got)) == ref.build_vocab(text)


@question("build_vocab",
          text=texts(0, 30))
@example(text="мама мила раму, а тато — 𝄞 ноти!\nABC")
@example(text="")
@example(text="bca")
def build_vocab(student, text):
    what = f"build_vocab({text!r})"
    if not text:
        return expect_value_error(student, "build_vocab", (text,), what, [], "no-value-error")
    got = student.call("build_vocab", text)
    expected = ref.build_vocab(text)
    if isinstance(got, (list, tuple)) and list(got) == expected:
        return
    mistake = recognise_vocab(text, got)
    if in_another_order(text, got):
        raise Mismatch(_("{what} returned the right characters in another order: {got}; "
                         "the vocabulary is in increasing code-point order, {expected} "
                         "(sorted(set(text))), so that the same text always gives the same "
                         "indices").format(what=what, got=repr(list(got)),
                                           expected=repr(expected)),
                       _("wrong order"), mistake)
    raise Mismatch(_("{what} should return the list {expected}, got {got}").format(
        what=what, expected=repr(expected), got=f"{got!r:.300}"), _("wrong vocabulary"))


# ------------------------------------------------------------------ encode, decode

@st.composite
def encode_cases(draw):
    text = draw(texts(0, 24))
    extra = draw(st.lists(st.sampled_from(ALPHABET), max_size=4))
    vocab = draw(st.permutations(sorted(set(text) | set(extra)) or ["a"]))
    unknown = draw(st.lists(st.sampled_from(UNKNOWN), max_size=3))
    for u in unknown:  # each at a drawn place, some twice
        k = draw(st.integers(0, len(text)))
        text = text[:k] + u + text[k:]
    return text, list(vocab)


@question("encode",
          case=encode_cases())
@example(case=("кіт і пес", sorted(set("кіт і пес"))))
@example(case=("baca", ["c", "b", "a"]))
@example(case=("a€b§c€", ["a", "b", "c"]))
def encode(student, case):
    text, vocab = case
    what = f"encode({text!r}, vocab={vocab!r})"
    unknown = list(dict.fromkeys(c for c in text if c not in vocab))
    if unknown:
        return expect_value_error(student, "encode", case, what, unknown, "unknown-not-raised")
    got = student.call("encode", text, vocab)
    expect_close(got, ref.encode(text, vocab), what, {})


@st.composite
def decode_cases(draw):
    vocab = sorted(set(draw(texts(1, 12))))
    n = draw(dims(0, 12))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.int16]))
    ids = np.asarray(draw(st.lists(st.integers(0, len(vocab) - 1), min_size=n, max_size=n)),
                     dtype=dtype)
    if n and draw(st.booleans()):
        ids = ids.copy()
        ids[draw(st.integers(0, n - 1))] = draw(st.sampled_from([-1, -2, len(vocab),
                                                                 len(vocab) + 3]))
    return ids, vocab


@question("decode",
          case=decode_cases())
@example(case=(np.array([2, 0, 1, 0], np.int64), ["a", "ж", "𝄞"]))
@example(case=(np.array([0, -1], np.int64), ["a", "b", "c"]))
@example(case=(np.array([1, 3], np.int32), ["a", "b", "c"]))
def decode(student, case):
    ids, vocab = case
    what = f"decode(ids={ids.tolist()} ({ids.dtype}), vocab={vocab!r})"
    bad = [int(i) for i in ids if not 0 <= i < len(vocab)]
    if bad:
        return expect_value_error(student, "decode", case, what, [str(bad[0])],
                                  "no-range-check")
    got = student.call("decode", ids, vocab)
    expected = ref.decode(ids, vocab)
    if not isinstance(got, str) or got != expected:
        raise Mismatch(_("{what} should return the str {expected}, got {got}").format(
            what=what, expected=repr(expected), got=f"{got!r:.300}"), _("wrong text"))


# ------------------------------------------------------------------ one_hot

@st.composite
def one_hot_cases(draw):
    V = draw(dims(1, 7))
    shape = tuple(draw(st.lists(dims(1, 4), max_size=3)))
    dtype = draw(st.sampled_from([np.int64, np.int32, np.uint8]))
    ids = np.random.default_rng(draw(st.integers(0, 2**31 - 1))).integers(0, V, shape)
    ids = np.asarray(ids, dtype=dtype)
    if ids.size and draw(st.integers(0, 4)) == 0:
        ids = ids.astype(np.int64)
        ids.flat[draw(st.integers(0, ids.size - 1))] = draw(st.sampled_from([-1, V]))
    return ids, V


@question("one_hot",
          case=one_hot_cases())
@example(case=(np.array([[2, 0, 1], [0, 0, 3]], np.int64), 5))
@example(case=(np.array([1, 0, 2]), 3))
@example(case=(np.array([0, -1, 1]), 3))
@example(case=(np.array([[0, 4]]), 4))
def one_hot(student, case):
    ids, V = case
    what = f"one_hot(ids={ids.tolist()} ({ids.dtype}), vocab_size={V})"
    if np.any((ids < 0) | (ids >= V)):
        return expect_value_error(student, "one_hot", case, what, [], "no-range-check")
    expect_close(student.call("one_hot", ids, V), ref.one_hot(ids, V), what, {"ids": ids})


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


# ------------------------------------------------------------------ sample_next

CDF_TOLERANCE = 1e-6  # u this close to a cdf boundary accepts either neighbour (round-off)


def expected_draws(seed, batch, temperature):
    """(u, after): the uniforms of one rng.random(batch) call and the draw that follows."""
    rng = np.random.default_rng(seed)
    u = rng.random(batch) if temperature > 0 else np.zeros(batch)
    return u, rng.random()


def cdf_of(logits, temperature):
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)
    return cdf / cdf[:, -1:]


def acceptable(k, u, cdf):
    """Is index k a right draw for uniform u and a row's cdf (within CDF_TOLERANCE)?"""
    if not 0 <= k < len(cdf):
        return False
    lo = cdf[k - 1] if k > 0 else 0.0
    return lo - CDF_TOLERANCE <= u < cdf[k] + CDF_TOLERANCE


def ask_samples(student, logits, temperature, seed, raises=False):
    return student.request({"op": "sample", "what": "sample_next",
                            "args": (logits, temperature), "seed": seed, "raises": raises})


@st.composite
def sample_cases(draw):
    batch, V = draw(dims(1, 6)), draw(dims(1, 8))
    logits = draw(distinct_arrays((batch, V), draw(dtypes()), -3, 3, label="logits"))
    temperature = draw(st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.0]), st.floats(0.2, 4.0)))
    return logits, temperature, draw(st.integers(0, 2**16))


@question("sample_next",
          case=sample_cases())
@example(case=(from_seed((6, 5), np.float64, -3, 3, seed=81), 1.0, 1))
@example(case=(from_seed((8, 4), np.float64, -3, 3, seed=82), 0.5, 2))
@example(case=(from_seed((8, 4), np.float32, -3, 3, seed=83), 3.0, 3))
@example(case=(from_seed((1, 6), np.float64, -3, 3, seed=84), 1.0, 4))
@example(case=(from_seed((4, 5), np.float64, -3, 3, seed=85), 0.0, 5))
@example(case=(from_seed((3, 5), np.float64, -3, 3, seed=86), -1.0, 6))
def sample_next(student, case):
    logits, temperature, seed = case
    batch, V = logits.shape
    what = (f"sample_next(logits, temperature={temperature!r}, rng=np.random.default_rng({seed}))")
    inputs = {"logits": logits}
    if temperature < 0:
        answer = ask_samples(student, logits, temperature, seed, raises=True)
        if not answer["samples"] or "ValueError" not in answer["samples"]:
            how = _("returned normally") if not answer["samples"] else \
                _("raised {error}").format(error=answer["samples"][0])
            raise Mismatch(_("{what} should raise ValueError; it {how}").format(what=what, how=how),
                           _("no ValueError"), "no-value-error")
        return
    answer = ask_samples(student, logits, temperature, seed)
    got = answer.get("samples") if isinstance(answer, dict) else None
    try:
        got = np.asarray(got)
        ok_type = got.shape == (batch,) and np.all(got == np.round(got))
    except (TypeError, ValueError):
        ok_type = False
    if not ok_type:
        raise Mismatch(_("{what} should return {batch} integer indices, shape ({batch},); got "
                         "{got}").format(what=what, batch=batch, got=f"{got!r:.200}"),
                       _("wrong shape"))
    got = got.astype(np.int64)
    u, after = expected_draws(seed, batch, temperature)
    if temperature > 0 and answer.get("after") == np.random.default_rng(seed).random():
        raise Mismatch(_("{what} never drew from the generator `rng`: sample with the `rng` "
                         "passed in (one rng.random(batch) call), not np.random or a new "
                         "generator, so that the same seed gives the same characters").format(
            what=what), _("rng not used"), "rng-not-used")
    if temperature == 0:
        expected = np.argmax(np.asarray(logits, np.float64), axis=-1)
        if not np.array_equal(got, expected):
            raise Mismatch(_("{what} returned {got}; at temperature 0 it is the argmax of each "
                             "row, {expected}\n  logits = {logits}").format(
                what=what, got=got.tolist(), expected=expected.tolist(), logits=show(logits)),
                _("not the argmax"))
    else:
        cdf = cdf_of(logits, temperature)
        wrong = [b for b in range(batch) if not acceptable(int(got[b]), u[b], cdf[b])]
        if wrong:
            b = wrong[0]
            right = int(np.sum(cdf[b] <= u[b]))
            raise Mismatch(
                _("{what} returned {got}; row {b} should be {right}: with "
                  "p = softmax(logits / temperature) and u = rng.random({batch}) "
                  "(u[{b}] = {u}), it is the number of entries of cumsum(p[{b}]) "
                  "that are <= u[{b}]\n  logits = {logits}\n  cdf[{b}] = {cdf}").format(
                    what=what, got=got.tolist(), b=b, right=right, batch=batch,
                    u=f"{u[b]:.6f}", logits=show(logits), cdf=show(cdf[b])),
                _("wrong samples"))
    if answer.get("after") != after:
        raise Mismatch(_("{what} returned the right characters but left the generator in "
                         "another state than one rng.random(batch) call{note}: the same seed "
                         "would then give other text in the next step").format(
            what=what, note=" " + _("(at temperature 0 nothing is drawn)")
            if temperature == 0 else ""), _("other draws"))


# ------------------------------------------------------------------ fit_char_model
# Text of the grader's choosing: words from a small lexicon over five characters, with a
# space after each, drawn at random.  After a space the next word is a free choice, but
# inside a word its first letters decide the rest, which a bigram (one character back)
# cannot know and any trained recurrent model learns; the best possible model is at about
# 0.36 nats per character, add-one smoothed bigrams at about 1.26.
LEXICON = ("abcd", "acdb", "bdca", "cabd", "dbac", "adcb")
VOCAB = (" ", "a", "b", "c", "d")
TRAIN_CHARS, EVAL_BATCH, EVAL_T, CUT = 3000, 8, 40, 20
MARGIN = 0.8  # the model's cross-entropy must be below 0.8 x the bigram baseline's
_LAST = {"student": None, "answers": {}}  # as seqkit.hidden.forecast: replays read these


def lexicon_text(seed, n):
    rng = np.random.default_rng(seed)
    words = []
    while sum(map(len, words)) < n:
        words.append(LEXICON[rng.integers(len(LEXICON))] + " ")
    return "".join(words)[:n]


def bigram_probabilities(ids, V):
    """Add-one (Laplace) smoothed bigrams: P[i, j] = (count(i -> j) + 1) / (count(i ->) + V)."""
    counts = np.ones((V, V))
    np.add.at(counts, (ids[:-1], ids[1:]), 1)
    return counts / counts.sum(axis=1, keepdims=True)


def cross_entropy(probs, x):
    """Mean -log p of each next character of x (batch, T), from rows (batch, T, V)."""
    picked = np.take_along_axis(probs[:, :-1], x[:, 1:, None], axis=-1)[..., 0]
    return float(-np.mean(np.log(np.maximum(picked, 1e-12))))


def char_problem(seed):
    vocab = list(VOCAB)
    train = ref.encode(lexicon_text(seed, TRAIN_CHARS), vocab)
    x = ref.encode(lexicon_text(seed + 1, EVAL_BATCH * EVAL_T), vocab).reshape(EVAL_BATCH,
                                                                                EVAL_T)
    # the same rows with another future: no row before CUT may change
    other = ref.encode(lexicon_text(seed + 2, EVAL_BATCH * EVAL_T), vocab).reshape(
        EVAL_BATCH, EVAL_T)
    x_cut = np.concatenate([x[:, :CUT], other[:, CUT:]], axis=1)
    return train, np.concatenate([x, x_cut]).astype(np.int32)


@question("fit_char_model", max_examples=1, shrink=False,
          seed=st.just(11))
def fit_char_model(student, seed):
    """Probabilities on text the grader chose; the grader computes every loss.

    Two fits with the same seed: the margin over the bigram baseline, then the same
    probabilities again.
    """
    train, x = char_problem(seed)
    V, n = len(VOCAB), EVAL_BATCH
    call = _("{fit} with {n} training ids, then model.predict(x) for x of shape {shape}").format(
        fit=f"fit_char_model(ids, vocab_size={V}, seed={seed})", n=len(train), shape=x.shape)
    if _LAST["student"] is not student:
        _LAST.update(student=student, answers={})

    def probabilities(attempt):
        if attempt not in _LAST["answers"]:
            request = {"op": "char_model", "what": "fit_char_model", "args": (train, V),
                       "kwargs": {"seed": seed}, "x": x}
            try:
                _LAST["answers"][attempt] = ("ok", student.request(request, seconds=120))
            except Exception as exc:  # the student's error, raised again on a replay
                _LAST["answers"][attempt] = ("error", exc)
        kind, got = _LAST["answers"][attempt]
        if kind == "error":
            raise got
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            got = None
        if got is None or got.shape != x.shape + (V,):
            raise Mismatch(_("{call}: expected probabilities of shape {expected}, got {got}")
                           .format(call=call, expected=x.shape + (V,),
                                   got=None if got is None else got.shape), _("wrong shape"))
        if not np.all(np.isfinite(got)) or np.any(got < 0) or \
                not np.allclose(got.sum(axis=-1), 1, atol=1e-3):
            raise Mismatch(_("{call}: every row of the prediction must be a probability "
                             "distribution over the next character (>= 0, summing to 1): end "
                             "the model with a softmax").format(call=call),
                           _("not probabilities"), "not-probabilities")
        return got

    first = probabilities(0)
    changed = np.max(np.abs(first[n:, :CUT] - first[:n, :CUT]))
    if changed > 1e-4:
        raise Mismatch(_("{call}: the probabilities at position t changed (by up to "
                         "{changed}) when only the characters after t changed: row [b, t] "
                         "may depend on x[b, :t+1] alone (no bidirectional layer, no look "
                         "ahead)").format(call=call, changed=f"{changed:.3g}"),
                       _("sees the future"), "sees-the-future")
    model = cross_entropy(first[:n], x[:n])
    bigram = cross_entropy(bigram_probabilities(train, V)[x[:n]], x[:n])
    if model >= MARGIN * bigram:
        current = float(np.mean(np.take_along_axis(first[:n], x[:n, :, None], -1)))
        nxt = float(np.mean(np.take_along_axis(first[:n, :-1], x[:n, 1:, None], -1)))
        raise Mismatch(
            _("{call}: on text made of words from a small lexicon, the model's cross-entropy is "
              "{model} nats per character and an add-one smoothed bigram's {bigram}. A "
              "trained recurrent model gets below {margin} x bigram = {limit}.").format(
                call=call, model=f"{model:.3f}", bigram=f"{bigram:.3f}", margin=MARGIN,
                limit=f"{MARGIN * bigram:.3f}")
            + (" " + _("The model gives the current character more probability than the next "
                       "one: are the targets the inputs shifted by one?")
               if current > 2 * nxt else ""),
            _("no better than a bigram"),
            "targets-not-shifted" if current > 2 * nxt else
            "untrained" if abs(model - np.log(V)) < 0.05 else None)
    again = probabilities(1)
    if not np.allclose(again, first, rtol=1e-4, atol=1e-5):
        worst = float(np.max(np.abs(again - first)))
        raise Mismatch(_("{call}, run twice with the same seed, gave probabilities that "
                         "differ by up to {worst}: the same seed must give the same model "
                         "(keras.utils.set_random_seed(seed) before building it)").format(
            call=call, worst=f"{worst:.3g}"), _("not reproducible"), "unseeded")


QUESTIONS = [build_vocab, encode, decode, one_hot, numerical_gradient, embedding_forward,
             embedding_backward, temporal_softmax_loss, rnn_step_backward, rnn_backward,
             sample_next, fit_char_model]
