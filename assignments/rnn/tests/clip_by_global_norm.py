from otter.test_files import test_case

OK_FORMAT = False

name = "clip_by_global_norm"
points = 2

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_clip_by_global_norm_public(clip_by_global_norm):
    import numpy as np
    grads = [np.array([[3.0, 0.0]]), np.array(4.0)]
    before = [g.copy() for g in grads]
    result = clip_by_global_norm(grads, 1.0)
    assert result is not None, 'clip_by_global_norm returned None: is the TODO still open, or is a `return` missing?'
    assert isinstance(result, (tuple, list)) and len(result) == 2, f'clip_by_global_norm must return a pair (clipped, global_norm), got {type(result).__name__}'
    clipped, norm = result
    assert np.ndim(norm) == 0, f'global_norm must be a single number, got shape {np.shape(norm)}'
    assert np.isclose(float(norm), 5.0), f'the global norm of [[3, 0]] and 4 (a 0-d array) is sqrt(3**2 + 0**2 + 4**2) = 5, got {float(norm)}'
    assert isinstance(clipped, (list, tuple)) and len(clipped) == 2, 'the first item must be a list with one clipped array per gradient'
    assert [np.shape(c) for c in clipped] == [(1, 2), ()], f'each clipped gradient keeps its shape: expected [(1, 2), ()], got {[np.shape(c) for c in clipped]}'
    assert np.allclose(clipped[0], [[0.6, 0.0]]) and np.isclose(float(clipped[1]), 0.8), 'with max_norm = 1 and global norm 5 every gradient is multiplied by 1/5: expected [[0.6, 0]] and 0.8'
    assert all((np.array_equal(g, b) for g, b in zip(grads, before))), 'clip_by_global_norm must not modify the input gradients in place'
    clipped, norm = clip_by_global_norm(grads, 10.0)
    assert np.isclose(float(norm), 5.0), 'global_norm is the norm of the gradients before clipping'
    assert np.allclose(clipped[0], grads[0]) and np.isclose(float(clipped[1]), 4.0), 'the global norm 5 is below max_norm = 10: the gradients must come back unchanged'
    clipped, norm = clip_by_global_norm([np.zeros((2, 2)), np.zeros(3)], 1.0)
    assert np.isclose(float(norm), 0.0) and all((np.all(c == 0) for c in clipped)), 'all-zero gradients have global norm 0 and stay zero (and must not produce nan)'
    rng = np.random.default_rng(3)
    grads = [rng.uniform(-3, 3, s) for s in [(3, 4), (4, 4), (4,)]]
    clipped, norm = clip_by_global_norm(grads, 2.0)
    expected_norm = np.sqrt(sum((np.sum(g ** 2) for g in grads)))
    assert np.isclose(float(norm), expected_norm), 'global_norm must include every entry of every gradient'
    new_norm = np.sqrt(sum((np.sum(np.asarray(c) ** 2) for c in clipped)))
    assert np.isclose(new_norm, 2.0), f'after clipping the global norm must equal max_norm = 2, got {new_norm:.4f}'
    for g, c in zip(grads, clipped):
        assert np.allclose(np.asarray(c) * expected_norm / 2.0, g), 'all gradients must be scaled by the same factor (the direction must not change)'

