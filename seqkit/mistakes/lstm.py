"""Known mistakes of the lstm assignment.

The gates' mistakes come back in lstm_step, lstm_forward and MyLSTMCell (a
student's step calls their own gates, a loop their own step).  Probes: every
dimension different (4 * units never equals input_dim), a batch of 4 (where
`np.split(z, 4)` along the batch works instead of raising) with input_dim ==
units (where the inputs of W and U can be swapped), zero inputs and states (only the
bias is left), and T = 1.
"""
import math
from typing import NamedTuple

import numpy as np

from seqkit import lstm as ref
from seqkit.mistakes.base import Mistake, contract
from seqkit.mistakes.rnn import cell_contract, layout_mistakes, shapes
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s (seqkit.hidden.lstm), named.
class GatesCase(NamedTuple):
    x_t: object      # (batch, input_dim)
    h_prev: object   # (batch, units)
    W: object        # (input_dim, 4 * units)
    U: object        # (units, 4 * units)
    b: object        # (4 * units,)


class StepCase(NamedTuple):
    x_t: object
    h_prev: object
    c_prev: object   # (batch, units)
    W: object
    U: object
    b: object


class ForwardCase(NamedTuple):
    xs: object       # (batch, T, input_dim)
    h0: object       # (batch, units)
    c0: object       # (batch, units)
    W: object
    U: object
    b: object


def _params(input_dim, units, dtype, seed):
    return (from_seed((input_dim, 4 * units), dtype, seed=seed),
            from_seed((units, 4 * units), dtype, seed=seed + 1),
            from_seed((4 * units,), dtype, 0.1, 0.9, seed=seed + 2, min_magnitude=0.05))


def _zeroed(case, *names):
    """The case with the arrays `names` replaced by zeros."""
    return case._replace(**{name: np.zeros_like(getattr(case, name)) for name in names})


# ------------------------------------------------------------------- sigmoid

def _sigmoid_probes(z):
    dtype = np.asarray(z).dtype if np.issubdtype(np.asarray(z).dtype, np.floating) else np.float64
    wide = np.array([-1000, -745.5, -90, -50, -3, -0.5, 0, 0.5, 3, 50, 90, 1000], dtype)
    return [{"z": wide}, {"z": from_seed((2, 3), dtype, -6, 6, seed=201)}]


def _math_exp(z):
    return 1.0 / (1.0 + math.exp(-np.asarray(z)))  # as NumPy converts (or refuses) an array


def _math_exp_per_entry(z):
    z = np.asarray(z, np.float64)
    if np.any(-z > 709.78):
        raise OverflowError("math range error")
    return ref.sigmoid(z)


SIGMOID = contract(
    "sigmoid",
    reference=lambda z: ref.sigmoid(np.asarray(z, np.float64)),
    probes=_sigmoid_probes,
    mistakes=(
        Mistake("exp-over-one-plus-exp",
                "`exp(z) / (1 + exp(z))` overflows for large z (inf / inf = nan); compute with "
                "`e = exp(-|z|)`, which is at most 1: `1 / (1 + e)` where z >= 0 and "
                "`e / (1 + e)` elsewhere.",
                lambda z: np.exp(z) / (1 + np.exp(z))),
        Mistake("tanh-instead", "this is tanh; the sigmoid is `1 / (1 + exp(-z))`, in (0, 1).",
                lambda z: np.tanh(z)),
        Mistake("sign-error",
                "this is σ(-z) = 1 - σ(z): the sign of z is flipped (`1 / (1 + exp(z))`), or "
                "the two branches of the stable form are swapped (`1 / (1 + e)` is for z >= 0, "
                "`e / (1 + e)` for z < 0, with `e = exp(-|z|)`).",
                lambda z: 1 / (1 + np.exp(z))),
        Mistake("hard-sigmoid",
                "this is the piecewise-linear 'hard' sigmoid; the exercise is the logistic "
                "`1 / (1 + exp(-z))`.", lambda z: np.clip(0.2 * np.asarray(z) + 0.5, 0.0, 1.0)),
        Mistake("tanh-form-missing-halves",
                "this is σ(2z) = 0.5 * (1 + tanh(z)): z is doubled somewhere; in the tanh form "
                "it is `0.5 * (1 + tanh(z / 2))`.",
                lambda z: 0.5 * (1 + np.tanh(z))),
        Mistake("math-exp-overflow",
                "`math.exp` raises OverflowError for arguments above about 709 (z below -709); "
                "use NumPy and the stable form with `exp(-|z|)`.", _math_exp_per_entry),
        Mistake("math-exp-on-an-array",
                "`math.exp` takes one number, not an array; use `np.exp`.", _math_exp),
    ),
)


