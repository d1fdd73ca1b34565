from otter.test_files import test_case

OK_FORMAT = False

name = "product_peak"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_product_peak_public(product_peak):
    import numpy as np
    assert callable(product_peak), 'product_peak is not defined: run the cell with your function first'
    c, w = (np.array([1.0, 2.0, 3.0]), np.array([0.2, 0.5, 0.7]))
    y = product_peak(np.array([w, w]), c, w)
    assert y is not None, 'product_peak returned None: is the TODO still open, or a return missing?'
    assert np.shape(y) == (2,), f'x has shape (2, 3), so f should have shape (2,); got {np.shape(y)} (did you reduce over axis=1?)'
    assert np.allclose(y, 36.0), f'at x = w every factor is 1 / c_i^-2 = c_i^2, so f = 1 · 4 · 9 = 36; got {y}'
    y1 = np.asarray(product_peak(np.array([[1.0]]), np.array([1.0]), np.array([0.0])), dtype=float)
    assert np.allclose(y1, [0.5]), f'd = 1, c = 1, w = 0, x = 1: f = 1 / (1 + 1) = 0.5; got {y1}'
    x = np.random.default_rng(1).uniform(0, 1, (6, 3))
    y2 = np.asarray(product_peak(x, c, w), dtype=float)
    assert y2.shape == (6,) and np.all(y2 > 0) and np.all(y2 <= 36.0), 'product_peak is positive and largest (36 here) at its peak x = w'

