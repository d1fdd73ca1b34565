"""Reference attention (NumPy), batch first, weights in Keras orientation.

Positional encodings follow Vaswani et al. (2017): sines in the even columns
and cosines in the odd columns, interleaved (TensorFlow's transformer tutorial
instead concatenates all sines then all cosines).  Heads are contiguous column
blocks of the projection matrices, as in ``keras.layers.MultiHeadAttention``.
"""
import numpy as np


def softmax(z, axis=-1):
    """Softmax along axis, stable for entries up to ±1000 (max subtracted)."""
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(Q, K, V, mask=None):
    """(out, weights) with weights = softmax(Q Kᵀ / sqrt(d_k)) over the keys.

    Q: (..., Tq, d_k), K: (..., Tk, d_k), V: (..., Tk, d_v),
    mask: bool, broadcastable to (..., Tq, Tk), False = not attended (weight
    exactly 0); every row needs at least one True.
    -> out: (..., Tq, d_v), weights: (..., Tq, Tk)
    """
    Q, K, V = np.asarray(Q), np.asarray(K), np.asarray(V)
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights


def causal_mask(T):
    """bool (T, T) with mask[i, j] = j <= i: a position sees itself and the past."""
    return np.tril(np.ones((T, T), dtype=bool))


def positional_encoding(T, d_model):
    """Sinusoidal encodings (T, d_model), sin/cos interleaved.

    PE[p, 2i] = sin(p / 10000^(2i/d_model)), PE[p, 2i+1] = cos(same angle);
    an odd d_model simply ends on a sine column.
    """
    p = np.arange(T, dtype=np.float64)[:, None]
    two_i = (np.arange(d_model) // 2 * 2).astype(np.float64)
    angle = p / 10000.0 ** (two_i / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angle), np.cos(angle))


def attention_head(X, W_q, W_k, W_v, mask=None):
    """One self-attention head -> (out, weights).

    X: (batch, T, d_model), W_q, W_k: (d_model, d_k), W_v: (d_model, d_v)
    -> out: (batch, T, d_v), weights: (batch, T, T)
    """
    X = np.asarray(X)
    return scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v, mask)


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    """Multi-head self-attention -> (batch, T, d_model).

    X: (batch, T, d_model); W_q, W_k, W_v: (d_model, num_heads * d_head);
    W_o: (num_heads * d_head, d_model).  Head h uses columns
    h*d_head:(h+1)*d_head; head outputs are concatenated in order, then @ W_o.
    """
    X = np.asarray(X)
    d_head = np.shape(W_q)[1] // num_heads
    outs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        out, _ = attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols], mask)
        outs.append(out)
    return np.concatenate(outs, axis=-1) @ W_o