# ---------------------------------------------------------------- lstm_gates

def _z(x, h, W, U, b):
    return np.asarray(x) @ W + np.asarray(h) @ U + b


def _read(order, activations=("s", "s", "t", "s")):
    """Gates read from the blocks in `order` (e.g. "ifog": block 3 taken as o)."""
    act = {"s": ref.sigmoid, "t": np.tanh}

    def gates(x, h, W, U, b):
        blocks = dict(zip(order, np.split(_z(x, h, W, U, b), 4, axis=-1)))
        return tuple(act[a](blocks[k]) for k, a in zip("ifgo", activations))
    return gates


def _concat_swapped(x, h, W, U, b):
    z = np.concatenate([h, x], axis=1) @ np.concatenate([W, U], axis=0) + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return ref.sigmoid(i), ref.sigmoid(f), np.tanh(g), ref.sigmoid(o)


def _returned_ifog(x, h, W, U, b):
    i, f, g, o = ref.lstm_gates(x, h, W, U, b)
    return i, f, o, g


def _interleaved(x, h, W, U, b):
    z = _z(x, h, W, U, b)
    return (ref.sigmoid(z[:, 0::4]), ref.sigmoid(z[:, 1::4]), np.tanh(z[:, 2::4]),
            ref.sigmoid(z[:, 3::4]))


def _along_batch(x, h, W, U, b):
    i, f, g, o = np.split(_z(x, h, W, U, b), 4)  # np.split's default axis is 0
    return ref.sigmoid(i), ref.sigmoid(f), np.tanh(g), ref.sigmoid(o)


def _forget_plus_one(x, h, W, U, b):
    i, f, g, o = np.split(_z(x, h, W, U, b), 4, axis=-1)
    return ref.sigmoid(i), ref.sigmoid(f + 1.0), np.tanh(g), ref.sigmoid(o)


GATE_MISTAKES = (
    Mistake("cs231n-order-i-f-o-g",
            "the blocks are read in CS231n's order i, f, o, g; Keras' order (the contract's) is "
            "input, forget, candidate, output: `i, f, g, o = np.split(z, 4, axis=-1)`.",
            _read("ifog")),
    Mistake("forget-block-first",
            "the forget gate is read from the first block; Keras' order is input, forget, "
            "candidate, output: `i, f, g, o = np.split(z, 4, axis=-1)`.",
            _read("figo")),
    Mistake("tf1-order-i-g-f-o",
            "the blocks are read in old TensorFlow's order i, j (candidate), f, o; Keras' order "
            "is input, forget, candidate, output.",
            _read("igfo")),
    Mistake("returned-as-i-f-o-g",
            "the gates come back in the order (i, f, o, g); return (i, f, g, o).",
            _returned_ifog),
    Mistake("weights-transposed",
            "the shapes do not fit: most likely the weights are used transposed (`W.T`, "
            "PyTorch's `(4*units, input_dim)` layout); in Keras orientation it is "
            "`x_t @ W + h_prev @ U + b`.",
            lambda x, h, W, U, b: _read("ifgo")(x, h, np.asarray(W).T, np.asarray(U).T, b)),
    Mistake("concat-order-swapped",
            "`[h_prev, x_t]` is concatenated against `[W; U]`, whose first rows are W's: put "
            "the input first, `np.concatenate([x_t, h_prev], axis=1) @ np.concatenate([W, U])`.",
            _concat_swapped),
    Mistake("sigmoid-on-the-candidate",
            "the candidate g gets a sigmoid; it is `tanh(z_g)` (the three gates i, f, o are "
            "sigmoids).", _read("ifgo", "ssss")),
    Mistake("tanh-on-the-output-gate",
            "the output gate gets a tanh; it is a sigmoid, `o = σ(z_o)`.",
            _read("ifgo", "sstt")),
    Mistake("tanh-on-every-gate",
            "every block gets a tanh; i, f and o are sigmoids, only g is a tanh.",
            _read("ifgo", "tttt")),
    Mistake("forget-bias-plus-one",
            "1 is added to the forget gate's pre-activation (Keras' `unit_forget_bias` is an "
            "initialisation of the bias, not a term in the gate): `f = σ(z_f)`.",
            _forget_plus_one),
    Mistake("missing-bias", "the bias `b` is left out of `z = x_t @ W + h_prev @ U + b`.",
            lambda x, h, W, U, b: ref.lstm_gates(x, h, W, U, 0)),
    Mistake("gates-interleaved-by-reshape",
            "reshaping z to `(batch, units, 4)` interleaves the gates; they are four "
            "contiguous blocks of columns: `np.split(z, 4, axis=-1)`.",
            _interleaved),
    Mistake("split-along-batch",
            "z is split along the batch axis (`np.split`'s default is axis=0); split the "
            "columns: `np.split(z, 4, axis=-1)`.",
            _along_batch),
)


