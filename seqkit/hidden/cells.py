"""Keras cells (MyRNNCell, MyLSTMCell), graded by driving them one step at a time.

The student's process builds the cell for a given input shape, sets given
weights and answers one call of the cell at a time, on inputs and states the
grader sends; the grader unrolls the sequence itself, feeding each step's
states back in as keras.layers.RNN does.  The check that the cell also runs
inside keras.layers.RNN comes after and never earns points on its own: what
RNN returns is computed in the student's process, by code the notebook can
replace.
"""
import itertools

import numpy as np
from hypothesis import strategies as st

from seqkit.hidden.framework import Mismatch, expect_close
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged
from seqkit.strategies import dims, distinct_arrays, from_seed

STATES = {"MyRNNCell": 1, "MyLSTMCell": 2}  # the states a cell carries: [h] or [h, c]
_handles = itertools.count(1)


@st.composite
def cell_cases(draw, gates):
    batch, T, input_dim, units = draw(dims(1, 4)), draw(dims(1, 5)), draw(dims(1, 4)), draw(dims(1, 4))
    kernel = draw(distinct_arrays((input_dim, gates * units), np.float32, label="kernel"))
    recurrent = draw(distinct_arrays((units, gates * units), np.float32, label="recurrent"))
    bias = draw(distinct_arrays((gates * units,), np.float32, min_magnitude=0.05, label="bias"))
    xs = draw(distinct_arrays((batch, T, input_dim), np.float32, -2, 2, label="xs"))
    return units, [kernel, recurrent, bias], xs


def fixed_cell_case(gates, batch=2, T=4, input_dim=3, units=2):
    return (units, [from_seed((input_dim, gates * units), np.float32, seed=3),
                    from_seed((units, gates * units), np.float32, seed=4),
                    from_seed((gates * units,), np.float32, 0.1, 0.9, seed=5)],
            from_seed((batch, T, input_dim), np.float32, -2, 2, seed=6))


def cell_sequence(student, name, case):
    """The outputs of the student's cell, unrolled by the grader: (batch, T, units) float64.

    case: (units, [kernel, recurrent_kernel, bias], xs (batch, T, input_dim)).
    The states start at zeros (batch, units) float32, as keras.layers.RNN starts them.
    Mismatch for weights of the wrong shapes or a step that returns the wrong
    things; StudentError when the cell raises.
    """
    units, weights, xs = case
    batch, T, input_dim = xs.shape
    handle = next(_handles)
    built = _ask(student, {"op": "cell_new", "name": name, "what": f"{name}.set_weights",
                           "units": units, "input_shape": (batch, input_dim),
                           "handle": handle, "args": (weights,)},
                 _("{cell}, built for inputs (batch, {input_dim})").format(
                     cell=f"{name}({units})", input_dim=input_dim))
    shapes = _shapes(built)
    expected = [tuple(np.shape(w)) for w in weights]
    if shapes != expected:
        raise Mismatch(_("{cell}, built for inputs (batch, {input_dim}), has weights of shapes "
                         "{shapes} (get_weights()); kernel, recurrent_kernel, bias should be "
                         "{expected}, in that order").format(
            cell=f"{name}({units})", input_dim=input_dim, shapes=shapes, expected=expected),
            _("wrong weight shapes"))
    states = [np.zeros((batch, units), np.float32) for _ in range(STATES[name])]
    outputs = []
    for t in range(T):
        step = _ask(student, {"op": "cell_step", "what": f"{name}.call", "handle": handle,
                              "args": (xs[:, t], states)},
                     _("{call} at step {t}").format(call=f"{name}.call", t=t))
        output, states = _read_step(name, step, (batch, units), t)
        outputs.append(output)
    return np.stack(outputs, axis=1)


def _ask(student, request, doing):
    """student.request, with what was being done added to the student's error."""
    try:
        return student.request(request, seconds=60)
    except InputChanged:
        raise
    except StudentError as exc:
        raise StudentError(_("{error} (in {doing})").format(error=exc, doing=doing)) from None


def _shapes(built):
    try:
        return [tuple(int(n) for n in s) for s in built["shapes"]]
    except (TypeError, ValueError, KeyError, IndexError, OverflowError):
        return None  # not a list of shapes: never equal to the weights' shapes


def _read_step(name, step, shape, t):
    """(output as float64, new states) from one call, or Mismatch."""
    where = _("{call} at step {t}").format(call=f"{name}.call(inputs, states)", t=t)
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise Mismatch(_("{where} should return (output, new_states), got {kind}").format(
            where=where, kind=type(step).__name__), _("wrong return type"))
    output, states = step
    if isinstance(states, np.ndarray):
        states = [states]  # keras.layers.RNN wraps a lone state the same way
    n = STATES[name]
    if not isinstance(states, (tuple, list)) or len(states) != n or not all(
            isinstance(s, np.ndarray) and s.shape == shape for s in states):
        got = ([getattr(s, "shape", type(s).__name__) for s in states]
               if isinstance(states, (tuple, list)) else type(states).__name__)
        message = (_("{where} should return 1 new state of shape {shape}, got {got}") if n == 1
                   else _("{where} should return {n} new states of shape {shape}, got {got}"))
        raise Mismatch(message.format(where=where, n=n, shape=shape, got=got), _("wrong states"))
    if not isinstance(output, np.ndarray) or output.shape != shape:
        raise Mismatch(_("{where} should return an output of shape {shape}, got {got}").format(
            where=where, shape=shape, got=getattr(output, "shape", type(output).__name__)),
            _("wrong shape"))
    return output.astype(np.float64), list(states)


def check_cell(student, name, case, expected_fn):
    """The cell's own steps against the reference, then the same inside keras.layers.RNN.

    expected_fn(xs, units, kernel, recurrent_kernel, bias) -> (batch, T, units).
    """
    units, weights, xs = case
    inputs = {"units": units, "kernel": weights[0], "recurrent_kernel": weights[1],
              "bias": weights[2], "inputs": xs}
    # The reference is computed only once the student's answer is in: in Otter the
    # student's code runs in this process, and could find it on the stack.
    # Keras runs in float32: a float32 tolerance, scaled like expect_close's.
    sequence = cell_sequence(student, name, case)
    expect_close(sequence, expected_fn(xs, units, *weights),
                 f"{name}({units}), called one step at a time (its outputs)", inputs,
                 rtol=1e-4, atol=1e-5)
    what = f"keras.layers.RNN({name}({units}), return_sequences=True)"
    got = _ask(student, {"op": "keras_rnn", "name": name, "what": what, "units": units,
                         "args": (xs, weights)}, what)
    expect_close(got, expected_fn(xs, units, *weights), what, inputs, rtol=1e-4, atol=1e-5)
