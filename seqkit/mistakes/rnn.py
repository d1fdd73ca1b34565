"""Known mistakes of the rnn assignment.

Probes are fixed cases in the failing example's dtype, with every dimension
different (batch, input_dim, units, T), so that a transposed or swapped
matrix raises a shape error, plus a square case (input_dim == units) where the
same transpose gives wrong values instead, and cases that silence one term
(zero inputs, a one-hot state, T = 1).
"""
import ast
import re
from typing import NamedTuple

import numpy as np

from seqkit import rnn as ref
from seqkit.mistakes.base import Mistake, contract
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s (seqkit.hidden.rnn, seqkit.hidden.cells), named.
class StepCase(NamedTuple):
    x_t: object      # (batch, input_dim)
    h_prev: object   # (batch, units)
    W_xh: object     # (input_dim, units)
    W_hh: object     # (units, units)
    b_h: object      # (units,)


class ForwardCase(NamedTuple):
    xs: object       # (batch, T, input_dim)
    h0: object       # (batch, units)
    W_xh: object
    W_hh: object
    b_h: object


class OutputCase(NamedTuple):
    hs: object       # (batch, T, units)
    W_hy: object     # (units, output_dim)
    b_y: object      # (output_dim,)


class ClipCase(NamedTuple):
    grads: list      # arrays of any shapes
    max_norm: float


class CellCase(NamedTuple):
    units: int
    weights: list    # [kernel, recurrent_kernel, bias], in Keras' layout
    xs: object       # (batch, T, input_dim) float32


def _weights(input_dim, units, dtype, seed):
    return (from_seed((input_dim, units), dtype, seed=seed),
            from_seed((units, units), dtype, seed=seed + 1),
            from_seed((units,), dtype, 0.1, 0.9, seed=seed + 2, min_magnitude=0.05))


def _one_hot(batch, units, dtype):
    h = np.zeros((batch, units), dtype)
    h[:, 0] = 1
    return h


# ------------------------------------------------------------------ rnn_step

def _step_probes(case):
    dtype = np.asarray(case.x_t).dtype
    wide = StepCase(from_seed((2, 3), dtype, -2, 2, seed=101), from_seed((2, 4), dtype, seed=102),
                    *_weights(3, 4, dtype, 103))
    square = StepCase(from_seed((2, 3), dtype, -2, 2, seed=111),
                      from_seed((2, 3), dtype, seed=112), *_weights(3, 3, dtype, 113))
    zero_x = square._replace(x_t=np.zeros_like(square.x_t))
    one_hot = square._replace(h_prev=_one_hot(2, 3, dtype))
    return [wide, square, zero_x, one_hot]