def _gate_probes(case):
    dtype = np.asarray(case.x_t).dtype
    wide = GatesCase(from_seed((2, 3), dtype, -2, 2, seed=211), from_seed((2, 5), dtype, seed=212),
                     *_params(3, 5, dtype, 213))
    four = GatesCase(from_seed((4, 3), dtype, -2, 2, seed=221), from_seed((4, 3), dtype, seed=222),
                     *_params(3, 3, dtype, 223))
    return [wide, four, _zeroed(wide, "x_t", "h_prev")]


LSTM_GATES = contract("lstm_gates", ref.lstm_gates, GATE_MISTAKES, _gate_probes, case=GatesCase)


# ----------------------------------------------------------------- lstm_step

def _step(update, gates=ref.lstm_gates):
    """A step from `update(i, f, g, o, c_prev) -> (h_t, c_t)`."""
    def step(x, h, c, W, U, b):
        i, f, g, o = gates(x, h, W, U, b)
        return update(i, f, g, o, np.asarray(c))
    return step


def _right(i, f, g, o, c):
    c_t = f * c + i * g
    return o * np.tanh(c_t), c_t


def _tanh_cell(i, f, g, o, c):
    c_t = np.tanh(f * c + i * g)
    return o * np.tanh(c_t), c_t


STEP_MISTAKES = (
    Mistake("h-is-o-times-c",
            "the tanh of the cell state is missing: `h_t = o * tanh(c_t)`.",
            _step(lambda i, f, g, o, c: (o * (f * c + i * g), f * c + i * g))),
    Mistake("h-from-the-old-cell",
            "h_t is computed from the previous cell state; it uses the new one: "
            "`h_t = o * tanh(c_t)`.",
            _step(lambda i, f, g, o, c: (o * np.tanh(c), f * c + i * g))),
    Mistake("tanh-outside-the-product",
            "the tanh is applied to `o * c_t`; only the cell state goes through it: "
            "`h_t = o * tanh(c_t)`.",
            _step(lambda i, f, g, o, c: (np.tanh(o * (f * c + i * g)), f * c + i * g))),
    Mistake("no-input-gate",
            "the candidate is added without the input gate: `c_t = f * c_prev + i * g`.",
            _step(lambda i, f, g, o, c: _right(1, f, g, o, c))),
    Mistake("no-forget-gate",
            "the previous cell state is kept without the forget gate: "
            "`c_t = f * c_prev + i * g`.",
            _step(lambda i, f, g, o, c: _right(i, 1, g, o, c))),
    Mistake("input-and-forget-swapped",
            "the input and forget gates are swapped (in `c_t`, or read from each other's "
            "block): it is `c_t = f * c_prev + i * g`, with i from the first block and f from "
            "the second.",
            _step(lambda i, f, g, o, c: _right(f, i, g, o, c))),
    Mistake("coupled-input-and-forget",
            "the input gate is replaced by `1 - f` (a GRU-style coupled gate); the LSTM has "
            "its own input gate: `c_t = f * c_prev + i * g`.",
            _step(lambda i, f, g, o, c: _right(1 - f, f, g, o, c))),
    Mistake("cell-state-forgotten",
            "the previous cell state is dropped: `c_t = f * c_prev + i * g`.",
            _step(lambda i, f, g, o, c: _right(i, f, g, o, 0 * c))),
    Mistake("tanh-on-the-cell-state",
            "the new cell state goes through a tanh before it is stored; "
            "`c_t = f * c_prev + i * g` as it is, and only h_t takes `tanh(c_t)`.",
            _step(_tanh_cell)),
    Mistake("returns-c-then-h",
            "the pair is returned as (c_t, h_t); the order is (h_t, c_t).",
            _step(lambda i, f, g, o, c: _right(i, f, g, o, c)[::-1])),
    Mistake("returns-only-h",
            "only h_t is returned; `lstm_step` returns the pair (h_t, c_t).",
            _step(lambda i, f, g, o, c: _right(i, f, g, o, c)[0])),
) + tuple(
    Mistake(m.id, "in the gates (`lstm_gates`, or the step's own): " + m.description,
            _step(_right, gates=m.variant))
    # read from each other's blocks, i and f are input-and-forget-swapped in the step;
    # split along the batch, the gates no longer broadcast with c_prev (a shape error)
    for m in GATE_MISTAKES if m.id not in ("forget-block-first", "split-along-batch"))


