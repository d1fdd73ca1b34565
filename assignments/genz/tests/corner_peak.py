from otter.test_files import test_case

OK_FORMAT = False

name = "corner_peak"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_corner_peak_public(corner_peak):
    import numpy as np
    assert callable(corner_peak), 'corner_peak is not defined: run the cell with your function first'
    c4, w4 = (np.array([0.3, 0.6, 0.2, 0.5]), np.array([0.1, 0.2, 0.3, 0.4]))
    y = corner_peak(np.zeros((3, 4)), c4, w4)
    assert y is not None, 'corner_peak returned None: is the TODO still open, or a return missing?'
    assert np.shape(y) == (3,), f'x has shape (3, 4), so f should have shape (3,); got {np.shape(y)}'
    assert np.allclose(y, 1.0), f'at the corner x = 0 the corner peak is 1^-(d+1) = 1; got {y}'
    y1 = np.asarray(corner_peak(np.array([[1.0]]), np.array([1.0]), np.array([0.3])), dtype=float)
    assert np.allclose(y1, [0.25]), f'd = 1, c = 1, x = 1: f = (1 + 1)^-2 = 0.25; got {y1}'
    y2 = np.asarray(corner_peak(np.array([[0.5, 0.5]]), np.array([1.0, 1.0]), np.array([0.1, 0.9])), dtype=float)
    assert np.allclose(y2, [0.125]), f'd = 2, c = (1, 1), x = (0.5, 0.5): f = 2^-(d+1) = 2^-3 = 0.125 (the exponent depends on d); got {y2}'
    x = np.random.default_rng(2).uniform(0, 1, (5, 4))
    assert np.allclose(corner_peak(x, c4, w4), corner_peak(x, c4, 1 - w4)), 'the corner peak does not depend on w'

