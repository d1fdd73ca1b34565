"""The NumPy reference implementations against oracles this project did not write.

Every expected value here comes from Keras / TensorFlow (``keras.layers.SimpleRNN``,
``keras.layers.LSTM``, ``keras.layers.MultiHeadAttention``, ``keras.layers.Dense``,
``keras.ops.dot_product_attention``, ``tf.clip_by_global_norm``, ``tf.nn.softmax``,
``tf.math.sigmoid``), from the paper's formula evaluated entry by entry with ``math``
(positional encoding), or from hand-computed cases and plain Python
(``approximation_errors``); ``fit_and_evaluate``, whose result no formula gives, is
checked against the predictions of its own model and NumPy least squares.  The Genz
families have their closed-form integrals (``test_genz_integrals.py``). A reference is
never compared with itself.

Conventions (``/work/shared/exercise-contract.md``): batch first, Keras weight
orientation ``x @ W``. Shapes always have ``input_dim != units`` so that a
transposed or swapped kernel cannot pass, T >= 3, and biases are random and
non-zero. Tolerances are those a correct float32 implementation meets.
"""
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest

import keras
import tensorflow as tf

from seqkit import attention, genz, language, lstm, rnn

RTOL = 1e-5
ATOL = 1e-5

BATCH, T, INPUT_DIM, UNITS = 2, 5, 3, 4


def _rng(seed):
    return np.random.default_rng(seed)


def _normal(rng, shape, scale=0.5):
    return (scale * rng.standard_normal(shape)).astype(np.float32)


def _np(x):
    return np.asarray(x.numpy() if hasattr(x, "numpy") else x)


def _random_cell_weights(rng, k):
    """kernel (input_dim, k*units), recurrent_kernel (units, k*units), bias (k*units,)."""
    W = _normal(rng, (INPUT_DIM, k * UNITS))
    U = _normal(rng, (UNITS, k * UNITS))
    b = _normal(rng, (k * UNITS,))
    assert np.all(b != 0)
    return W, U, b


# --------------------------------------------------------------------------- layers
# Built once per module: creating Keras layers is the slow part of this file.

@pytest.fixture(scope="module")
def simple_rnn():
    layer = keras.layers.SimpleRNN(UNITS, return_sequences=True)
    layer(np.zeros((BATCH, T, INPUT_DIM), np.float32))
    return layer


@pytest.fixture(scope="module")
def keras_lstm():
    layer = keras.layers.LSTM(UNITS, return_sequences=True, return_state=True)
    layer(np.zeros((BATCH, T, INPUT_DIM), np.float32))
    return layer


@pytest.fixture(scope="module")
def my_rnn():
    layer = keras.layers.RNN(rnn.MyRNNCell(UNITS), return_sequences=True)
    layer(np.zeros((BATCH, T, INPUT_DIM), np.float32))
    return layer


@pytest.fixture(scope="module")
def my_lstm():
    layer = keras.layers.RNN(lstm.MyLSTMCell(UNITS), return_sequences=True, return_state=True)
    layer(np.zeros((BATCH, T, INPUT_DIM), np.float32))
    return layer


# --------------------------------------------------------------------------- rnn

def test_rnn_step_matches_one_step_of_keras_simple_rnn(simple_rnn):
    rng = _rng(12)
    W, U, b = _random_cell_weights(rng, 1)
    simple_rnn.set_weights([W, U, b])
    x_t = _normal(rng, (BATCH, INPUT_DIM), scale=1.0)
    h_prev = _normal(rng, (BATCH, UNITS), scale=1.0)
    expected = _np(simple_rnn(x_t[:, None, :], initial_state=[h_prev]))[:, 0]
    got = rnn.rnn_step(x_t, h_prev, W, U, b)
    assert np.shape(got) == (BATCH, UNITS)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("nonzero_h0", [False, True], ids=["h0_zero", "h0_random"])
