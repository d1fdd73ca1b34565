"""Error carried forward: a failed question graded again with its failing dependencies
answered by the reference.

`rnn_forward` calls the student's `rnn_step`; when `rnn_step` is wrong,
`rnn_forward` fails too, though its own code may be right.  A human marker
would say "right given your rnn_step" and give its marks.  So, after every
question of a submission has been graded, each failed question Q that
declares dependencies (`uses: [rnn_step]` in its `# BEGIN QUESTION` cell of the
solution notebook, closed over what those use in turn) is graded once more when

* a dependency D failed its own question, and
* the student's code for Q refers to D (the names in its source, followed
  through the functions it refers to: `names_used`),

with D answered by the reference: in the student's process D becomes a
function that sends its arguments to the grader (seqkit.sandbox.ops,
request["stand_in"]), where `References` computes the reference's answer.
If Q then passes, and its code did call D, it earns `share` of its points.

What keeps this from earning anything else:

* the reference runs in the grader only; the student's process gets its
  answers for the arguments it sends, one call at a time, for the names
  given to this regrade and no other (anything else is refused);
* each regrade runs in a fresh student process, after every question has
  been graded, grades that one question and is then killed: answers the
  reference gave can be replayed neither to another question nor later
  (the sandbox's /tmp and /dev/shm are private to the process);
* each call's arguments, all calls together, the memory the reference may
  take and the number of calls are bounded; a refused call raises in the
  student's code, which then fails the regrade (no points, nothing else).

The main process never imports this module's callers' references: the
functions come from the questions, which only workers load.
"""
import ast
import contextlib
import dataclasses
import resource
import time

import numpy as np

from seqkit.grading.gradebook import fmt_points
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.spawner import SubmissionDied

MAX_CALL_ELEMENTS = 2**20      # array elements in one call's arguments (honest calls: hundreds)
MAX_REGRADE_ELEMENTS = 2**26   # in all calls of one regrade together
MAX_ANSWER_BYTES = 16 * 2**20  # one answer of the reference
REFERENCE_MEMORY_MB = 1024     # what one reference call may allocate in the grader
MAX_SOURCE_CHARS = 2**20       # a cell longer than this is not analysed (taken to use everything)


def parse_carry_forward(text):
    """'full' -> 1.0, 'none' -> 0.0, '0.5' -> 0.5; ValueError with a readable message."""
    named = {"full": 1.0, "none": 0.0}
    if text in named:
        return named[text]
    try:
        share = float(text)
    except ValueError:
        share = None
    if share is None or not 0.0 <= share <= 1.0:
        raise ValueError(f"--carry-forward {text}: expected full, none or a fraction of the "
                         "points between 0 and 1 (e.g. 0.5)")
    return share


def carried_line(names, points, possible):
    """The one line of feedback: 'right given your `rnn_step`; points carried forward'."""
    given = ", ".join(f"`{n}`" for n in names)
    if points >= possible:
        return _("right given your {given}; points carried forward").format(given=given)
    return _("right given your {given}; {points} of {possible} points carried forward").format(
        given=given, points=fmt_points(points), possible=fmt_points(possible))



# ------------------------------------------------------------------ what to regrade

def dependencies(question, by_name):
    """{name: reference} of everything `question` uses, directly or through what it uses."""
    found, todo = {}, list(question.uses)
    while todo:
        fn = todo.pop()
        if fn.__name__ in found or fn.__name__ == question.name:
            continue
        found[fn.__name__] = fn
        if fn.__name__ in by_name:
            todo.extend(by_name[fn.__name__].uses)
    return found


def names_used(cells):
    """{name defined in the notebook: the names its code refers to}, or None when some
    cell is too large to analyse.

    Every def, class and assignment to a plain name, in any cell that
    parses, counts (a redefinition adds to what the name uses): a name a
    function refers to is one it may call.
    """
    used = {}
    for source in cells:
        if len(source) > MAX_SOURCE_CHARS:
            return None
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # a cell that does not compile never ran: it defines nothing
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                used.setdefault(node.name, set()).update(_names(node))
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and node.value is not None:
                        used.setdefault(target.id, set()).update(_names(node.value))
    return used


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def reachable(used, name):
    """Every name that `name`'s code refers to, through the notebook's own definitions."""
    seen, todo = set(), [name]
    while todo:
        for other in used.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def regrades(questions, verdicts, cells):
    """[(question, {name: reference})]: each failed question to grade again, with what to
    stand in for: its dependencies that failed and that its code refers to."""
    failed = {v.name for v in verdicts if v.points < v.possible}
    by_name = {q.name: q for q in questions}
    plan = [(q, {n: fn for n, fn in dependencies(q, by_name).items() if n in failed})
            for q in questions if q.name in failed]
    plan = [(q, given) for q, given in plan if given]
    used = names_used(cells) if plan else None
    if used is None:  # nothing to regrade, or a cell too large to analyse: every one stands in
        return plan
    plan = [(q, {n: fn for n, fn in given.items() if n in reachable(used, q.name)})
            for q, given in plan]
    return [(q, given) for q, given in plan if given]


