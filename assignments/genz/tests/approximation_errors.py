from otter.test_files import test_case

OK_FORMAT = False

name = "approximation_errors"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_approximation_errors_public(approximation_errors):
    import numpy as np
    assert callable(approximation_errors), 'approximation_errors is not defined: run the cell with your function first'
    got = approximation_errors(np.array([0.0, 1.0, 2.0, 3.0]), np.array([[0.5], [0.5], [2.5], [1.0]]))
    assert got is not None, 'approximation_errors returned None: is the TODO still open, or a return missing?'
    assert isinstance(got, (tuple, list)) and len(got) == 2, f'return a tuple (mean_abs_error, max_abs_error), got {got!r}'
    mean, worst = got
    assert isinstance(mean, float) and isinstance(worst, float), f'return Python floats (wrap with float(...)), got {type(mean).__name__} and {type(worst).__name__}'
    assert np.isclose(mean, 0.875) and np.isclose(worst, 2.0), f'the errors are |0-0.5|, |1-0.5|, |2-2.5|, |3-1| = 0.5, 0.5, 0.5, 2: mean 0.875, max 2; got {got}. If your numbers differ, check the shapes: (4,) - (4, 1) broadcasts to a (4, 4) matrix of all pairs'
    got = approximation_errors(np.array([[1.0], [-1.0], [0.5]]), np.array([3.0, -1.5, 0.25]))
    assert np.allclose(got, (2.75 / 3, 2.0)), f'y_true (3, 1), y_pred (3,): errors 2, 0.5, 0.25, so mean 0.91667, max 2; got {got}'
    same = np.random.default_rng(6).normal(size=(5, 1))
    assert np.allclose(approximation_errors(same, same), (0.0, 0.0)), 'identical inputs should give (0.0, 0.0)'

