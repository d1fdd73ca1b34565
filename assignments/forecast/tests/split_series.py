from otter.test_files import test_case

OK_FORMAT = False

name = "split_series"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_split_series_public(split_series):
    import numpy as np
    assert callable(split_series), 'split_series is not defined: run the cell with your function first'
    s = np.arange(20.0)
    out = split_series(s, 0.7, 0.15)
    assert out is not None, 'split_series returned None: is the TODO still open, or a return missing?'
    assert isinstance(out, (tuple, list)) and len(out) == 3, 'split_series must return (train, val, test)'
    train, val, test = (np.asarray(p) for p in out)
    lengths = (len(train), len(val), len(test))
    assert lengths == (14, 3, 3), f'T = 20: int(20 * 0.7) = 14, int(20 * 0.15) = 3 and the rest, 3; got lengths {lengths}'
    assert np.array_equal(np.concatenate([train, val, test]), s), 'train, val and test must be consecutive pieces in time order: nothing shuffled, shared or dropped'
    two = np.arange(22.0).reshape(11, 2)
    pieces = [np.asarray(p) for p in split_series(two, 0.5, 0.25)]
    assert [p.shape for p in pieces] == [(5, 2), (2, 2), (4, 2)], f'an (11, 2) series splits along its rows into (5, 2), (2, 2) and (4, 2); got {[p.shape for p in pieces]}'
    assert np.array_equal(np.concatenate(pieces), two), 'the pieces of a multi-column series must be its rows, in order'

