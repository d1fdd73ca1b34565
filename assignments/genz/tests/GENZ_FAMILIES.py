from otter.test_files import test_case

OK_FORMAT = False

name = "GENZ_FAMILIES"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_GENZ_FAMILIES_public(GENZ_FAMILIES, env):
    import numpy as np
    names = ['oscillatory', 'product_peak', 'corner_peak', 'gaussian', 'continuous', 'discontinuous']
    assert isinstance(GENZ_FAMILIES, dict), f'GENZ_FAMILIES should be a dict, got {type(GENZ_FAMILIES).__name__}'
    assert sorted(map(str, GENZ_FAMILIES)) == sorted(names), f'the keys should be exactly {names}, got {list(GENZ_FAMILIES)}'
    x = np.random.default_rng(4).uniform(0, 1, (4, 3))
    c, w = (np.array([0.7, 1.1, 0.4]), np.array([0.3, 0.5, 0.2]))
    for name in names:
        fn = GENZ_FAMILIES[name]
        assert callable(fn), f'GENZ_FAMILIES[{name!r}] is {fn!r}: it should be your function {name} (replace the ...)'
        mine = env.get(name)
        if callable(mine) and fn is not mine:
            assert np.allclose(fn(x, c, w), mine(x, c, w)), f'GENZ_FAMILIES[{name!r}] does not give the same values as your function {name}: is it mapped to the right function?'