def _pre(x, h, W_xh, W_hh, b):
    return np.asarray(x) @ W_xh + np.asarray(h) @ W_hh + b


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Each a mistaken rnn_step(x_t, h_prev, W_xh, W_hh, b_h); also used unrolled
# (rnn_forward, MyRNNCell), where a student's loop calls its own step.
STEP_MISTAKES = (
    Mistake("recurrent-transposed",
            "the recurrent weights are used transposed (`h_prev @ W_hh.T`, or `W_hh @ h_prev` "
            "in column-vector style); in Keras orientation the state multiplies from the left: "
            "`h_prev @ W_hh`.",
            lambda x, h, W, U, b: np.tanh(_pre(x, h, W, U.T, b))),
    Mistake("input-transposed",
            "the input weights are used transposed (`x_t @ W_xh.T`); `W_xh` is "
            "`(input_dim, units)`, so it is `x_t @ W_xh`.",
            lambda x, h, W, U, b: np.tanh(_pre(x, h, W.T, U, b))),
    Mistake("both-transposed",
            "both weight matrices are used transposed (PyTorch's `(units, input_dim)` layout); "
            "in Keras orientation it is `x_t @ W_xh + h_prev @ W_hh`.",
            lambda x, h, W, U, b: np.tanh(_pre(x, h, W.T, U.T, b))),
    Mistake("weights-swapped",
            "`W_xh` and `W_hh` are swapped: the input multiplies `W_xh` and the previous state "
            "multiplies `W_hh`.",
            lambda x, h, W, U, b: np.tanh(np.asarray(x) @ U + np.asarray(h) @ W + b)),
    Mistake("concat-order-swapped",
            "`[h_prev, x_t]` is concatenated against `[W_xh; W_hh]`, whose first rows are "
            "W_xh's: put the input first, `np.concatenate([x_t, h_prev], axis=1) @ "
            "np.concatenate([W_xh, W_hh])`.",
            lambda x, h, W, U, b: np.tanh(np.concatenate([h, x], axis=1)
                                          @ np.concatenate([W, U], axis=0) + b)),
    Mistake("elementwise-product",
            "the weights multiply with `*`, an elementwise product (as `W_hh * h` reads on a "
            "slide); they need the matrix product `@`: `x_t @ W_xh + h_prev @ W_hh`.",
            lambda x, h, W, U, b: np.tanh(np.asarray(x) * W + np.asarray(h) * U + b)),
    Mistake("missing-bias",
            "the bias `b_h` is left out of the sum inside the tanh.",
            lambda x, h, W, U, b: np.tanh(_pre(x, h, W, U, 0))),
    Mistake("bias-outside-tanh",
            "the bias is added after the tanh; it belongs inside: "
            "`tanh(x_t @ W_xh + h_prev @ W_hh + b_h)`.",
            lambda x, h, W, U, b: np.tanh(_pre(x, h, W, U, 0)) + b),
    Mistake("state-ignored",
            "the previous state is left out: the sum inside the tanh needs `h_prev @ W_hh`.",
            lambda x, h, W, U, b: np.tanh(np.asarray(x) @ W + b)),
    Mistake("missing-tanh",
            "the tanh is missing: the new state is `tanh(x_t @ W_xh + h_prev @ W_hh + b_h)`, "
            "not the pre-activation itself.",
            lambda x, h, W, U, b: _pre(x, h, W, U, b)),
    Mistake("relu-instead-of-tanh",
            "a ReLU is used where the vanilla RNN has a tanh.",
            lambda x, h, W, U, b: np.maximum(0, _pre(x, h, W, U, b))),
    Mistake("sigmoid-instead-of-tanh",
            "a sigmoid is used where the vanilla RNN has a tanh.",
            lambda x, h, W, U, b: _sigmoid(_pre(x, h, W, U, b))),
)

RNN_STEP = contract("rnn_step", ref.rnn_step, STEP_MISTAKES, _step_probes, case=StepCase)


# --------------------------------------------------------------- rnn_forward

def _unroll(step, xs, h0, W, U, b):
    h, hs = np.asarray(h0), []
    for t in range(np.shape(xs)[1]):
        h = step(np.asarray(xs)[:, t], h, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1)


def _forward_probes(case):
    dtype = np.asarray(case.xs).dtype
    wide = ForwardCase(from_seed((2, 4, 3), dtype, -2, 2, seed=121),
                       from_seed((2, 5), dtype, seed=122), *_weights(3, 5, dtype, 123))
    square = ForwardCase(from_seed((3, 2, 4), dtype, -2, 2, seed=131),
                         from_seed((3, 4), dtype, seed=132), *_weights(4, 4, dtype, 133))
    one_step = wide._replace(xs=wide.xs[:, :1])
    zero_x = wide._replace(xs=np.zeros_like(wide.xs))
    return [wide, square, one_step, zero_x]


def _h0_included(xs, h0, W, U, b):
    hs = ref.rnn_forward(xs, h0, W, U, b)
    return np.concatenate([np.asarray(h0)[:, None], hs[:, :-1]], axis=1)


def _over_batch(xs, h0, W, U, b):
    h, hs = np.asarray(h0), []
    for x_t in np.asarray(xs):  # iterating an array walks its first axis: the batch
        h = ref.rnn_step(x_t, h, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1)


def _one_buffer(xs, h0, W, U, b):
    hs = ref.rnn_forward(xs, h0, W, U, b)
    return np.repeat(hs[:, -1:], hs.shape[1], axis=1)


