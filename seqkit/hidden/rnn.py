"""Hidden tests for the rnn assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import rnn as ref
from seqkit.hidden.cells import cell_cases, check_cell, fixed_cell_case
from seqkit.hidden.framework import Mismatch, expect_close, expect_pair, question
from seqkit.i18n import _
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed


@st.composite
def rnn_weights(draw, dtype, input_dim, units):
    W_xh = draw(distinct_arrays((input_dim, units), dtype, label="W_xh"))
    W_hh = draw(distinct_arrays((units, units), dtype, label="W_hh"))
    b_h = draw(distinct_arrays((units,), dtype, min_magnitude=0.05, label="b_h"))
    return W_xh, W_hh, b_h


def fixed_weights(input_dim, units, dtype=np.float64, seed=0):
    return (from_seed((input_dim, units), dtype, seed=seed),
            from_seed((units, units), dtype, seed=seed + 1),
            from_seed((units,), dtype, 0.1, 0.9, seed=seed + 2))


@st.composite
def step_cases(draw):
    dtype, batch, input_dim, units = draw(dtypes()), draw(dims()), draw(dims()), draw(dims())
    x_t = draw(distinct_arrays((batch, input_dim), dtype, -2, 2, label="x_t"))
    h_prev = draw(distinct_arrays((batch, units), dtype, label="h_prev"))
    return (x_t, h_prev) + draw(rnn_weights(dtype, input_dim, units))


@st.composite
def forward_cases(draw):
    dtype, batch, T = draw(dtypes()), draw(dims()), draw(dims())
    input_dim, units = draw(dims()), draw(dims())
    xs = draw(distinct_arrays((batch, T, input_dim), dtype, -2, 2, label="xs"))
    h0 = draw(distinct_arrays((batch, units), dtype, label="h0"))
    return (xs, h0) + draw(rnn_weights(dtype, input_dim, units))


def _fixed_forward(batch, T, input_dim, units, dtype=np.float64):
    return (from_seed((batch, T, input_dim), dtype, -2, 2, seed=7),
            from_seed((batch, units), dtype, seed=8)) + fixed_weights(input_dim, units, dtype)


STEP_NAMES = ("x_t", "h_prev", "W_xh", "W_hh", "b_h")
FORWARD_NAMES = ("xs", "h0", "W_xh", "W_hh", "b_h")


@question("rnn_step",
          case=step_cases())
@example(case=(from_seed((3, 2), np.float64, seed=1), from_seed((3, 4), np.float64, seed=2))
         + fixed_weights(2, 4))
def rnn_step(student, case):
    got = student.call("rnn_step", *case)
    expect_close(got, ref.rnn_step(*case), "rnn_step", dict(zip(STEP_NAMES, case)))


@question("rnn_forward",
          case=forward_cases())
@example(case=_fixed_forward(2, 4, 3, 5))
@example(case=_fixed_forward(2, 3, 1, 1, np.float32))
def rnn_forward(student, case):
    got = student.call("rnn_forward", *case)
    expect_close(got, ref.rnn_forward(*case), "rnn_forward", dict(zip(FORWARD_NAMES, case)))


@st.composite
def output_cases(draw):
    dtype, batch, T, units, out = (draw(dtypes()), draw(dims()), draw(dims()),
                                   draw(dims()), draw(dims()))
    return (draw(distinct_arrays((batch, T, units), dtype, label="hs")),
            draw(distinct_arrays((units, out), dtype, label="W_hy")),
            draw(distinct_arrays((out,), dtype, min_magnitude=0.05, label="b_y")))


@question("rnn_outputs",
          case=output_cases())
@example(case=(from_seed((2, 3, 4), np.float64), from_seed((4, 2), np.float64, seed=1),
               from_seed((2,), np.float64, 0.1, 1, seed=2)))
def rnn_outputs(student, case):
    got = student.call("rnn_outputs", *case)
    expect_close(got, ref.rnn_outputs(*case), "rnn_outputs",
                 dict(zip(("hs", "W_hy", "b_y"), case)))


@st.composite
def clip_cases(draw):
    dtype = draw(dtypes())
    shapes = draw(st.lists(st.lists(dims(1, 4), min_size=0, max_size=3), min_size=1, max_size=4))
    grads = [draw(distinct_arrays(tuple(s), dtype, -3, 3, label=f"grads[{i}]"))
             for i, s in enumerate(shapes)]
    max_norm = draw(st.floats(0.1, 10.0))
    return grads, max_norm


@question("clip_by_global_norm",
          case=clip_cases())
@example(case=([from_seed((3, 2), np.float64, -3, 3), from_seed((4,), np.float64, -3, 3, 1)], 1.0))
@example(case=([from_seed((2, 2), np.float64, -0.1, 0.1)], 5.0))  # below the limit: unchanged
@example(case=([np.zeros((2, 3)), np.zeros(4)], 1.0))  # all zero: no division by the norm
def clip_by_global_norm(student, case):
    grads, max_norm = case
    got = expect_pair(student.call("clip_by_global_norm", grads, max_norm), 2,
                      "clip_by_global_norm")
    clipped, norm = ref.clip_by_global_norm(grads, max_norm)
    inputs = {f"grads[{i}]": g for i, g in enumerate(grads)} | {"max_norm": max_norm}
    expect_close(got[1], norm, "clip_by_global_norm (global_norm)", inputs)
    if not isinstance(got[0], (list, tuple)) or len(got[0]) != len(grads):
        raise Mismatch(_("{call} should return a list of {n} clipped gradients first, got {kind}")
                       .format(call="clip_by_global_norm", n=len(grads),
                               kind=type(got[0]).__name__))
    for i, (g, e) in enumerate(zip(got[0], clipped)):
        expect_close(g, e, f"clip_by_global_norm (clipped[{i}])", inputs)


@question("MyRNNCell", max_examples=4, shrink=False,
          case=cell_cases(1))
@example(case=fixed_cell_case(1))
def MyRNNCell(student, case):
    def simple_rnn(xs, units, kernel, recurrent, bias):
        h0 = np.zeros((xs.shape[0], units))
        return ref.rnn_forward(xs.astype(np.float64), h0, kernel, recurrent, bias)
    check_cell(student, "MyRNNCell", case, simple_rnn)


QUESTIONS = [rnn_step, rnn_forward, rnn_outputs, clip_by_global_norm, MyRNNCell]
