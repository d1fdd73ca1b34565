"""Issue 13, in-process: a grade depends only on what the student's own code returns.

Each case is a wrong (or right) answer graded by its real hidden test through
InProcessStudent, which passes everything through the wire format as the
sandbox does.  Patches the student's process would make (Keras, the op
table) are made here with monkeypatch and undone after each test; the
sandboxed versions of these attacks are in tests/hostile/attacks.py.
"""
import importlib

import keras
import numpy as np
import pytest

from seqkit import genz as genz_ref
from seqkit.hidden.cells import cell_sequence, fixed_cell_case
from seqkit.hidden.framework import Mismatch, run_question
from seqkit.sandbox import codec, ops
from seqkit.sandbox.inprocess import InProcessStudent
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged


def question(assignment, name):
    hidden = importlib.import_module(f"seqkit.hidden.{assignment}")
    return next(q for q in hidden.QUESTIONS if q.name == name)


def reference(assignment, name):
    return getattr(importlib.import_module(f"seqkit.{assignment}"), name)


def grade(assignment, name, answer):
    return run_question(question(assignment, name), InProcessStudent({name: answer}))


# -- inputs stay untouched ----------------------------------------------------

@pytest.mark.quick
def test_clipping_the_gradients_in_place_costs_the_question():
    right = reference("rnn", "clip_by_global_norm")

    def clip_in_place(grads, max_norm):
        clipped, norm = right(grads, max_norm)
        for g, c in zip(grads, clipped):
            g[...] = c  # the right values, written into the caller's arrays
        return grads, norm

    verdict = grade("rnn", "clip_by_global_norm", clip_in_place)
    assert verdict.points == 0
    assert verdict.summary == "changed its input"
    assert "clip_by_global_norm changed its argument grads[0] in place" in verdict.feedback


def test_overwriting_h0_in_place_costs_the_question():
    right = reference("rnn", "rnn_forward")

    def forward(xs, h0, W_xh, W_hh, b_h):
        hs = right(xs, h0, W_xh, W_hh, b_h)
        h0[...] = hs[:, -1]
        return hs

    verdict = grade("rnn", "rnn_forward", forward)
    assert verdict.points == 0 and "changed its argument h0 in place" in verdict.feedback


def test_a_reshape_in_place_is_a_change_too():
    def sigmoid(z):
        out = 1 / (1 + np.exp(-np.asarray(z, dtype=np.float64)))
        if np.ndim(z) == 1 and len(z) > 1:
            z.shape = (1, len(z))
        return out

    verdict = grade("lstm", "sigmoid", sigmoid)
    assert verdict.points == 0 and "its shape became" in verdict.feedback


def test_a_right_answer_that_leaves_its_inputs_alone_keeps_full_marks():
    verdict = grade("rnn", "clip_by_global_norm", reference("rnn", "clip_by_global_norm"))
    assert verdict.points == verdict.possible, verdict.feedback


@pytest.mark.quick
def test_call_names_the_changed_argument_and_where():
    def scale(x, factor):
        x[1, 0] *= factor
        return x

    student = InProcessStudent({"scale": scale})
    with pytest.raises(InputChanged, match=r"scale changed its argument x in place: 1 of its 4 "
                                           r"values changed, the first at index \(1, 0\)"):
        student.call("scale", np.ones((2, 2)), 3.0)
    nan = np.array([np.nan, 1.0])
    assert np.array_equal(student.call("scale", nan.reshape(2, 1), 1.0), nan.reshape(2, 1),
                          equal_nan=True)  # NaN stays NaN: no change seen where there is none


# -- Keras cells: the grader drives the cell ----------------------------------