def _batch_steps(xs, h0, W, U, b):
    h, hs = np.asarray(h0), []
    for t in range(np.shape(xs)[0]):
        h = ref.rnn_step(np.asarray(xs)[:, t], h, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1)


def _reversed(xs, h0, W, U, b):
    return ref.rnn_forward(np.asarray(xs)[:, ::-1], h0, W, U, b)


FORWARD_MISTAKES = (
    Mistake("state-not-carried",
            "every step starts again from `h0`: the state each step returns has to be fed to the "
            "next step (`h = rnn_step(xs[:, t], h, ...)`).",
            lambda xs, h0, W, U, b: np.stack(
                [ref.rnn_step(np.asarray(xs)[:, t], h0, W, U, b) for t in range(np.shape(xs)[1])],
                axis=1)),
    Mistake("h0-included",
            "the states are shifted by one step: `hs` starts with `h0` and misses the last state; "
            "`hs[:, t]` is the state after step t, h0 not included.",
            _h0_included),
    Mistake("h0-prepended",
            "`h0` is included in `hs`, which then has T + 1 steps; `hs[:, t]` is the state after "
            "step t, h0 not included.",
            lambda xs, h0, W, U, b: np.concatenate(
                [np.asarray(h0)[:, None], ref.rnn_forward(xs, h0, W, U, b)], axis=1)),
    Mistake("time-major-output",
            "the states are stacked time first, `(T, batch, units)`; stack them on axis 1 for "
            "`(batch, T, units)`.",
            lambda xs, h0, W, U, b: np.swapaxes(ref.rnn_forward(xs, h0, W, U, b), 0, 1)),
    Mistake("loops-over-batch",
            "`for x_t in xs` walks the batch axis, not time: the time steps are `xs[:, t]`.",
            _over_batch),
    Mistake("steps-counted-by-batch",
            "the loop runs over `range(xs.shape[0])`, the batch size; the number of time steps "
            "is `xs.shape[1]`.",
            _batch_steps),
    Mistake("last-state-only",
            "only the last state is returned; `rnn_forward` returns every state, "
            "`(batch, T, units)`.",
            lambda xs, h0, W, U, b: ref.rnn_forward(xs, h0, W, U, b)[:, -1]),
    Mistake("returns-a-pair",
            "a pair (states, last state) is returned; `rnn_forward` returns the states "
            "`(batch, T, units)` alone.",
            lambda xs, h0, W, U, b: (lambda hs: (hs, hs[:, -1]))(ref.rnn_forward(xs, h0, W, U, b))),
    Mistake("one-buffer-reused",
            "every entry of `hs` is the last state: the same array is updated in place "
            "(`h[:] = ...`) and appended each step, so all of them are one buffer; append a "
            "new array (`h = rnn_step(...)`).",
            _one_buffer),
    Mistake("time-reversed",
            "the sequence is processed from the last step to the first; run t = 0, 1, ..., T-1.",
            _reversed),
) + tuple(
    Mistake(m.id, "in the step of the loop: " + m.description,
            lambda xs, h0, W, U, b, f=m.variant: _unroll(f, xs, h0, W, U, b))
    for m in STEP_MISTAKES)

RNN_FORWARD = contract("rnn_forward", ref.rnn_forward, FORWARD_MISTAKES, _forward_probes,
                       case=ForwardCase)


# --------------------------------------------------------------- rnn_outputs

def _output_probes(case):
    dtype = np.asarray(case.hs).dtype
    wide = OutputCase(from_seed((2, 3, 4), dtype, seed=141), from_seed((4, 5), dtype, seed=142),
                      from_seed((5,), dtype, 0.1, 0.9, seed=143, min_magnitude=0.05))
    square = OutputCase(from_seed((3, 2, 4), dtype, seed=151), from_seed((4, 4), dtype, seed=152),
                        from_seed((4,), dtype, 0.1, 0.9, seed=153, min_magnitude=0.05))
    return [wide, square]


def _mixed(hs, W, b):
    B, T, U = np.shape(hs)
    flat = np.reshape(hs, (B * T, U)) @ W + b
    return flat.reshape(T, B, -1).transpose(1, 0, 2)


def _softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


