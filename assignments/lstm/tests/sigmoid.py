from otter.test_files import test_case

OK_FORMAT = False

name = "sigmoid"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_sigmoid_public(sigmoid):
    import numpy as np
    got = sigmoid(np.array([0.0, np.log(3.0), -np.log(3.0)]))
    assert got is not None, 'sigmoid returned None: is the TODO still open, or is a `return` missing?'
    got = np.asarray(got)
    assert got.shape == (3,), f'sigmoid must keep the shape of its input: expected (3,), got {got.shape}'
    assert np.allclose(got, [0.5, 0.75, 0.25]), f'sigmoid(0) = 1/2, sigmoid(ln 3) = 1/(1 + 1/3) = 3/4 and sigmoid(-ln 3) = 1/4; got {got}'
    rng = np.random.default_rng(0)
    z = rng.uniform(-6, 6, (2, 3))
    s = np.asarray(sigmoid(z))
    assert s.shape == (2, 3), f'sigmoid of a (2, 3) array must have shape (2, 3), got {s.shape}'
    assert np.allclose(np.asarray(sigmoid(-z)), 1 - s), 'sigmoid(-z) must equal 1 - sigmoid(z)'
    assert np.shape(sigmoid(np.array(2.0))) == (), 'sigmoid of a 0-d array (shape ()) must have shape ()'
    big = np.array([-1000.0, -745.5, -50.0, 50.0, 1000.0])
    with np.errstate(all='ignore'):
        s = np.asarray(sigmoid(big), dtype=np.float64)
        s32 = np.asarray(sigmoid(big.astype(np.float32)), dtype=np.float64)
    for name, values in (('float64', s), ('float32', s32)):
        assert np.all(np.isfinite(values)), f'sigmoid({big.tolist()}) in {name} must be finite, got {values}: avoid exp of large positive numbers'
        assert np.allclose(values, [0, 0, 0, 1, 1], atol=1e-12), f'sigmoid must be ~0 for very negative and ~1 for very positive z ({name}), got {values}'