def _step_probes(case):
    dtype = np.asarray(case.x_t).dtype
    wide = StepCase(from_seed((2, 3), dtype, -2, 2, seed=231), from_seed((2, 4), dtype, seed=232),
                    from_seed((2, 4), dtype, -2, 2, seed=233), *_params(3, 4, dtype, 234))
    four = StepCase(from_seed((4, 3), dtype, -2, 2, seed=241), from_seed((4, 3), dtype, seed=242),
                    from_seed((4, 3), dtype, -2, 2, seed=243), *_params(3, 3, dtype, 244))
    return [wide, four, _zeroed(wide, "c_prev"), _zeroed(wide, "x_t", "h_prev")]


LSTM_STEP = contract("lstm_step", ref.lstm_step, STEP_MISTAKES, _step_probes, case=StepCase)


# -------------------------------------------------------------- lstm_forward

def _states(step, xs, h0, c0, W, U, b, keep_h=True, keep_c=True):
    """Every (h_t, c_t) of the loop; keep_h/keep_c False: that state is not carried."""
    h, c, out = np.asarray(h0), np.asarray(c0), []
    for t in range(np.shape(xs)[1]):
        h_t, c_t = step(np.asarray(xs)[:, t], h, c, W, U, b)
        out.append((h_t, c_t))
        h, c = (h_t if keep_h else h), (c_t if keep_c else c)
    return np.stack([s[0] for s in out], axis=1), np.stack([s[1] for s in out], axis=1)


def _forward(view, step=ref.lstm_step, **carry):
    """A forward pass answering view(hs, cs, h0) with every state of the loop."""
    return lambda xs, h0, c0, W, U, b: view(*_states(step, xs, h0, c0, W, U, b, **carry),
                                            np.asarray(h0))


def _unrolled(step):
    def forward(xs, h0, c0, W, U, b):
        h, c, hs = np.asarray(h0), np.asarray(c0), []
        for t in range(np.shape(xs)[1]):
            h, c = step(np.asarray(xs)[:, t], h, c, W, U, b)
            hs.append(h)
        return np.stack(hs, axis=1), c
    return forward


FORWARD_MISTAKES = (
    Mistake("cell-state-not-carried",
            "every step starts again from `c0`: feed each step's cell state to the next "
            "(`h, c = lstm_step(xs[:, t], h, c, ...)`).",
            _forward(lambda hs, cs, h0: (hs, cs[:, -1]), keep_c=False)),
    Mistake("hidden-state-not-carried",
            "every step starts again from `h0`: feed each step's hidden state to the next "
            "(`h, c = lstm_step(xs[:, t], h, c, ...)`).",
            _forward(lambda hs, cs, h0: (hs, cs[:, -1]), keep_h=False)),
    Mistake("returns-h-as-c",
            "the last hidden state is returned where the last cell state `c_T` belongs.",
            _forward(lambda hs, cs, h0: (hs, hs[:, -1]))),
    Mistake("h0-included",
            "the states are shifted by one step: `hs` starts with `h0` and misses the last "
            "state; `hs[:, t]` is the state after step t.",
            _forward(lambda hs, cs, h0: (np.concatenate([h0[:, None], hs[:, :-1]], axis=1),
                                         cs[:, -1]))),
    Mistake("h0-prepended",
            "`h0` is included in `hs`, which then has T + 1 steps; `hs[:, t]` is the state "
            "after step t.",
            _forward(lambda hs, cs, h0: (np.concatenate([h0[:, None], hs], axis=1), cs[:, -1]))),
    Mistake("stacks-cell-states",
            "the cell states are stacked where the hidden states belong: `hs` collects h_t.",
            _forward(lambda hs, cs, h0: (cs, cs[:, -1]))),
    Mistake("returns-all-cell-states",
            "every cell state is returned; the second value is the last one, `c_T`.",
            _forward(lambda hs, cs, h0: (hs, cs))),
    Mistake("time-major-output",
            "the states are stacked time first, `(T, batch, units)`; stack them on axis 1.",
            _forward(lambda hs, cs, h0: (np.swapaxes(hs, 0, 1), cs[:, -1]))),
    Mistake("one-buffer-reused",
            "every entry of `hs` is the last state: one array is updated in place "
            "(`h[:] = ...`) and appended each step; append a new array each step.",
            _forward(lambda hs, cs, h0: (np.repeat(hs[:, -1:], hs.shape[1], axis=1),
                                         cs[:, -1]))),
    Mistake("last-state-only",
            "only the last hidden state is returned; `hs` is every hidden state, "
            "`(batch, T, units)`.",
            _forward(lambda hs, cs, h0: (hs[:, -1], cs[:, -1]))),
) + tuple(
    Mistake(m.id, "in the step of the loop: " + m.description, _unrolled(m.variant))
    for m in STEP_MISTAKES if m.id not in ("returns-c-then-h", "returns-only-h"))