OUTPUT_MISTAKES = (
    Mistake("missing-bias", "the bias `b_y` is not added: `hs @ W_hy + b_y`.",
            lambda hs, W, b: np.asarray(hs) @ W),
    Mistake("weights-transposed",
            "`W_hy` is used transposed; it is `(units, output_dim)`, so it is `hs @ W_hy`.",
            lambda hs, W, b: np.asarray(hs) @ np.asarray(W).T + b),
    Mistake("tanh-on-the-outputs",
            "a tanh is applied to the outputs; the output layer is linear: `hs @ W_hy + b_y`.",
            lambda hs, W, b: np.tanh(np.asarray(hs) @ W + b)),
    Mistake("softmax-on-the-outputs",
            "a softmax is applied to the outputs; `rnn_outputs` returns the linear scores "
            "`hs @ W_hy + b_y` (a loss applies the softmax).",
            lambda hs, W, b: _softmax(np.asarray(hs) @ W + b)),
    Mistake("last-step-only",
            "only the last time step is used; the output layer applies at every step, "
            "`(batch, T, output_dim)`.",
            lambda hs, W, b: np.asarray(hs)[:, -1] @ W + b),
    Mistake("reshape-mixes-batch-and-time",
            "the result is reshaped back as `(T, batch, ...)` after flattening `(batch * T, ...)`, "
            "which mixes batch and time; reshape to `(batch, T, output_dim)` (or skip the "
            "reshape: `@` works on the last axis).",
            _mixed),
)

RNN_OUTPUTS = contract("rnn_outputs", ref.rnn_outputs, OUTPUT_MISTAKES, _output_probes,
                       case=OutputCase)


# ------------------------------------------------------- clip_by_global_norm

def _clip_probes(case):
    dtype = next((np.asarray(g).dtype for g in case.grads), np.float64)
    big = [from_seed((3, 2), dtype, -3, 3, seed=161), from_seed((4,), dtype, -3, 3, seed=162),
           from_seed((2, 1, 2), dtype, -3, 3, seed=163)]
    return [ClipCase(big, 1.5), ClipCase(big, 1e3), ClipCase(big[:2], 0.5)]


def _norm(grads):
    return float(np.sqrt(sum(np.sum(np.square(np.asarray(g, np.float64))) for g in grads)))


def _scaled(grads, scale):
    return [np.asarray(g, np.float64) * scale for g in grads]


def _each_separately(grads, max_norm):
    out = []
    for g in grads:
        n = float(np.linalg.norm(np.ravel(g)))
        out.append(np.asarray(g, np.float64) * max_norm / max(n, max_norm))
    return out, _norm(grads)


def _sum_of_norms(grads, max_norm):
    total = float(sum(np.linalg.norm(np.ravel(g)) for g in grads))
    return _scaled(grads, max_norm / max(total, max_norm)), total


def _missing_sqrt(grads, max_norm):
    total = _norm(grads) ** 2
    return _scaled(grads, max_norm / max(total, max_norm)), total


def _norm_after(grads, max_norm):
    clipped, _ = ref.clip_by_global_norm(grads, max_norm)
    return clipped, _norm(clipped)


def _always(grads, max_norm):
    total = _norm(grads)
    return [np.asarray(g, np.float64) * max_norm / total for g in grads], total


def _inverted(grads, max_norm):
    total = _norm(grads)
    return _scaled(grads, total / max_norm if total > max_norm else 1.0), total


def _zero_division(grads, max_norm):
    total = _norm(grads)
    return _scaled(grads, min(1.0, max_norm / total)), total  # a Python float: 0.0 raises


