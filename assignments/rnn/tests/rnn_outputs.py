from otter.test_files import test_case

OK_FORMAT = False

name = "rnn_outputs"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_rnn_outputs_public(rnn_outputs):
    import numpy as np
    rng = np.random.default_rng(2)
    batch, T, units, output_dim = (2, 5, 4, 3)
    hs = rng.uniform(-1, 1, (batch, T, units))
    W_hy = rng.uniform(-1, 1, (units, output_dim))
    b_y = rng.uniform(0.1, 0.9, output_dim)
    ys = rnn_outputs(hs, W_hy, b_y)
    assert ys is not None, 'rnn_outputs returned None: is the TODO still open, or is a `return` missing?'
    ys = np.asarray(ys)
    assert ys.shape == (batch, T, output_dim), f'the outputs must have shape (batch, T, output_dim) = {(batch, T, output_dim)}, got {ys.shape}'
    got = np.asarray(rnn_outputs(hs, np.zeros((units, output_dim)), b_y))
    assert np.allclose(got, np.broadcast_to(b_y, (batch, T, output_dim))), 'with W_hy = 0 every output must equal b_y: is the bias added?'
    one_hot = np.zeros((1, 1, units))
    one_hot[0, 0, 1] = 1.0
    got = np.asarray(rnn_outputs(one_hot, W_hy, b_y))
    assert np.allclose(got[0, 0], W_hy[1] + b_y), 'a state [0, 1, 0, 0] must give row 1 of W_hy plus b_y: the state multiplies from the left, h_t @ W_hy'
    changed = hs.copy()
    changed[:, 2] += 1.0
    diff = np.abs(np.asarray(rnn_outputs(changed, W_hy, b_y)) - ys).max(axis=(0, 2))
    assert diff[2] > 0 and np.allclose(np.delete(diff, 2), 0), 'the output at step t must depend on hs[:, t] only (changing hs[:, 2] changed other steps)'

