"""Which of its notebook's questions a corpus entry can change at all.

A corpus entry is a cell appended to the perfect notebook.  When that cell only
defines things (functions and classes, with nothing run while defining them, or a name
bound to literals: a dict of the notebook's functions, say), the notebook's namespace
after it is the perfect one with those names rebound, and a
question can only answer differently if its hidden test calls a function that reads
one of them, directly or through other functions of the notebook (the entry's own
definitions included).  A value the notebook made by assignment (GENZ_FAMILIES, a dict
of the six functions) read its names when its cell ran, before the entry's: only a
lambda in it reads later.  A question the entry cannot reach answers exactly as in the
perfect notebook, which the same batch grades; the grader is deterministic
(tests/test_hidden_tests.py).

tests/shared.py grades each entry without the questions it cannot reach (their
functions deleted at the end of its cell, so each fails at once) and takes their
verdicts from the perfect notebook: most of the corpus's grading time went to
grading, again and again, functions no entry touched (the Keras fits above all,
seconds each).  A question's function is deleted only when no question still graded
reads it.  tests/test_corpus.py runs the public self-checks of reachable questions
only, for the same reason.

What this does not see: a function of the entry that, when called, changes state a
later question reads (a global, NumPy's random state).  The corpus holds mistakes,
not attacks (tests/test_hostile.py grades those, every question of them), and the
whole corpus graded in full gave every left-out question the perfect notebook's
verdict when this was written.
"""
import ast

from seqkit.sandbox.notebook import code_cells


def _no_calls(*nodes):
    return not any(isinstance(n, (ast.Call, ast.Lambda, ast.NamedExpr, ast.Await))
                   for node in nodes if node is not None for n in ast.walk(node))


def _evaluated(node):
    """The nodes evaluating an expression visits: a lambda's body runs later, when called."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not (isinstance(node, ast.Lambda) and child is node.body):
            yield from _evaluated(child)


def _runs_nothing(node):
    """Does evaluating this expression run nothing of the student's?  Names, constants, lists,
    tuples, dicts with constant keys, lambdas (made, not called) and comprehensions over
    literals: no call, attribute or subscript (a property or __getitem__ may run code), no
    operator (an __add__ may), no hash of anything but a constant (a __hash__ may: no sets,
    no ** in a dict), no iteration or unpacking of anything but a literal (an __iter__ may)."""
    allowed = (ast.Name, ast.Load, ast.Store, ast.Constant, ast.Dict, ast.List, ast.Tuple,
               ast.Lambda, ast.arguments, ast.arg, ast.DictComp, ast.ListComp, ast.comprehension)
    nodes = list(_evaluated(node))
    return (all(isinstance(n, allowed) for n in nodes)
            and all(isinstance(k, ast.Constant) for n in nodes if isinstance(n, ast.Dict)
                    for k in n.keys)
            and all(_over_literals(n) for n in nodes
                    if isinstance(n, (ast.ListComp, ast.DictComp))))


def _over_literals(comp):
    """A comprehension over one literal list or tuple, without conditions, each element
    unpacked (if at all) from a tuple literal; a dict's key, hashed, a constant of it."""
    if len(comp.generators) != 1:
        return False
    (gen,) = comp.generators
    if gen.ifs or not isinstance(gen.iter, (ast.List, ast.Tuple)):
        return False
    items = gen.iter.elts
    if isinstance(gen.target, ast.Tuple):
        names = [t.id if isinstance(t, ast.Name) else None for t in gen.target.elts]
        if not all(isinstance(e, ast.Tuple) and len(e.elts) == len(names) for e in items):
            return False
    else:
        names, items = [gen.target.id], [ast.Tuple(elts=[e]) for e in items]
    if isinstance(comp, ast.DictComp):
        if not (isinstance(comp.key, ast.Name) and comp.key.id in names):
            return isinstance(comp.key, ast.Constant)
        at = names.index(comp.key.id)
        return all(isinstance(e.elts[at], ast.Constant) for e in items)
    return True


def _defines_only(node):
    """Does this statement only bind a name, running nothing of the student's?"""
    if isinstance(node, ast.Assign):
        return (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and _runs_nothing(node.value))
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
    assignment of anything but literals, an import: it may change more than its names)."""
    names = set()
    for node in ast.parse(source).body:
        if _is_docstring(node):
            continue
        if not _defines_only(node):
            return None
        names.add(node.targets[0].id if isinstance(node, ast.Assign) else node.name)
    return names


class References(dict):
    """{top-level name: the names it may read once the notebook has run}; `values`: the names
    bound by an assignment only (GENZ_FAMILIES), whose value was made when its cell ran."""

    def __init__(self, refs, values):
        super().__init__(refs)
        self.values = values


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _deferred(node):
    """The names an expression reads later, when a lambda in it is called: the rest it read
    when its cell ran, before any corpus cell, so a corpus cell cannot change them."""
    return set().union(*(_names(n.body) for n in ast.walk(node) if isinstance(n, ast.Lambda)))


def references(sources):
    """References over code cells: every Name in a def or class (locals too, which only widens
    the reach), the names an assignment's lambdas read."""
    refs, values, defined = {}, set(), set()
    for source in sources:
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound, read = [node.name], _names(node)
                defined.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                bound = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
                read = _deferred(node)
                values.update(bound)
            else:
                continue
            for name in bound:
                refs.setdefault(name, set()).update(read - {name})
    return References(refs, values - defined)


def notebook_references(notebook_bytes):
    return references(code_cells(notebook_bytes, "the perfect notebook"))


def reach(roots, refs):
    """Every name that calling `roots` may read, through the notebook's definitions."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(refs.get(name, ()))
    return seen


def reaches(assignment, refs, source, reads=None):
    """{question of `assignment` (an Assignment): every name its test may read}, in the
    notebook whose references are `refs` (notebook_references) with the corpus cell `source`
    appended.  The cell's definitions are added to the notebook's: a function it redefines may
    call what the perfect one did not.  A question's test reads its own function and what its
    `uses:` names, but for a value (`refs.values`): its `uses:` were read when it was made;
    reads: {question: the names another test of it reads} (a public self-check's own source)."""
    merged = {name: set(read) for name, read in refs.items()}
    for name, read in references([source]).items():
        merged.setdefault(name, set()).update(read)
    return {q.name: reach((q.name, *(() if q.name in refs.values else q.uses),
                           *(reads or {}).get(q.name, ())), merged)
            for q in assignment.questions}


def reachable(assignment, refs, source, reads=None):
    """The questions the corpus cell `source` may change: every one when it runs anything but
    definitions, else those whose test reads a name it defines."""
    return _changed(reaches(assignment, refs, source, reads), source)


def _changed(reached, source):
    defined = defined_names(source)
    return {q for q, read in reached.items() if defined is None or read & defined}


def left_out(assignment, refs, source):
    """The questions the corpus cell `source` is graded without, in the assignment's order:
    those it cannot change, less any whose function a question still graded reads (deleting
    it would change that one)."""
    reached = reaches(assignment, refs, source)
    out = set(reached) - _changed(reached, source)
    while True:
        kept = set(reached) - out
        read = {q for q in out if any(q in reached[k] for k in kept)}
        if not read:
            return [q for q in reached if q in out]
        out -= read