CLIP_MISTAKES = (
    Mistake("clips-each-separately",
            "each gradient is clipped by its own norm; all of them are scaled by one factor, "
            "`max_norm / max(global_norm, max_norm)`, with the norm of them all together.",
            _each_separately),
    Mistake("sum-of-norms",
            "the norms of the gradients are added; the global norm is `sqrt(sum of every "
            "squared entry)`, i.e. the square root of the sum of the squared norms.",
            _sum_of_norms),
    Mistake("missing-sqrt",
            "the square root is missing: the global norm is `sqrt(Σ ||g||²)`, not `Σ ||g||²`.",
            _missing_sqrt),
    Mistake("norm-after-clipping",
            "the norm returned is the one after clipping; return the global norm of the "
            "gradients you were given.",
            _norm_after),
    Mistake("always-rescales",
            "the gradients are rescaled even when their norm is below `max_norm`; the factor is "
            "`max_norm / max(global_norm, max_norm)`, 1 when nothing needs clipping.",
            _always),
    Mistake("clips-by-value",
            "each entry is clipped to [-max_norm, max_norm] (`np.clip`); clipping by the global "
            "norm scales every gradient by one factor and keeps their directions.",
            lambda grads, m: ([np.clip(np.asarray(g, np.float64), -m, m) for g in grads],
                              _norm(grads))),
    Mistake("ratio-inverted",
            "the factor is upside down (`global_norm / max_norm`): it should shrink the "
            "gradients, `max_norm / global_norm` when the norm is above `max_norm`.",
            _inverted),
    Mistake("divides-by-zero-norm",
            "it divides by the global norm, which fails when every gradient is zero; "
            "`max_norm / max(global_norm, max_norm)` never divides by zero.",
            _zero_division),
    Mistake("pair-in-the-wrong-order",
            "the pair is returned as (global_norm, clipped); the order is (clipped, global_norm).",
            lambda grads, m: tuple(reversed(ref.clip_by_global_norm(grads, m)))),
    Mistake("returns-only-clipped",
            "only the clipped gradients are returned; return the pair (clipped, global_norm).",
            lambda grads, m: ref.clip_by_global_norm(grads, m)[0]),
)

CLIP_BY_GLOBAL_NORM = contract("clip_by_global_norm", ref.clip_by_global_norm, CLIP_MISTAKES,
                               _clip_probes, case=ClipCase)


# ----------------------------------------------------------------- MyRNNCell

# The grader's own words for a cell whose weights are not shaped kernel,
# recurrent_kernel, bias: cell_sequence's Mismatch (seqkit.hidden.cells).
_SHAPES = re.compile(r"weights of shapes (\[[^\]]*\])")


def cell_answer(student, name, case):
    """The cell's output sequence (batch, T, units) under the case's weights, unrolled by
    the grader itself, or, when its weights are shaped otherwise, their shapes (see `shapes`)."""
    from seqkit.hidden.cells import cell_sequence
    from seqkit.hidden.framework import Mismatch
    try:
        return cell_sequence(student, name, case)
    except Mismatch as exc:
        found = weight_shapes(str(exc))
        if found is None:
            raise
        return found


def weight_shapes(message):
    """The weights' shapes named in the grader's message, as `shapes` gives them, or None."""
    found = _SHAPES.search(message)
    if found is None:
        return None
    try:
        return shapes(*ast.literal_eval(found.group(1)))
    except (ValueError, SyntaxError, TypeError):
        return None


def shapes(*shapes):
    """How cell_answer reports a cell whose weights have these shapes."""
    return [np.array(s) for s in sorted(tuple(s) for s in shapes)]


def cell_probes(gates):
    """Two more cells: every dimension different, and input_dim == units."""
    def one(batch, T, input_dim, units, seed):
        return CellCase(units, [from_seed((input_dim, gates * units), np.float32, seed=seed),
                                from_seed((units, gates * units), np.float32, seed=seed + 1),
                                from_seed((gates * units,), np.float32, 0.1, 0.9, seed=seed + 2,
                                          min_magnitude=0.05)],
                        from_seed((batch, T, input_dim), np.float32, -2, 2, seed=seed + 3))
    return [one(2, 4, 3, 2, 171), one(3, 3, 2, 2, 181)]


def cell_contract(name, reference, mistakes, gates):
    """The catalogue of a Keras cell: its variants take the case's (units, weights, xs)."""
    return contract(name, reference, mistakes, lambda case: cell_probes(gates), case=CellCase,
                    answer=lambda student, case: cell_answer(student, name, case))


def _rnn_cell(step, units, weights, xs):
    kernel, recurrent, bias = weights
    xs = np.asarray(xs, np.float64)
    return _unroll(step, xs, np.zeros((xs.shape[0], units)), kernel, recurrent, bias)