# ------------------------------------------------------------------ the grader's side

class References:
    """The grader's answers to one regrade's calls of the functions stood in for
    (the student process's callbacks {"callback": "reference", "name", "args", "kwargs"}).

    functions: {name: reference}, the names given to this regrade; called: the
    names the student's code did call.
    """

    def __init__(self, functions):
        self.functions, self.called, self.elements = dict(functions), set(), 0

    def __call__(self, message):
        name, args, kwargs = message.get("name"), message.get("args"), message.get("kwargs")
        if name not in self.functions:
            raise StudentError(f"{str(name)[:40]!r} is not answered by the grader here (only "
                               f"{', '.join(sorted(self.functions))})")
        if not isinstance(args, tuple) or not isinstance(kwargs, dict):
            raise StudentError(f"{name}: unreadable arguments")
        size = _elements((args, kwargs))
        self.elements += size
        if size > MAX_CALL_ELEMENTS:
            raise StudentError(f"{name} was called with {size} array elements; the grader's "
                               f"{name} takes at most {MAX_CALL_ELEMENTS} per call")
        if self.elements > MAX_REGRADE_ELEMENTS:
            raise StudentError(f"{name}: more than {MAX_REGRADE_ELEMENTS} array elements sent "
                               "to the grader in all")
        self.called.add(name)
        try:
            with _bounded_memory(REFERENCE_MEMORY_MB), np.errstate(all="ignore"):
                value = self.functions[name](*args, **kwargs)
        except MemoryError:
            raise StudentError(f"{name}: these arguments need more memory than the grader "
                               "gives one call") from None
        except Exception as exc:  # the reference's own error for these arguments
            kind = next(c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins")
            return {"raised": (kind, f"{name}: {str(exc)[:300]}")}
        if _nbytes(value) > MAX_ANSWER_BYTES:
            raise StudentError(f"{name}: the answer for these arguments is larger than "
                               f"{MAX_ANSWER_BYTES // 2**20} MiB")
        return {"value": value}


def _elements(tree):
    if isinstance(tree, np.ndarray):
        return tree.size
    if isinstance(tree, (tuple, list)):
        return sum(_elements(t) for t in tree)
    if isinstance(tree, dict):
        return sum(_elements(t) for t in tree.values())
    return 1


def _nbytes(tree):
    if isinstance(tree, (tuple, list)):
        return sum(_nbytes(t) for t in tree)
    return np.asarray(tree).nbytes if isinstance(tree, (np.ndarray, np.generic)) else 0


@contextlib.contextmanager
def _bounded_memory(mb):
    """At most `mb` more address space for this process while the block runs (MemoryError
    beyond): a broadcast or an outer product of bounded arguments can still be huge."""
    with open("/proc/self/status") as fh:
        vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize"))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = vm_kb * 1024 + mb * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class WithReferences:
    """A student whose requests stand in the given functions: the student's process calls
    the grader for them, and `references` answers (other callbacks go where they went)."""

    def __init__(self, student, references):
        self.student, self.references = student, references

    def __repr__(self):
        return repr(self.student)

    def call(self, name, *args, seconds=None, **kwargs):
        return self.request({"op": "call", "name": name, "args": args, "kwargs": kwargs},
                            seconds=seconds)

    def request(self, request, seconds=None, on_callback=None):
        def answer(message):
            if message.get("callback") == "reference":
                return self.references(message)
            if on_callback is None:
                raise StudentError("the grader takes no callbacks here")
            return on_callback(message)

        request = {**request, "stand_in": sorted(self.references.functions)}
        return self.student.request(request, seconds=seconds, on_callback=answer)


# ------------------------------------------------------------------ regrading

def carry_forward(questions, verdicts, cells, share, fresh_student, question_seconds):
    """The verdicts, with each question that is right given its failing dependencies
    given `share` of its points.

    fresh_student(): a new, not yet started student (its own process for each regrade).
    """
    from seqkit.hidden.framework import Verdict, run_question
    if share <= 0:
        return verdicts
    out = {v.name: v for v in verdicts}
    order = [q.name for q in questions]
    for q, given in regrades(questions, verdicts, cells):
        references = References(given)
        student = fresh_student()
        try:
            student.start()
            student.deadline = time.monotonic() + question_seconds
            # pass or fail only: no shrinking, no diagnosis
            check = dataclasses.replace(q, runs=q.checks, catalogue=None)
            verdict = run_question(check, WithReferences(student, references))
        except SubmissionDied:
            continue
        finally:
            student.close()
        if verdict.points < verdict.possible or not references.called:
            continue
        names = sorted(references.called, key=order.index)
        points = share * q.points
        out[q.name] = Verdict(q.name, points, q.points, carried_line(names, points, q.points),
                              "carried forward", carried_from=tuple(names))
    return [out[v.name] for v in verdicts]

