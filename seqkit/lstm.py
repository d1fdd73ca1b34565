"""Reference LSTM (NumPy) in the Keras ``LSTMCell`` layout.

Gate order is input, forget, candidate, output (i, f, g, o) — the order of
Keras' kernels.  PyTorch stores (i, f, g, o) as well but with transposed
weights; CS231n's assignment uses (i, f, o, g).  Students follow Keras.
"""
import numpy as np


def sigmoid(z):
    """1 / (1 + exp(-z)), elementwise, finite for any |z| (no overflow).

    Uses exp(-|z|) <= 1 on both branches: 1/(1+e^-z) for z >= 0 and
    e^z/(1+e^z) for z < 0.
    """
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_gates(x_t, h_prev, W, U, b):
    """The four gates (i, f, g, o), each (batch, units).

    z = x_t @ W + h_prev @ U + b is split into four equal column blocks
    [i | f | g | o]; i, f, o = σ(.), g = tanh(.).
    x_t: (batch, input_dim), h_prev: (batch, units),
    W: (input_dim, 4*units), U: (units, 4*units), b: (4*units,)
    """
    z = np.asarray(x_t) @ W + np.asarray(h_prev) @ U + b
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=-1)
    return sigmoid(z_i), sigmoid(z_f), np.tanh(z_g), sigmoid(z_o)


def lstm_step(x_t, h_prev, c_prev, W, U, b):
    """One step -> (h_t, c_t), each (batch, units).

    c_t = f * c_prev + i * g;  h_t = o * tanh(c_t)
    """
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c_t = f * c_prev + i * g
    return o * np.tanh(c_t), c_t


def lstm_forward(xs, h0, c0, W, U, b):
    """Unrolled pass -> (hs, c_T).

    xs: (batch, T, input_dim), h0, c0: (batch, units) ->
    hs: (batch, T, units) hidden state after each step, c_T: (batch, units).
    """
    xs = np.asarray(xs)
    h, c = np.asarray(h0), np.asarray(c0)
    hs = []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1), c


def __getattr__(name):
    # See seqkit.rnn: keeps TensorFlow out of the NumPy references' imports.
    if name == "MyLSTMCell":
        from seqkit.keras_cells import MyLSTMCell
        return MyLSTMCell
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
