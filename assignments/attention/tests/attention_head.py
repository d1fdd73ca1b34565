from otter.test_files import test_case

OK_FORMAT = False

name = "attention_head"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_attention_head_public(attention_head):
    import numpy as np
    assert callable(attention_head), 'attention_head is not defined: run the cell with your function first'
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 5, 4))
    W_q, W_k, W_v = (rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 2)))
    got = attention_head(X, W_q, W_k, W_v)
    assert got is not None, 'attention_head returned None: is the TODO still open, or a return missing?'
    assert isinstance(got, (tuple, list)) and len(got) == 2, 'return the pair (out, weights)'
    out, weights = (np.asarray(got[0]), np.asarray(got[1]))
    assert out.shape == (2, 5, 2), f'X (2, 5, 4) and W_v (4, 2): out should be (batch, T, d_v) = (2, 5, 2), got {out.shape}'
    assert weights.shape == (2, 5, 5), f'weights should be (batch, T, T) = (2, 5, 5), got {weights.shape}'
    assert np.allclose(weights.sum(-1), 1.0), 'each row of the weights should sum to 1'
    out_m, w_m = (np.asarray(a) for a in attention_head(X, W_q, W_k, W_v, np.tril(np.ones((5, 5), dtype=bool))))
    assert np.all(np.triu(w_m, k=1) == 0), 'with a causal mask the weights above the diagonal must be exactly 0'
    assert np.allclose(out_m[:, 0], X[:, 0] @ W_v), 'with a causal mask position 0 only sees itself: out[:, 0] = X[:, 0] @ W_v'
    out0, _ = attention_head(X, np.zeros((4, 3)), W_k, W_v)
    assert np.allclose(out0, (X @ W_v).mean(axis=1, keepdims=True)), 'with W_q = 0 all scores are 0, so every position gets the mean of the values X @ W_v'
    a = np.sqrt(2) * np.log(3.0)
    out1, w1 = attention_head(np.eye(2)[None], np.array([[0.0, a], [0.0, 0.0]]), np.eye(2), np.eye(2))
    assert np.allclose(w1, [[[0.25, 0.75], [0.5, 0.5]]]), f'X = I, W_k = W_v = I, W_q = [[0, a], [0, 0]], a = sqrt(2) ln 3: scores = X W_q (X W_k)ᵀ / sqrt(2) = [[0, ln 3], [0, 0]], so the weights are [[0.25, 0.75], [0.5, 0.5]]; got {np.round(np.asarray(w1), 4).tolist()} (is each W used for its own role?)'
    assert np.allclose(out1, w1), 'with V = I the output equals the weights'

