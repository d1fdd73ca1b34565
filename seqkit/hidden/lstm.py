"""Hidden tests for the lstm assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import lstm as ref
from seqkit.hidden.cells import cell_cases, check_cell, fixed_cell_case
from seqkit.hidden.framework import expect_close, expect_pair, question
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed

GATES = ("i", "f", "g", "o")


@st.composite
def sigmoid_cases(draw):
    shape = tuple(draw(st.lists(dims(), min_size=0, max_size=3)))
    return draw(distinct_arrays(shape, draw(dtypes()), -30, 30))


@question("sigmoid",
          z=sigmoid_cases())
@example(z=np.array([-1000.0, -745.5, -50.0, 0.0, 3.0, 50.0, 1000.0]))
@example(z=np.array([[-1000.0, 1000.0], [-88.8, 88.8]], dtype=np.float32))
def sigmoid(student, z):
    with np.errstate(all="ignore"):
        got = student.call("sigmoid", z)
    expect_close(got, ref.sigmoid(z.astype(np.float64)), "sigmoid", {"z": z})


@st.composite
def lstm_params(draw, dtype, input_dim, units):
    return (draw(distinct_arrays((input_dim, 4 * units), dtype, label="W_x")),
            draw(distinct_arrays((units, 4 * units), dtype, label="W_h")),
            draw(distinct_arrays((4 * units,), dtype, min_magnitude=0.05, label="b")))


def fixed_params(input_dim, units, dtype=np.float64):
    return (from_seed((input_dim, 4 * units), dtype, seed=11),
            from_seed((units, 4 * units), dtype, seed=12),
            from_seed((4 * units,), dtype, 0.1, 0.9, seed=13))


@st.composite
def step_cases(draw, with_c):
    dtype, batch, input_dim, units = draw(dtypes()), draw(dims()), draw(dims()), draw(dims())
    states = [draw(distinct_arrays((batch, input_dim), dtype, -2, 2, label="x_t")),
              draw(distinct_arrays((batch, units), dtype, label="h_prev"))]
    if with_c:
        states.append(draw(distinct_arrays((batch, units), dtype, -2, 2, label="c_prev")))
    return tuple(states) + draw(lstm_params(dtype, input_dim, units))


def fixed_step(with_c, batch=2, input_dim=3, units=2):
    states = [from_seed((batch, input_dim), np.float64, -2, 2, seed=14),
              from_seed((batch, units), np.float64, seed=15)]
    if with_c:
        states.append(from_seed((batch, units), np.float64, -2, 2, seed=16))
    return tuple(states) + fixed_params(input_dim, units)


@question("lstm_gates",
          case=step_cases(with_c=False))
@example(case=fixed_step(False))
def lstm_gates(student, case):
    got = expect_pair(student.call("lstm_gates", *case), 4, "lstm_gates")
    inputs = dict(zip(("x_t", "h_prev", "W", "U", "b"), case))
    for name, g, e in zip(GATES, got, ref.lstm_gates(*case)):
        expect_close(g, e, f"lstm_gates (gate {name})", inputs)


@question("lstm_step",
          case=step_cases(with_c=True))
@example(case=fixed_step(True))
def lstm_step(student, case):
    got = expect_pair(student.call("lstm_step", *case), 2, "lstm_step")
    inputs = dict(zip(("x_t", "h_prev", "c_prev", "W", "U", "b"), case))
    h, c = ref.lstm_step(*case)
    expect_close(got[0], h, "lstm_step (h_t)", inputs)
    expect_close(got[1], c, "lstm_step (c_t)", inputs)


@st.composite
def forward_cases(draw):
    dtype, batch, T = draw(dtypes()), draw(dims()), draw(dims())
    input_dim, units = draw(dims()), draw(dims())
    return (draw(distinct_arrays((batch, T, input_dim), dtype, -2, 2, label="xs")),
            draw(distinct_arrays((batch, units), dtype, label="h0")),
            draw(distinct_arrays((batch, units), dtype, -2, 2, label="c0"))) + draw(
        lstm_params(dtype, input_dim, units))


@question("lstm_forward",
          case=forward_cases())
@example(case=(from_seed((2, 4, 3), np.float64, -2, 2, seed=17),
               from_seed((2, 2), np.float64, seed=18),
               from_seed((2, 2), np.float64, -2, 2, seed=19)) + fixed_params(3, 2))
def lstm_forward(student, case):
    got = expect_pair(student.call("lstm_forward", *case), 2, "lstm_forward")
    inputs = dict(zip(("xs", "h0", "c0", "W", "U", "b"), case))
    hs, c_T = ref.lstm_forward(*case)
    expect_close(got[0], hs, "lstm_forward (hs)", inputs)
    expect_close(got[1], c_T, "lstm_forward (c_T)", inputs)


@question("MyLSTMCell", max_examples=4, shrink=False,
          case=cell_cases(4))
@example(case=fixed_cell_case(4))
def MyLSTMCell(student, case):
    def keras_lstm(xs, units, kernel, recurrent, bias):
        zeros = np.zeros((xs.shape[0], units))
        return ref.lstm_forward(xs.astype(np.float64), zeros, zeros, kernel, recurrent, bias)[0]
    check_cell(student, "MyLSTMCell", case, keras_lstm)


QUESTIONS = [sigmoid, lstm_gates, lstm_step, lstm_forward, MyLSTMCell]
