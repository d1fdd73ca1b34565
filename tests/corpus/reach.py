"""Which of its notebook's questions a corpus entry can change at all.

A corpus entry is a cell appended to the perfect notebook.  When that cell only
defines things (functions and classes, with nothing run while defining them), the
notebook's namespace after it is the perfect one with those names rebound, and a
question can only answer differently if its hidden test calls a function that reads
one of them, directly or through other functions of the notebook.  A question the
entry cannot reach answers exactly as in the perfect notebook, which the same batch
grades; the grader is deterministic (tests/test_hidden_tests.py).

tests/shared.py uses this for SHARED questions only, the Keras fits (seconds each,
twice per submission): an entry that cannot reach one is graded without it, and that
question's verdict is the perfect notebook's.  Every other question is graded for
every entry.
"""
import ast

from seqkit.sandbox.notebook import code_cells

# Keras fits: the same fit of the same untouched function, in every entry that cannot
# reach it, would be most of the corpus's grading time
SHARED = ("fit_and_evaluate", "fit_forecaster", "fit_char_model")


def _no_calls(*nodes):
    return not any(isinstance(n, (ast.Call, ast.Lambda, ast.NamedExpr, ast.Await))
                   for node in nodes if node is not None for n in ast.walk(node))


def _defines_only(node):
    """Does this statement only bind a name, running nothing of the student's?"""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return not node.decorator_list and _no_calls(*node.args.defaults,
                                                     *node.args.kw_defaults)
    if isinstance(node, ast.ClassDef):
        return (not node.decorator_list and not node.keywords and _no_calls(*node.bases)
                and all(_defines_only(n) or isinstance(n, ast.Pass) or _is_docstring(n)
                        for n in node.body))
    return False


def _is_docstring(node):
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


def defined_names(source):
    """The names a corpus cell rebinds, or None when it runs anything else (a call, an
    assignment, an import: it may change more than its names)."""
    names = set()
    for node in ast.parse(source).body:
        if _is_docstring(node):
            continue
        if not _defines_only(node):
            return None
        names.add(node.name)
    return names


def references(notebook_bytes):
    """{top-level name: the names its definition reads} over a notebook's code cells
    (every Name in a def, class or assignment: locals too, which only widens the reach)."""
    refs = {}
    for source in code_cells(notebook_bytes, "the perfect notebook"):
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound = [node.name]
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                bound = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            else:
                continue
            read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            for name in bound:
                refs.setdefault(name, set()).update(read - {name})
    return refs


def reach(roots, refs):
    """Every name that calling `roots` may read, through the notebook's definitions."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(refs.get(name, ()))
    return seen


def fits(assignment, perfect):
    """{SHARED question of `assignment` (an Assignment): every name its hidden test may read
    in the notebook `perfect`}, for those whose function no other question reads (so that
    grading without it changes nothing else)."""
    refs = references(perfect)
    reached = {q.name: reach((q.name, *q.uses), refs) for q in assignment.questions}
    return {q: read for q, read in reached.items() if q in SHARED
            and not any(q in r for other, r in reached.items() if other != q)}


def unreachable(fits, source):
    """The questions of `fits` (as fits() gives them) that the corpus cell `source` cannot
    change."""
    defined = defined_names(source)
    return [] if defined is None else [q for q, read in fits.items() if not read & defined]
