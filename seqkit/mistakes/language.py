"""Known mistakes of the language assignment.

Text answers (a vocabulary, a decoded string) are compared as code points:
`same` compares numbers, so a str becomes a tuple of its code points and a
list of characters a list of such tuples (a list of bytes, ints, stays a list
of ints and differs).  Gradient probes use every dimension different (a
transposed gradient raises) and a square case (input_dim == units, where it
gives wrong values instead); sampling probes use fixed logits, temperatures
and seeds.
"""
import collections

import numpy as np

from seqkit import language as ref
from seqkit.hidden import language as hidden
from seqkit.hidden import language_gradients as gradients
from seqkit.mistakes.base import Catalogue, Mistake
from seqkit.sandbox.ops import CallbackRefused, StudentError
from seqkit.strategies import from_seed


def _codes(value):
    """A text answer as numbers (see the module's docstring); anything else as it is."""
    if isinstance(value, str):
        return tuple(ord(c) for c in value) or (-1,)
    if isinstance(value, (list, tuple)):
        return [_codes(v) for v in value]
    return value


def _text_catalogue(question, reference, answer, probes, mistakes):
    return Catalogue(question,
                     reference=lambda **drawn: _codes(reference(**drawn)),
                     answer=lambda student, **drawn: _codes(answer(student, **drawn)),
                     probes=probes,
                     mistakes=tuple(Mistake(m.id, m.description,
                                            None if m.variant is None else
                                            (lambda f: lambda **drawn: _codes(f(**drawn)))(m.variant))
                                    for m in mistakes))


# ------------------------------------------------------------------ build_vocab

BUILD_VOCAB = _text_catalogue(
    "build_vocab",
    reference=lambda text: ref.build_vocab(text),
    answer=lambda student, text: student.call("build_vocab", text),
    probes=lambda text: [{"text": t} for t in ("баба ґава, 𝄞 cab", "zyx wvu zz", "ccbba")],
    mistakes=(
        Mistake("vocab-set-order",
                "the vocabulary is `list(set(text))`: a set has no order you can rely on (it "
                "changes from one Python process to the next), so the same text gives other "
                "indices each run. Sort it: `sorted(set(text))`."),
        Mistake("vocab-first-appearance",
                "the characters are kept in the order they first appear in the text; the "
                "contract's vocabulary is in increasing code-point order, `sorted(set(text))`, "
                "so that it does not depend on where each character first occurs.",
                lambda text: list(dict.fromkeys(text))),
        Mistake("no-value-error",
                "an empty text gives an empty vocabulary instead of raising `ValueError`."),
        Mistake("vocab-not-deduplicated",
                "the vocabulary keeps repeated characters (`sorted(text)`); each character "
                "appears once: `sorted(set(text))`.",
                lambda text: sorted(text)),
        Mistake("vocab-from-bytes",
                "the vocabulary is built from the UTF-8 bytes of the text (`text.encode()`), "
                "so a Ukrainian letter becomes two entries; a character is one code point of "
                "the `str`: iterate over the string itself.",
                lambda text: [chr(b) for b in sorted(set(text.encode("utf-8")))]),
        Mistake("vocab-by-frequency",
                "the characters are ordered by frequency (`Counter.most_common`); the contract "
                "orders them by code point, `sorted(set(text))`.",
                lambda text: [c for c, _ in collections.Counter(text).most_common()]),
    ))


# ------------------------------------------------------------------ encode, decode

ENCODE = Catalogue(
    "encode",
    reference=lambda case: ref.encode(*case),
    answer=lambda student, case: student.call("encode", *case),
    probes=lambda case: [{"case": c} for c in (("cabbage", ["g", "e", "c", "b", "a"]),
                                                ("мир і лад", [" ", "і", "л", "а", "д", "р",
                                                               "м", "и"]))],
    mistakes=(
        Mistake("unknown-not-raised",
                "a character that is not in the vocabulary is skipped, or raises something "
                "other than `ValueError` (a `KeyError` from a dict lookup); check the text first "
                "and raise `ValueError` naming every unknown character."),
        Mistake("error-names-too-little",
                "the `ValueError` names only some of the unknown characters (the first one met); "
                "its message names every character of the text that is not in the vocabulary."),
        Mistake("encode-sorted-vocab",
                "the indices are positions in the sorted vocabulary, not in `vocab` as given; "
                "`ids[k]` is the position of `text[k]` in the `vocab` passed in.",
                lambda case: ref.encode(case[0], sorted(case[1]))),
        Mistake("encode-one-based",
                "the indices start at 1 (keeping 0 for padding); the position in `vocab` starts "
                "at 0.",
                lambda case: ref.encode(*case) + 1),
    ))

