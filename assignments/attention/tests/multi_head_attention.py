from otter.test_files import test_case

OK_FORMAT = False

name = "multi_head_attention"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_multi_head_attention_public(multi_head_attention):
    import numpy as np
    f = multi_head_attention
    assert callable(f), 'multi_head_attention is not defined: run the cell with your function first'
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 5, 4))
    W_q, W_k, W_v = (rng.normal(size=(4, 6)) for _ in range(3))
    W_o = rng.normal(size=(6, 4))
    out = f(X, W_q, W_k, W_v, W_o, 2)
    assert out is not None, 'multi_head_attention returned None: is the TODO still open, or a return missing?'
    out = np.asarray(out)
    assert out.shape == (2, 5, 4), f'the output should be (batch, T, d_model) = (2, 5, 4), got {out.shape}'
    out_eye = f(X, W_q, W_k, W_v, W_o, 2, np.eye(5, dtype=bool))
    assert np.allclose(out_eye, X @ W_v @ W_o), 'with mask = identity every position sees only itself, so every head returns its values and the result is X @ W_v @ W_o (this needs head m to use columns m*d_head:(m+1)*d_head and the heads concatenated in order)'
    out_c = np.asarray(f(X, W_q, W_k, W_v, W_o, 2, np.tril(np.ones((5, 5), dtype=bool))))
    assert np.allclose(out_c[:, 0], X[:, 0] @ W_v @ W_o), 'with a causal mask position 0 sees only itself: out[:, 0] = X[:, 0] @ W_v @ W_o'
    W_q2, W_k2, W_v2 = (rng.normal(size=(3, 4)) for _ in range(3))
    W_q2[:, :2] = 0.0
    W_v2[:, 2:] = 0.0
    W_o2 = rng.normal(size=(4, 3))
    X2 = rng.normal(size=(1, 6, 3))
    expected = np.broadcast_to((X2 @ W_v2[:, :2]).mean(axis=1, keepdims=True) @ W_o2[:2], (1, 6, 3))
    assert np.allclose(f(X2, W_q2, W_k2, W_v2, W_o2, 2), expected), 'head m must use the contiguous columns m*d_head:(m+1)*d_head of W_q, W_k, W_v (and rows of W_o after concatenating in order)'
    a = np.sqrt(np.log(3.0))
    got = np.asarray(f(np.array([[[a, 0.0], [0.0, a]]]), np.eye(2), np.eye(2), np.eye(2), np.eye(2), 2))
    assert np.allclose(got, [[[0.75 * a, 0.5 * a], [0.5 * a, 0.75 * a]]]), f'2 heads of width d_head = 1, all W = I, X = [[a, 0], [0, a]] with a² = ln 3: head 0 has scores [[ln 3, 0], [0, 0]] (scaled by sqrt(d_head) = 1), so out = [[0.75a, 0.5a], [0.5a, 0.75a]] = {np.round([[0.75 * a, 0.5 * a], [0.5 * a, 0.75 * a]], 4).tolist()}; got {np.round(got[0], 4).tolist()} (each head scales by its own sqrt(d_head))'