class _GarbageCell(keras.layers.Layer):
    """Weights of the right shapes, a call that ignores the state."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units, self.state_size, self.output_size = units, units, units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="rk")
        self.bias = self.add_weight(shape=(self.units,), name="bias")

    def call(self, inputs, states):
        h = keras.ops.tanh(keras.ops.matmul(inputs, self.kernel) + self.bias)
        return h, [h]


def _rnn_is_simple_rnn(cell, **kwargs):
    # what a notebook cell can do: keras.layers.RNN(cell) becomes SimpleRNN
    return keras.layers.SimpleRNN(cell.units, **kwargs)


def test_keras_rnn_replaced_by_simple_rnn_earns_nothing(monkeypatch):
    monkeypatch.setattr(keras.layers, "RNN", _rnn_is_simple_rnn)
    verdict = grade("rnn", "MyRNNCell", _GarbageCell)
    assert verdict.points == 0
    assert "called one step at a time" in verdict.feedback


def test_op_table_entry_replaced_earns_nothing(monkeypatch):
    def forged(namespace, request, ask):
        xs, weights = request["args"]
        layer = keras.layers.SimpleRNN(request["units"], return_sequences=True)
        layer(xs)
        layer.set_weights(weights)
        return {"value": layer(xs), "args": (xs, weights), "kwargs": {}, "names": []}

    monkeypatch.setitem(ops._OPS, "keras_rnn", forged)
    assert grade("rnn", "MyRNNCell", _GarbageCell).points == 0


def test_right_steps_that_break_inside_rnn_lose_the_question():
    from seqkit.keras_cells import MyRNNCell

    class NoStateSize(MyRNNCell):
        def __init__(self, units, **kwargs):
            super().__init__(units, **kwargs)
            del self.state_size  # keras.layers.RNN needs it; a step alone does not

    case = fixed_cell_case(1)
    sequence = cell_sequence(InProcessStudent({"MyRNNCell": NoStateSize}), "MyRNNCell", case)
    assert sequence.shape == (2, 4, 2)  # its steps are right ...
    verdict = grade("rnn", "MyRNNCell", NoStateSize)
    assert verdict.points == 0 and "(in keras.layers.RNN(MyRNNCell(" in verdict.feedback  # not RNN


def test_cell_sequence_is_the_reference_for_the_reference_cells():
    from seqkit import lstm, rnn
    from seqkit.keras_cells import MyLSTMCell, MyRNNCell
    units, weights, xs = case = fixed_cell_case(1)
    got = cell_sequence(InProcessStudent({"MyRNNCell": MyRNNCell}), "MyRNNCell", case)
    np.testing.assert_allclose(got, rnn.rnn_forward(xs.astype(np.float64), np.zeros((2, units)),
                                                    *weights), rtol=1e-5, atol=1e-6)
    units, weights, xs = case = fixed_cell_case(4)
    got = cell_sequence(InProcessStudent({"MyLSTMCell": MyLSTMCell}), "MyLSTMCell", case)
    zeros = np.zeros((2, units))
    np.testing.assert_allclose(got, lstm.lstm_forward(xs.astype(np.float64), zeros, zeros,
                                                      *weights)[0], rtol=1e-5, atol=1e-6)


def test_a_call_that_takes_training_gets_it_as_inside_rnn():
    from seqkit.keras_cells import MyRNNCell

    class NeedsTraining(MyRNNCell):
        def call(self, inputs, states, training):  # no default: RNN always passes it
            assert training is False
            return super().call(inputs, states)

    verdict = grade("rnn", "MyRNNCell", NeedsTraining)
    assert verdict.points == verdict.possible, verdict.feedback


def test_wrong_weight_shapes_are_a_mismatch_named_so():
    class Transposed(_GarbageCell):
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(self.units, input_shape[-1]), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="rk")
            self.bias = self.add_weight(shape=(self.units,), name="bias")

    with pytest.raises(Mismatch, match="has weights of shapes"):
        cell_sequence(InProcessStudent({"MyRNNCell": Transposed}), "MyRNNCell",
                      fixed_cell_case(1, input_dim=3, units=2))


def test_a_cell_that_raises_is_a_student_error():
    class Raises(_GarbageCell):
        def call(self, inputs, states):
            raise ValueError("no")

    with pytest.raises(StudentError, match=r"ValueError: no \(when calling Raises.call\(\).\) "
                                           r"\(in MyRNNCell.call at step 0\)"):
        cell_sequence(InProcessStudent({"MyRNNCell": Raises}), "MyRNNCell", fixed_cell_case(1))


# -- fit_and_evaluate: f lives on the grader's side ---------------------------

def test_forged_counts_from_the_op_table_earn_nothing(monkeypatch):
    def forged(namespace, request, ask):
        # the old reply format, with the count and digest the old grader trusted
        return {"value": {"result": (0.5, 0.6), "distinct_points": 300, "points": "x"}}

    monkeypatch.setitem(ops._OPS, "fit", forged)
    verdict = grade("genz", "fit_and_evaluate", genz_ref.fit_and_evaluate)
    assert verdict.points == 0


def test_a_fit_that_samples_too_few_points_is_counted_by_the_grader():
    def few(f, d, n_train, seed=0, n_test=1000):
        rng = np.random.default_rng(seed)
        x = rng.random((10, d))
        y = np.asarray(f(x))
        return 0.5, 0.5 + float(np.std(y))

    verdict = grade("genz", "fit_and_evaluate", few)
    assert verdict.points == 0 and "evaluated f at 10 distinct points" in verdict.feedback


def test_nan_where_a_number_is_due():
    verdict = grade("genz", "fit_and_evaluate", lambda f, d, n_train, seed=0, n_test=1000:
                    (float("nan"), float("nan")))
    assert verdict.points == 0 and "finite" in verdict.feedback


def test_callbacks_are_bounded():
    from seqkit.hidden.genz import MAX_POINTS, Target

    def flood(f, d, n_train, seed=0, n_test=1000):
        f(np.zeros((MAX_POINTS, d)))
        f(np.zeros((1, d)))  # one point too many: refused
        return 0.5, 0.6

    student = InProcessStudent({"fit_and_evaluate": flood})
    with pytest.raises(StudentError, match=f"more than {MAX_POINTS} points"):
        student.request({"op": "fit", "keywords": {"d": 2, "n_train": 1}},
                        on_callback=Target("plane", 2))
    with pytest.raises(StudentError, match=r"points of shape \(n, 2\)"):
        InProcessStudent({"fit_and_evaluate": lambda f, **kw: f(np.zeros(3))}).request(
            {"op": "fit", "keywords": {"d": 2, "n_train": 1}}, on_callback=Target("plane", 2))


# -- answers whose conversion misbehaves --------------------------------------

class _ArrayRaises:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no array for you")


class _ClaimsABillion:
    # numpy checks the buffer against the claimed shape and refuses
    __array_interface__ = {"shape": (10**9,), "typestr": "<f8", "data": b"\0" * 8, "version": 3}


@pytest.mark.parametrize("answer", [_ArrayRaises(), _ClaimsABillion(),
                                    np.broadcast_to(np.float64(1), (10**9,))],
                         ids=["array-raises", "claims-a-billion", "broadcast-billion"])
def test_an_answer_that_cannot_be_converted_costs_only_the_question(answer):
    verdict = grade("rnn", "rnn_outputs", lambda hs, W_hy, b_y: answer)
    assert verdict.points == 0 and verdict.possible > 0


@pytest.mark.quick
def test_the_codec_refuses_a_billion_elements_without_allocating_them():
    with pytest.raises(codec.MessageError, match="larger than"):
        codec.encode(np.broadcast_to(np.float64(1), (10**9,)))
    forged = b'{"a": "<f8", "s": [4294967296, 4294967296], "n": 0}'
    with pytest.raises(codec.MessageError):  # the int64 product wraps to 0
        codec.decode(len(forged).to_bytes(8, "big") + forged)