DECODE = _text_catalogue(
    "decode",
    reference=lambda case: ref.decode(*case),
    answer=lambda student, case: student.call("decode", *case),
    probes=lambda case: [{"case": (np.array([2, 0, 1, 1]), ["a", "ж", "𝄞"])},
                         {"case": (np.array([0, 3, 2]), [" ", "b", "c", "d"])}],
    mistakes=(
        Mistake("no-range-check",
                "an index outside `[0, len(vocab))` is not rejected with a `ValueError`: a "
                "negative index silently picks a character from the end (Python's `vocab[-1]`), "
                "a too large one raises `IndexError`. Check every index first."),
        Mistake("decode-space-joined",
                "the characters are joined with spaces; `decode` joins them with nothing: "
                "`\"\".join(...)`.",
                lambda case: " ".join(case[1][int(i)] for i in case[0])),
        Mistake("decode-returns-list",
                "a list of characters is returned; `decode` returns one `str`.",
                lambda case: [case[1][int(i)] for i in case[0]]),
        Mistake("decode-off-by-one",
                "each index is shifted by one (`vocab[i - 1]`); index `i` is `vocab[i]`.",
                lambda case: "".join(case[1][int(i) - 1] for i in case[0])),
    ))


# ------------------------------------------------------------------ one_hot

ONE_HOT = Catalogue(
    "one_hot",
    reference=lambda case: ref.one_hot(*case),
    answer=lambda student, case: student.call("one_hot", *case),
    probes=lambda case: [{"case": (np.array([[0, 2], [1, 0]]), 5)},
                         {"case": (np.array([1, 0, 2]), 4)}],
    mistakes=(
        Mistake("no-range-check",
                "an index outside `[0, vocab_size)` is not rejected with a `ValueError`: "
                "`np.eye(V)[ids]` quietly takes a negative index from the end and raises "
                "`IndexError` for a too large one. Check the indices first."),
        Mistake("one-hot-flattened",
                "the one-hot rows come back as one `(ids.size, vocab_size)` matrix; the result "
                "keeps the shape of `ids` and adds one axis: `ids.shape + (vocab_size,)`.",
                lambda case: ref.one_hot(*case).reshape(-1, case[1])),
        Mistake("one-hot-transposed",
                "the vocabulary axis comes first, `(vocab_size,) + ids.shape`; it is the last "
                "axis: `ids.shape + (vocab_size,)`.",
                lambda case: np.moveaxis(ref.one_hot(*case), -1, 0)),
        Mistake("vocab-size-from-ids",
                "the number of columns is taken from the largest index (`ids.max() + 1`) "
                "instead of `vocab_size`.",
                lambda case: ref.one_hot(case[0], int(np.max(case[0])) + 1)),
    ))


# ------------------------------------------------------------------ numerical_gradient

def _grader_f(x):
    return gradients.GraderFunction(np.shape(x)).value


def _central(case, step, divide):
    x, eps = case
    eps = 1e-5 if eps is None else eps
    f, base = _grader_f(x), np.asarray(x, dtype=np.float64)
    grad = np.zeros(base.shape)
    for i in np.ndindex(*base.shape):
        plus, minus = base.copy(), base.copy()
        plus[i] += step(eps)
        minus[i] -= step(eps)
        grad[i] = (f(plus) - f(minus)) / divide(eps)
    return grad


def _forward(case):
    x, eps = case
    eps = 1e-5 if eps is None else eps
    f, base = _grader_f(x), np.asarray(x, dtype=np.float64)
    grad, fx = np.zeros(base.shape), f(base)
    for i in np.ndindex(*base.shape):
        plus = base.copy()
        plus[i] += eps
        grad[i] = (f(plus) - fx) / eps
    return grad


