"""Known mistakes of the attention assignment.

The attention mistakes come back in attention_head and multi_head_attention
(a head calls the student's own attention, multi-head attention its own head).
Probes: every size different (Tq, Tk, d_k, d_v; d_model, d_head, num_heads),
a mask with masked positions and a mask of the full batch shape, scores near
±1000 (overflow), a single head, and a width equal to d_model (where a
transposed W_o gives wrong values instead of a shape error).
"""
from typing import NamedTuple

import numpy as np

from seqkit import attention as ref
from seqkit.mistakes.base import Mistake, contract
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s (seqkit.hidden.attention), named.
class SoftmaxCase(NamedTuple):
    z: object        # any shape
    axis: int


class AttentionCase(NamedTuple):
    Q: object        # (..., Tq, d_k)
    K: object        # (..., Tk, d_k)
    V: object        # (..., Tk, d_v)
    mask: object     # None, or booleans broadcasting to (..., Tq, Tk)


class HeadCase(NamedTuple):
    """attention_head's case too: it takes X, W_q, W_k, W_v and mask of it."""
    X: object        # (batch, T, d_model)
    W_q: object      # (d_model, num_heads * d_head)
    W_k: object
    W_v: object
    W_o: object      # (num_heads * d_head, d_model)
    num_heads: int
    mask: object     # None, or (T, T) booleans


def _lifted(mistakes, description, wrap, skip=()):
    return tuple(Mistake(m.id, description + m.description, wrap(m.variant))
                 for m in mistakes if m.id not in skip)


# ------------------------------------------------------------------- softmax

def _softmax_probes(case):
    dtype = np.asarray(case.z).dtype
    if not np.issubdtype(dtype, np.floating):
        dtype = np.float64
    return [SoftmaxCase(from_seed((2, 3, 4), dtype, -3, 3, seed=301), 1),
            # square: a max or sum without keepdims broadcasts along the wrong axis
            SoftmaxCase(from_seed((3, 3), dtype, -3, 3, seed=302), -1),
            SoftmaxCase(np.array([[1000, 999, -1000], [-1000, -999, -998]], dtype), -1),
            SoftmaxCase(np.array([[1000, 2], [-1000, 1], [3, 999]], dtype), 0)]


def _exp_over(z, shift, axis, keepdims=True):
    e = np.exp(z - shift)
    return e / np.sum(e, axis=axis, keepdims=keepdims)


SOFTMAX_MISTAKES = (
    Mistake("no-max-subtraction",
            "`exp(z)` overflows for large entries (inf / inf = nan); subtract the maximum "
            "along the axis first: `np.exp(z - np.max(z, axis=axis, keepdims=True))`.",
            lambda z, axis: _exp_over(z, 0, axis)),
    Mistake("ignores-axis",
            "the softmax is always taken over the last axis; use the `axis` argument for the "
            "max and the sum.",
            lambda z, axis: ref.softmax(z, axis=-1)),
    Mistake("always-axis-0",
            "the softmax is always taken over axis 0; use the `axis` argument.",
            lambda z, axis: ref.softmax(z, axis=0)),
    Mistake("max-over-the-last-axis",
            "the maximum is taken over the last axis, not over `axis`; subtract "
            "`np.max(z, axis=axis, keepdims=True)`.",
            lambda z, axis: _exp_over(z, np.max(z, axis=-1, keepdims=True), axis)),
    Mistake("max-without-keepdims",
            "the maximum is taken without `keepdims=True`, so it does not broadcast back "
            "along `axis`.",
            lambda z, axis: _exp_over(z, np.max(z, axis=axis), axis)),
    Mistake("sum-without-keepdims",
            "the sum is taken without `keepdims=True`, so it does not broadcast back along "
            "`axis`: `np.sum(e, axis=axis, keepdims=True)`.",
            lambda z, axis: _exp_over(z, np.max(z, axis=axis, keepdims=True), axis, False)),
    Mistake("global-max-subtracted",
            "the maximum of the whole array is subtracted; where a slice is far below it, its "
            "exponentials underflow to 0 (0 / 0 = nan); subtract the maximum along `axis`.",
            lambda z, axis: _exp_over(z, np.max(z), axis)),
    Mistake("min-subtracted",
            "the minimum is subtracted; it has to be the maximum, so that no exponential "
            "exceeds 1.",
            lambda z, axis: _exp_over(z, np.min(z, axis=axis, keepdims=True), axis)),
    Mistake("normalised-over-everything",
            "the exponentials are divided by the sum over the whole array; divide by the sum "
            "along `axis` (keepdims=True).",
            lambda z, axis: (lambda e: e / np.sum(e))(
                np.exp(z - np.max(z, axis=axis, keepdims=True)))),
    Mistake("returns-log-softmax",
            "this is the log-softmax; exponentiate: the softmax sums to 1 along `axis`.",
            lambda z, axis: (lambda s: s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True)))(
                z - np.max(z, axis=axis, keepdims=True))),
)