def test_rnn_forward_matches_keras_simple_rnn(simple_rnn, nonzero_h0):
    rng = _rng(10 + nonzero_h0)
    W, U, b = _random_cell_weights(rng, 1)
    simple_rnn.set_weights([W, U, b])
    xs = _normal(rng, (BATCH, T, INPUT_DIM), scale=1.0)
    if nonzero_h0:
        h0 = _normal(rng, (BATCH, UNITS), scale=1.0)
        expected = _np(simple_rnn(xs, initial_state=[h0]))
        # the oracle really used h0: it differs from the zero-state run
        assert not np.allclose(expected, _np(simple_rnn(xs)), atol=1e-3)
    else:
        h0 = np.zeros((BATCH, UNITS), np.float32)
        expected = _np(simple_rnn(xs))

    got = rnn.rnn_forward(xs, h0, W, U, b)
    assert np.shape(got) == (BATCH, T, UNITS)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)
    # also in float64 arithmetic (the contract allows either input dtype)
    got64 = rnn.rnn_forward(*(a.astype(np.float64) for a in (xs, h0, W, U, b)))
    np.testing.assert_allclose(got64, expected, rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- lstm

@pytest.mark.parametrize("nonzero_state", [False, True], ids=["state_zero", "state_random"])
def test_lstm_forward_matches_keras_lstm(keras_lstm, nonzero_state):
    rng = _rng(20 + nonzero_state)
    W, U, b = _random_cell_weights(rng, 4)
    keras_lstm.set_weights([W, U, b])  # overrides unit_forget_bias
    np.testing.assert_array_equal(keras_lstm.get_weights()[2], b)
    xs = _normal(rng, (BATCH, T, INPUT_DIM), scale=1.0)
    if nonzero_state:
        h0 = _normal(rng, (BATCH, UNITS), scale=1.0)
        c0 = _normal(rng, (BATCH, UNITS), scale=1.0)
        seq, h_T, c_T = map(_np, keras_lstm(xs, initial_state=[h0, c0]))
        seq_zero = _np(keras_lstm(xs)[0])
        assert not np.allclose(seq, seq_zero, atol=1e-3)
    else:
        h0 = np.zeros((BATCH, UNITS), np.float32)
        c0 = np.zeros((BATCH, UNITS), np.float32)
        seq, h_T, c_T = map(_np, keras_lstm(xs))

    hs, c_last = lstm.lstm_forward(xs, h0, c0, W, U, b)
    assert np.shape(hs) == (BATCH, T, UNITS)
    assert np.shape(c_last) == (BATCH, UNITS)
    np.testing.assert_allclose(hs, seq, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(np.asarray(hs)[:, -1], h_T, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(c_last, c_T, rtol=RTOL, atol=ATOL)


def test_lstm_gate_order_matches_keras(keras_lstm):
    """Only the forget gate's bias block is huge: with Keras' gate order [i|f|g|o]
    the cell state must then carry c0 forward (f ≈ 1); any other block order fails."""
    rng = _rng(25)
    W, U, b = _random_cell_weights(rng, 4)
    b = b.copy()
    b[UNITS:2 * UNITS] = 30.0   # forget gate open
    b[:UNITS] = -30.0           # input gate closed
    keras_lstm.set_weights([W, U, b])
    xs = _normal(rng, (BATCH, T, INPUT_DIM), scale=1.0)
    h0 = _normal(rng, (BATCH, UNITS), scale=1.0)
    c0 = _normal(rng, (BATCH, UNITS), scale=1.0)
    seq, _, c_T = map(_np, keras_lstm(xs, initial_state=[h0, c0]))
    np.testing.assert_allclose(c_T, c0, atol=1e-4)  # the oracle's own semantics
    hs, c_last = lstm.lstm_forward(xs, h0, c0, W, U, b)
    np.testing.assert_allclose(hs, seq, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(c_last, c_T, rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- Keras cells

def _assert_cell_weight_layout(layer, k):
    names = [w.path.split("/")[-1] for w in layer.weights]
    assert names == ["kernel", "recurrent_kernel", "bias"], names
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    assert shapes == [(INPUT_DIM, k * UNITS), (UNITS, k * UNITS), (k * UNITS,)], shapes


def test_my_rnn_cell_weights_layout(my_rnn, simple_rnn):
    _assert_cell_weight_layout(my_rnn, 1)
    assert ([tuple(w.shape) for w in my_rnn.get_weights()]
            == [tuple(w.shape) for w in simple_rnn.get_weights()])


def test_my_lstm_cell_weights_layout(my_lstm, keras_lstm):
    _assert_cell_weight_layout(my_lstm, 4)
    assert ([tuple(w.shape) for w in my_lstm.get_weights()]
            == [tuple(w.shape) for w in keras_lstm.get_weights()])


@pytest.mark.parametrize("nonzero_h0", [False, True], ids=["h0_zero", "h0_random"])
def test_my_rnn_cell_matches_simple_rnn(my_rnn, simple_rnn, nonzero_h0):
    rng = _rng(30 + nonzero_h0)
    simple_rnn.set_weights(list(_random_cell_weights(rng, 1)))
    my_rnn.set_weights(simple_rnn.get_weights())
    for mine, theirs in zip(my_rnn.get_weights(), simple_rnn.get_weights()):
        np.testing.assert_array_equal(mine, theirs)
    xs = _normal(rng, (BATCH, T, INPUT_DIM), scale=1.0)
    kwargs = {}
    if nonzero_h0:
        kwargs["initial_state"] = [_normal(rng, (BATCH, UNITS), scale=1.0)]
    expected = _np(simple_rnn(xs, **kwargs))
    got = _np(my_rnn(xs, **kwargs))
    assert got.shape == (BATCH, T, UNITS)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("nonzero_state", [False, True], ids=["state_zero", "state_random"])
def test_my_lstm_cell_matches_lstm(my_lstm, keras_lstm, nonzero_state):
    rng = _rng(40 + nonzero_state)
    keras_lstm.set_weights(list(_random_cell_weights(rng, 4)))
    my_lstm.set_weights(keras_lstm.get_weights())
    for mine, theirs in zip(my_lstm.get_weights(), keras_lstm.get_weights()):
        np.testing.assert_array_equal(mine, theirs)
    xs = _normal(rng, (BATCH, T, INPUT_DIM), scale=1.0)
    kwargs = {}
    if nonzero_state:
        kwargs["initial_state"] = [_normal(rng, (BATCH, UNITS), scale=1.0),
                                   _normal(rng, (BATCH, UNITS), scale=1.0)]
    seq, h_T, c_T = map(_np, keras_lstm(xs, **kwargs))
    my_seq, my_h, my_c = map(_np, my_lstm(xs, **kwargs))
    assert my_seq.shape == (BATCH, T, UNITS)
    np.testing.assert_allclose(my_seq, seq, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(my_h, h_T, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(my_c, c_T, rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- multi-head attention

MHA_BATCH, MHA_T, D_MODEL = 2, 5, 6


def _mha_weights(mha, rng):
    """Random Keras MHA weights and the same weights in the contract's 2-D layout."""
    by_name = {}
    for w in mha.weights:
        by_name[w.path.split("/")[-2]] = w
    assert set(by_name) == {"query", "key", "value", "attention_output"}, [w.path for w in mha.weights]
    nh, dh = mha.num_heads, mha.key_dim
    for name in ("query", "key", "value"):
        assert tuple(by_name[name].shape) == (D_MODEL, nh, dh)
    assert tuple(by_name["attention_output"].shape) == (nh, dh, D_MODEL)
    values = {name: _normal(rng, tuple(w.shape), scale=0.6) for name, w in by_name.items()}
    mha.set_weights([values[w.path.split("/")[-2]] for w in mha.weights])
    # set_weights really landed where we think it did
    for name, w in by_name.items():
        np.testing.assert_array_equal(_np(w), values[name])
    W_q = values["query"].reshape(D_MODEL, nh * dh)
    W_k = values["key"].reshape(D_MODEL, nh * dh)
    W_v = values["value"].reshape(D_MODEL, nh * dh)
    W_o = values["attention_output"].reshape(nh * dh, D_MODEL)
    return W_q, W_k, W_v, W_o


@pytest.fixture(scope="module", params=[(2, 3), (3, 2), (2, 4)],
                ids=["2heads_dh3", "3heads_dh2", "2heads_dh4"])
def mha(request):
    num_heads, d_head = request.param
    layer = keras.layers.MultiHeadAttention(num_heads=num_heads, key_dim=d_head, use_bias=False)
    x = np.zeros((MHA_BATCH, MHA_T, D_MODEL), np.float32)
    layer(x, x)
    return layer


@pytest.mark.parametrize("mask_kind", ["none", "causal", "causal_flag", "random"])
def test_multi_head_attention_matches_keras(mha, mask_kind):
    rng = _rng(50 + ["none", "causal", "causal_flag", "random"].index(mask_kind) + 10 * mha.num_heads)
    W_q, W_k, W_v, W_o = _mha_weights(mha, rng)
    X = _normal(rng, (MHA_BATCH, MHA_T, D_MODEL), scale=1.0)

    tril = np.arange(MHA_T)[None, :] <= np.arange(MHA_T)[:, None]  # independent of seqkit
    if mask_kind == "none":
        expected = _np(mha(X, X))
        ref_mask = None
    elif mask_kind == "causal":
        expected = _np(mha(X, X, attention_mask=np.broadcast_to(tril, (MHA_BATCH, MHA_T, MHA_T))))
        ref_mask = attention.causal_mask(MHA_T)
    elif mask_kind == "causal_flag":
        expected = _np(mha(X, X, use_causal_mask=True))
        ref_mask = attention.causal_mask(MHA_T)
    else:
        m = rng.random((MHA_BATCH, MHA_T, MHA_T)) < 0.5
        m[:, np.arange(MHA_T), rng.integers(0, MHA_T, MHA_T)] = True  # >= 1 True per row
        expected = _np(mha(X, X, attention_mask=m))
        ref_mask = m
    if mask_kind != "none":
        # the mask changes the oracle's answer, so a reference ignoring it fails
        assert not np.allclose(expected, _np(mha(X, X)), atol=1e-3)

    got = attention.multi_head_attention(X, W_q, W_k, W_v, W_o, mha.num_heads, mask=ref_mask)
    assert np.shape(got) == (MHA_BATCH, MHA_T, D_MODEL)
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


def test_causal_mask_definition():
    for n in (1, 3, 6):
        m = attention.causal_mask(n)
        assert np.shape(m) == (n, n)
        assert np.asarray(m).dtype == np.bool_
        expected = np.array([[j <= i for j in range(n)] for i in range(n)], dtype=bool)
        np.testing.assert_array_equal(m, expected)
        # the same mask Keras builds for use_causal_mask=True
        np.testing.assert_array_equal(m, _np(tf.linalg.band_part(tf.ones((n, n)), -1, 0)) > 0)


# --------------------------------------------------------------------------- output layer

@pytest.mark.parametrize("wrap", [False, True], ids=["Dense", "TimeDistributed"])
def test_rnn_outputs_matches_keras_dense(wrap):
    rng = _rng(50 + wrap)
    output_dim = 2  # != UNITS: a transposed W_hy cannot pass
    hs = _normal(rng, (BATCH, T, UNITS))
    W_hy, b_y = _normal(rng, (UNITS, output_dim)), _normal(rng, (output_dim,))
    dense = keras.layers.Dense(output_dim)
    layer = keras.layers.TimeDistributed(dense) if wrap else dense  # Dense maps the last axis
    layer(hs)
    dense.set_weights([W_hy, b_y])
    got = rnn.rnn_outputs(hs, W_hy, b_y)
    assert np.shape(got) == (BATCH, T, output_dim)
    np.testing.assert_allclose(got, _np(layer(hs)), rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- clipping

GRAD_SHAPES = [(3, 4), (5,), (2, 3, 2), (1,)]


@pytest.mark.parametrize("case", ["above", "below", "zero"])
def test_clip_by_global_norm_matches_tf(case):
    rng = _rng(60 + ["above", "below", "zero"].index(case))
    grads = [(2.0 * rng.standard_normal(s)).astype(np.float32) for s in GRAD_SHAPES]
    if case == "zero":
        grads = [np.zeros_like(g) for g in grads]
    true_norm = math.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads))
    max_norm = {"above": 0.25 * true_norm, "below": 4.0 * true_norm, "zero": 1.0}[case]

    tf_clipped, tf_norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], max_norm)
    clipped, norm = rnn.clip_by_global_norm(grads, max_norm)

    np.testing.assert_allclose(float(norm), float(tf_norm), rtol=RTOL, atol=1e-7)
    assert len(clipped) == len(grads)
    for c, t, g in zip(clipped, tf_clipped, grads):
        assert np.shape(c) == g.shape
        np.testing.assert_allclose(c, _np(t), rtol=RTOL, atol=1e-6)
    new_norm = math.sqrt(sum(float(np.sum(np.asarray(c, np.float64) ** 2)) for c in clipped))
    if case == "above":
        assert not np.allclose(_np(tf_clipped[0]), grads[0])
        assert new_norm == pytest.approx(max_norm, rel=1e-5)
    elif case == "below":
        for c, g in zip(clipped, grads):
            np.testing.assert_allclose(c, g, rtol=1e-6)


# --------------------------------------------------------------------------- softmax / sigmoid

def _logits(rng, dtype):
    z = (3.0 * rng.standard_normal((3, 4, 5))).astype(dtype)
    z[0, 0, :] = [1000, -1000, 0, 999, -999]
    z[1, :, 1] = [1000, 1000, -1000, 500]
    z[2, 2, :] = -1000
    z[2, 3, :] = [88.8, -88.8, 88.7, 0, -1000] if dtype == np.float32 else [710, -710, 709, 0, -1000]
    z[0, 3, 2] = -1000
    return z


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [-1, 0, 1, 2])
def test_softmax_matches_tf(dtype, axis):
    z = _logits(_rng(70), dtype)
    expected = _np(tf.nn.softmax(tf.constant(z), axis=axis))
    got = np.asarray(attention.softmax(z, axis=axis))
    assert got.shape == z.shape
    assert np.all(np.isfinite(got))
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got, expected, **tol)
    np.testing.assert_allclose(got.sum(axis=axis), 1.0, rtol=1e-5)


def test_softmax_default_axis_is_last():
    z = _logits(_rng(71), np.float64)
    np.testing.assert_allclose(attention.softmax(z), _np(tf.nn.softmax(tf.constant(z))),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_matches_tf(dtype):
    rng = _rng(80)
    extreme = [1000, -1000, 88.8, -88.8, 88.7, -88.7, 50, -50, 20, -20, 0] + (
        [710, -710, 745, -745] if dtype == np.float64 else [])
    z = np.concatenate([np.array(extreme), 6.0 * rng.standard_normal(40)]).astype(dtype)
    expected = _np(tf.math.sigmoid(tf.constant(z)))
    got = np.asarray(lstm.sigmoid(z))
    assert got.shape == z.shape
    assert np.all(np.isfinite(got))
    tol = dict(rtol=1e-6, atol=1e-7) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got, expected, **tol)
    # 2-D input keeps its shape
    z2 = z[:40].reshape(5, 8)
    np.testing.assert_allclose(lstm.sigmoid(z2), _np(tf.math.sigmoid(tf.constant(z2))), **tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_hazards_finite_at_pm1000(dtype):
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]],
                 dtype=dtype)
    # no overflow, 0/0 or inf-inf on the way (underflow of exp(-2000) to 0 is fine)
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        s = np.asarray(attention.softmax(z, axis=-1))
        sg = np.asarray(lstm.sigmoid(z))
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(sg))
    np.testing.assert_allclose(s, _np(tf.nn.softmax(tf.constant(z), axis=-1)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(s[0], [1.0, 0.0, 0.0], atol=1e-7)
    np.testing.assert_allclose(s[1], [1 / 3] * 3, rtol=1e-6)
    np.testing.assert_allclose(sg, _np(tf.math.sigmoid(tf.constant(z))), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(sg[0], [1.0, 0.0, 0.5])


# --------------------------------------------------------------------------- scaled dot-product attention

def _tf_sdpa(Q, K, V, mask=None):
    """Oracle built from TensorFlow ops: (out, weights)."""
    d_k = Q.shape[-1]
    scores = tf.matmul(tf.constant(Q), tf.constant(K), transpose_b=True) / tf.sqrt(
        tf.cast(d_k, tf.as_dtype(Q.dtype)))
    if mask is not None:
        scores = tf.where(tf.constant(mask), scores, tf.fill(tf.shape(scores), -np.inf))
    w = tf.nn.softmax(scores, axis=-1)
    return _np(tf.matmul(w, tf.constant(V))), _np(w)


@pytest.mark.parametrize("mask_kind", ["none", "causal", "random"])
def test_sdpa_matches_keras_dot_product_attention(mask_kind):
    assert hasattr(keras.ops, "dot_product_attention")
    rng = _rng(90 + ["none", "causal", "random"].index(mask_kind))
    B, Tq, N, H = 2, 5, 3, 4
    # Keras layout (B, T, N, H); the reference wants (..., T, H): heads before time
    q = _normal(rng, (B, Tq, N, H), scale=1.5)
    k = _normal(rng, (B, Tq, N, H), scale=1.5)
    v = _normal(rng, (B, Tq, N, H), scale=1.5)
    kw, ref_mask = {}, None
    if mask_kind == "causal":
        kw["is_causal"] = True
        ref_mask = attention.causal_mask(Tq)
    elif mask_kind == "random":
        m = rng.random((B, N, Tq, Tq)) < 0.5
        m[..., np.arange(Tq), rng.integers(0, Tq, Tq)] = True
        kw["mask"] = m
        ref_mask = m
    expected = _np(keras.ops.dot_product_attention(q, k, v, **kw))  # (B, Tq, N, H)

    to_ref = lambda a: np.transpose(a, (0, 2, 1, 3))  # noqa: E731
    out, weights = attention.scaled_dot_product_attention(to_ref(q), to_ref(k), to_ref(v), ref_mask)
    assert np.shape(out) == (B, N, Tq, H)
    assert np.shape(weights) == (B, N, Tq, Tq)
    np.testing.assert_allclose(np.transpose(out, (0, 2, 1, 3)), expected, rtol=RTOL, atol=ATOL)

    _, tf_weights = _tf_sdpa(to_ref(q), to_ref(k), to_ref(v),
                             None if ref_mask is None else np.broadcast_to(ref_mask, (B, N, Tq, Tq)))
    np.testing.assert_allclose(weights, tf_weights, rtol=RTOL, atol=1e-6)
    if ref_mask is not None:
        assert np.all(np.asarray(weights)[~np.broadcast_to(ref_mask, (B, N, Tq, Tq))] == 0.0)


def test_sdpa_rectangular_matches_tf_ops():
    """Tq != Tk and d_v != d_k (outside keras.ops.dot_product_attention's layout)."""
    rng = _rng(95)
    Q = _normal(rng, (2, 3, 4), scale=1.5)
    K = _normal(rng, (2, 6, 4), scale=1.5)
    V = _normal(rng, (2, 6, 7), scale=1.5)
    mask = rng.random((3, 6)) < 0.5
    mask[np.arange(3), [0, 5, 2]] = True  # broadcast over the batch
    for m in (None, mask):
        out, weights = attention.scaled_dot_product_attention(Q, K, V, m)
        exp_out, exp_w = _tf_sdpa(Q, K, V, None if m is None else np.broadcast_to(m, (2, 3, 6)))
        assert np.shape(out) == (2, 3, 7) and np.shape(weights) == (2, 3, 6)
        np.testing.assert_allclose(out, exp_out, rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(weights, exp_w, rtol=RTOL, atol=1e-6)


# --------------------------------------------------------------------------- positional encoding

def test_positional_encoding_hand_computed_entries():
    pe = np.asarray(attention.positional_encoding(6, 4))
    assert pe.shape == (6, 4)
    np.testing.assert_allclose(pe[0], [0.0, 1.0, 0.0, 1.0], atol=1e-7)
    assert pe[1, 0] == pytest.approx(math.sin(1.0), rel=1e-6)
    assert pe[1, 1] == pytest.approx(math.cos(1.0), rel=1e-6)
    # columns 2, 3 use 10000^(2/4) = 100
    assert pe[5, 2] == pytest.approx(math.sin(0.05), rel=1e-6)
    assert pe[5, 3] == pytest.approx(math.cos(0.05), rel=1e-6)
    assert pe[3, 0] == pytest.approx(math.sin(3.0), rel=1e-6)


def test_positional_encoding_odd_d_model():
    T_, d = 9, 7
    pe = np.asarray(attention.positional_encoding(T_, d))
    assert pe.shape == (T_, d)
    # last column of an odd d_model is a sine with 2i = 6
    for p in (1, 4, 8):
        assert pe[p, 6] == pytest.approx(math.sin(p / 10000 ** (6 / 7)), rel=1e-6, abs=1e-7)
    assert pe[3, 4] == pytest.approx(math.sin(3 / 10000 ** (4 / 7)), rel=1e-6)
    assert pe[3, 5] == pytest.approx(math.cos(3 / 10000 ** (4 / 7)), rel=1e-6)
    expected = np.array([[(math.sin if j % 2 == 0 else math.cos)(p / 10000 ** ((j - j % 2) / d))
                          for j in range(d)] for p in range(T_)])
    np.testing.assert_allclose(pe, expected, rtol=1e-6, atol=1e-7)


# --------------------------------------------------------------------------- genz: errors and fit

def test_approximation_errors_hand_computed():
    # errors 0.5, 0.5, 0.5, 2.0, point by point (an (n,) minus an (n, 1) would
    # broadcast to n x n and give mean 1.25, max 3.0)
    mean, worst = genz.approximation_errors(np.array([0.0, 1.0, 2.0, 3.0]),
                                            np.array([[0.5], [0.5], [2.5], [1.0]]))
    assert (mean, worst) == (0.875, 2.0)
    assert type(mean) is float and type(worst) is float
    assert genz.approximation_errors([1.0, -1.0, 0.5], [3.0, -1.5, 0.25]) == (2.75 / 3, 2.0)


@pytest.mark.parametrize("shapes", [((7,), (7,)), ((7, 1), (7,)), ((7,), (7, 1)),
                                    ((7, 1), (7, 1))])
def test_approximation_errors_matches_plain_python(shapes):
    rng = _rng(70)
    y_true, y_pred = rng.normal(size=7), rng.normal(size=7).astype(np.float32)
    errors = [abs(float(a) - float(b)) for a, b in zip(y_true.tolist(), y_pred.tolist())]
    got = genz.approximation_errors(y_true.reshape(shapes[0]), y_pred.reshape(shapes[1]))
    assert got == pytest.approx((math.fsum(errors) / len(errors), max(errors)), rel=1e-12)


def _quadratic_features(x):
    """(n, 2) -> (n, 6): 1, x0, x1, x0^2, x0 x1, x1^2."""
    x0, x1 = x[:, 0], x[:, 1]
    return np.stack([np.ones_like(x0), x0, x1, x0 * x0, x0 * x1, x1 * x1], axis=1)


def test_fit_and_evaluate_errors_are_its_models_on_fresh_points(monkeypatch):
    """The errors are those of the fitted model's own predictions on n_test fresh
    points, recomputed here in plain Python; and the fit beats a quadratic fitted
    by NumPy least squares on the same training points."""
    c, w = np.array([2.0, 3.0]), np.array([0.4, 0.6])
    calls, predictions = [], []

    def target(x):
        calls.append(np.array(x))
        return genz.gaussian(x, c, w)

    predict = keras.Model.predict

    def recorded(self, *args, **kwargs):
        predictions.append(np.array(predict(self, *args, **kwargs)))
        return predictions[-1]
    monkeypatch.setattr(keras.Model, "predict", recorded)
    mean, worst = genz.fit_and_evaluate(target, d=2, n_train=100, seed=3, n_test=200)

    x_train, x_test = (next(x for x in calls if len(x) == n) for n in (100, 200))
    assert sum(len(x) for x in calls) == 300 and len(predictions) == 1
    assert np.all((0 <= x_test) & (x_test <= 1)) and x_test.shape == (200, 2)
    assert not {tuple(p) for p in x_test} & {tuple(p) for p in x_train}  # fresh
    errors = [abs(float(y) - float(p)) for y, p in
              zip(genz.gaussian(x_test, c, w).tolist(), predictions[0].reshape(-1).tolist())]
    assert (mean, worst) == pytest.approx((math.fsum(errors) / 200, max(errors)), rel=1e-9)

    coef, *_ = np.linalg.lstsq(_quadratic_features(x_train), genz.gaussian(x_train, c, w),
                               rcond=None)
    baseline = np.mean(np.abs(_quadratic_features(x_test) @ coef - genz.gaussian(x_test, c, w)))
    assert mean < baseline  # measured: 0.020 against 0.098


# --------------------------------------------------------------------------- language
# Gradients against GradientTape through Keras layers and TF ops (keras.layers.Embedding,
# keras.layers.SimpleRNN, tf.nn.sparse_softmax_cross_entropy_with_logits), sampling against
# Generator.choice row by row, the text functions against hand-written cases.

def test_vocab_encode_decode_hand_computed():
    text = "кіт, 𝄞 і Кіт"
    vocab = language.build_vocab(text)
    assert vocab == [" ", ",", "К", "к", "т", "і", "𝄞"]  # code points (і is U+0456), never bytes
    ids = language.encode(text, vocab)
    assert ids.dtype == np.int64 and ids.tolist() == [3, 5, 4, 1, 0, 6, 0, 5, 0, 2, 5, 4]
    assert language.decode(ids, vocab) == text
    with pytest.raises(ValueError, match="€.*§|§.*€"):
        language.encode("a€b§€", ["a", "b"])
    with pytest.raises(ValueError, match="7"):
        language.decode(np.array([0, 7]), vocab)
    with pytest.raises(ValueError):
        language.build_vocab("")


def test_one_hot_matches_tf():
    ids = np.array([[2, 0, 1], [4, 4, 3]], np.int32)
    got = language.one_hot(ids, 5)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, _np(tf.one_hot(ids, 5)))
    with pytest.raises(ValueError):
        language.one_hot(np.array([0, -1]), 3)


def test_numerical_gradient_matches_the_closed_form():
    x = np.array([[0.3, -1.2], [0.7, 2.0]])
    before = x.copy()
    grad = language.numerical_gradient(lambda z: float(np.sum(np.sin(z) * z ** 2)), x)
    np.testing.assert_allclose(grad, np.cos(x) * x ** 2 + 2 * x * np.sin(x), rtol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_embedding_forward_and_backward_match_keras_embedding():
    rng = _rng(90)
    ids = np.array([[1, 3, 1, 1], [0, 3, 1, 4]])  # repeated indices accumulate; row 2 unused
    W = _normal(rng, (6, 3))
    d_out = _normal(rng, (2, 4, 3))
    layer = keras.layers.Embedding(6, 3)
    layer.build((None, 4))
    layer.set_weights([W])
    with tf.GradientTape() as tape:
        out = layer(ids)
        loss = tf.reduce_sum(out * d_out)
    np.testing.assert_allclose(language.embedding_forward(ids, W), _np(out), rtol=RTOL, atol=ATOL)
    dW = _np(tf.convert_to_tensor(tape.gradient(loss, layer.trainable_weights[0])))
    got = language.embedding_backward(d_out, ids, 6)
    np.testing.assert_allclose(got, dW, rtol=RTOL, atol=ATOL)
    assert np.all(got[2] == 0) and np.all(got[5] == 0)


@pytest.mark.parametrize("masked", [False, True])
def test_temporal_softmax_loss_matches_tf(masked):
    rng = _rng(91)
    scores = (3 * rng.standard_normal((3, 4, 5))).astype(np.float64)
    scores[0, 0] = [1000.0, -1000.0, 0.0, 999.0, 5.0]  # finite for scores up to ±1000
    targets = rng.integers(0, 5, (3, 4))
    mask = rng.random((3, 4)) < 0.6 if masked else np.ones((3, 4), bool)
    mask[0, 0] = True
    s = tf.constant(scores)
    with tf.GradientTape() as tape:
        tape.watch(s)
        per = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=s)
        loss = tf.reduce_sum(per * mask) / mask.sum()
    got_loss, got_d = language.temporal_softmax_loss(scores, targets, mask if masked else None)
    assert isinstance(got_loss, float)
    np.testing.assert_allclose(got_loss, float(loss), rtol=1e-10)
    np.testing.assert_allclose(got_d, _np(tape.gradient(loss, s)), rtol=1e-8, atol=1e-12)


def _simple_rnn_tape(xs, h0, d_hs, W, U, b):
    """GradientTape through keras.layers.SimpleRNN given the weights (float64)."""
    layer = keras.layers.SimpleRNN(U.shape[0], return_sequences=True, dtype="float64")
    layer(xs, initial_state=[h0])
    layer.set_weights([W, U, b])
    xs_t, h0_t = tf.constant(xs), tf.constant(h0)
    with tf.GradientTape() as tape:
        tape.watch([xs_t, h0_t])
        hs = layer(xs_t, initial_state=[h0_t])
        loss = tf.reduce_sum(hs * d_hs)
    grads = tape.gradient(loss, [xs_t, h0_t] + list(layer.trainable_weights))
    return [_np(g) for g in grads]


@pytest.mark.parametrize("T", [1, 5])
def test_rnn_backward_matches_gradient_tape_through_simple_rnn(T):
    rng = _rng(92 + T)
    xs = rng.standard_normal((BATCH, T, INPUT_DIM))
    h0 = 0.5 * rng.standard_normal((BATCH, UNITS))
    W, U, b = (0.5 * rng.standard_normal(s) for s in ((INPUT_DIM, UNITS), (UNITS, UNITS), (UNITS,)))
    d_hs = rng.standard_normal((BATCH, T, UNITS))
    expected = _simple_rnn_tape(xs, h0, d_hs, W, U, b)
    for got, want in zip(language.rnn_backward(d_hs, xs, h0, W, U, b), expected):
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10)
    if T == 1:  # one step is rnn_step_backward
        step = language.rnn_step_backward(d_hs[:, 0], xs[:, 0], h0, W, U, b)
        for got, want in zip(step, [expected[0][:, 0]] + expected[1:]):
            np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10)


def test_sample_next_is_generator_choice_row_by_row():
    rng = _rng(95)
    logits = 2 * rng.standard_normal((50, 7))
    for temperature in (0.5, 1.0, 2.5):
        ours, theirs = np.random.default_rng(3), np.random.default_rng(3)
        got = language.sample_next(logits, temperature, ours)
        z = logits / temperature
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        assert got.dtype == np.int64
        assert got.tolist() == [theirs.choice(7, p=row) for row in p]
        assert ours.random() == theirs.random()  # exactly the same draws
    untouched = np.random.default_rng(4)
    assert language.sample_next(logits, 0, untouched).tolist() == logits.argmax(1).tolist()
    assert untouched.random() == np.random.default_rng(4).random()
    with pytest.raises(ValueError):
        language.sample_next(logits, -0.5, untouched)