def _refuse(case):
    """f called with x flattened: refused by the grader unless x is flat already."""
    if np.ndim(case[0]) == 1:
        return _numerical_reference(case)
    raise CallbackRefused("f takes arrays shaped like x")


def _numerical_reference(case):
    x, eps = case
    return ref.numerical_gradient(_grader_f(x), x, *(() if eps is None else (eps,)))


NUMERICAL_GRADIENT = Catalogue(
    "numerical_gradient",
    reference=_numerical_reference,
    answer=lambda student, case: gradients.ask_gradient(student, *case),
    probes=lambda case: [{"case": (from_seed((2, 3), np.float64, -1.5, 1.5, seed=131), 0.1)},
                         {"case": (from_seed((3,), np.float64, -1.5, 1.5, seed=132), 0.2)}],
    mistakes=(
        Mistake("forward-difference",
                "the gradient is a forward difference `(f(x + eps e_i) - f(x)) / eps`; the "
                "contract's is the central difference `(f(x + eps e_i) - f(x - eps e_i)) / "
                "(2 eps)`, whose error shrinks like eps² instead of eps.",
                _forward),
        Mistake("divided-by-eps",
                "the central difference is divided by `eps`; the two points are `2 eps` apart: "
                "divide by `2 * eps`.",
                lambda case: _central(case, lambda e: e, lambda e: e)),
        Mistake("eps-ignored",
                "the step is a fixed number, not the `eps` argument; use the `eps` the caller "
                "passes.",
                lambda case: _central(case, lambda e: 1e-5, lambda e: 2e-5)),
        Mistake("x-not-restored",
                "`x` is perturbed in place and not put back exactly (`x[i] += eps` ... `x[i] -= "
                "eps` is not always the original number in floating point); perturb a copy, or "
                "save `old = x[i]` and restore `x[i] = old`."),
        Mistake("gradient-flattened",
                "the gradient comes back flat, `(x.size,)`; it has the shape of `x`.",
                lambda case: _numerical_reference(case).reshape(-1)),
        Mistake("f-called-with-another-shape",
                "`f` is called with an array of another shape than `x` (a flattened copy); `f` "
                "takes arrays shaped like `x`: reshape before calling it.",
                _refuse),
    ))


# ------------------------------------------------------------------ embeddings

def _embedding_probes(case):
    dtype = np.asarray(case[1]).dtype
    return [{"case": (np.array([[1, 3, 1, 1], [0, 3, 1, 4]]),
                      from_seed((5, 3), dtype, seed=141))},
            {"case": (np.array([[2, 0], [1, 2], [0, 0]]), from_seed((4, 2), dtype, seed=142))}]


def _last_only(ids, W):
    ids = np.asarray(ids)
    return np.repeat(np.asarray(W)[ids[:, -1]][:, None], ids.shape[1], axis=1)


EMBEDDING_FORWARD = Catalogue(
    "embedding_forward",
    reference=lambda case: ref.embedding_forward(*case),
    answer=lambda student, case: student.call("embedding_forward", *case),
    probes=_embedding_probes,
    mistakes=(
        Mistake("lookup-transposed-output",
                "the ids are used transposed (`W_embed[ids.T]`), giving `(T, batch, D)`; "
                "`W_embed[ids]` is already `(batch, T, D)`.",
                lambda case: np.asarray(case[1])[np.asarray(case[0]).T]),
        Mistake("rows-off-by-one",
                "each index picks the row before its own (`W_embed[ids - 1]`); index `v` is row "
                "`v`.",
                lambda case: np.asarray(case[1])[np.asarray(case[0]) - 1]),
        Mistake("embedding-flattened",
                "the looked-up rows come back flat, `(batch * T, D)`; keep the shape of `ids`: "
                "`(batch, T, D)`.",
                lambda case: np.asarray(case[1])[np.asarray(case[0]).reshape(-1)]),
        Mistake("columns-looked-up",
                "the ids select columns (`W_embed[:, ids]`); a token's vector is a row of "
                "`W_embed (vocab_size, D)`: `W_embed[ids]`.",
                lambda case: np.asarray(case[1])[:, np.asarray(case[0])]),
        Mistake("last-step-only",
                "every step gets the embedding of the sequence's last character; each position "
                "looks up its own id.",
                lambda case: _last_only(*case)),
    ))