SOFTMAX = contract("softmax", lambda z, axis: ref.softmax(np.asarray(z, np.float64), axis=axis),
                   SOFTMAX_MISTAKES, _softmax_probes, case=SoftmaxCase,
                   call=lambda fn, case: fn(case.z, axis=case.axis))  # as the hidden test


# ---------------------------------------------- scaled_dot_product_attention

def _scores(Q, K, scale):
    return np.asarray(Q) @ np.swapaxes(K, -1, -2) / scale


def _masked(s, mask):
    return s if mask is None else np.where(mask, s, -np.inf)


def _attend(scale=lambda Q, K, V: np.sqrt(np.shape(Q)[-1]), scores=None, mask_scores=_masked,
            weigh=ref.softmax, after=lambda w, mask: w):
    """Attention with one piece changed (each default is the right one)."""
    def attention(Q, K, V, mask=None):
        s = scores(Q, K, V) if scores else _scores(Q, K, scale(Q, K, V))
        w = after(weigh(mask_scores(s, mask)), mask)
        return w @ np.asarray(V), w
    return attention


def _boolean_index(s, mask):
    if mask is None:
        return s
    s = np.array(s)
    s[~np.asarray(mask)] = -np.inf
    return s


def _raw_softmax(s):
    e = np.exp(s)
    return e / np.sum(e, axis=-1, keepdims=True)


def _swapped_pair(Q, K, V, mask=None):
    out, w = ref.scaled_dot_product_attention(Q, K, V, mask)
    return w, out


SDPA_MISTAKES = (
    Mistake("scaled-by-d_k",
            "the scores are divided by d_k; the scale is `sqrt(d_k)`.",
            _attend(scale=lambda Q, K, V: np.shape(Q)[-1])),
    Mistake("not-scaled",
            "the scores are not scaled: divide `Q @ Kᵀ` by `sqrt(d_k)` (d_k = Q.shape[-1]).",
            _attend(scale=lambda Q, K, V: 1)),
    Mistake("scaled-by-sqrt-d_v",
            "the scores are divided by `sqrt(d_v)` (V's width); the scale is `sqrt(d_k)`, "
            "the width of Q and K.",
            _attend(scale=lambda Q, K, V: np.sqrt(np.shape(V)[-1]))),
    Mistake("d_k-from-shape-1",
            "d_k is read from `Q.shape[1]`, which is the number of queries when there is a "
            "batch axis; d_k is `Q.shape[-1]`.",
            _attend(scale=lambda Q, K, V: np.sqrt(np.shape(Q)[1]))),
    Mistake("K-dot-T-reverses-every-axis",
            "`K.T` reverses every axis, batch axes included; swap only the last two: "
            "`np.swapaxes(K, -1, -2)`.",
            _attend(scores=lambda Q, K, V: np.asarray(Q) @ np.asarray(K).T
                    / np.sqrt(np.shape(Q)[-1]))),
    Mistake("softmax-over-the-queries",
            "the softmax runs over the queries (axis -2); each query's weights sum to 1 over "
            "the keys, the last axis.",
            _attend(weigh=lambda s: ref.softmax(s, axis=-2))),
    Mistake("softmax-axis-1",
            "the softmax runs over axis 1, which is the keys' axis only for 2-D scores; with a "
            "batch axis it is the queries' (or a batch axis): use `axis=-1`.",
            _attend(weigh=lambda s: ref.softmax(s, axis=1))),
    Mistake("mask-ignored",
            "the mask is not applied: where it is False the score becomes -inf before the "
            "softmax (`np.where(mask, scores, -np.inf)`).",
            _attend(mask_scores=lambda s, mask: s)),
    Mistake("mask-applied-after-softmax",
            "the mask is applied after the softmax, so the weights no longer sum to 1; mask "
            "the scores before it (`np.where(mask, scores, -np.inf)`).",
            _attend(mask_scores=lambda s, mask: s,
                    after=lambda w, mask: w if mask is None else w * mask)),
    Mistake("mask-polarity-inverted",
            "the mask is used the wrong way round: True means 'may attend', so the scores "
            "where it is False become -inf.",
            _attend(mask_scores=lambda s, mask: s if mask is None else np.where(mask, -np.inf, s))),
    Mistake("mask-multiplies-the-scores",
            "masked scores become 0 (the scores are multiplied by the mask, or set to 0), "
            "which still gives them weight; set them to -inf: "
            "`np.where(mask, scores, -np.inf)`.",
            _attend(mask_scores=lambda s, mask: s if mask is None else s * mask)),
    Mistake("additive-inf-mask-gives-nan",
            "`(1 - mask) * -inf` is nan where the mask is True (0 * inf); use "
            "`np.where(mask, scores, -np.inf)`.",
            _attend(mask_scores=lambda s, mask: s if mask is None else s + (1 - mask) * -np.inf)),
    Mistake("boolean-indexing-ignores-broadcasting",
            "`scores[~mask] = -inf` needs a mask of the scores' full shape; a mask that "
            "broadcasts (e.g. `(Tq, Tk)` for batched scores) does not index: use "
            "`np.where(mask, scores, -np.inf)`.",
            _attend(mask_scores=_boolean_index)),
    Mistake("inline-softmax-without-max",
            "the softmax inside has no max subtraction, so large scores overflow (nan); "
            "subtract the row maximum first, or call your `softmax`.",
            _attend(weigh=_raw_softmax)),
    Mistake("pair-in-the-wrong-order",
            "the pair is returned as (weights, out); the order is (out, weights).",
            _swapped_pair),
)


