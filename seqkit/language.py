"""Reference next-character prediction (NumPy, and a small Keras model).

Text becomes numbers (a vocabulary of characters, indices, one-hot rows or
learned embeddings), the loss is taken over every position of a sequence, and
its gradient is carried back through time by hand for the vanilla cell of
seqkit.rnn.  A character is one Unicode code point of a Python str, never a
byte.  Shapes are batch first, weights in Keras orientation (x @ W).
"""
import numpy as np

from seqkit import rnn


def build_vocab(text):
    """The distinct characters of `text` in increasing code-point order.

    text: str -> list of str (one character each).  ValueError for an empty text.
    """
    if len(text) == 0:
        raise ValueError("build_vocab needs a non-empty text")
    return sorted(set(text))


def encode(text, vocab):
    """text: str, vocab: list of characters -> int64 (len(text),), the position of each
    character in vocab.  ValueError naming every character that is not in vocab (each once).
    """
    index = {c: i for i, c in enumerate(vocab)}
    unknown = [c for c in dict.fromkeys(text) if c not in index]
    if unknown:
        raise ValueError("characters not in the vocabulary: " + ", ".join(map(repr, unknown)))
    return np.array([index[c] for c in text], dtype=np.int64)


def decode(ids, vocab):
    """ids: (n,) integers -> the str of their characters.  ValueError naming an index
    outside [0, len(vocab))."""
    ids = np.asarray(ids)
    bad = ids[(ids < 0) | (ids >= len(vocab))]
    if bad.size:
        raise ValueError(f"index {int(bad[0])} is outside the vocabulary of {len(vocab)} "
                         "characters")
    return "".join(vocab[int(i)] for i in ids)


def one_hot(ids, vocab_size):
    """ids: any shape of integers -> float32 ids.shape + (vocab_size,).  ValueError for an
    index outside [0, vocab_size)."""
    ids = np.asarray(ids)
    if np.any((ids < 0) | (ids >= vocab_size)):
        raise ValueError(f"indices must lie in [0, {vocab_size})")
    return (ids[..., None] == np.arange(vocab_size)).astype(np.float32)


def numerical_gradient(f, x, eps=1e-5):
    """Central differences: grad[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).

    f: array shaped like x -> float.  x: any shape -> float64 array shaped like x.
    f only ever sees fresh arrays shaped like x; x itself is never modified.
    """
    x = np.asarray(x)
    base = x.astype(np.float64)
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(*x.shape):
        plus, minus = base.copy(), base.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (float(f(plus)) - float(f(minus))) / (2 * eps)
    return grad


def embedding_forward(ids, W_embed):
    """ids: (batch, T) integers, W_embed: (vocab_size, D) -> (batch, T, D), rows of W_embed."""
    return np.asarray(W_embed)[np.asarray(ids)]


def embedding_backward(d_out, ids, vocab_size):
    """The gradient of the lookup.  d_out: (batch, T, D), ids: (batch, T) -> (vocab_size, D);
    a repeated index accumulates, a row never looked up stays 0."""
    d_out = np.asarray(d_out)
    dW = np.zeros((vocab_size, d_out.shape[-1]), dtype=d_out.dtype)
    np.add.at(dW, np.asarray(ids).reshape(-1), d_out.reshape(-1, d_out.shape[-1]))
    return dW


def temporal_softmax_loss(scores, targets, mask=None):
    """Mean cross-entropy per unmasked sequence element, and its gradient.

    scores: (batch, T, V), targets: (batch, T) ints in [0, V), mask: (batch, T) bool or None
    (every position) -> (loss: float, d_scores: (batch, T, V) in the dtype of scores).
    """
    scores = np.asarray(scores)
    s = scores.astype(np.float64)
    targets = np.asarray(targets)
    mask = np.ones(targets.shape, bool) if mask is None else np.asarray(mask, bool)
    n = mask.sum()
    shifted = s - s.max(axis=-1, keepdims=True)  # finite for scores up to ±1000
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, targets[..., None], axis=-1)[..., 0]
    loss = -float(np.sum(picked * mask)) / n
    d = np.exp(log_p)
    np.put_along_axis(d, targets[..., None], np.take_along_axis(d, targets[..., None], -1) - 1, -1)
    d *= mask[..., None] / n
    return loss, d.astype(scores.dtype if scores.dtype.kind == "f" else np.float64)


