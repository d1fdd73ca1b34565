from otter.test_files import test_case

OK_FORMAT = False

name = "fit_forecaster"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_fit_forecaster_public(fit_forecaster):
    import inspect
    assert callable(fit_forecaster), 'fit_forecaster is not defined: run the cell with your function first'
    params = list(inspect.signature(fit_forecaster).parameters.values())
    names = [p.name for p in params]
    assert names == ['X_train', 'y_train', 'X_val', 'y_val', 'seed'], f'keep the signature fit_forecaster(X_train, y_train, X_val, y_val, seed=0); yours has parameters {names}'
    assert params[4].default == 0, f'the default should be seed=0, yours is seed={params[4].default}'
    try:
        import ast, textwrap
        tree = ast.parse(textwrap.dedent(inspect.getsource(fit_forecaster)))
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.FunctionDef) else None
    except (OSError, TypeError, SyntaxError):
        body = None
    if body is not None:
        stub = all((isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and (s.value.value is Ellipsis or isinstance(s.value.value, str)) for s in body))
        assert not stub, 'fit_forecaster is still the stub (a docstring and ...): the TODO is open'