def _forward_probes(case):
    dtype = np.asarray(case.xs).dtype
    wide = ForwardCase(from_seed((2, 4, 3), dtype, -2, 2, seed=251),
                       from_seed((2, 5), dtype, seed=252),
                       from_seed((2, 5), dtype, -2, 2, seed=253), *_params(3, 5, dtype, 254))
    four = ForwardCase(from_seed((4, 3, 3), dtype, -2, 2, seed=261),
                       from_seed((4, 3), dtype, seed=262),
                       from_seed((4, 3), dtype, -2, 2, seed=263), *_params(3, 3, dtype, 264))
    one_step = wide._replace(xs=wide.xs[:, :1])
    return [wide, four, one_step, _zeroed(wide, "h0", "c0")]


LSTM_FORWARD = contract("lstm_forward", ref.lstm_forward, FORWARD_MISTAKES, _forward_probes,
                        case=ForwardCase)


# ---------------------------------------------------------------- MyLSTMCell

def _cell(step=ref.lstm_step, output=0, swap_states=False):
    """keras.layers.RNN over a cell whose call is `step`; output 1 = the cell state
    is the output; swap_states: `call` returns its states as [c, h]."""
    def run(units, weights, xs):
        kernel, recurrent, bias = weights
        xs = np.asarray(xs, np.float64)
        h = c = np.zeros((xs.shape[0], units))
        out = []
        for t in range(xs.shape[1]):
            h, c = step(xs[:, t], h, c, kernel, recurrent, bias)
            out.append((h, c)[output])
            if swap_states:
                h, c = c, h
        return np.stack(out, axis=1)
    return run


def _kernel_stored_transposed(units, weights, xs):
    kernel, recurrent, bias = weights
    if kernel.shape[0] != 4 * units:
        return shapes((4 * units, kernel.shape[0]), recurrent.shape, bias.shape)
    return _cell(lambda x, h, c, W, U, b: ref.lstm_step(x, h, c, W.T, U, b))(units, weights, xs)


_FROM_STEP = ("cs231n-order-i-f-o-g", "tf1-order-i-g-f-o",
              "sigmoid-on-the-candidate", "forget-bias-plus-one", "h-is-o-times-c",
              "cell-state-forgotten", "input-and-forget-swapped", "tanh-outside-the-product",
              "no-input-gate", "h-from-the-old-cell")

CELL_MISTAKES = layout_mistakes("LSTM") + (
    Mistake("recurrent-kernel-stored-transposed",
            "the recurrent kernel is stored as `(4*units, units)` (PyTorch layout); Keras "
            "stores it as `(units, 4*units)` and computes `h_prev @ recurrent_kernel`.",
            lambda units, weights, xs: shapes(weights[0].shape, weights[1].shape[::-1],
                                              weights[2].shape)),
    Mistake("kernel-stored-transposed",
            "the kernel is stored as `(4*units, input_dim)` (PyTorch layout); Keras stores it "
            "as `(input_dim, 4*units)` and computes `inputs @ kernel`.",
            _kernel_stored_transposed),
    Mistake("bias-not-added",
            "`call` does not add the bias to `z`.",
            _cell(lambda x, h, c, W, U, b: ref.lstm_step(x, h, c, W, U, 0 * b))),
    Mistake("states-returned-as-c-h",
            "`call` returns its states as `[c, h]`; `state_size = [units, units]` is "
            "[h, c], so return `h, [h, c]`.",
            _cell(swap_states=True)),
    Mistake("outputs-the-cell-state",
            "`call` outputs the cell state; the output is the hidden state: `return h, [h, c]`.",
            _cell(output=1)),
) + tuple(
    Mistake(m.id, "in `call`: " + m.description, _cell(m.variant))
    for m in STEP_MISTAKES if m.id in _FROM_STEP)


MY_LSTM_CELL = cell_contract("MyLSTMCell", _cell(), CELL_MISTAKES, gates=4)

CATALOGUE = [SIGMOID, LSTM_GATES, LSTM_STEP, LSTM_FORWARD, MY_LSTM_CELL]
