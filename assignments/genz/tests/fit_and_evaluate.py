from otter.test_files import test_case

OK_FORMAT = False

name = "fit_and_evaluate"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_fit_and_evaluate_public(fit_and_evaluate):
    import inspect
    assert callable(fit_and_evaluate), 'fit_and_evaluate is not defined: run the cell with your function first'
    params = list(inspect.signature(fit_and_evaluate).parameters.values())
    names = [p.name for p in params]
    assert names == ['f', 'd', 'n_train', 'seed', 'n_test'], f'keep the signature fit_and_evaluate(f, d, n_train, seed=0, n_test=1000); yours has parameters {names}'
    assert params[3].default == 0 and params[4].default == 1000, f'the defaults should be seed=0 and n_test=1000, yours are seed={params[3].default}, n_test={params[4].default}'
    try:
        import ast, textwrap
        tree = ast.parse(textwrap.dedent(inspect.getsource(fit_and_evaluate)))
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.FunctionDef) else None
    except (OSError, TypeError, SyntaxError):
        body = None
    if body is not None:
        stub = all((isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and (s.value.value is Ellipsis or isinstance(s.value.value, str)) for s in body))
        assert not stub, 'fit_and_evaluate is still the stub (a docstring and ...): the TODO is open'

