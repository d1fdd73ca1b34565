from otter.test_files import test_case

OK_FORMAT = False

name = "discontinuous"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_discontinuous_public(discontinuous):
    import numpy as np
    assert callable(discontinuous), 'discontinuous is not defined: run the cell with your function first'
    c, w = (np.ones(3), np.full(3, 0.5))
    x = np.array([[0.2, 0.2, 0.9], [0.6, 0.2, 0.1], [0.2, 0.6, 0.1], [0.6, 0.6, 0.0], [0.1, 0.1, 0.99], [0.5, 0.5, 0.0]])
    y = discontinuous(x, c, w)
    assert y is not None, 'discontinuous returned None: is the TODO still open, or a return missing?'
    assert np.shape(y) == (6,), f'x has shape (6, 3), so f should have shape (6,); got {np.shape(y)}'
    expected = np.exp([1.3, 0, 0, 0, 1.19, 1.0]) * np.array([1, 0, 0, 0, 1, 1])
    y = np.asarray(y, dtype=float)
    for k, why in enumerate(['inside the box (x_1 <= w_1 and x_2 <= w_2) f = exp(Σ x_i) = exp(1.3)', 'x_1 > w_1, so f = 0', 'x_2 > w_2, so f = 0', 'x_1 > w_1 and x_2 > w_2, so f = 0', 'only x_1 and x_2 cut: x_3 > w_3 does not, so f = exp(1.19)', 'x_1 = w_1 and x_2 = w_2 is inside (the inequalities are strict), so f = exp(1)']):
        assert np.isclose(y[k], expected[k]), f'row {k} of x = {x[k]}, w = {w}: {why}; got {y[k]}'
    y1 = np.asarray(discontinuous(np.array([[0.3], [0.7]]), np.array([1.0]), np.array([0.5])), dtype=float)
    assert np.allclose(y1, [np.exp(0.3), 0.0]), f'd = 1, w = 0.5, c = 1: only x_1 > w_1 applies, f(0.3) = e^0.3, f(0.7) = 0; got {y1}'

