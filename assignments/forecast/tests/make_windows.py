from otter.test_files import test_case

OK_FORMAT = False

name = "make_windows"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_make_windows_public(make_windows):
    import numpy as np
    assert callable(make_windows), 'make_windows is not defined: run the cell with your function first'
    s = np.arange(10.0)
    out = make_windows(s, 3, 2)
    assert out is not None, 'make_windows returned None: is the TODO still open, or a return missing?'
    assert isinstance(out, (tuple, list)) and len(out) == 2, 'make_windows must return a pair (X, y)'
    X, y = (np.asarray(a) for a in out)
    assert X.shape == (6, 3, 1), f'T = 10, window = 3, horizon = 2: n = 10 - 3 - 2 + 1 = 6 windows of shape (3, 1) (a 1-D series has one feature); got X of shape {X.shape}'
    assert y.shape == (6,), f'y has one target per window, shape (6,); got {y.shape}'
    assert np.array_equal(X[0, :, 0], [0, 1, 2]) and np.array_equal(X[5, :, 0], [5, 6, 7]), 'X[k] must be series[k : k + window]'
    assert np.array_equal(y, [4, 5, 6, 7, 8, 9]), f'y[0] = series[0 + 3 - 1 + 2] = series[4] (horizon 1 is the step right after the window); got y = {y}'
    two = np.stack([np.arange(8.0), -np.arange(8.0)], axis=1)
    X2, y2 = (np.asarray(a) for a in make_windows(two, 4, 1))
    assert X2.shape == (4, 4, 2), f'a (8, 2) series with window 4, horizon 1 gives X of shape (4, 4, 2); got {X2.shape}'
    assert np.array_equal(y2, [4, 5, 6, 7]), f'the target is column 0 only, one step after the window: [4, 5, 6, 7]; got {y2}'
    assert np.array_equal(two[:, 0], np.arange(8.0)), 'make_windows must not modify its input'
    for args, why in (((s, 0, 1), 'window = 0'), ((s, 3, 0), 'horizon = 0'), ((np.arange(4.0), 3, 2), 'n = 4 - 3 - 2 + 1 = 0')):
        try:
            make_windows(*args)
        except ValueError:
            continue
        raise AssertionError(f'make_windows should raise ValueError when {why}')

