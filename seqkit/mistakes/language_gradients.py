"""Known mistakes of the language assignment's gradients (seqkit.hidden.language_gradients).

Probes use every dimension different (a transposed gradient raises) and a square
case (input_dim == units, where it gives wrong values instead).
"""
import functools
from typing import NamedTuple

import numpy as np

from seqkit import language as ref
from seqkit.hidden import language_gradients as gradients
from seqkit.mistakes.base import Mistake, contract
from seqkit.sandbox.ops import CallbackRefused
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s, named.

class GradientCase(NamedTuple):
    x: object        # float64 array; f is the grader's
    eps: float       # None: the default


class EmbeddingCase(NamedTuple):
    ids: object      # (batch, T)
    W_embed: object  # (vocab_size, D)


class EmbeddingGradCase(NamedTuple):
    d_out: object    # (batch, T, D)
    ids: object      # (batch, T)
    vocab_size: int


class LossCase(NamedTuple):
    scores: object   # (batch, T, V)
    targets: object  # (batch, T)
    mask: object     # (batch, T) booleans, or None: not passed


class StepBackwardCase(NamedTuple):
    d_h: object      # (batch, units)
    x_t: object      # (batch, input_dim)
    h_prev: object   # (batch, units)
    W_xh: object
    W_hh: object
    b_h: object


class BackwardCase(NamedTuple):
    d_hs: object     # (batch, T, units)
    xs: object       # (batch, T, input_dim)
    h0: object       # (batch, units)
    W_xh: object
    W_hh: object
    b_h: object


# ------------------------------------------------------------------ numerical_gradient

def _grader_f(x):
    return gradients.GraderFunction(np.shape(x)).value


def _central(step, divide):
    """A central difference with its step and divisor changed."""
    def numerical_gradient(x, eps):
        eps = 1e-5 if eps is None else eps
        f, base = _grader_f(x), np.asarray(x, dtype=np.float64)
        grad = np.zeros(base.shape)
        for i in np.ndindex(*base.shape):
            plus, minus = base.copy(), base.copy()
            plus[i] += step(eps)
            minus[i] -= step(eps)
            grad[i] = (f(plus) - f(minus)) / divide(eps)
        return grad
    return numerical_gradient


def _forward(x, eps):
    eps = 1e-5 if eps is None else eps
    f, base = _grader_f(x), np.asarray(x, dtype=np.float64)
    grad, fx = np.zeros(base.shape), f(base)
    for i in np.ndindex(*base.shape):
        plus = base.copy()
        plus[i] += eps
        grad[i] = (f(plus) - fx) / eps
    return grad


def _refuse(x, eps):
    """f called with x flattened: refused by the grader unless x is flat already."""
    if np.ndim(x) == 1:
        return _numerical_reference(x, eps)
    raise CallbackRefused("f takes arrays shaped like x")


def _numerical_reference(x, eps):
    return ref.numerical_gradient(_grader_f(x), x, *(() if eps is None else (eps,)))


NUMERICAL_GRADIENT = contract(
    "numerical_gradient",
    reference=_numerical_reference,  # of the case: f is the grader's
    case=GradientCase,
    answer=lambda student, case: gradients.ask_gradient(student, *case),
    probes=lambda case: [GradientCase(from_seed((2, 3), np.float64, -1.5, 1.5, seed=131), 0.1),
                         GradientCase(from_seed((3,), np.float64, -1.5, 1.5, seed=132), 0.2)],
    mistakes=(
        Mistake("forward-difference",
                "the gradient is a forward difference `(f(x + eps e_i) - f(x)) / eps`; the "
                "contract's is the central difference `(f(x + eps e_i) - f(x - eps e_i)) / "
                "(2 eps)`, whose error shrinks like eps² instead of eps.",
                _forward),
        Mistake("divided-by-eps",
                "the central difference is divided by `eps`; the two points are `2 eps` apart: "
                "divide by `2 * eps`.",
                _central(lambda e: e, lambda e: e)),
        Mistake("eps-ignored",
                "the step is a fixed number, not the `eps` argument; use the `eps` the caller "
                "passes.",
                _central(lambda e: 1e-5, lambda e: 2e-5)),
        Mistake("x-not-restored",
                "`x` is perturbed in place and not put back exactly (`x[i] += eps` ... `x[i] -= "
                "eps` is not always the original number in floating point); perturb a copy, or "
                "save `old = x[i]` and restore `x[i] = old`."),
        Mistake("gradient-flattened",
                "the gradient comes back flat, `(x.size,)`; it has the shape of `x`.",
                lambda x, eps: _numerical_reference(x, eps).reshape(-1)),
        Mistake("f-called-with-another-shape",
                "`f` is called with an array of another shape than `x` (a flattened copy); `f` "
                "takes arrays shaped like `x`: reshape before calling it.",
                _refuse),
    ))


