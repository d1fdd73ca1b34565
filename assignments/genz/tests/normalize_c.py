from otter.test_files import test_case

OK_FORMAT = False

name = "normalize_c"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_normalize_c_public(normalize_c):
    import numpy as np
    assert callable(normalize_c), 'normalize_c is not defined: run the cell with your function first'
    c = np.array([1.0, 2.0, 3.0, 4.0])
    out = normalize_c(c, 'product_peak')
    assert out is not None, 'normalize_c returned None: is the TODO still open, or a return missing?'
    assert np.shape(out) == (4,), f'c has shape (4,), so the result should too; got {np.shape(out)}'
    assert np.allclose(out, [0.4, 0.8, 1.2, 1.6]), f'product peak, d = 4: b = 4 and Σc = 10, so c · 4/10 = [0.4, 0.8, 1.2, 1.6]; got {out}'
    assert np.array_equal(c, [1.0, 2.0, 3.0, 4.0]), 'normalize_c changed its input c in place: return a new array instead'
    for family, b in [('gaussian', 7.03), ('continuous', 20.4), ('oscillatory', 1.5)]:
        out = np.asarray(normalize_c(c, family), dtype=float)
        assert np.isclose(out.sum(), b), f'normalize_c(c, {family!r}) should sum to b = {b}, sums to {out.sum()}'
        assert np.allclose(out / c, out[0] / c[0]), f'normalize_c(c, {family!r}) should only rescale c (same direction), got {out}'
    out = np.asarray(normalize_c(np.ones(6), 'product_peak'), dtype=float)
    assert np.allclose(out, 1.0), f'for the product peak d = len(c): six ones already sum to b = 6, got {out}'