def _overwritten(d_out, ids, V):
    d_out = np.asarray(d_out)
    dW = np.zeros((V, d_out.shape[-1]), dtype=d_out.dtype)
    dW[np.asarray(ids)] = d_out
    return dW


def _flat(d_out, ids, V):
    d_out = np.asarray(d_out)
    return d_out.reshape(-1, d_out.shape[-1]), np.asarray(ids).reshape(-1)


def _per_occurrence(d_out, ids, V):
    rows, flat = _flat(d_out, ids, V)
    counts = np.bincount(flat, minlength=V)
    return ref.embedding_backward(d_out, ids, V) / np.maximum(counts, 1)[:, None]


def _backward_probes(case):
    dtype = np.asarray(case[0]).dtype
    return [{"case": (from_seed((2, 4, 3), dtype, -2, 2, seed=143),
                      np.array([[1, 3, 1, 1], [0, 3, 1, 4]]), 6)},
            {"case": (from_seed((3, 2, 2), dtype, -2, 2, seed=144),
                      np.array([[2, 2], [0, 2], [1, 2]]), 4)}]


EMBEDDING_BACKWARD = Catalogue(
    "embedding_backward",
    reference=lambda case: ref.embedding_backward(*case),
    answer=lambda student, case: student.call("embedding_backward", *case),
    probes=_backward_probes,
    mistakes=(
        Mistake("repeated-index-overwritten",
                "`dW[ids] = d_out` (or `dW[ids] += d_out`) keeps only one gradient for an index "
                "that occurs several times: NumPy's fancy assignment does not add up repeats. "
                "Accumulate with `np.add.at(dW, ids, d_out)`.",
                lambda case: _overwritten(*case)),
        Mistake("averaged-over-occurrences",
                "each row's gradient is divided by how often its index occurs; the gradient of a "
                "lookup is the sum over the occurrences.",
                lambda case: _per_occurrence(*case)),
        Mistake("averaged-over-batch",
                "the gradient is divided by the batch size; the lookup's gradient is the plain "
                "sum (any averaging belongs to the loss).",
                lambda case: ref.embedding_backward(*case) / np.shape(case[0])[0]),
        Mistake("vocab-size-from-ids",
                "the gradient has `ids.max() + 1` rows instead of `vocab_size`: rows never "
                "looked up still belong to `dW_embed`, with zeros.",
                lambda case: ref.embedding_backward(case[0], case[1], int(np.max(case[1])) + 1)),
        Mistake("grad-transposed",
                "the gradient is `(D, vocab_size)`; it has the shape of `W_embed`, "
                "`(vocab_size, D)`.",
                lambda case: ref.embedding_backward(*case).T),
    ))


# ------------------------------------------------------------------ temporal_softmax_loss

def _softmax_parts(scores, targets, mask):
    s = np.asarray(scores, dtype=np.float64)
    targets = np.asarray(targets)
    mask = np.ones(targets.shape, bool) if mask is None else np.asarray(mask, bool)
    shifted = s - s.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    onehot = (targets[..., None] == np.arange(s.shape[-1]))
    nll = -np.take_along_axis(log_p, targets[..., None], -1)[..., 0]
    return np.exp(log_p), onehot, nll, mask


def _softmax_variant(scale_loss, grad):
    def variant(case):
        scores, targets, mask = case
        p, onehot, nll, m = _softmax_parts(scores, targets, mask)
        return float(np.sum(nll * m)) / scale_loss(m), grad(p, onehot, m)
    return variant


def _unstable(case):
    scores, targets, mask = case
    s = np.asarray(scores, dtype=np.float64)
    e = np.exp(s)
    p = e / e.sum(axis=-1, keepdims=True)
    _, onehot, _, m = _softmax_parts(scores, targets, mask)
    nll = -np.log(np.take_along_axis(p, np.asarray(targets)[..., None], -1)[..., 0])
    return float(np.sum(nll * m)) / m.sum(), (p - onehot) * m[..., None] / m.sum()


