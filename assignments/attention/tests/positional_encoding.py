from otter.test_files import test_case

OK_FORMAT = False

name = "positional_encoding"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_positional_encoding_public(positional_encoding):
    import numpy as np
    assert callable(positional_encoding), 'positional_encoding is not defined: run the cell with your function first'
    pe = positional_encoding(10, 8)
    assert pe is not None, 'positional_encoding returned None: is the TODO still open, or a return missing?'
    pe = np.asarray(pe, dtype=float)
    assert pe.shape == (10, 8), f'positional_encoding(10, 8) should have shape (T, d_model) = (10, 8), got {pe.shape}'
    assert np.allclose(pe[0], [0, 1, 0, 1, 0, 1, 0, 1]), f'position 0: every angle is 0, so sin = 0 (even columns) and cos = 1 (odd columns); got {pe[0]}'
    p = np.arange(10)
    assert np.allclose(pe[:, 0], np.sin(p)) and np.allclose(pe[:, 1], np.cos(p)), 'columns 0 and 1 (i = 0) are sin(p) and cos(p)'
    assert np.allclose(pe[:, 2], np.sin(p / 10)) and np.allclose(pe[:, 3], np.cos(p / 10)), 'for d_model = 8, columns 2 and 3 (i = 1) are sin(p / 10) and cos(p / 10), since 10000^(2/8) = 10 (interleave: sin in even columns, cos in odd)'
    assert np.allclose(pe[:, 6], np.sin(p / 1000)), 'for d_model = 8, column 6 (i = 3) is sin(p / 1000), since 10000^(6/8) = 1000'
    assert np.allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0), 'each (sin, cos) pair of the same angle has sin² + cos² = 1'
    pe7 = np.asarray(positional_encoding(5, 7), dtype=float)
    assert pe7.shape == (5, 7), f'an odd d_model works too: positional_encoding(5, 7) should be (5, 7), got {pe7.shape}'
    assert np.allclose(pe7[0], [0, 1, 0, 1, 0, 1, 0]), f'd_model = 7: position 0 is (0, 1, 0, 1, 0, 1, 0), ending on a sine column; got {pe7[0]}'
    assert np.allclose(pe7[:, 6], np.sin(np.arange(5) / 10000 ** (6 / 7))), 'd_model = 7: the last column is sin(p / 10000^(6/7))'

