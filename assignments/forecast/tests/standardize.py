from otter.test_files import test_case

OK_FORMAT = False

name = "standardize"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_standardize_public(standardize):
    import numpy as np
    assert callable(standardize), 'standardize is not defined: run the cell with your function first'
    train = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]])
    test = np.array([[7.0, 12.0]])
    before = (train.copy(), test.copy())
    out = standardize(train, test)
    assert out is not None, 'standardize returned None: is the TODO still open, or a return missing?'
    assert isinstance(out, (tuple, list)) and len(out) == 3, 'standardize must return (mean, std, scaled)'
    mean, std, scaled = out
    assert np.allclose(mean, [3.0, 10.0]), f'the per-column means of train are [3, 10]; got {mean}'
    pop = np.sqrt(8 / 3)
    assert np.allclose(std, [pop, 1.0]), f"the population std of 1, 3, 5 is sqrt(8/3) = {pop:.4f} (np.std, ddof=0; the sample std would be 2), and the constant column's std 0 becomes 1; got {std}"
    assert isinstance(scaled, (list, tuple)) and len(scaled) == 2, 'scaled must be a list: the scaled train, then each other array'
    assert np.allclose(scaled[0], [[-2 / pop, 0.0], [0.0, 0.0], [2 / pop, 0.0]]), 'scaled[0] must be (train - mean) / std'
    assert np.allclose(scaled[1], [[4 / pop, 2.0]]), f'the other arrays use the training statistics: (7 - 3) / {pop:.4f} and (12 - 10) / 1; got {scaled[1]}'
    assert np.array_equal(train, before[0]) and np.array_equal(test, before[1]), 'standardize must not modify its inputs'
    mean2, _, _ = standardize(train, 100 * test)
    assert np.allclose(mean2, mean), 'the statistics come from train alone: the other arrays must not change them'
    m1, s1, sc1 = standardize(np.array([2.0, 4.0]))
    assert np.allclose(m1, 3.0) and np.allclose(s1, 1.0) and (len(sc1) == 1), 'a 1-D train [2, 4] has mean 3, std 1 and scaled [[-1, 1]]'

