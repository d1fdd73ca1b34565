from otter.test_files import test_case

OK_FORMAT = False

name = "gaussian"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_gaussian_public(gaussian):
    import numpy as np
    assert callable(gaussian), 'gaussian is not defined: run the cell with your function first'
    c, w = (np.array([2.0, 4.0]), np.array([0.3, 0.6]))
    y = gaussian(np.array([w, w, w]), c, w)
    assert y is not None, 'gaussian returned None: is the TODO still open, or a return missing?'
    assert np.shape(y) == (3,), f'x has shape (3, 2), so f should have shape (3,); got {np.shape(y)}'
    assert np.allclose(y, 1.0), f'at its centre x = w the Gaussian is exp(0) = 1; got {y}'
    y1 = np.asarray(gaussian(np.array([[0.5, 0.25]]), c, np.zeros(2)), dtype=float)
    assert np.allclose(y1, [np.exp(-2.0)]), f'w = 0, c = (2, 4), x = (0.5, 0.25): c_i (x_i - w_i) = 1 each, so f = e^-2 = {np.exp(-2):.6f}; got {y1} (c enters squared)'
    y2 = np.asarray(gaussian(np.zeros((1, 2)), c, np.array([0.5, 0.25])), dtype=float)
    assert np.allclose(y2, [np.exp(-2.0)]), f'x = 0, w = (0.5, 0.25), c = (2, 4): f = e^-2 again; got {y2}'
    x = np.random.default_rng(3).uniform(0, 1, (7, 2))
    y3 = np.asarray(gaussian(x, c, w), dtype=float)
    assert np.all((y3 > 0) & (y3 <= 1)), 'Gaussian values lie in (0, 1]'