def _softmax_reference(case):
    scores, targets, mask = case
    return ref.temporal_softmax_loss(scores, targets, mask)


def _softmax_answer(student, case):
    scores, targets, mask = case
    args = case if mask is not None else (scores, targets)
    return student.call("temporal_softmax_loss", *args)


def _softmax_probes(case):
    dtype = np.asarray(case[0]).dtype
    # no probe with scores of ±1000: answers that take np.log of the softmax differ there
    # from those that use a log-softmax, whatever else they do
    return [{"case": gradients._fixed_softmax(dtype=dtype)},
            {"case": gradients._fixed_softmax(dtype=dtype, mask=False)},
            {"case": gradients._fixed_softmax(3, 2, 5, dtype=dtype)}]


TEMPORAL_SOFTMAX_LOSS = Catalogue(
    "temporal_softmax_loss",
    reference=_softmax_reference,
    answer=_softmax_answer,
    probes=_softmax_probes,
    mistakes=(
        Mistake("missing-minus-one",
                "the gradient is the softmax `p` itself: the `- 1` at each target is missing "
                "(`d_scores = (p - one_hot(targets)) * mask / n`).",
                _softmax_variant(lambda m: m.sum(), lambda p, o, m: p * m[..., None] / m.sum())),
        Mistake("mean-over-batch",
                "the loss and its gradient are divided by the batch size only; the loss is the "
                "mean over every (unmasked) sequence element, `n = mask.sum()`.",
                _softmax_variant(lambda m: m.shape[0],
                                 lambda p, o, m: (p - o) * m[..., None] / m.shape[0])),
        Mistake("mask-ignored",
                "the mask is ignored: every position counts in the loss and its gradient; "
                "only positions where `mask` is True count, and `n = mask.sum()`.",
                lambda case: ref.temporal_softmax_loss(case[0], case[1], None)),
        Mistake("mask-not-in-gradient",
                "the loss is masked but its gradient is not: masked positions must get a zero "
                "gradient, `(p - one_hot) * mask[..., None] / n`.",
                _softmax_variant(lambda m: m.sum(), lambda p, o, m: (p - o) / m.sum())),
        Mistake("softmax-not-stable",
                "the softmax overflows for large scores (`np.exp(1000)` is inf): subtract each "
                "row's maximum before `exp`.",
                _unstable),
        Mistake("summed-not-averaged",
                "the loss and its gradient are summed over the positions, not averaged: divide "
                "both by `n = mask.sum()`.",
                _softmax_variant(lambda m: 1, lambda p, o, m: (p - o) * m[..., None])),
        Mistake("grad-not-divided",
                "the loss is a mean but its gradient is not divided by `n = mask.sum()`.",
                _softmax_variant(lambda m: m.sum(), lambda p, o, m: (p - o) * m[..., None])),
    ))


# ------------------------------------------------------------------ rnn_step_backward

def _step_parts(d_h, x, h_prev, W, U, b):
    x, h_prev, d_h = (np.asarray(a, dtype=np.float64) for a in (x, h_prev, d_h))
    a = x @ W + h_prev @ U + b
    return d_h, x, h_prev, a, np.tanh(a)


def _step_grads(da, x, h_prev, W, U):
    return da @ np.asarray(W).T, da @ np.asarray(U).T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def _step_with(local):
    """A mistaken rnn_step_backward whose tanh' is local(d_h, a, h, h_prev)."""
    def variant(d_h, x, h_prev, W, U, b):
        d_h, x, h_prev, a, h = _step_parts(d_h, x, h_prev, W, U, b)
        return _step_grads(local(d_h, a, h, h_prev), x, h_prev, W, U)
    return variant


def _weights_transposed(*case):
    dx, dh, dW, dU, db = ref.rnn_step_backward(*case)
    return dx, dh, dW, dU.T, db


def _bias_mean(*case):
    dx, dh, dW, dU, db = ref.rnn_step_backward(*case)
    return dx, dh, dW, dU, db / np.shape(case[0])[0]