def _simple_rnn(units, weights, xs):
    return _rnn_cell(ref.rnn_step, units, weights, xs)


def _previous_state(units, weights, xs):
    hs = _simple_rnn(units, weights, xs)
    return np.concatenate([np.zeros_like(hs[:, :1]), hs[:, :-1]], axis=1)


def _kernel_stored_transposed(units, weights, xs):
    kernel, recurrent, bias = weights
    if kernel.shape[0] != units:
        return shapes((units, kernel.shape[0]), recurrent.shape, bias.shape)
    return _rnn_cell(lambda x, h, W, U, b: ref.rnn_step(x, h, W.T, U, b), units, weights, xs)


def _cell_step(activation, recurrent=lambda U: U, bias_inside=True):
    def step(x, h, W, U, b):
        z = np.asarray(x) @ W + np.asarray(h) @ recurrent(U) + (b if bias_inside else 0)
        return activation(z) + (0 if bias_inside else b)
    return lambda units, weights, xs: _rnn_cell(step, units, weights, xs)


def layout_mistakes(keras_layer):
    """The weight-layout mistakes of a cell that should line up with `keras_layer`'s weights."""
    return (
        Mistake("no-bias-weight",
                "the cell has no bias weight: `build` creates kernel, recurrent_kernel and bias, "
                f"in that order (as {keras_layer}Cell), and `call` adds the bias.",
                lambda units, weights, xs: shapes(weights[0].shape, weights[1].shape)),
        Mistake("weights-in-wrong-order",
                "the weights are created in another order; `build` must add kernel, "
                "recurrent_kernel, bias in that order, so that `get_weights()` lines up with "
                f"{keras_layer}'s.",
                lambda units, weights, xs: shapes(*(w.shape for w in weights))),
    )


CELL_MISTAKES = layout_mistakes("SimpleRNN") + (
    Mistake("kernel-stored-transposed",
            "the kernel is stored as `(units, input_dim)` (PyTorch layout) and transposed in "
            "`call`; Keras stores it as `(input_dim, units)` and computes `inputs @ kernel`.",
            _kernel_stored_transposed),
    Mistake("recurrent-kernel-transposed",
            "`call` uses the recurrent kernel transposed; the state multiplies from the left: "
            "`h_prev @ recurrent_kernel`.",
            _cell_step(np.tanh, recurrent=lambda U: U.T)),
    Mistake("state-not-fed-back",
            "`call` leaves out the previous state (`states[0]`): "
            "`h = tanh(inputs @ kernel + h_prev @ recurrent_kernel + bias)`.",
            _cell_step(np.tanh, recurrent=lambda U: np.zeros_like(U))),
    Mistake("outputs-the-previous-state",
            "`call` returns the previous state as its output; it returns the new state twice: "
            "`return h, [h]`.",
            _previous_state),
    Mistake("bias-not-added",
            "`call` does not add the bias: "
            "`h = tanh(inputs @ kernel + h_prev @ recurrent_kernel + bias)`.",
            lambda units, weights, xs: _rnn_cell(
                lambda x, h, W, U, b: ref.rnn_step(x, h, W, U, 0 * b), units, weights, xs)),
    Mistake("bias-outside-tanh",
            "`call` adds the bias after the tanh; it belongs inside.",
            _cell_step(np.tanh, bias_inside=False)),
    Mistake("relu-activation",
            "`call` uses a ReLU; SimpleRNN's activation is tanh.",
            _cell_step(lambda z: np.maximum(0, z))),
    Mistake("sigmoid-activation",
            "`call` uses a sigmoid; SimpleRNN's activation is tanh.",
            _cell_step(_sigmoid)),
    Mistake("missing-tanh",
            "`call` has no activation; SimpleRNN's is tanh.",
            _cell_step(lambda z: z)),
)


MY_RNN_CELL = cell_contract("MyRNNCell", _simple_rnn, CELL_MISTAKES, gates=1)

CATALOGUE = [RNN_STEP, RNN_FORWARD, RNN_OUTPUTS, CLIP_BY_GLOBAL_NORM, MY_RNN_CELL]
