from otter.test_files import test_case

OK_FORMAT = False

name = "lstm_gates"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_lstm_gates_public(lstm_gates):
    import numpy as np
    rng = np.random.default_rng(1)
    batch, input_dim, units = (3, 2, 4)
    x_t = rng.uniform(-2, 2, (batch, input_dim))
    h_prev = rng.uniform(-1, 1, (batch, units))
    W = rng.uniform(-1, 1, (input_dim, 4 * units))
    U = rng.uniform(-1, 1, (units, 4 * units))
    b = rng.uniform(0.1, 0.9, 4 * units)
    gates = lstm_gates(x_t, h_prev, W, U, b)
    assert gates is not None, 'lstm_gates returned None: is the TODO still open, or is a `return` missing?'
    assert isinstance(gates, (tuple, list)) and len(gates) == 4, f'lstm_gates must return a tuple of 4 arrays (i, f, g, o), got {type(gates).__name__}'
    i, f, g, o = (np.asarray(a) for a in gates)
    for name, a in zip('ifgo', (i, f, g, o)):
        assert a.shape == (batch, units), f'gate {name} must have shape (batch, units) = {(batch, units)}, got {a.shape} (split z into 4 blocks along the last axis)'
    for name, a in zip('ifo', (i, f, o)):
        assert np.all((a > 0) & (a < 1)), f'gate {name} is a sigmoid: its entries must lie in (0, 1)'
    assert np.all(np.abs(g) < 1), 'the candidate g is a tanh: its entries must lie in (-1, 1)'
    ln3 = np.log(3.0)
    b_demo = np.repeat([0.0, ln3, ln3, -ln3], units)
    zeros_W, zeros_U = (np.zeros((input_dim, 4 * units)), np.zeros((units, 4 * units)))
    got = [np.asarray(a) for a in lstm_gates(x_t, h_prev, zeros_W, zeros_U, b_demo)]
    for name, a, want in zip('ifgo', got, (0.5, 0.75, 0.8, 0.25)):
        assert np.allclose(a, want), f'with W = U = 0 and b = [0 | ln 3 | ln 3 | -ln 3] (blocks i | f | g | o) gate {name} must be {want} everywhere, got {a.ravel()[:4]}...: check the order of the blocks and which gate gets tanh'
    x_one = np.array([[0.0, 1.0]])
    got = [np.asarray(a) for a in lstm_gates(x_one, np.zeros((1, units)), W, zeros_U, np.zeros(4 * units))]
    assert np.allclose(got[2], np.tanh(W[1:2, 2 * units:3 * units])), 'x_t = [[0, 1]] with h_prev = 0 and b = 0 must give g = tanh(W[1, 2*units:3*units]): the input multiplies from the left, x_t @ W, and g is the third column block'
    h_one = np.zeros((1, units))
    h_one[0, 3] = 1.0
    got = [np.asarray(a) for a in lstm_gates(np.zeros((1, input_dim)), h_one, zeros_W, U, np.zeros(4 * units))]
    assert np.allclose(got[2], np.tanh(U[3:4, 2 * units:3 * units])), 'h_prev = [[0, 0, 0, 1]] with x_t = 0 and b = 0 must give g = tanh(U[3, 2*units:3*units]): use h_prev @ U'