def _sdpa_probes(case):
    dtype = np.asarray(case.Q).dtype

    def attention(lead, Tq, Tk, d_k, d_v, seed, mask, scale=1):
        return AttentionCase(scale * from_seed(lead + (Tq, d_k), dtype, -2, 2, seed=seed),
                             scale * from_seed(lead + (Tk, d_k), dtype, -2, 2, seed=seed + 1),
                             from_seed(lead + (Tk, d_v), dtype, -2, 2, seed=seed + 2), mask)
    mask = np.array([[1, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]], bool)
    full = np.array([mask, mask[::-1, ::-1] | np.eye(3, 4, dtype=bool)])
    return [attention((2,), 3, 4, 5, 2, 311, mask),
            attention((2,), 4, 2, 3, 6, 321, None),
            # no batch axis (axis 1 is the keys'), and scores near ±1000
            attention((), 4, 2, 3, 6, 321, None, scale=30),
            attention((2,), 3, 4, 5, 2, 311, full)]


SCALED_DOT_PRODUCT_ATTENTION = contract("scaled_dot_product_attention",
                                        ref.scaled_dot_product_attention, SDPA_MISTAKES,
                                        _sdpa_probes, case=AttentionCase)


# --------------------------------------------------------------- causal_mask

def _mask_answer(got):
    """(is it boolean, its values): a 0/1 float mask has the right values."""
    got = np.asarray(got)
    return np.asarray(got.dtype == bool), got.astype(np.float64)


def _tril(T, k=0):
    return np.tril(np.ones((T, T), dtype=bool), k=k)


CAUSAL_MASK = contract(
    "causal_mask",
    reference=ref.causal_mask,
    seen_as=_mask_answer,
    probes=lambda T: [{"T": 4}, {"T": 6}],
    mistakes=(
        Mistake("upper-triangle",
                "the mask is the upper triangle (a position sees the future); `mask[i, j]` is "
                "True for j <= i: `np.tril`.",
                lambda T: np.triu(np.ones((T, T), dtype=bool))),
        Mistake("diagonal-excluded",
                "the diagonal is excluded; a position also attends to itself: j <= i "
                "(`np.tril(..., k=0)`).", lambda T: _tril(T, -1)),
        Mistake("one-step-into-the-future",
                "each position also sees the next one (`k=1`); it is j <= i.",
                lambda T: _tril(T, 1)),
        Mistake("polarity-inverted",
                "True marks the future here; in the contract True means 'may attend': "
                "`mask[i, j] = j <= i`.", lambda T: ~_tril(T)),
        Mistake("not-boolean",
                "the values are right but the mask is not boolean (floats or ints); "
                "return `dtype=bool`, e.g. `np.tril(np.ones((T, T), dtype=bool))`.",
                lambda T: _tril(T).astype(np.float64)),
    ),
)


# ------------------------------------------------------- positional_encoding

