from otter.test_files import test_case

OK_FORMAT = False

name = "softmax"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_softmax_public(softmax):
    import numpy as np
    assert callable(softmax), 'softmax is not defined: run the cell with your function first'
    p = softmax(np.array([0.0, np.log(3.0)]))
    assert p is not None, 'softmax returned None: is the TODO still open, or a return missing?'
    assert np.allclose(p, [0.25, 0.75]), f'softmax([0, ln 3]) = (1, 3) / (1 + 3) = (0.25, 0.75); got {p}'
    z = np.random.default_rng(0).normal(size=(3, 4))
    p = np.asarray(softmax(z))
    assert p.shape == (3, 4), f'softmax keeps the shape of its input (3, 4); got {p.shape}'
    assert np.all(p > 0) and np.allclose(p.sum(axis=-1), 1.0), f'with the default axis=-1 every row should be positive and sum to 1; row sums {p.sum(axis=-1)}'
    assert np.allclose(softmax(z + 100.0), p), 'softmax(z + 100) should equal softmax(z): adding a constant changes nothing'
    p0 = np.asarray(softmax(z, axis=0))
    assert p0.shape == (3, 4) and np.allclose(p0.sum(axis=0), 1.0), f'softmax(z, axis=0) should sum to 1 down each column; column sums {p0.sum(axis=0)}'
    p3 = np.asarray(softmax(np.random.default_rng(1).normal(size=(2, 3, 4)), axis=1))
    assert np.allclose(p3.sum(axis=1), 1.0), 'softmax(z, axis=1) on a (2, 3, 4) array should sum to 1 along axis 1'
    with np.errstate(all='ignore'):
        big = np.asarray(softmax(np.array([[1000.0, 999.0, -1000.0], [-1000.0, -1000.0, -1000.0]])), dtype=float)
    assert np.all(np.isfinite(big)), f'softmax must stay finite for entries up to ±1000 (subtract the max first); got {big}'
    e = np.e
    assert np.allclose(big, [[e / (1 + e), 1 / (1 + e), 0.0], [1 / 3, 1 / 3, 1 / 3]]), f'softmax([1000, 999, -1000]) = (e, 1, 0) / (e + 1) and softmax([-1000] * 3) = 1/3 each; got {big}'