STEP_BACKWARD_MISTAKES = (
    Mistake("tanh-grad-from-preactivation",
            "tanh's derivative is written with its input, `1 - a**2` for the pre-activation "
            "`a`; it is `1 - h**2` with the output `h = tanh(a)`.",
            _step_with(lambda d_h, a, h, hp: d_h * (1 - a ** 2))),
    Mistake("tanh-grad-not-squared",
            "tanh's derivative is written `1 - h`; it is `1 - h**2`.",
            _step_with(lambda d_h, a, h, hp: d_h * (1 - h))),
    Mistake("tanh-grad-missing",
            "the gradient does not go through the tanh: multiply the upstream gradient by "
            "`1 - h**2` before the matrix products.",
            _step_with(lambda d_h, a, h, hp: d_h)),
    Mistake("tanh-grad-of-h-prev",
            "tanh's derivative is taken at the previous state, `1 - h_prev**2`; it is "
            "`1 - h**2` with this step's output `h`.",
            _step_with(lambda d_h, a, h, hp: d_h * (1 - hp ** 2))),
)

RNN_STEP_BACKWARD = Catalogue(
    "rnn_step_backward",
    reference=lambda case: ref.rnn_step_backward(*case),
    answer=lambda student, case: student.call("rnn_step_backward", *case),
    probes=lambda case: [{"case": gradients.fixed_step(2, 3, 4, np.asarray(case[1]).dtype)},
                         {"case": gradients.fixed_step(3, 3, 3, np.asarray(case[1]).dtype)}],
    mistakes=tuple(Mistake(m.id, m.description, lambda case, f=m.variant: f(*case))
                   for m in STEP_BACKWARD_MISTAKES) + (
        Mistake("weight-grads-transposed",
                "`dW_hh` comes out transposed (`d_a.T @ h_prev`); a weight's gradient has the "
                "weight's shape: `h_prev.T @ d_a` for `W_hh`, `x_t.T @ d_a` for `W_xh`.",
                lambda case: _weights_transposed(*case)),
        Mistake("bias-grad-mean",
                "the bias gradient is the mean over the batch; the loss sums over the batch, so "
                "it is `d_a.sum(axis=0)`.",
                lambda case: _bias_mean(*case)),
    ))


# ------------------------------------------------------------------ rnn_backward

def _bptt(d_hs, xs, h0, W, U, b, *, carry=True, upstream="all", accumulate=("W", "U", "b"),
          local="h", order="backward", prev_offset=1):
    d_hs, xs, h0 = (np.asarray(a, dtype=np.float64) for a in (d_hs, xs, h0))
    T = xs.shape[1]
    hs, pre, h = [], [], h0
    for t in range(T):
        a = xs[:, t] @ W + h @ U + b
        h = np.tanh(a)
        pre.append(a)
        hs.append(h)
    dxs = np.zeros(xs.shape)
    grads = {"W": np.zeros(np.shape(W)), "U": np.zeros(np.shape(U)), "b": np.zeros(np.shape(b))}
    dh_next = np.zeros(h0.shape)
    steps = reversed(range(T)) if order == "backward" else range(T)
    dh = dh_next
    for t in steps:
        if upstream == "all":
            dh = d_hs[:, t] + (dh_next if carry else 0)
        else:  # only the last step's upstream gradient, carried back
            dh = d_hs[:, t] if t == T - 1 else dh_next
        k = t - prev_offset
        h_prev = hs[k] if 0 <= k < T and prev_offset else (h0 if prev_offset else hs[t])
        da = dh * (1 - (pre[t] if local == "a" else hs[t]) ** 2)
        dxs[:, t] = da @ np.asarray(W).T
        step = {"W": xs[:, t].T @ da, "U": h_prev.T @ da, "b": da.sum(axis=0)}
        for key in grads:
            grads[key] = grads[key] + step[key] if key in accumulate else step[key]
        dh_next = da @ np.asarray(U).T
    return dxs, dh_next, grads["W"], grads["U"], grads["b"]


