from otter.test_files import test_case

OK_FORMAT = False

name = "persistence_forecast"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_persistence_forecast_public(persistence_forecast):
    import numpy as np
    assert callable(persistence_forecast), 'persistence_forecast is not defined: run the cell with your function first'
    X = np.arange(24.0).reshape(2, 4, 3)
    got = persistence_forecast(X)
    assert got is not None, 'persistence_forecast returned None: is the TODO still open, or a return missing?'
    got = np.asarray(got)
    assert got.shape == (2,), f'one forecast per window: shape (2,); got {got.shape}'
    assert np.allclose(got, [9.0, 21.0]), f'the last step of each window, column 0: X[0, -1, 0] = 9 and X[1, -1, 0] = 21; got {got}'

