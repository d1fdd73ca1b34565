from otter.test_files import test_case

OK_FORMAT = False

name = "lstm_step"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_lstm_step_public(lstm_step):
    import numpy as np
    rng = np.random.default_rng(2)
    batch, input_dim, units = (3, 2, 4)
    x_t = rng.uniform(-2, 2, (batch, input_dim))
    h_prev = rng.uniform(-1, 1, (batch, units))
    c_prev = rng.uniform(-2, 2, (batch, units))
    W = rng.uniform(-1, 1, (input_dim, 4 * units))
    U = rng.uniform(-1, 1, (units, 4 * units))
    b = rng.uniform(0.1, 0.9, 4 * units)
    c_before = c_prev.copy()
    result = lstm_step(x_t, h_prev, c_prev, W, U, b)
    assert result is not None, 'lstm_step returned None: is the TODO still open, or is a `return` missing?'
    assert isinstance(result, (tuple, list)) and len(result) == 2, f'lstm_step must return a pair (h_t, c_t), got {type(result).__name__}'
    h, c = (np.asarray(a) for a in result)
    assert h.shape == (batch, units) and c.shape == (batch, units), f'h_t and c_t must both have shape {(batch, units)}, got {h.shape} and {c.shape}'
    assert np.all(np.abs(h) < 1), 'h_t = o * tanh(c_t) must lie in (-1, 1)'
    assert np.array_equal(c_prev, c_before), 'lstm_step must not modify c_prev in place'
    ln3 = np.log(3.0)
    zeros_W, zeros_U = (np.zeros((input_dim, 4 * units)), np.zeros((units, 4 * units)))
    two = np.full((batch, units), 2.0)
    h, c = (np.asarray(a) for a in lstm_step(x_t, h_prev, two, zeros_W, zeros_U, np.repeat([0.0, ln3, ln3, -ln3], units)))
    assert np.allclose(c, 1.9), f'with gates i = 0.5, f = 0.75, g = 0.8, o = 0.25 (W = U = 0, b = [0 | ln 3 | ln 3 | -ln 3]) and c_prev = 2, c_t = 0.75 * 2 + 0.5 * 0.8 = 1.9; got {c.ravel()[:4]}... (is the pair in the order (h_t, c_t)?)'
    assert np.allclose(h, 0.25 * np.tanh(1.9)), f'with the same gates h_t = o * tanh(c_t) = 0.25 * tanh(1.9) = {0.25 * np.tanh(1.9):.4f}, got {h.ravel()[:4]}...'
    keep = np.repeat([-50.0, 50.0, 0.0, 0.0], units)
    h, c = (np.asarray(a) for a in lstm_step(x_t, h_prev, c_prev, W, U, keep))
    assert np.allclose(c, c_prev), 'with the forget gate open (f = 1) and the input gate shut (i = 0) the cell state must be copied unchanged'
    erase = np.repeat([50.0, -50.0, 0.0, 0.0], units)
    _, c1 = lstm_step(x_t, h_prev, c_prev, W, U, erase)
    _, c2 = lstm_step(x_t, h_prev, -c_prev, W, U, erase)
    assert np.allclose(c1, c2), 'with the forget gate shut (f = 0) the new cell state must not depend on c_prev'

