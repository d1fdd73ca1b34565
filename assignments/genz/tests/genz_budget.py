from otter.test_files import test_case

OK_FORMAT = False

name = "genz_budget"
points = 1

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_genz_budget_public(genz_budget):
    import numpy as np
    assert callable(genz_budget), 'genz_budget is not defined: run the cell with your function first'
    table = {'oscillatory': 1.5, 'corner_peak': 1.85, 'gaussian': 7.03, 'continuous': 20.4, 'discontinuous': 4.3}
    for d in (2, 7):
        for family, b in table.items():
            got = genz_budget(family, d)
            assert got is not None, 'genz_budget returned None: is the TODO still open, or a return missing?'
            assert isinstance(got, (int, float, np.number)), f'genz_budget({family!r}, {d}) should be a number, got {type(got).__name__}'
            assert np.isclose(got, b), f'genz_budget({family!r}, {d}) should be {b} (see the table), got {got}'
        got = genz_budget('product_peak', d)
        assert np.isclose(got, d), f"the product peak's budget is b = d, so genz_budget('product_peak', {d}) should be {d}, got {got}"
    try:
        genz_budget('banana', 3)
    except ValueError:
        pass
    except Exception as exc:
        raise AssertionError(f"genz_budget('banana', 3) should raise ValueError, it raised {type(exc).__name__}")
    else:
        raise AssertionError("genz_budget('banana', 3) should raise ValueError for an unknown family")