def _interleaved(T, d_model, exponent, positions=None, base=10000.0, even=np.sin, odd=np.cos):
    p = (np.arange(T, dtype=np.float64) if positions is None else positions)[:, None]
    j = np.arange(d_model)
    angle = p / base ** exponent(j, d_model)
    return np.where(j % 2 == 0, even(angle), odd(angle))


def _two_i(j, d):
    return (j // 2 * 2) / d


def _concatenated(T, d_model):
    p = np.arange(T)[:, None]
    i = np.arange((d_model + 1) // 2)[None, :]
    angles = p / 10000 ** (2 * i / d_model)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)[:, :d_model]


def _odd_fails(T, d_model):
    if d_model % 2:
        raise ValueError("could not broadcast input array")
    return ref.positional_encoding(T, d_model)


POSITIONAL_ENCODING = contract(
    "positional_encoding",
    reference=ref.positional_encoding,
    probes=lambda T, d_model: [{"T": 6, "d_model": 8}, {"T": 9, "d_model": 5},
                               {"T": 50, "d_model": 7}],
    mistakes=(
        Mistake("sines-then-cosines-concatenated",
                "all sines come first and then all cosines (as in TensorFlow's tutorial); the "
                "contract interleaves them: sines in the even columns, cosines in the odd.",
                _concatenated),
        Mistake("cosines-in-even-columns",
                "sin and cos are swapped: even columns 2i hold sines, odd columns 2i+1 cosines.",
                lambda T, d_model: _interleaved(T, d_model, _two_i, even=np.cos, odd=np.sin)),
        Mistake("column-index-instead-of-2i",
                "the exponent uses the column index j; columns 2i and 2i+1 share one "
                "frequency, `10000^(2i/d_model)` with i = j // 2.",
                lambda T, d_model: _interleaved(T, d_model, lambda j, d: j / d)),
        Mistake("i-instead-of-2i",
                "the exponent is i/d_model; it is 2i/d_model (i = j // 2, so 2i is the even "
                "column's index).",
                lambda T, d_model: _interleaved(T, d_model, lambda j, d: (j // 2) / d)),
        Mistake("2j-instead-of-2i",
                "the exponent is 2j/d_model with j the column index; it is 2i/d_model with "
                "i = j // 2.",
                lambda T, d_model: _interleaved(T, d_model, lambda j, d: 2 * j / d)),
        Mistake("integer-division-in-the-exponent",
                "the exponent uses integer division (`2 * i // d_model`), which rounds it to "
                "0; use true division, `2 * i / d_model`.",
                lambda T, d_model: _interleaved(T, d_model, lambda j, d: (2 * (j // 2)) // d)),
        Mistake("rate-multiplies",
                "the position is multiplied by `10000^(2i/d_model)`; it is divided: "
                "`p / 10000^(2i/d_model)`.",
                lambda T, d_model: _interleaved(T, d_model, lambda j, d: -_two_i(j, d))),
        Mistake("base-1000",
                "the base is 1000; it is 10000: `p / 10000^(2i/d_model)`.",
                lambda T, d_model: _interleaved(T, d_model, _two_i, base=1000.0)),
        Mistake("positions-from-one",
                "positions start at 1; they are 0, 1, ..., T-1 (row 0 is sin 0 = 0, cos 0 = 1).",
                lambda T, d_model: _interleaved(T, d_model, _two_i,
                                                positions=np.arange(1, T + 1, dtype=np.float64))),
        Mistake("fails-for-odd-d_model",
                "an odd d_model fails: it has one more sine column than cosine columns "
                "(`pe[:, 0::2]` has `(d_model + 1) // 2` columns).",
                _odd_fails),
        Mistake("transposed",
                "the result is `(d_model, T)`; it is `(T, d_model)`, one row per position.",
                lambda T, d_model: ref.positional_encoding(T, d_model).T),
    ),
)


# ------------------------------------------------------------ attention_head

def _head(attention, project=lambda X, W_q, W_k, W_v: (X @ W_q, X @ W_k, X @ W_v)):
    def head(X, W_q, W_k, W_v, mask=None):
        return attention(*project(np.asarray(X), W_q, W_k, W_v), mask)
    return head


def _scaled_by_d_model(X, W_q, W_k, W_v, mask=None):
    X = np.asarray(X)
    d_model = X.shape[-1]
    return _attend(scale=lambda Q, K, V: np.sqrt(d_model))(X @ W_q, X @ W_k, X @ W_v, mask)


HEAD_MISTAKES = (
    Mistake("scaled-by-sqrt-d_model",
            "the scores are divided by `sqrt(d_model)`; the scale is `sqrt(d_k)`, the width "
            "of the projected queries and keys (`W_q.shape[1]`).",
            _scaled_by_d_model),
    Mistake("mask-not-passed-on",
            "the mask is not passed on to the attention: "
            "`scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v, mask)`.",
            lambda X, W_q, W_k, W_v, mask=None: ref.attention_head(X, W_q, W_k, W_v)),
    Mistake("keys-and-values-swapped",
            "keys and values are swapped: K = X @ W_k, V = X @ W_v.",
            _head(ref.scaled_dot_product_attention,
                  lambda X, W_q, W_k, W_v: (X @ W_q, X @ W_v, X @ W_k))),
    Mistake("queries-used-as-keys",
            "the queries are used as keys; K = X @ W_k.",
            _head(ref.scaled_dot_product_attention,
                  lambda X, W_q, W_k, W_v: (X @ W_q, X @ W_q, X @ W_v))),
    Mistake("scores-transposed",
            "the scores are `K @ Qᵀ`, transposed; query i's scores are row i of `Q @ Kᵀ`.",
            _head(_attend(scores=lambda Q, K, V: np.asarray(K) @ np.swapaxes(Q, -1, -2)
                          / np.sqrt(np.shape(Q)[-1])))),
    Mistake("returns-only-the-output",
            "only the output is returned; `attention_head` returns the pair (out, weights).",
            lambda X, W_q, W_k, W_v, mask=None: ref.attention_head(X, W_q, W_k, W_v, mask)[0]),
)


HEAD_MISTAKES += _lifted(
    SDPA_MISTAKES, "in the attention (`scaled_dot_product_attention`, or the head's own): ",
    # a head's d_v is its d_k, its scores stay far from overflowing, and they are
    # (batch, T, T): axis 1 is the queries' axis, -2
    _head, skip=("mask-ignored", "scaled-by-sqrt-d_v", "inline-softmax-without-max",
                 "softmax-axis-1"))


def _head_case(batch, T, d_model, num_heads, d_head, mask, seed, scale=1, dtype=np.float64):
    width = num_heads * d_head
    return HeadCase(scale * from_seed((batch, T, d_model), dtype, -2, 2, seed=seed),
                    from_seed((d_model, width), dtype, seed=seed + 1),
                    from_seed((d_model, width), dtype, seed=seed + 2),
                    from_seed((d_model, width), dtype, seed=seed + 3),
                    from_seed((width, d_model), dtype, seed=seed + 4), num_heads,
                    None if mask is None else np.asarray(mask, bool))


_MASK4 = [[1, 0, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1], [1, 0, 0, 1]]


def _head_probes(case):
    dtype = np.asarray(case.X).dtype
    return [_head_case(2, 4, 5, 1, 3, ref.causal_mask(4), 331, dtype=dtype),
            _head_case(2, 3, 2, 1, 4, None, 341, dtype=dtype),
            _head_case(2, 4, 5, 1, 3, _MASK4, 351, dtype=dtype),
            _head_case(2, 4, 5, 1, 3, None, 361, scale=12, dtype=dtype)]


ATTENTION_HEAD = contract("attention_head", ref.attention_head, HEAD_MISTAKES, _head_probes,
                          case=HeadCase,
                          call=lambda fn, case: fn(case.X, case.W_q, case.W_k, case.W_v, case.mask))


# ------------------------------------------------------ multi_head_attention

def _columns(W, num_heads, h):
    d_head = np.shape(W)[1] // num_heads
    return np.asarray(W)[:, h * d_head:(h + 1) * d_head]


def _multi(head=ref.attention_head, cols=_columns, order=lambda outs: outs, axis=-1,
           project=lambda out, W_o: out @ W_o):
    """Multi-head attention with one piece changed (each default is the right one)."""
    def mha(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
        outs = [head(X, cols(W_q, num_heads, h), cols(W_k, num_heads, h),
                     cols(W_v, num_heads, h), mask)[0] for h in range(num_heads)]
        return project(np.concatenate(order(outs), axis=axis), np.asarray(W_o))
    return mha


def _d_head_from_d_model(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = np.shape(X)[-1] // num_heads
    outs = [ref.attention_head(X, *(np.asarray(W)[:, h * d_head:(h + 1) * d_head]
                                    for W in (W_q, W_k, W_v)), mask)[0]
            for h in range(num_heads)]
    return np.concatenate(outs, axis=-1) @ np.asarray(W_o)[:num_heads * d_head]


def _not_transposed_back(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, T, _ = np.shape(X)

    def split(W):
        return (np.asarray(X) @ W).reshape(B, T, num_heads, -1).transpose(0, 2, 1, 3)
    out, _ = ref.scaled_dot_product_attention(split(W_q), split(W_k), split(W_v), mask)
    return out.reshape(B, T, -1) @ W_o


def _head_scale(scale):
    """Heads whose scores are divided by scale(X, W_q) instead of sqrt(d_head)."""
    def mha(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
        s = scale(np.asarray(X), np.asarray(W_q))
        head = _head(_attend(scale=lambda Q, K, V: s))
        return _multi(head=head)(X, W_q, W_k, W_v, W_o, num_heads, mask)
    return mha


MULTI_HEAD_MISTAKES = (
    Mistake("heads-interleaved",
            "the heads take every num_heads-th column (`W[:, h::num_heads]`, or a reshape to "
            "`(batch, T, d_head, num_heads)`); head h is the contiguous block of columns "
            "`h*d_head:(h+1)*d_head`, i.e. reshape to `(batch, T, num_heads, d_head)`.",
            _multi(cols=lambda W, n, h: np.asarray(W)[:, h::n])),
    Mistake("d_head-from-d_model",
            "d_head is computed from d_model; it is the projections' width over the heads, "
            "`W_q.shape[1] // num_heads`.",
            _d_head_from_d_model),
    Mistake("missing-output-projection",
            "the concatenated heads are not multiplied by `W_o`.",
            _multi(project=lambda out, W_o: out)),
    Mistake("output-projection-transposed",
            "`W_o` is used transposed; it is `(num_heads * d_head, d_model)`: "
            "`concat @ W_o`.",
            _multi(project=lambda out, W_o: out @ W_o.T)),
    Mistake("one-wide-head",
            "one attention runs over all the columns at once; the columns are split into "
            "num_heads heads, each with its own softmax (and scale `sqrt(d_head)`).",
            lambda X, W_q, W_k, W_v, W_o, num_heads, mask=None:
                ref.attention_head(X, W_q, W_k, W_v, mask)[0] @ W_o),
    Mistake("heads-concatenated-in-reverse",
            "the heads are concatenated in reverse order; head 0 comes first.",
            _multi(order=lambda outs: outs[::-1])),
    Mistake("concatenated-along-time",
            "the heads' outputs are concatenated along time (axis 1); concatenate the "
            "features, the last axis.",
            _multi(axis=1)),
    Mistake("heads-not-transposed-back",
            "the heads are merged without transposing back: `(batch, heads, T, d_head)` has "
            "to become `(batch, T, heads, d_head)` before the reshape.",
            _not_transposed_back),
    Mistake("mask-not-passed-on",
            "the mask is not passed on to the heads.",
            lambda X, W_q, W_k, W_v, W_o, num_heads, mask=None:
                ref.multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads)),
    Mistake("scaled-by-sqrt-width",
            "every head's scores are divided by the square root of the full width "
            "(`num_heads * d_head`); each head scales by `sqrt(d_head)`.",
            _head_scale(lambda X, W_q: np.sqrt(W_q.shape[1]))),
) + _lifted(HEAD_MISTAKES, "in the heads: ", lambda head: _multi(head=head),
            skip=("mask-not-passed-on", "returns-only-the-output", "pair-in-the-wrong-order"))


def _multi_probes(case):
    dtype = np.asarray(case.X).dtype
    return [_head_case(2, 4, 5, 2, 3, ref.causal_mask(4), 371, dtype=dtype),
            _head_case(2, 3, 6, 3, 2, None, 381, dtype=dtype),
            _head_case(2, 4, 3, 1, 4, _MASK4, 391, dtype=dtype),
            _head_case(2, 4, 4, 2, 2, None, 401, scale=12, dtype=dtype)]


MULTI_HEAD_ATTENTION = contract("multi_head_attention", ref.multi_head_attention,
                                MULTI_HEAD_MISTAKES, _multi_probes, case=HeadCase)

CATALOGUE = [SOFTMAX, SCALED_DOT_PRODUCT_ATTENTION, CAUSAL_MASK, POSITIONAL_ENCODING,
             ATTENTION_HEAD, MULTI_HEAD_ATTENTION]
