"""Unusual right answers the hidden tests must accept (full marks everywhere).

Same format as wrong.py: (assignment, question, label, source), `source` a
code cell left at the end of an otherwise perfect notebook that redefines one
contract function or class.  Each of them meets
/work/shared/exercise-contract.md for every valid input: they compute in
float32, with TensorFlow, with loops or einsum, return lists for tuples or
tf.Tensor for arrays — everything the contract allows.
"""

RIGHT = [
    # ------------------------------------------------------------------ genz
    ("genz", "oscillatory", "einsum", """
def oscillatory(x, c, w):
    return np.cos(2 * np.pi * w[0] + np.einsum("nd,d->n", x, c))
"""),
    ("genz", "oscillatory", "float32-loop-over-points", """
def oscillatory(x, c, w):
    x32 = np.asarray(x, dtype=np.float32)
    c32 = np.asarray(c, dtype=np.float32)
    phase = np.float32(2 * np.pi) * np.float32(w[0])
    out = np.empty(len(x32), dtype=np.float32)
    for k in range(len(x32)):
        out[k] = np.cos(phase + np.dot(x32[k], c32))
    return out
"""),
    ("genz", "product_peak", "log-space-loop-over-dimensions", """
def product_peak(x, c, w):
    x = np.asarray(x, dtype=np.float64)
    log_f = np.zeros(x.shape[0])
    for i in range(x.shape[1]):
        log_f -= np.log(1.0 / c[i] ** 2 + (x[:, i] - w[i]) ** 2)
    return np.exp(log_f)
"""),
    ("genz", "product_peak", "float32-reciprocal", """
def product_peak(x, c, w):
    x, c, w = (np.asarray(a, dtype=np.float32) for a in (x, c, w))
    return np.prod(np.reciprocal(np.reciprocal(c * c) + np.square(x - w)), axis=1)
"""),
    ("genz", "corner_peak", "tensorflow-tensor", """
import tensorflow as tf

def corner_peak(x, c, w):
    x = tf.convert_to_tensor(x)
    c = tf.cast(tf.convert_to_tensor(c), x.dtype)
    d = x.shape[1]
    return tf.pow(1.0 + tf.linalg.matvec(x, c), -(d + 1.0))
"""),
    ("genz", "corner_peak", "log1p-with-d-from-c", """
def corner_peak(x, c, w):
    d = len(c)
    return np.exp(-(d + 1) * np.log1p(np.dot(x, c)))
"""),
    ("genz", "gaussian", "squared-norm", """
def gaussian(x, c, w):
    return np.exp(-np.linalg.norm(c * (x - w), axis=1) ** 2)
"""),
    ("genz", "gaussian", "extended-precision", """
def gaussian(x, c, w):
    x, c, w = (np.asarray(a, dtype=np.longdouble) for a in (x, c, w))
    return np.exp(-np.sum((c * (x - w)) ** 2, axis=1))
"""),
    ("genz", "continuous", "explicit-loops", """
def continuous(x, c, w):
    n, d = np.shape(x)
    out = []
    for k in range(n):
        s = 0.0
        for i in range(d):
            s += c[i] * abs(x[k][i] - w[i])
        out.append(np.exp(-s))
    return np.array(out)
"""),
    ("genz", "discontinuous", "preallocated-boolean-mask", """
def discontinuous(x, c, w):
    x = np.asarray(x)
    inside = x[:, 0] <= w[0]
    if x.shape[1] > 1:
        inside &= x[:, 1] <= w[1]
    out = np.zeros(x.shape[0])
    out[inside] = np.exp(x[inside] @ c)
    return out
"""),
    ("genz", "GENZ_FAMILIES", "from-globals", """
GENZ_FAMILIES = {name: globals()[name] for name in
                 ("oscillatory", "product_peak", "corner_peak", "gaussian", "continuous",
                  "discontinuous")}
"""),
    ("genz", "GENZ_FAMILIES", "lambdas-bound-by-default-argument", """
GENZ_FAMILIES = {name: (lambda x, c, w, fn=fn: fn(x, c, w)) for name, fn in [
    ("oscillatory", oscillatory), ("product_peak", product_peak),
    ("corner_peak", corner_peak), ("gaussian", gaussian),
    ("continuous", continuous), ("discontinuous", discontinuous)]}
"""),
    ("genz", "genz_budget", "match-statement", """
def genz_budget(family, d):
    match family:
        case "oscillatory":
            return 1.5
        case "product_peak":
            return d * 1.0
        case "corner_peak":
            return 1.85
        case "gaussian":
            return 7.03
        case "continuous":
            return 20.4
        case "discontinuous":
            return 4.3
    raise ValueError(f"no Genz family called {family!r}")
"""),
    ("genz", "genz_budget", "raises-a-valueerror-subclass", """
class UnknownFamilyError(ValueError):
    pass

def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "corner_peak": 1.85, "gaussian": 7.03,
               "continuous": 20.4, "discontinuous": 4.3}
    if family == "product_peak":
        return float(d)
    if family not in budgets:
        raise UnknownFamilyError(f"no Genz family called {family!r}")
    return budgets[family]
"""),
    ("genz", "normalize_c", "float32-result", """
def normalize_c(c, family):
    c32 = np.asarray(c, dtype=np.float32)
    return c32 * np.float32(genz_budget(family, c32.size)) / c32.sum()
"""),
    ("genz", "normalize_w", "tensorflow-tensor", """
import tensorflow as tf

def normalize_w(w):
    w = tf.convert_to_tensor(w)
    return w / tf.reduce_sum(w)
"""),
    ("genz", "approximation_errors", "python-builtins-list-result", """
def approximation_errors(y_true, y_pred):
    errors = [abs(a - b) for a, b in zip(np.ravel(y_true).tolist(), np.ravel(y_pred).tolist())]
    return [sum(errors) / len(errors), max(errors)]
"""),
    ("genz", "approximation_errors", "vector-norms", """
def approximation_errors(y_true, y_pred):
    e = np.subtract(np.reshape(y_true, -1), np.reshape(y_pred, -1), dtype=np.float64)
    return float(np.linalg.norm(e, 1) / e.size), float(np.linalg.norm(e, np.inf))
"""),
    ("genz", "fit_and_evaluate", "relu-net-plain-fit", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    points = np.random.default_rng(seed).random((n_train + n_test, d))
    x_train, x_test = points[:n_train], points[n_train:]
    model = keras.Sequential([
        keras.Input((d,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(x_train, np.asarray(f(x_train)), epochs=60, batch_size=n_train,
              shuffle=False, verbose=0)
    y_pred = keras.ops.convert_to_numpy(model(x_test, training=False))
    return approximation_errors(f(x_test), y_pred)
"""),
    ("genz", "fit_and_evaluate", "test-points-drawn-first", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng([seed, 2024])
    x_test = rng.uniform(size=(n_test, d))
    x_train = rng.uniform(size=(n_train, d))
    y_test = np.asarray(f(x_test)).reshape(-1, 1)
    y_train = np.asarray(f(x_train)).reshape(-1, 1)
    inputs = keras.Input((d,))
    hidden = keras.layers.Dense(48, activation="tanh")(inputs)
    hidden = keras.layers.Dense(48, activation="tanh")(hidden)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    steps = 400
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, (steps, 1)), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, verbose=0))
"""),

    # ------------------------------------------------------------------- rnn
    ("rnn", "rnn_step", "einsum", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(np.einsum("bi,iu->bu", x_t, W_xh) + np.einsum("bj,ju->bu", h_prev, W_hh) + b_h)
"""),
    ("rnn", "rnn_step", "one-concatenated-matrix", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    xh = np.concatenate([x_t, h_prev], axis=1)
    W = np.concatenate([W_xh, W_hh], axis=0)
    return np.tanh(xh @ W + b_h)
"""),
    ("rnn", "rnn_step", "tensorflow-tensor", """
import tensorflow as tf

def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return tf.tanh(tf.matmul(x_t, W_xh) + tf.matmul(h_prev, W_hh) + b_h)
"""),
    ("rnn", "rnn_forward", "preallocated-output", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    B, T, _ = np.shape(xs)
    hs = np.empty((B, T, np.shape(h0)[1]), dtype=np.result_type(xs, h0, W_xh, W_hh, b_h))
    h = h0
    for t in range(T):
        h = rnn_step(xs[:, t, :], h, W_xh, W_hh, b_h)
        hs[:, t, :] = h
    return hs
"""),
    ("rnn", "rnn_forward", "tf-scan-time-major", """
import tensorflow as tf

def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    xs_time_major = tf.transpose(tf.convert_to_tensor(xs), [1, 0, 2])
    hs = tf.scan(lambda h, x_t: tf.tanh(tf.matmul(x_t, W_xh) + tf.matmul(h, W_hh) + b_h),
                 xs_time_major, initializer=tf.convert_to_tensor(h0))
    return tf.transpose(hs, [1, 0, 2])
"""),
    ("rnn", "rnn_forward", "itertools-accumulate", """
from itertools import accumulate

def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    states = accumulate(np.moveaxis(np.asarray(xs), 1, 0),
                        lambda h, x_t: rnn_step(x_t, h, W_xh, W_hh, b_h), initial=h0)
    return np.stack(list(states)[1:], axis=1)
"""),
    ("rnn", "rnn_outputs", "einsum", """
def rnn_outputs(hs, W_hy, b_y):
    return np.einsum("btu,uo->bto", hs, W_hy) + b_y
"""),
    ("rnn", "rnn_outputs", "tensordot-float32", """
def rnn_outputs(hs, W_hy, b_y):
    hs, W_hy, b_y = (np.asarray(a, dtype=np.float32) for a in (hs, W_hy, b_y))
    return np.tensordot(hs, W_hy, axes=([2], [0])) + b_y
"""),
    ("rnn", "clip_by_global_norm", "tf-clip-by-global-norm", """
import tensorflow as tf

def clip_by_global_norm(grads, max_norm):
    clipped, norm = tf.clip_by_global_norm([tf.convert_to_tensor(g) for g in grads], max_norm)
    return list(clipped), norm
"""),
    ("rnn", "clip_by_global_norm", "pure-python-sum-tuple-result", """
import math

def clip_by_global_norm(grads, max_norm):
    total = 0.0
    for g in grads:
        for v in np.ravel(g).tolist():
            total += v * v
    norm = math.sqrt(total)
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return tuple(np.asarray(g) * scale for g in grads), norm
"""),
    ("rnn", "MyRNNCell", "tensorflow-ops", """
import tensorflow as tf

class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform",
                                      name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="orthogonal", name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        h = tf.tanh(tf.matmul(inputs, self.kernel) + tf.matmul(h_prev, self.recurrent_kernel)
                    + self.bias)
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "keras-ops-einsum-list-state-size", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal",
                                      name="W_xh")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="random_normal", name="W_hh")
        self.bias = self.add_weight(shape=(self.units,), initializer="ones", name="b_h")

    def call(self, inputs, states):
        (h_prev,) = states
        z = (ops.einsum("bi,iu->bu", inputs, self.kernel)
             + ops.einsum("bj,ju->bu", h_prev, self.recurrent_kernel))
        h = ops.tanh(ops.add(z, self.bias))
        return h, [h]
"""),

    ("rnn", "MyRNNCell", "bare-state-and-training-argument", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states, training=None):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
                     + self.bias)
        return h, h
"""),

    # ------------------------------------------------------------------ lstm
    ("lstm", "sigmoid", "half-tanh", """
def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z)))
"""),
    ("lstm", "sigmoid", "log-sum-exp", """
def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z)))
"""),
    ("lstm", "sigmoid", "where-computes-both-branches", """
def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
"""),
    ("lstm", "sigmoid", "tensorflow-tensor", """
import tensorflow as tf

def sigmoid(z):
    return tf.math.sigmoid(tf.convert_to_tensor(z))
"""),
    ("lstm", "sigmoid", "scalar-math-with-branches", """
import math

def sigmoid(z):
    def one(v):
        if v >= 0:
            return 1.0 / (1.0 + math.exp(-v))
        e = math.exp(v)
        return e / (1.0 + e)
    return np.vectorize(one, otypes=[np.float64])(z)
"""),
    ("lstm", "lstm_gates", "concatenated-input-list-result", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = np.hstack([x_t, h_prev]) @ np.vstack([W, U]) + b
    u = z.shape[1] // 4
    return [sigmoid(z[:, :u]), sigmoid(z[:, u:2 * u]), np.tanh(z[:, 2 * u:3 * u]),
            sigmoid(z[:, 3 * u:])]
"""),
    ("lstm", "lstm_gates", "einsum-per-gate-float32", """
def lstm_gates(x_t, h_prev, W, U, b):
    x_t, h_prev, W, U, b = (np.asarray(a, dtype=np.float32) for a in (x_t, h_prev, W, U, b))
    u = U.shape[0]
    def block(k):
        cols = slice(k * u, (k + 1) * u)
        return np.einsum("bi,ij->bj", x_t, W[:, cols]) + np.einsum("bi,ij->bj", h_prev, U[:, cols]) + b[cols]
    return sigmoid(block(0)), sigmoid(block(1)), np.tanh(block(2)), sigmoid(block(3))
"""),
    ("lstm", "lstm_step", "tensorflow-tensors", """
import tensorflow as tf

def lstm_step(x_t, h_prev, c_prev, W, U, b):
    z = tf.matmul(x_t, W) + tf.matmul(h_prev, U) + b
    z_i, z_f, z_g, z_o = tf.split(z, 4, axis=-1)
    c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
    return tf.sigmoid(z_o) * tf.tanh(c), c
"""),
    ("lstm", "lstm_step", "list-result", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    gates = lstm_gates(x_t, h_prev, W, U, b)
    c_t = gates[1] * c_prev + gates[0] * gates[2]
    return [gates[3] * np.tanh(c_t), c_t]
"""),
    ("lstm", "lstm_forward", "preallocated-list-result", """
def lstm_forward(xs, h0, c0, W, U, b):
    B, T, _ = np.shape(xs)
    hs = np.zeros((B, T, np.shape(h0)[1]))
    h, c = h0, c0
    for t in range(T):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        hs[:, t] = h
    return [hs, c]
"""),
    ("lstm", "lstm_forward", "time-major-then-transposed", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for x_t in np.swapaxes(xs, 0, 1):
        h, c = lstm_step(x_t, h, c, W, U, b)
        hs.append(h)
    return np.transpose(np.array(hs), (1, 0, 2)), c
"""),
    ("lstm", "MyLSTMCell", "kernel-sliced-per-gate", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units),
                                                initializer="orthogonal", name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states
        u = self.units

        def block(k):
            return (ops.matmul(inputs, self.kernel[:, k * u:(k + 1) * u])
                    + ops.matmul(h_prev, self.recurrent_kernel[:, k * u:(k + 1) * u])
                    + self.bias[k * u:(k + 1) * u])

        i, f, g, o = ops.sigmoid(block(0)), ops.sigmoid(block(1)), ops.tanh(block(2)), ops.sigmoid(block(3))
        c = f * c_prev + i * g
        h = o * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "tensorflow-ops", """
import tensorflow as tf

class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = tf.matmul(inputs, self.kernel) + tf.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = tf.split(z, 4, axis=-1)
        c = tf.sigmoid(z_f) * c_prev + tf.sigmoid(z_i) * tf.tanh(z_g)
        h = tf.sigmoid(z_o) * tf.tanh(c)
        return h, [h, c]
"""),

    ("lstm", "MyLSTMCell", "tuple-states", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = (units, units)
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h, c = states
        z = ops.add(ops.matmul(inputs, self.kernel), ops.matmul(h, self.recurrent_kernel)) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, (h, c)
"""),

    # ------------------------------------------------------------- attention
    ("attention", "softmax", "log-sum-exp", """
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    m = np.max(z, axis=axis, keepdims=True)
    lse = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.exp(z - lse)
"""),
    ("attention", "softmax", "tensorflow-tensor", """
import tensorflow as tf

def softmax(z, axis=-1):
    return tf.nn.softmax(tf.convert_to_tensor(z), axis=axis)
"""),
    ("attention", "softmax", "moveaxis-and-row-loop", """
def softmax(z, axis=-1):
    moved = np.moveaxis(np.asarray(z, dtype=np.float64), axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(rows)
    for r in range(rows.shape[0]):
        e = np.exp(rows[r] - rows[r].max())
        out[r] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
"""),
    ("attention", "scaled_dot_product_attention", "float32-minus-1e9-mask", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=np.float32) for a in (Q, K, V))
    s = Q @ np.swapaxes(K, -1, -2) / np.float32(np.sqrt(K.shape[-1]))
    if mask is not None:
        s = np.where(mask, s, np.float32(-1e9))
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    w = e / e.sum(axis=-1, keepdims=True)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "einsum", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = np.einsum("...qd,...kd->...qk", Q, K) / np.sqrt(np.shape(Q)[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return np.einsum("...qk,...kv->...qv", w, V), w
"""),
    ("attention", "scaled_dot_product_attention", "mask-after-exp-then-renormalised", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    allowed = np.ones(s.shape, dtype=bool) if mask is None else np.broadcast_to(mask, s.shape)
    m = np.max(np.where(allowed, s, -np.inf), axis=-1, keepdims=True)
    with np.errstate(over="ignore"):
        e = np.where(allowed, np.exp(s - m), 0.0)
    w = e / e.sum(axis=-1, keepdims=True)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "tensorflow-tensors", """
import tensorflow as tf

def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (tf.convert_to_tensor(a) for a in (Q, K, V))
    s = tf.matmul(Q, K, transpose_b=True) / tf.sqrt(tf.cast(tf.shape(K)[-1], Q.dtype))
    if mask is not None:
        s = tf.where(mask, s, tf.constant(-np.inf, dtype=s.dtype))
    w = tf.nn.softmax(s, axis=-1)
    return tf.matmul(w, V), w
"""),
    ("attention", "scaled_dot_product_attention", "list-result", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    d_k = K.shape[-1]
    s = np.matmul(Q, np.swapaxes(K, -2, -1)) * (1.0 / np.sqrt(d_k))
    if mask is not None:
        s = np.where(np.asarray(mask, dtype=bool), s, -np.inf)
    w = softmax(s)
    return [np.matmul(w, V), w]
"""),
    ("attention", "causal_mask", "np-tri", """
def causal_mask(T):
    return np.tri(T, dtype=bool)
"""),
    ("attention", "causal_mask", "index-comparison", """
def causal_mask(T):
    i, j = np.indices((T, T))
    return j <= i
"""),
    ("attention", "causal_mask", "tensorflow-band-part-cast", """
import tensorflow as tf

def causal_mask(T):
    return tf.cast(tf.linalg.band_part(tf.ones((T, T)), -1, 0), tf.bool)
"""),
    ("attention", "positional_encoding", "explicit-loops", """
import math

def positional_encoding(T, d_model):
    pe = [[0.0] * d_model for _ in range(T)]
    for p in range(T):
        for k in range(d_model):
            angle = p / 10000 ** ((k - k % 2) / d_model)
            pe[p][k] = math.sin(angle) if k % 2 == 0 else math.cos(angle)
    return np.array(pe)
"""),
    ("attention", "positional_encoding", "float32-exp-log-rates", """
def positional_encoding(T, d_model):
    positions = np.arange(T, dtype=np.float32)[:, None]
    rates = np.exp(np.arange(0, d_model, 2, dtype=np.float32) * np.float32(-np.log(10000.0) / d_model))
    angles = positions * rates
    pe = np.zeros((T, d_model), dtype=np.float32)
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d_model // 2])
    return pe
"""),
    ("attention", "attention_head", "einsum-inline", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    Q = np.einsum("btd,dk->btk", X, W_q)
    K = np.einsum("btd,dk->btk", X, W_k)
    V = np.einsum("btd,dv->btv", X, W_v)
    s = np.einsum("bqk,btk->bqt", Q, K) / np.sqrt(W_k.shape[1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True)
    return np.einsum("bqt,btv->bqv", w, V), w
"""),
    ("attention", "multi_head_attention", "reshape-and-transpose", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, T, _ = np.shape(X)
    d_head = np.shape(W_q)[1] // num_heads

    def split(M):
        return (X @ M).reshape(B, T, num_heads, d_head).transpose(0, 2, 1, 3)

    out, _ = scaled_dot_product_attention(split(W_q), split(W_k), split(W_v), mask)
    return np.asarray(out).transpose(0, 2, 1, 3).reshape(B, T, num_heads * d_head) @ W_o
"""),
    ("attention", "multi_head_attention", "sum-of-per-head-projections", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = W_q.shape[1] // num_heads
    total = 0.0
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        out, _ = attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols], mask)
        total = total + out @ W_o[cols]
    return total
"""),
    ("attention", "multi_head_attention", "einsum-with-a-heads-axis", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_model, width = W_q.shape
    d_head = width // num_heads
    Wq, Wk, Wv = (W.reshape(d_model, num_heads, d_head) for W in (W_q, W_k, W_v))
    Q = np.einsum("btd,dhk->bhtk", X, Wq)
    K = np.einsum("btd,dhk->bhtk", X, Wk)
    V = np.einsum("btd,dhk->bhtk", X, Wv)
    s = np.einsum("bhqk,bhtk->bhqt", Q, K) / np.sqrt(d_head)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    heads = np.einsum("bhqt,bhtk->bhqk", w, V)
    return np.einsum("bhqk,hkd->bqd", heads, W_o.reshape(num_heads, d_head, -1))
"""),

    # -------------------------------------------------------------- forecast
    ("forecast", "make_windows", "sliding-window-view", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    s = s.reshape(s.shape[0], -1)
    n = s.shape[0] - window - horizon + 1
    if min(window, horizon, n) < 1:
        raise ValueError(f"window={window}, horizon={horizon} do not fit in {s.shape[0]} steps")
    X = np.lib.stride_tricks.sliding_window_view(s, window, axis=0)[:n].transpose(0, 2, 1)
    return np.ascontiguousarray(X), s[window - 1 + horizon:, 0][:n].copy()
"""),
    ("forecast", "make_windows", "index-arrays", """
def make_windows(series, window, horizon):
    s = np.atleast_2d(np.asarray(series, dtype=np.float64).T).T
    T = s.shape[0]
    if window < 1 or horizon < 1 or T - window - horizon + 1 < 1:
        raise ValueError("no window fits")
    starts = np.arange(T - window - horizon + 1)
    X = s[starts[:, None] + np.arange(window)[None, :]]
    y = s[starts + window - 1 + horizon, 0]
    return X, y
"""),
    ("forecast", "split_series", "np-split", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    cut1 = int(len(s) * train_frac)
    cut2 = cut1 + int(len(s) * val_frac)
    train, val, test = np.split(s, [cut1, cut2])
    return train, val, test
"""),
    ("forecast", "split_series", "list-of-pieces", """
def split_series(series, train_frac, val_frac):
    T = len(series)
    n_train = int(T * train_frac)
    n_val = int(T * val_frac)
    pieces = [series[:n_train], series[n_train:n_train + n_val], series[n_train + n_val:]]
    return tuple(np.array(p) for p in pieces)
"""),
    ("forecast", "standardize", "float32-and-mask", """
def standardize(train, *others):
    train = np.asarray(train)
    mean = train.mean(axis=0)
    std = np.array(np.sqrt(((train - mean) ** 2).mean(axis=0)))
    std[std == 0] = 1
    return mean, std, [(np.asarray(a) - mean) / std for a in (train,) + others]
"""),
    ("forecast", "standardize", "variance-then-sqrt", """
def standardize(train, *others):
    train = np.asarray(train, dtype=np.float64)
    mean = np.mean(train, axis=0)
    std = np.sqrt(np.var(train, axis=0))
    std = np.where(std > 0, std, 1.0)
    scaled = [(train - mean) / std]
    for other in others:
        scaled.append((np.asarray(other, dtype=np.float64) - mean) / std)
    return mean, std, scaled
"""),
    ("forecast", "persistence_forecast", "ellipsis-index", """
def persistence_forecast(X):
    return np.asarray(X)[..., -1, 0].copy()
"""),
    ("forecast", "persistence_forecast", "take-along-time", """
def persistence_forecast(X):
    X = np.asarray(X)
    return np.take(X, X.shape[1] - 1, axis=1)[:, 0]
"""),
    ("forecast", "fit_forecaster", "lstm-early-stopping", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.LSTM(24),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mae")
    model.fit(X_train, y_train, validation_data=(X_val, y_val), batch_size=32, epochs=8,
              callbacks=[keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)],
              verbose=0)
    return model
"""),
    ("forecast", "fit_forecaster", "simple-rnn-rmsprop", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.SimpleRNN(32),
                              keras.layers.Dense(1), keras.layers.Flatten()])
    model.compile(optimizer=keras.optimizers.RMSprop(0.005), loss="mse")
    model.fit(X_train, y_train, batch_size=64, epochs=12, shuffle=True, verbose=0)
    return model
"""),

    # -------------------------------------------------------------- language
    ("language", "build_vocab", "set-comprehension-sorted", """
def build_vocab(text):
    if text == "":
        raise ValueError("cannot build a vocabulary from an empty text")
    return sorted({ch for ch in text})
"""),
    ("language", "build_vocab", "insort-loop", """
import bisect

def build_vocab(text):
    if not len(text):
        raise ValueError("empty")
    vocab = []
    for ch in text:
        i = bisect.bisect_left(vocab, ch)
        if i == len(vocab) or vocab[i] != ch:
            vocab.insert(i, ch)
    return vocab
"""),
    ("language", "encode", "fromiter-after-check", """
def encode(text, vocab):
    lookup = {ch: i for i, ch in enumerate(vocab)}
    missing = sorted(set(text) - set(lookup))
    if missing:
        raise ValueError("unknown characters: " + " ".join(missing))
    return np.fromiter((lookup[ch] for ch in text), dtype=np.int64, count=len(text))
"""),
    ("language", "encode", "list-index-int32", """
def encode(text, vocab):
    bad = [ch for ch in dict.fromkeys(text) if ch not in vocab]
    if bad:
        raise ValueError(f"characters {bad} are not in the vocabulary")
    return np.array([vocab.index(ch) for ch in text], dtype=np.int32).reshape(len(text))
"""),
    ("language", "decode", "array-of-characters", """
def decode(ids, vocab):
    ids = np.asarray(ids, dtype=np.int64)
    for i in ids:
        if i < 0 or i >= len(vocab):
            raise ValueError(f"id {i} is not in [0, {len(vocab)})")
    return "".join(np.array(vocab, dtype=object)[ids].tolist())
"""),
    ("language", "decode", "plain-loop", """
def decode(ids, vocab):
    out = ""
    for i in ids.tolist():
        if not 0 <= i < len(vocab):
            raise ValueError(f"{i} is outside the vocabulary")
        out += vocab[i]
    return out
"""),
    ("language", "one_hot", "tf-one-hot", """
def one_hot(ids, vocab_size):
    import tensorflow as tf
    ids = np.asarray(ids)
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"indices must be in [0, {vocab_size})")
    return tf.one_hot(ids.astype(np.int64), vocab_size, dtype=tf.float32)
"""),
    ("language", "one_hot", "put-along-axis", """
def one_hot(ids, vocab_size):
    ids = np.asarray(ids).astype(np.int64)
    if ((ids < 0) | (ids >= vocab_size)).any():
        raise ValueError("index out of range")
    out = np.zeros(ids.shape + (vocab_size,), dtype=np.float32)
    np.put_along_axis(out, ids[..., None], 1.0, axis=-1)
    return out
"""),
    ("language", "numerical_gradient", "cs231n-restore-old-value", """
def numerical_gradient(f, x, eps=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + eps
        fxph = f(x)
        x[ix] = old - eps
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * eps)
        it.iternext()
    return grad
"""),
    ("language", "numerical_gradient", "unit-arrays", """
def numerical_gradient(f, x, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    units = np.eye(x.size).reshape((x.size,) + x.shape)
    values = [(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in units]
    return np.array(values, dtype=np.float64).reshape(x.shape)
"""),
    ("language", "embedding_forward", "one-hot-matmul", """
def embedding_forward(ids, W_embed):
    return np.eye(W_embed.shape[0], dtype=W_embed.dtype)[ids] @ W_embed
"""),
    ("language", "embedding_forward", "tf-embedding-lookup", """
def embedding_forward(ids, W_embed):
    import tensorflow as tf
    return tf.nn.embedding_lookup(W_embed, ids)
"""),
    ("language", "embedding_backward", "one-hot-transpose-matmul", """
def embedding_backward(d_out, ids, vocab_size):
    onehot = np.eye(vocab_size, dtype=d_out.dtype)[ids.reshape(-1)]
    return onehot.T @ d_out.reshape(-1, d_out.shape[-1])
"""),
    ("language", "embedding_backward", "loop-accumulate", """
def embedding_backward(d_out, ids, vocab_size):
    B, T, D = d_out.shape
    dW = np.zeros((vocab_size, D), dtype=np.float32)
    for b in range(B):
        for t in range(T):
            dW[ids[b, t]] += d_out[b, t]
    return dW
"""),
    ("language", "embedding_backward", "gradient-tape", """
def embedding_backward(d_out, ids, vocab_size):
    import tensorflow as tf
    W = tf.Variable(tf.zeros((vocab_size, d_out.shape[-1]), dtype=tf.float64))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.gather(W, ids) * tf.constant(d_out, dtype=tf.float64))
    return tf.convert_to_tensor(tape.gradient(loss, W))
"""),
    ("language", "temporal_softmax_loss", "flattened-cs231n", """
def temporal_softmax_loss(scores, targets, mask=None):
    N, T, V = scores.shape
    x = scores.reshape(N * T, V).astype(np.float64)
    y = targets.reshape(N * T)
    m = np.ones(N * T) if mask is None else mask.reshape(N * T).astype(np.float64)
    shifted = x - np.max(x, axis=1, keepdims=True)
    Z = np.sum(np.exp(shifted), axis=1, keepdims=True)
    log_probs = shifted - np.log(Z)
    probs = np.exp(log_probs)
    loss = -np.sum(m * log_probs[np.arange(N * T), y]) / m.sum()
    dx = probs.copy()
    dx[np.arange(N * T), y] -= 1
    dx *= m[:, None] / m.sum()
    return float(loss), dx.reshape(N, T, V)
"""),
    ("language", "temporal_softmax_loss", "gradient-tape", """
def temporal_softmax_loss(scores, targets, mask=None):
    import tensorflow as tf
    s = tf.constant(scores, dtype=tf.float64)
    m = tf.ones(targets.shape, tf.float64) if mask is None else tf.cast(mask, tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(s)
        per = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=s)
        loss = tf.reduce_sum(per * m) / tf.reduce_sum(m)
    return float(loss), tape.gradient(loss, s)
"""),
    ("language", "temporal_softmax_loss", "float32-log-softmax", """
def temporal_softmax_loss(scores, targets, mask=None):
    s = np.asarray(scores, dtype=np.float32)
    m = np.ones(targets.shape, np.float32) if mask is None else mask.astype(np.float32)
    shifted = s - s.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    onehot = np.eye(s.shape[-1], dtype=np.float32)[targets]
    n = m.sum()
    loss = -(log_p * onehot).sum(axis=-1)
    return float((loss * m).sum() / n), (np.exp(log_p) - onehot) * m[..., None] / n
"""),
    ("language", "rnn_step_backward", "gradient-tape", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    import tensorflow as tf
    args = [tf.constant(a, dtype=tf.float64) for a in (x_t, h_prev, W_xh, W_hh, b_h)]
    with tf.GradientTape() as tape:
        tape.watch(args)
        x, h, W, U, b = args
        out = tf.reduce_sum(tf.tanh(x @ W + h @ U + b) * d_h)
    return tuple(tape.gradient(out, args))
"""),
    ("language", "rnn_step_backward", "einsum", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    h = np.tanh(np.einsum("bi,iu->bu", x_t, W_xh) + np.einsum("bu,uv->bv", h_prev, W_hh) + b_h)
    da = d_h * (1.0 - np.square(h))
    return (np.einsum("bu,iu->bi", da, W_xh), np.einsum("bv,uv->bu", da, W_hh),
            np.einsum("bi,bu->iu", x_t, da), np.einsum("bu,bv->uv", h_prev, da),
            np.einsum("bu->u", da))
"""),
    ("language", "rnn_backward", "calls-rnn-step-backward", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    T = xs.shape[1]
    hs = [h0]
    for t in range(T):
        hs.append(np.tanh(xs[:, t] @ W_xh + hs[-1] @ W_hh + b_h))
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = 0 * W_xh, 0 * W_hh, 0 * b_h
    dh = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        dx, dh, dW, dU, db = rnn_step_backward(d_hs[:, t] + dh, xs[:, t], hs[t], W_xh, W_hh, b_h)
        dxs[:, t] = dx
        dW_xh = dW_xh + dW
        dW_hh = dW_hh + dU
        db_h = db_h + db
    return dxs, dh, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "gradient-tape", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    import tensorflow as tf
    args = [tf.constant(a, dtype=tf.float64) for a in (xs, h0, W_xh, W_hh, b_h)]
    with tf.GradientTape() as tape:
        tape.watch(args)
        x, h, W, U, b = args
        total = 0.0
        for t in range(xs.shape[1]):
            h = tf.tanh(x[:, t] @ W + h @ U + b)
            total += tf.reduce_sum(h * d_hs[:, t])
    return tuple(tape.gradient(total, args))
"""),
    ("language", "sample_next", "choice-row-by-row", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("temperature must not be negative")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return logits.argmax(axis=-1).astype(np.int64)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.array([rng.choice(p.shape[1], p=row) for row in p], dtype=np.int64)
"""),
    ("language", "sample_next", "searchsorted-per-row", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError(f"bad temperature {temperature}")
    if temperature == 0:
        return np.argmax(logits, axis=1)
    z = np.float64(logits) / temperature
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    u = rng.random(p.shape[0])
    out = []
    for row, ub in zip(p, u):
        cdf = np.cumsum(row)
        out.append(min(int(np.searchsorted(cdf / cdf[-1], ub, side="right")), len(row) - 1))
    return np.array(out)
"""),
    ("language", "fit_char_model", "lstm-adam", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    ids = np.asarray(ids)
    T = 40
    starts = range(0, len(ids) - T - 1, 20)
    x = np.stack([ids[s:s + T] for s in starts])
    y = np.stack([ids[s + 1:s + T + 1] for s in starts])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 8),
                              keras.layers.LSTM(48, return_sequences=True),
                              keras.layers.Dense(vocab_size, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=16, epochs=6, verbose=0)
    return model
"""),
    ("language", "fit_char_model", "simple-rnn-rmsprop", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    ids = np.asarray(ids)
    x = np.stack([ids[s:s + 24] for s in range(0, len(ids) - 25, 8)])
    y = np.stack([ids[s + 1:s + 25] for s in range(0, len(ids) - 25, 8)])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 12),
                              keras.layers.SimpleRNN(64, return_sequences=True),
                              keras.layers.Dense(vocab_size),
                              keras.layers.Softmax()])
    model.compile(optimizer=keras.optimizers.RMSprop(0.005),
                  loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=6, verbose=0)
    return model
"""),
]