RNN_BACKWARD = Catalogue(
    "rnn_backward",
    reference=lambda case: ref.rnn_backward(*case),
    answer=lambda student, case: student.call("rnn_backward", *case),
    probes=lambda case: [{"case": gradients.fixed_backward(2, 4, 3, 2, np.asarray(case[1]).dtype)},
                         {"case": gradients.fixed_backward(2, 3, 3, 3, np.asarray(case[1]).dtype)}],
    mistakes=(
        Mistake("whh-grad-not-summed",
                "`W_hh`'s gradient keeps only one step (`dW_hh = ...` inside the loop); the same "
                "`W_hh` is used at every step, so its gradient is the sum over all steps "
                "(`dW_hh += ...`).",
                lambda case: _bptt(*case, accumulate=("W", "b"))),
        Mistake("param-grads-not-summed",
                "the weight and bias gradients keep only one step (`dW = ...` inside the loop); "
                "the same weights are used at every step, so their gradients are sums over all "
                "steps (`+=`).",
                lambda case: _bptt(*case, accumulate=())),
        Mistake("state-grad-not-carried",
                "the gradient of each state is only its own upstream `d_hs[:, t]`: the gradient "
                "that flows back from step t + 1 (`d_a @ W_hh.T`) has to be added to it.",
                lambda case: _bptt(*case, carry=False)),
        Mistake("upstream-only-at-last-step",
                "only the last step's upstream gradient `d_hs[:, -1]` is used (a many-to-one "
                "loss); every state gets its own `d_hs[:, t]` plus the gradient carried back.",
                lambda case: _bptt(*case, upstream="last")),
        Mistake("prev-state-off-by-one",
                "`W_hh`'s gradient at step t uses the state after step t; it uses the state that "
                "entered the step, `hs[:, t - 1]` (`h0` at t = 0).",
                lambda case: _bptt(*case, prev_offset=0)),
        Mistake("tanh-grad-from-preactivation",
                "tanh's derivative is written with its input, `1 - a**2` for the pre-activation "
                "`a`; it is `1 - h**2` with the output `h = tanh(a)`.",
                lambda case: _bptt(*case, local="a")),
        Mistake("forward-in-time",
                "the loop runs forward in time; backpropagation through time starts at the last "
                "step and carries the gradient back: `for t in reversed(range(T))`.",
                lambda case: _bptt(*case, order="forward")),
    ))


# ------------------------------------------------------------------ sample_next

def _draw(logits, temperature, seed, axis=-1, multiply=False):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature < 0:
        raise ValueError("negative temperature")
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits * temperature if multiply else logits / temperature
    p = np.exp(z - z.max(axis=axis, keepdims=True))
    p /= p.sum(axis=axis, keepdims=True)
    cdf = np.cumsum(p, axis=-1)
    cdf /= cdf[:, -1:]
    u = np.random.default_rng(seed).random(logits.shape[0])
    return np.sum(cdf <= u[:, None], axis=-1)


def _gumbel(logits, temperature, seed):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature <= 0:
        return _draw(logits, temperature, seed)
    rng = np.random.default_rng(seed)
    return np.argmax(logits / temperature + rng.gumbel(size=logits.shape), axis=-1)


def _samples(student, case):
    logits, temperature, seed = case
    answer = hidden.ask_samples(student, logits, temperature, seed)
    return answer.get("samples") if isinstance(answer, dict) else answer


ZERO_PROBE = (from_seed((4, 5), np.float64, -3, 3, seed=154), 0.0, 14)


def _recognise_sampler(student, case):
    try:
        return _sampler_mistake(student, case)
    except StudentError:  # the student's code raised on a probe: no verdict from it
        return None


def _sampler_mistake(student, case):
    """At temperature 0: 'zero-temperature-not-argmax' or 'zero-temperature-draws' from a
    probe with distinct logits; else 'extra-draws' when every probe's characters are right
    but the generator was left in another state than one rng.random(batch) call."""
    if case[1] == 0:
        logits, temperature, seed = ZERO_PROBE
        answer = hidden.ask_samples(student, logits, temperature, seed)
        if not isinstance(answer, dict):
            return None
        if not np.array_equal(np.asarray(answer.get("samples")), np.argmax(logits, axis=-1)):
            return "zero-temperature-not-argmax"
        if answer.get("after") != np.random.default_rng(seed).random():
            return "zero-temperature-draws"
        return None
    for probe in [case] + _sample_probes(case):
        logits, temperature, seed = probe
        if temperature <= 0:
            return None
        answer = hidden.ask_samples(student, logits, temperature, seed)
        if not isinstance(answer, dict) or \
                not np.array_equal(np.asarray(answer.get("samples")), _draw(*probe)):
            return None
        if answer.get("after") == hidden.expected_draws(seed, len(logits), temperature)[1]:
            return None
    return "extra-draws"


