from otter.test_files import test_case

OK_FORMAT = False

name = "normalize_w"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_normalize_w_public(normalize_w):
    import numpy as np
    assert callable(normalize_w), 'normalize_w is not defined: run the cell with your function first'
    w = np.array([1.0, 1.0, 2.0])
    out = normalize_w(w)
    assert out is not None, 'normalize_w returned None: is the TODO still open, or a return missing?'
    assert np.allclose(out, [0.25, 0.25, 0.5]), f'w = (1, 1, 2) sums to 4, so w / 4 = (0.25, 0.25, 0.5); got {out}'
    assert np.array_equal(w, [1.0, 1.0, 2.0]), 'normalize_w changed its input w in place: return a new array instead'
    w = np.random.default_rng(5).uniform(0.05, 1, 10)
    out = np.asarray(normalize_w(w), dtype=float)
    assert out.shape == (10,) and np.isclose(out.sum(), 1.0), f'the result should have shape (10,) and sum to 1; got shape {out.shape}, sum {out.sum()}'
    assert np.allclose(out / w, out[0] / w[0]), 'normalize_w should only rescale w'

