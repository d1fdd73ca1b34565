from otter.test_files import test_case

OK_FORMAT = False

name = "rnn_step"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_rnn_step_public(rnn_step):
    import numpy as np
    rng = np.random.default_rng(0)
    batch, input_dim, units = (3, 2, 4)
    x_t = rng.uniform(-1, 1, (batch, input_dim))
    h_prev = rng.uniform(-1, 1, (batch, units))
    W_xh = rng.uniform(-1, 1, (input_dim, units))
    W_hh = rng.uniform(-1, 1, (units, units))
    b_h = rng.uniform(0.1, 0.9, units)
    originals = [a.copy() for a in (x_t, h_prev, W_xh, W_hh, b_h)]
    h = rnn_step(x_t, h_prev, W_xh, W_hh, b_h)
    assert h is not None, 'rnn_step returned None: is the TODO still open, or is a `return` missing?'
    h = np.asarray(h)
    assert h.shape == (batch, units), f'with batch={batch}, input_dim={input_dim}, units={units} the new state must have shape (batch, units) = {(batch, units)}, got {h.shape}'
    assert np.all(np.isfinite(h)) and np.all(np.abs(h) < 1), 'every entry of h_t must lie strictly inside (-1, 1): did you apply np.tanh?'
    for name, a, b in zip(('x_t', 'h_prev', 'W_xh', 'W_hh', 'b_h'), (x_t, h_prev, W_xh, W_hh, b_h), originals):
        assert np.array_equal(a, b), f'rnn_step must not modify its input {name} in place'
    zero_x, zero_h = (np.zeros((input_dim, units)), np.zeros((units, units)))
    got = np.asarray(rnn_step(x_t, h_prev, zero_x, zero_h, b_h))
    assert np.allclose(got, np.tanh(np.tile(b_h, (batch, 1)))), 'with W_xh = 0 and W_hh = 0 every row of h_t must be tanh(b_h): is the bias added, once?'
    x_one = np.array([[0.0, 1.0]])
    got = np.asarray(rnn_step(x_one, np.zeros((1, units)), W_xh, W_hh, np.zeros(units)))
    assert np.allclose(got, np.tanh(W_xh[1:2])), 'x_t = [[0, 1]] with h_prev = 0 and b_h = 0 must give tanh(W_xh[1]) (row 1 of W_xh): the input multiplies from the left, x_t @ W_xh'
    h_one = np.array([[0.0, 0.0, 1.0, 0.0]])
    got = np.asarray(rnn_step(np.zeros((1, input_dim)), h_one, W_xh, W_hh, np.zeros(units)))
    assert np.allclose(got, np.tanh(W_hh[2:3])), 'h_prev = [[0, 0, 1, 0]] with x_t = 0 and b_h = 0 must give tanh(W_hh[2]) (row 2 of W_hh): use h_prev @ W_hh, not W_hh @ h_prev (W_hh is square, so the shapes will not warn you)'
    got32 = np.asarray(rnn_step(*(a.astype(np.float32) for a in (x_t, h_prev, W_xh, W_hh, b_h))))
    assert np.allclose(got32, h, atol=1e-05), 'float32 inputs must give the same values (to float32 precision)'

