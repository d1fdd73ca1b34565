"""Hidden tests for the attention assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import attention as ref
from seqkit.hidden.framework import Mismatch, describe_inputs, expect_close, expect_pair, question
from seqkit.i18n import _
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed, masks


@st.composite
def softmax_cases(draw):
    shape = tuple(draw(st.lists(dims(), min_size=1, max_size=3)))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return draw(distinct_arrays(shape, draw(dtypes()), -20, 20)), axis


@question("softmax",
          case=softmax_cases())
@example(case=(np.array([[1000.0, 999.0, -1000.0], [-1000.0, -999.0, -998.0]]), -1))
@example(case=(np.array([[1000.0, 2.0], [-1000.0, 1.0], [3.0, 999.0]], np.float32), 0))
@example(case=(from_seed((2, 3, 4), np.float64, -3, 3), 1))
def softmax(student, case):
    z, axis = case
    with np.errstate(all="ignore"):
        got = student.call("softmax", z, axis=axis)
    expect_close(got, ref.softmax(z.astype(np.float64), axis=axis), f"softmax(z, axis={axis})",
                 {"z": z})


@st.composite
def sdpa_cases(draw):
    dtype = draw(dtypes())
    lead = tuple(draw(st.lists(dims(1, 3), min_size=0, max_size=2)))
    Tq, Tk, d_k, d_v = draw(dims()), draw(dims()), draw(dims()), draw(dims())
    Q = draw(distinct_arrays(lead + (Tq, d_k), dtype, -2, 2, label="Q"))
    K = draw(distinct_arrays(lead + (Tk, d_k), dtype, -2, 2, label="K"))
    V = draw(distinct_arrays(lead + (Tk, d_v), dtype, -2, 2, label="V"))
    mask = draw(st.one_of(st.none(), masks((Tq, Tk)), masks(lead + (Tq, Tk))))
    return Q, K, V, mask


def fixed_sdpa(Tq=3, Tk=4, d_k=4, d_v=2, mask=None):
    return (from_seed((2, Tq, d_k), np.float64, -2, 2, seed=21),
            from_seed((2, Tk, d_k), np.float64, -2, 2, seed=22),
            from_seed((2, Tk, d_v), np.float64, -2, 2, seed=23), mask)


def check_attention(got, expected, what, inputs, mask):
    out, weights = expect_pair(got, 2, what)
    expect_close(weights, expected[1], f"{what} (weights)", inputs)
    if mask is not None:
        masked = ~np.broadcast_to(mask, expected[1].shape)
        if np.any(np.asarray(weights, dtype=np.float64)[masked] != 0):
            raise Mismatch(_("{what}: positions where the mask is False must get weight "
                             "exactly 0, not just a small one").format(what=what)
                           + f"\n{describe_inputs(inputs)}")
    expect_close(out, expected[0], f"{what} (out)", inputs)


@question("scaled_dot_product_attention",
          case=sdpa_cases())
@example(case=fixed_sdpa())
@example(case=fixed_sdpa(4, 4, mask=np.tril(np.ones((4, 4), bool))))
@example(case=tuple(30 * a for a in fixed_sdpa()[:2]) + fixed_sdpa()[2:])  # scores near ±1000
def scaled_dot_product_attention(student, case):
    Q, K, V, mask = case
    got = student.call("scaled_dot_product_attention", Q, K, V, mask)
    inputs = {"Q": Q, "K": K, "V": V, "mask": mask}
    check_attention(got, ref.scaled_dot_product_attention(Q, K, V, mask),
                    "scaled_dot_product_attention", inputs, mask)


@question("causal_mask", max_examples=10,
          T=dims(1, 12))
def causal_mask(student, T):
    got = np.asarray(student.call("causal_mask", T))
    expected = ref.causal_mask(T)
    if got.dtype != bool:
        raise Mismatch(_("{call} should be a boolean array, got dtype {dtype}").format(
            call=f"causal_mask({T})", dtype=got.dtype))
    if got.shape != expected.shape or np.any(got != expected):
        raise Mismatch(_("{call}: expected\n{expected}\ngot\n{got}\n(1 = may attend)").format(
            call=f"causal_mask({T})", expected=expected.astype(int),
            got=got.astype(int) if got.ndim == 2 else got))


@question("positional_encoding", max_examples=20,
          T=dims(1, 12), d_model=dims(1, 16))
@example(T=50, d_model=7)
@example(T=6, d_model=8)
def positional_encoding(student, T, d_model):
    got = student.call("positional_encoding", T, d_model)
    expect_close(got, ref.positional_encoding(T, d_model), "positional_encoding",
                 {"T": T, "d_model": d_model})


@st.composite
def head_cases(draw, heads=None):
    dtype, batch, T, d_model = draw(dtypes()), draw(dims(1, 4)), draw(dims()), draw(dims())
    num_heads = heads or draw(dims(1, 3))
    d_head = draw(dims(1, 4))
    X = draw(distinct_arrays((batch, T, d_model), dtype, -2, 2, label="X"))
    width = num_heads * d_head
    W_q, W_k = (draw(distinct_arrays((d_model, width), dtype, label=n)) for n in ("W_q", "W_k"))
    W_v = draw(distinct_arrays((d_model, width), dtype, label="W_v"))
    mask = draw(st.one_of(st.none(), st.just(ref.causal_mask(T)), masks((T, T))))
    W_o = draw(distinct_arrays((width, d_model), dtype, label="W_o"))
    return X, W_q, W_k, W_v, W_o, num_heads, mask


def fixed_heads(num_heads=2, d_head=3, batch=2, T=4, d_model=5, causal=True):
    width = num_heads * d_head
    return (from_seed((batch, T, d_model), np.float64, -2, 2, seed=31),
            from_seed((d_model, width), np.float64, seed=32),
            from_seed((d_model, width), np.float64, seed=33),
            from_seed((d_model, width), np.float64, seed=34),
            from_seed((width, d_model), np.float64, seed=35), num_heads,
            ref.causal_mask(T) if causal else None)


@question("attention_head",
          case=head_cases(heads=1))
@example(case=fixed_heads(num_heads=1, d_head=3))
def attention_head(student, case):
    X, W_q, W_k, W_v, _, _, mask = case
    got = student.call("attention_head", X, W_q, W_k, W_v, mask)
    inputs = {"X": X, "W_q": W_q, "W_k": W_k, "W_v": W_v, "mask": mask}
    check_attention(got, ref.attention_head(X, W_q, W_k, W_v, mask), "attention_head",
                    inputs, mask)


@question("multi_head_attention",
          case=head_cases())
@example(case=fixed_heads())
@example(case=fixed_heads(num_heads=3, d_head=2, causal=False))
def multi_head_attention(student, case):
    X, W_q, W_k, W_v, W_o, num_heads, mask = case
    got = student.call("multi_head_attention", X, W_q, W_k, W_v, W_o, num_heads, mask)
    inputs = {"X": X, "W_q": W_q, "W_k": W_k, "W_v": W_v, "W_o": W_o,
              "num_heads": num_heads, "mask": mask}
    expect_close(got, ref.multi_head_attention(*case), "multi_head_attention", inputs)


QUESTIONS = [softmax, scaled_dot_product_attention, causal_mask, positional_encoding,
             attention_head, multi_head_attention]
