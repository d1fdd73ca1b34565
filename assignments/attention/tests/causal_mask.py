from otter.test_files import test_case

OK_FORMAT = False

name = "causal_mask"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_causal_mask_public(causal_mask):
    import numpy as np
    assert callable(causal_mask), 'causal_mask is not defined: run the cell with your function first'
    m = causal_mask(3)
    assert m is not None, 'causal_mask returned None: is the TODO still open, or a return missing?'
    m = np.asarray(m)
    assert m.dtype == bool, f'the mask should be boolean (dtype=bool), got dtype {m.dtype}'
    expected = np.array([[True, False, False], [True, True, False], [True, True, True]])
    assert m.shape == (3, 3) and np.array_equal(m, expected), f'causal_mask(3) should be\n{expected.astype(int)}\n(1 = may attend: j <= i), got\n{m.astype(int)}'
    assert np.array_equal(np.asarray(causal_mask(1)), [[True]]), 'causal_mask(1) is [[True]]: a single position sees itself'
    m6 = np.asarray(causal_mask(6))
    assert m6.shape == (6, 6) and m6.sum() == 21 and np.all(np.diag(m6)), 'causal_mask(6): 6 x 6, the diagonal and below are True (21 entries)'