# ------------------------------------------------------------------ embeddings

def _embedding_probes(case):
    dtype = np.asarray(case.W_embed).dtype
    return [EmbeddingCase(np.array([[1, 3, 1, 1], [0, 3, 1, 4]]),
                          from_seed((5, 3), dtype, seed=141)),
            EmbeddingCase(np.array([[2, 0], [1, 2], [0, 0]]), from_seed((4, 2), dtype, seed=142))]


def _last_only(ids, W):
    ids = np.asarray(ids)
    return np.repeat(np.asarray(W)[ids[:, -1]][:, None], ids.shape[1], axis=1)


EMBEDDING_FORWARD = contract(
    "embedding_forward",
    reference=ref.embedding_forward,
    case=EmbeddingCase,
    probes=_embedding_probes,
    mistakes=(
        Mistake("lookup-transposed-output",
                "the ids are used transposed (`W_embed[ids.T]`), giving `(T, batch, D)`; "
                "`W_embed[ids]` is already `(batch, T, D)`.",
                lambda ids, W_embed: np.asarray(W_embed)[np.asarray(ids).T]),
        Mistake("rows-off-by-one",
                "each index picks the row before its own (`W_embed[ids - 1]`); index `v` is row "
                "`v`.",
                lambda ids, W_embed: np.asarray(W_embed)[np.asarray(ids) - 1]),
        Mistake("embedding-flattened",
                "the looked-up rows come back flat, `(batch * T, D)`; keep the shape of `ids`: "
                "`(batch, T, D)`.",
                lambda ids, W_embed: np.asarray(W_embed)[np.asarray(ids).reshape(-1)]),
        Mistake("columns-looked-up",
                "the ids select columns (`W_embed[:, ids]`); a token's vector is a row of "
                "`W_embed (vocab_size, D)`: `W_embed[ids]`.",
                lambda ids, W_embed: np.asarray(W_embed)[:, np.asarray(ids)]),
        Mistake("last-step-only",
                "every step gets the embedding of the sequence's last character; each position "
                "looks up its own id.",
                _last_only),
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
    dtype = np.asarray(case.d_out).dtype
    return [EmbeddingGradCase(from_seed((2, 4, 3), dtype, -2, 2, seed=143),
                              np.array([[1, 3, 1, 1], [0, 3, 1, 4]]), 6),
            EmbeddingGradCase(from_seed((3, 2, 2), dtype, -2, 2, seed=144),
                              np.array([[2, 2], [0, 2], [1, 2]]), 4)]


EMBEDDING_BACKWARD = contract(
    "embedding_backward",
    reference=ref.embedding_backward,
    case=EmbeddingGradCase,
    probes=_backward_probes,
    mistakes=(
        Mistake("repeated-index-overwritten",
                "`dW[ids] = d_out` (or `dW[ids] += d_out`) keeps only one gradient for an index "
                "that occurs several times: NumPy's fancy assignment does not add up repeats. "
                "Accumulate with `np.add.at(dW, ids, d_out)`.",
                _overwritten),
        Mistake("averaged-over-occurrences",
                "each row's gradient is divided by how often its index occurs; the gradient of a "
                "lookup is the sum over the occurrences.",
                _per_occurrence),
        Mistake("averaged-over-batch",
                "the gradient is divided by the batch size; the lookup's gradient is the plain "
                "sum (any averaging belongs to the loss).",
                lambda d_out, ids, V: ref.embedding_backward(d_out, ids, V) / np.shape(d_out)[0]),
        Mistake("vocab-size-from-ids",
                "the gradient has `ids.max() + 1` rows instead of `vocab_size`: rows never "
                "looked up still belong to `dW_embed`, with zeros.",
                lambda d_out, ids, V: ref.embedding_backward(d_out, ids, int(np.max(ids)) + 1)),
        Mistake("grad-transposed",
                "the gradient is `(D, vocab_size)`; it has the shape of `W_embed`, "
                "`(vocab_size, D)`.",
                lambda d_out, ids, V: ref.embedding_backward(d_out, ids, V).T),
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
    def temporal_softmax_loss(scores, targets, mask=None):
        p, onehot, nll, m = _softmax_parts(scores, targets, mask)
        return float(np.sum(nll * m)) / scale_loss(m), grad(p, onehot, m)
    return temporal_softmax_loss


def _unstable(scores, targets, mask=None):
    s = np.asarray(scores, dtype=np.float64)
    e = np.exp(s)
    p = e / e.sum(axis=-1, keepdims=True)
    _, onehot, _, m = _softmax_parts(scores, targets, mask)
    nll = -np.log(np.take_along_axis(p, np.asarray(targets)[..., None], -1)[..., 0])
    return float(np.sum(nll * m)) / m.sum(), (p - onehot) * m[..., None] / m.sum()


def _without_absent_mask(fn, case):
    """fn called as the hidden test calls it: no mask argument when there is none."""
    return fn(*case) if case.mask is not None else fn(case.scores, case.targets)


def _softmax_probes(case):
    dtype = np.asarray(case.scores).dtype
    # no probe with scores of ±1000: answers that take np.log of the softmax differ there
    # from those that use a log-softmax, whatever else they do
    return [gradients._fixed_softmax(dtype=dtype),
            gradients._fixed_softmax(dtype=dtype, mask=False),
            gradients._fixed_softmax(3, 2, 5, dtype=dtype)]


TEMPORAL_SOFTMAX_LOSS = contract(
    "temporal_softmax_loss",
    reference=ref.temporal_softmax_loss,
    case=LossCase,
    call=_without_absent_mask,
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
                lambda scores, targets, mask=None: ref.temporal_softmax_loss(scores, targets)),
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


def _weights_transposed(d_h, x, h_prev, W, U, b):
    dx, dh, dW, dU, db = ref.rnn_step_backward(d_h, x, h_prev, W, U, b)
    return dx, dh, dW, dU.T, db


def _bias_mean(d_h, x, h_prev, W, U, b):
    dx, dh, dW, dU, db = ref.rnn_step_backward(d_h, x, h_prev, W, U, b)
    return dx, dh, dW, dU, db / np.shape(d_h)[0]


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

RNN_STEP_BACKWARD = contract(
    "rnn_step_backward",
    reference=ref.rnn_step_backward,
    case=StepBackwardCase,
    probes=lambda case: [gradients.fixed_step(2, 3, 4, np.asarray(case.x_t).dtype),
                         gradients.fixed_step(3, 3, 3, np.asarray(case.x_t).dtype)],
    mistakes=STEP_BACKWARD_MISTAKES + (
        Mistake("weight-grads-transposed",
                "`dW_hh` comes out transposed (`d_a.T @ h_prev`); a weight's gradient has the "
                "weight's shape: `h_prev.T @ d_a` for `W_hh`, `x_t.T @ d_a` for `W_xh`.",
                _weights_transposed),
        Mistake("bias-grad-mean",
                "the bias gradient is the mean over the batch; the loss sums over the batch, so "
                "it is `d_a.sum(axis=0)`.",
                _bias_mean),
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


RNN_BACKWARD = contract(
    "rnn_backward",
    reference=ref.rnn_backward,
    case=BackwardCase,
    probes=lambda case: [gradients.fixed_backward(2, 4, 3, 2, np.asarray(case.xs).dtype),
                         gradients.fixed_backward(2, 3, 3, 3, np.asarray(case.xs).dtype)],
    mistakes=(
        Mistake("whh-grad-not-summed",
                "`W_hh`'s gradient keeps only one step (`dW_hh = ...` inside the loop); the same "
                "`W_hh` is used at every step, so its gradient is the sum over all steps "
                "(`dW_hh += ...`).",
                functools.partial(_bptt, accumulate=("W", "b"))),
        Mistake("param-grads-not-summed",
                "the weight and bias gradients keep only one step (`dW = ...` inside the loop); "
                "the same weights are used at every step, so their gradients are sums over all "
                "steps (`+=`).",
                functools.partial(_bptt, accumulate=())),
        Mistake("state-grad-not-carried",
                "the gradient of each state is only its own upstream `d_hs[:, t]`: the gradient "
                "that flows back from step t + 1 (`d_a @ W_hh.T`) has to be added to it.",
                functools.partial(_bptt, carry=False)),
        Mistake("upstream-only-at-last-step",
                "only the last step's upstream gradient `d_hs[:, -1]` is used (a many-to-one "
                "loss); every state gets its own `d_hs[:, t]` plus the gradient carried back.",
                functools.partial(_bptt, upstream="last")),
        Mistake("prev-state-off-by-one",
                "`W_hh`'s gradient at step t uses the state after step t; it uses the state that "
                "entered the step, `hs[:, t - 1]` (`h0` at t = 0).",
                functools.partial(_bptt, prev_offset=0)),
        Mistake("tanh-grad-from-preactivation",
                "tanh's derivative is written with its input, `1 - a**2` for the pre-activation "
                "`a`; it is `1 - h**2` with the output `h = tanh(a)`.",
                functools.partial(_bptt, local="a")),
        Mistake("forward-in-time",
                "the loop runs forward in time; backpropagation through time starts at the last "
                "step and carries the gradient back: `for t in reversed(range(T))`.",
                functools.partial(_bptt, order="forward")),
    ))
