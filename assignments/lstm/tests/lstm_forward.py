from otter.test_files import test_case

OK_FORMAT = False

name = "lstm_forward"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_lstm_forward_public(lstm_forward, lstm_step):
    import numpy as np
    rng = np.random.default_rng(3)
    batch, T, input_dim, units = (2, 5, 3, 4)
    xs = rng.uniform(-2, 2, (batch, T, input_dim))
    h0 = rng.uniform(-1, 1, (batch, units))
    c0 = rng.uniform(-2, 2, (batch, units))
    W = rng.uniform(-1, 1, (input_dim, 4 * units))
    U = rng.uniform(-1, 1, (units, 4 * units))
    b = rng.uniform(0.1, 0.9, 4 * units)
    before = [a.copy() for a in (xs, h0, c0)]
    result = lstm_forward(xs, h0, c0, W, U, b)
    assert result is not None, 'lstm_forward returned None: is the TODO still open, or is a `return` missing?'
    assert isinstance(result, (tuple, list)) and len(result) == 2, f'lstm_forward must return a pair (hs, c_T), got {type(result).__name__}'
    hs, c_T = (np.asarray(a) for a in result)
    assert hs.shape == (batch, T, units), f'hs must have shape (batch, T, units) = {(batch, T, units)}, got {hs.shape} (h0 is not included)'
    assert c_T.shape == (batch, units), f'c_T must have shape (batch, units) = {(batch, units)}, got {c_T.shape}'
    assert all((np.array_equal(a, b0) for a, b0 in zip((xs, h0, c0), before))), 'lstm_forward must not modify xs, h0 or c0 in place'
    assert lstm_step(xs[:, 0], h0, c0, W, U, b) is not None, 'this self-check compares lstm_forward with your lstm_step: finish lstm_step first'
    h, c = (h0, c0)
    for t in range(T):
        h, c = (np.asarray(a) for a in lstm_step(xs[:, t], h, c, W, U, b))
        assert np.allclose(hs[:, t], h), f'hs[:, {t}] should be the hidden state after step {t}: lstm_step(xs[:, {t}], h, c, ...) with the h and c of the previous step (h0 and c0 for t = 0). This check trusts your lstm_step.'
    assert np.allclose(c_T, c), 'c_T must be the cell state after the LAST step'
    one_h, one_c = (np.asarray(a) for a in lstm_forward(xs[:, :1], h0, c0, W, U, b))
    step_h, step_c = lstm_step(xs[:, 0], h0, c0, W, U, b)
    assert np.allclose(one_h[:, 0], step_h) and np.allclose(one_c, step_c), 'with T = 1, lstm_forward must give exactly one lstm_step'
    keep = np.repeat([-50.0, 50.0, 0.0, 0.0], units)
    _, c_kept = lstm_forward(xs, h0, c0, W, U, keep)
    assert np.allclose(c_kept, c0), f'with f = 1 and i = 0 at every step the cell state must survive all {T} steps unchanged: c_T == c0'

