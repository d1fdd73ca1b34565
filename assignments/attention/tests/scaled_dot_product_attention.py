from otter.test_files import test_case

OK_FORMAT = False

name = "scaled_dot_product_attention"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_scaled_dot_product_attention_public(scaled_dot_product_attention):
    import numpy as np
    f = scaled_dot_product_attention
    assert callable(f), 'scaled_dot_product_attention is not defined: run the cell with your function first'
    rng = np.random.default_rng(0)
    Q, K, V = (rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6)))
    got = f(Q, K, V)
    assert got is not None, 'scaled_dot_product_attention returned None: is the TODO still open, or a return missing?'
    assert isinstance(got, (tuple, list)) and len(got) == 2, 'return the pair (out, weights)'
    out, weights = (np.asarray(got[0]), np.asarray(got[1]))
    assert out.shape == (2, 3, 6), f'Q (2, 3, 4), K (2, 5, 4), V (2, 5, 6): out should be (2, 3, 6), got {out.shape}'
    assert weights.shape == (2, 3, 5), f'weights should be (batch, Tq, Tk) = (2, 3, 5), got {weights.shape} (K.T reverses all axes: use np.swapaxes(K, -1, -2))'
    assert np.all(weights >= 0) and np.allclose(weights.sum(-1), 1.0), 'each row of the weights (one query) should be >= 0 and sum to 1 over the keys'
    assert np.allclose(out, weights @ V), 'out should be weights @ V'
    q = np.ones((1, 4))
    k = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]) * np.log(3.0) / 2
    out1, w1 = f(q, k, np.eye(2))
    assert np.allclose(w1, [[0.75, 0.25]]), f'q·k = (2 ln 3, 0) divided by sqrt(d_k) = 2 gives scores (ln 3, 0) and weights (0.75, 0.25); got {np.round(w1, 4)}' + (' (0.9, 0.1 means the scores were not divided by sqrt(d_k))' if np.allclose(w1, [[0.9, 0.1]]) else '')
    assert np.allclose(out1, [[0.75, 0.25]]), f'with V = the identity, out equals the weights; got {out1}'
    X = rng.normal(size=(1, 4, 3))
    causal = np.tril(np.ones((4, 4), dtype=bool))
    out2, w2 = (np.asarray(a) for a in f(X, X, X, causal))
    assert np.all(w2[0][~causal] == 0), f'where the mask is False the weight must be exactly 0 (set those scores to -inf before the softmax); got\n{np.round(w2[0], 4)}'
    assert np.allclose(w2.sum(-1), 1.0), 'with a mask, each row should still sum to 1 over the allowed keys'
    assert np.allclose(out2[0, 0], X[0, 0]), 'under a causal mask, query 0 only sees key 0, so out[0] = V[0]'
    out3, w3 = f(X, X, X, np.eye(4, dtype=bool))
    assert np.allclose(w3, np.eye(4)) and np.allclose(out3, X), 'with mask = identity every query sees only its own key: weights = I and out = V'
    out4, w4 = f(np.zeros((2, 3)), rng.normal(size=(5, 3)), V[0])
    assert np.allclose(w4, 0.2) and np.allclose(out4, V[0].mean(axis=0)), 'with Q = 0 all scores are 0: uniform weights 1/Tk, and out is the mean of the values'

