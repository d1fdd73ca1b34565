from otter.test_files import test_case

OK_FORMAT = False

name = "oscillatory"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_oscillatory_public(oscillatory):
    import numpy as np
    assert callable(oscillatory), 'oscillatory is not defined: run the cell with your function first'
    x = np.random.default_rng(0).uniform(0, 1, (5, 3))
    c, w = (np.array([0.5, 1.0, 1.5]), np.array([0.25, 0.1, 0.6]))
    y = oscillatory(x, c, w)
    assert y is not None, 'oscillatory returned None: is the TODO still open, or a return missing?'
    assert np.shape(y) == (5,), f'x has shape (5, 3), so f should have shape (5,), one value per point; got {np.shape(y)}'
    y0 = np.asarray(oscillatory(np.zeros((2, 3)), c, w), dtype=float)
    assert np.allclose(y0, 0.0, atol=1e-06), f'at x = 0 the sum vanishes and f = cos(2π · 0.25) = cos(π/2) = 0, got {y0}'
    y1 = np.asarray(oscillatory(np.array([[0.5, 0.25]]), np.array([np.pi, 2 * np.pi]), np.array([0.0, 0.3])), dtype=float)
    assert np.allclose(y1, [-1.0]), f'x = (0.5, 0.25), c = (π, 2π), w_1 = 0: Σ c_i x_i = π, so f = cos(π) = -1; got {y1}'
    y2 = np.asarray(oscillatory(x, c, np.array([0.25, 0.9, 0.0])), dtype=float)
    assert np.allclose(y2, y), 'only w_1 = w[0] enters the oscillatory family: changing w[1:] must not change f'
    y3 = np.asarray(oscillatory(x[:, :1], c[:1], w[:1]), dtype=float)
    assert np.allclose(y3, -np.sin(0.5 * x[:, 0])), 'd = 1, c = 0.5, w_1 = 0.25: f = cos(π/2 + 0.5 x) = -sin(0.5 x); check the d = 1 case'