def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    """Gradients of L = Σ d_h * h with h = tanh(x_t @ W_xh + h_prev @ W_hh + b_h).

    d_h: (batch, units) -> (dx_t (batch, input_dim), dh_prev (batch, units),
    dW_xh (input_dim, units), dW_hh (units, units), db_h (units,)).
    """
    x_t, h_prev = np.asarray(x_t), np.asarray(h_prev)
    h = rnn.rnn_step(x_t, h_prev, W_xh, W_hh, b_h)
    da = np.asarray(d_h) * (1 - h * h)  # tanh' written with the output
    return (da @ np.asarray(W_xh).T, da @ np.asarray(W_hh).T, x_t.T @ da, h_prev.T @ da,
            da.sum(axis=0))


def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    """Backpropagation through time for hs = rnn.rnn_forward(xs, h0, W_xh, W_hh, b_h).

    d_hs: (batch, T, units), the gradient the loss sends to each state directly.
    -> (dxs (batch, T, input_dim), dh0 (batch, units), dW_xh, dW_hh, db_h), the gradients
    of L = Σ d_hs * hs; every state's gradient also flows back through all later steps.
    """
    d_hs, xs, h0 = np.asarray(d_hs), np.asarray(xs), np.asarray(h0)
    hs = rnn.rnn_forward(xs, h0, W_xh, W_hh, b_h)
    T = xs.shape[1]
    dxs = np.zeros(xs.shape, dtype=np.result_type(xs, d_hs, W_xh))
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[:, t - 1] if t > 0 else h0
        dx, dh, dW, dU, db = rnn_step_backward(d_hs[:, t] + dh, xs[:, t], h_prev,
                                               W_xh, W_hh, b_h)
        dxs[:, t] = dx
        dW_xh, dW_hh, db_h = dW_xh + dW, dW_hh + dU, db_h + db
    return dxs, dh, dW_xh, dW_hh, db_h


def sample_next(logits, temperature, rng):
    """One next character per row, drawn with one rng.random(batch) call.

    logits: (batch, V), temperature >= 0, rng: numpy.random.Generator -> int64 (batch,).
    p = softmax(logits / temperature) in float64; k[b] = number of entries of
    cdf[b] = cumsum(p[b]) / sum(p[b]) that are <= u[b] (as rng.choice(V, p=p[b]) row by row).
    temperature == 0 is the argmax and draws nothing.  ValueError for temperature < 0.
    """
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1).astype(np.int64)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    cdf = np.cumsum(p, axis=-1)
    cdf /= cdf[:, -1:]  # as Generator.choice normalises its cdf
    u = rng.random(logits.shape[0])
    return np.sum(cdf <= u[:, None], axis=-1).astype(np.int64)


def fit_char_model(ids, vocab_size, seed=0, window=32, epochs=8):
    """A small Embedding + GRU next-character model trained on ids (n,) alone.

    Returns the Keras model; model.predict(x (batch, T) ints) -> (batch, T, vocab_size)
    probabilities, row [b, t] the distribution of the character after x[b, t].
    Same seed, same probabilities.
    """
    import keras

    ids = np.asarray(ids, dtype=np.int64)
    starts = np.arange(0, len(ids) - window - 1, window // 2)
    x = np.stack([ids[s:s + window] for s in starts])
    y = np.stack([ids[s + 1:s + window + 1] for s in starts])
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input((None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16),
        keras.layers.GRU(32, return_sequences=True),
        keras.layers.Dense(vocab_size, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=epochs, verbose=0)
    return model
