from otter.test_files import test_case

OK_FORMAT = False

name = "rnn_forward"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_rnn_forward_public(rnn_forward, rnn_step):
    import numpy as np
    rng = np.random.default_rng(1)
    batch, T, input_dim, units = (2, 5, 3, 4)
    xs = rng.uniform(-2, 2, (batch, T, input_dim))
    h0 = rng.uniform(-1, 1, (batch, units))
    W_xh = rng.uniform(-1, 1, (input_dim, units))
    W_hh = rng.uniform(-1, 1, (units, units))
    b_h = rng.uniform(0.1, 0.9, units)
    xs_before, h0_before = (xs.copy(), h0.copy())
    hs = rnn_forward(xs, h0, W_xh, W_hh, b_h)
    assert hs is not None, 'rnn_forward returned None: is the TODO still open, or is a `return` missing?'
    hs = np.asarray(hs)
    assert hs.shape == (batch, T, units), f'hs must have shape (batch, T, units) = {(batch, T, units)}, got {hs.shape} (h0 is not included, so there are T states, not T + 1; time is axis 1)'
    assert np.array_equal(xs, xs_before) and np.array_equal(h0, h0_before), 'rnn_forward must not modify xs or h0 in place'
    assert rnn_step(xs[:, 0], h0, W_xh, W_hh, b_h) is not None, 'this self-check compares rnn_forward with your rnn_step: finish rnn_step first'
    one = np.asarray(rnn_forward(xs[:, :1], h0, W_xh, W_hh, b_h))
    assert one.shape == (batch, 1, units), f'with T = 1, hs must have shape {(batch, 1, units)}, got {one.shape}'
    assert np.allclose(one[:, 0], rnn_step(xs[:, 0], h0, W_xh, W_hh, b_h)), 'with T = 1, rnn_forward must give exactly one rnn_step from h0'
    h = h0
    for t in range(T):
        h = np.asarray(rnn_step(xs[:, t], h, W_xh, W_hh, b_h))
        assert np.allclose(hs[:, t], h), f'hs[:, {t}] should be the state after step {t}: rnn_step(xs[:, {t}], previous state, ...) where the previous state is h0 for t = 0 and hs[:, t - 1] afterwards (this check trusts your rnn_step; make sure its own self-check passes)'
    other = np.asarray(rnn_forward(xs, -h0, W_xh, W_hh, b_h))
    assert not np.allclose(other[:, 0], hs[:, 0]), 'the first state must depend on h0'