def _sample_probes(case):
    return [(from_seed((8, 5), np.float64, -3, 3, seed=151), 0.5, 11),
            (from_seed((8, 5), np.float64, -3, 3, seed=152), 2.5, 12),
            (from_seed((1, 6), np.float64, -3, 3, seed=153), 1.0, 13)]


SAMPLE_NEXT = Catalogue(
    "sample_next",
    recognise=_recognise_sampler,
    reference=lambda case: _draw(*case),
    answer=_samples,
    probes=lambda case: [{"case": c} for c in _sample_probes(case)],
    mistakes=(
        Mistake("temperature-multiplied",
                "the logits are multiplied by the temperature; they are divided by it, "
                "`softmax(logits / temperature)`, so a high temperature flattens the "
                "distribution and a low one sharpens it.",
                lambda case: _draw(*case, multiply=True)),
        Mistake("softmax-wrong-axis",
                "the softmax is taken over the batch axis (axis 0); each row is one "
                "distribution over the vocabulary: normalise over the last axis.",
                lambda case: _draw(*case, axis=0)),
        Mistake("gumbel-max",
                "the samples come from the Gumbel-max trick (`batch x V` draws); the contract "
                "fixes one `rng.random(batch)` call and the cdf, so that the same seed gives "
                "the same characters in every correct notebook.",
                lambda case: _gumbel(*case)),
        Mistake("rng-not-used",
                "the generator `rng` passed in is never drawn from (`np.random.choice`, or a new "
                "`np.random.default_rng()`): the same seed must give the same characters, so "
                "draw with `rng.random(batch)`."),
        Mistake("extra-draws",
                "the characters are right, but `rng` was drawn from more (or less) than one "
                "`rng.random(batch)` call: the next step would then sample other text."),
        Mistake("zero-temperature-draws",
                "at temperature 0 the argmax is returned, but a number was drawn from `rng` "
                "first; temperature 0 draws nothing."),
        Mistake("zero-temperature-not-argmax",
                "temperature 0 is not the argmax (a division by zero, or a small temperature "
                "put in its place): return `np.argmax(logits, axis=-1)` before dividing."),
        Mistake("no-value-error",
                "a negative temperature does not raise `ValueError`."),
    ))


# ------------------------------------------------------------------ fit_char_model

FIT_CHAR_MODEL = Catalogue(
    "fit_char_model",
    mistakes=(
        Mistake("untrained",
                "the model gives every character about the same probability: it was never "
                "trained (`model.fit` is missing, or a fresh model is returned)."),
        Mistake("unseeded",
                "two trainings with the same seed give different probabilities: seed Keras "
                "(`keras.utils.set_random_seed(seed)`) before building the model."),
        Mistake("targets-not-shifted",
                "the model predicts the current character rather than the next one: the "
                "training targets are the inputs shifted by one, `y = ids[s + 1 : s + T + 1]`."),
        Mistake("not-probabilities",
                "the model's rows are not probability distributions (logits from a Dense layer "
                "without softmax): end the model with `activation=\"softmax\"`."),
        Mistake("sees-the-future",
                "the probabilities at position t depend on later characters (a bidirectional "
                "layer, or a convolution without causal padding): a language model may only "
                "look back."),
    ))


CATALOGUE = [BUILD_VOCAB, ENCODE, DECODE, ONE_HOT, NUMERICAL_GRADIENT, EMBEDDING_FORWARD,
             EMBEDDING_BACKWARD, TEMPORAL_SOFTMAX_LOSS, RNN_STEP_BACKWARD, RNN_BACKWARD,
             SAMPLE_NEXT, FIT_CHAR_MODEL]
