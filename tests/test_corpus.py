"""Issue 6: prove the hidden tests on a corpus of wrong and unusual right answers.

Every corpus entry (tests/corpus/wrong.py, tests/corpus/right.py) is a code
cell appended to the PERFECT notebook of its assignment.  Each assignment's
submissions are written to one folder and graded by one `seqkit grade`
subprocess - the real grading path: sandboxed student processes, the
hypothesis hidden tests, gradebook.csv.  That batch is made once per session
(tests/shared.py) and also read by tests/test_build.py.  A question an entry
cannot reach (tests/corpus/reach.py: the cell only defines functions its test
never reads) is graded once, in the perfect notebook, whose verdict it takes;
its public self-check likewise.  Then:

* every wrong answer must lose points on its own question, and on no other
  (issue 21: a question that calls the wrong function and is right given it
  keeps its points by error carried forward, seqkit.grading.carry);
* every right answer must get full marks on every question;
* the known-mistake catalogues (seqkit/mistakes, issue 12), read from
  mistakes.csv: at least 90% of the wrong answers are given exactly the
  mistake planted in them (an entry's label up to `~`), no wrong answer is
  given another mistake on its question, and no right answer is given any;
* the public self-checks (in the metadata of assignments/<name>/<name>.ipynb, Otter's
  exception-based format) run against the namespace of each submission's
  notebook, its code cells exec'd once into a fresh namespace (in a couple of
  spawned worker processes, so that this process never runs TensorFlow):
  their catch rate is only reported, but a right answer failing one fails the
  test (it would tell a correct student that they are wrong), and so does an
  answer that fails a self-check yet gets full hidden marks on that question
  (the hidden test would have a hole the public one does not).

Each test says its figures as it asserts them; tests/conftest.py prints them,
gathered from every worker, in pytest's closing summary.
"""
import ast
import collections
import contextlib
import io
import os
import re
import time
import warnings

import nbformat
import pytest

from corpus.reach import left_out, notebook_references, reachable, references
from corpus.right import RIGHT
from corpus.wrong import WRONG
from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.examples import PERFECT, example_class
from seqkit.sandbox.notebook import code_cells
from shared import CONTROL, WORKERS, entries

OTTER_LINE = re.compile(r"\s*(import otter\b|grader\s*=|grader\.)")


@pytest.fixture
def graded(corpus_batch):
    """assignment -> its corpus, graded once for the session (tests/shared.py)."""
    return corpus_batch


def _say(*lines):
    LINES.extend(lines)


def _rate(part, whole):
    return f"{part}/{whole} ({100.0 * part / whole:.1f}%)" if whole else f"{part}/0"


# assignment -> figures, and the lines that tell them: tests/conftest.py prints them at the end
STATS = collections.defaultdict(dict)
LINES = []


def _lost(row, question, possible):
    return float(row[question]) < possible


def _failed_sections(feedback, questions):
    """The feedback sections of the failing questions, shortened."""
    parts = []
    for q in questions:
        match = re.search(rf"^## `{re.escape(q)}`\n(.*?)(?=^## |\Z)", feedback, re.S | re.M)
        text = match.group(1).strip() if match else "(no feedback section)"
        parts.append(f"  [{q}] " + text[:1200].replace("\n", "\n    "))
    return "\n".join(parts)


def _check_control(g):
    row = g.rows[CONTROL]
    bad = [q for q, p in g.points.items() if _lost(row, q, p)]
    assert row["status"] == "graded" and not bad, (
        f"{g.assignment}: the perfect notebook itself lost points on {bad} "
        f"({row['status']} {row['reason']}):\n{_failed_sections(g.feedback[CONTROL], bad)}")


# ------------------------------------------------------------------------- tests

@pytest.mark.quick
def test_corpus_is_well_formed():
    seen = set()
    for kind, corpus in (("wrong", WRONG), ("right", RIGHT)):
        for entry in corpus:
            assert len(entry) == 4, entry[:3]
            assignment, question, label, source = entry
            assert assignment in paths.NAMES, entry[:3]
            names = list(Assignment.load(assignment).points)
            assert question in names, f"{entry[:3]}: not an autograded question of {assignment}"
            key = (kind, assignment, question, label)
            assert key not in seen, f"duplicate corpus entry {key}"
            seen.add(key)
            tree = ast.parse(source)
            defined = set()
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    defined.add(node.name)
                elif isinstance(node, ast.Assign):
                    defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
            assert defined & set(names) == {question}, (
                f"{key}: the cell must redefine exactly its own question, defines {defined}")
    all_questions = [(a, n) for a in paths.NAMES for n in Assignment.load(a).points]
    per_question = collections.Counter((a, q) for a, q, _, _ in WRONG)
    assert len(WRONG) >= 100 and len(WRONG) >= 5 * len(all_questions), len(WRONG)
    thin = [aq for aq in all_questions if per_question[aq] < 5]
    assert not thin, f"questions with fewer than 5 wrong answers: {thin}"
    assert len(RIGHT) >= 30, len(RIGHT)


GENZ = ("oscillatory", "product_peak", "corner_peak", "gaussian", "continuous", "discontinuous",
        "GENZ_FAMILIES", "genz_budget", "normalize_c", "normalize_w", "approximation_errors",
        "fit_and_evaluate")


@pytest.mark.quick
@pytest.mark.parametrize("cell, graded", [
    # GENZ_FAMILIES was made before the cell ran: it holds the perfect gaussian still
    ("def gaussian(x, c, w):\n    return 0 * x[:, 0]", ("gaussian",)),
    # a redefinition that calls what the perfect one did not keeps that too
    ("def gaussian(x, c, w):\n    return normalize_w(w) * x[:, 0]", ("gaussian", "normalize_w")),
    ('"""A docstring."""\nclass Helper:\n    """x"""\n    def f(self, a=1):\n        pass', ()),
    ("def approximation_errors(y_true, y_pred):\n    return 0.0, 0.0",  # the fit calls it
     ("approximation_errors", "fit_and_evaluate")),
    ("def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):\n    return 0.0, 0.0",
     ("approximation_errors", "fit_and_evaluate")),  # and reads approximation_errors
    ("def normalize_c(c, family):\n    return c", ("genz_budget", "normalize_c")),
    ("import numpy as np", GENZ),                      # an import runs code (and rebinds np)
    ("import os", GENZ),
    ("np.random.seed(0)", GENZ),                       # so does any statement but a definition
    ("keras.layers.Dense = None", GENZ),
    # an assignment of literals runs nothing: it rebinds its name, as a definition does
    ("GENZ_FAMILIES = {}", ("GENZ_FAMILIES",)),
    ("GENZ_FAMILIES = {'gaussian': lambda x, c, w: gaussian(x, c, w)}",  # read when called
     ("gaussian", "GENZ_FAMILIES")),
    ("GENZ_FAMILIES = {k: v for k, v in [('gaussian', gaussian)]}", ("GENZ_FAMILIES",)),
    ("GENZ_FAMILIES = dict(gaussian=gaussian)", GENZ),   # anything else may run code
    ("GENZ_FAMILIES = {k: v for k, v in PAIRS}", GENZ),  # an __iter__
    ("GENZ_FAMILIES = {'g': np.exp}", GENZ),             # a property
    ("GENZ_FAMILIES = [gaussian] + [continuous]", GENZ),  # an __add__
    ("GENZ_FAMILIES = G = {}", GENZ),
    ("GENZ_FAMILIES = {**FAMILIES}", GENZ),                  # a keys() and __getitem__
    ("GENZ_FAMILIES = {gaussian, continuous}", GENZ),       # a __hash__
    ("GENZ_FAMILIES = {fn: 1 for fn in [gaussian]}", GENZ),  # so is a key that is not a literal
    ("GENZ_FAMILIES = {k: v for k, v in [PAIR]}", GENZ),    # an unpacking __iter__
    ("@staticmethod\ndef gaussian(x, c, w):\n    return x", GENZ),      # a decorator runs
    ("def gaussian(x, c, w, k=print('hi')):\n    return x", GENZ),      # so does a default
    ("class C(make_base()):\n    pass", GENZ),
    ("class C:\n    keras.backend.clear_session()", GENZ),
], ids=["unread-by-others", "calls-another", "class", "called-by-the-fit", "the-fit",
        "calls-a-question", "import-np", "import-os", "call", "attribute", "assignment",
        "assigned-lambda", "assigned-comprehension", "assigned-call", "assigned-iteration",
        "assigned-attribute", "assigned-operator", "assigned-twice", "assigned-spread",
        "assigned-set", "assigned-hashed-key", "assigned-unpacking", "decorator", "default",
        "base", "class-body"])
def test_an_entry_is_graded_on_every_question_it_can_reach(cell, graded):
    """tests/corpus/reach.py, on the genz perfect notebook, whose GENZ_FAMILIES holds the six
    functions, whose normalize_c calls genz_budget and whose fit_and_evaluate calls
    approximation_errors and reads np and keras."""
    perfect = example_class("genz")[PERFECT]
    assignment = Assignment.load("genz")
    assert tuple(q.name for q in assignment.questions) == GENZ
    left = left_out(assignment, notebook_references(perfect), cell)
    assert left == [q for q in GENZ if q not in graded]


@pytest.mark.quick
def test_a_value_reads_later_only_what_its_lambdas_read():
    refs = references(["F = {'f': f, 'g': [g(x) for x in range(3)]}\n"
                       "G = {'h': lambda x: h(x)}\n"
                       "def f():\n    return k\n"
                       "H = 1\ndef H():\n    pass"])
    assert refs == {"F": set(), "G": {"h", "x"}, "f": {"k"}, "H": set()}
    assert refs.values == {"F", "G"}  # H is a function too: its body reads late


@pytest.mark.quick
def test_a_public_check_runs_for_every_entry_that_can_change_what_it_calls():
    """language's gradient self-checks call the student's own numerical_gradient, which their
    questions' hidden tests never do."""
    perfect = example_class("language")[PERFECT]
    assignment, refs = Assignment.load("language"), notebook_references(perfect)
    reads = public_check_reads("language")
    cell = "def numerical_gradient(f, x, eps=1e-5):\n    return 0 * x"
    assert reachable(assignment, refs, cell) == {"numerical_gradient"}
    assert reachable(assignment, refs, cell, reads) == {
        "numerical_gradient", "embedding_backward", "temporal_softmax_loss", "rnn_step_backward",
        "rnn_backward"}


@pytest.mark.parametrize("assignment", paths.NAMES)
def test_hidden_tests_catch_every_wrong_answer(assignment, graded):
    g = graded(assignment)
    _check_control(g)
    wrong = {n: e for n, e in entries(assignment).items() if e.kind == "wrong"}
    slips, not_graded, elsewhere = [], [], []
    for name, e in wrong.items():
        row = g.rows[name]
        if row["status"] != "graded":
            not_graded.append(f"{name}: {row['status']} ({row['reason']})")
            continue
        if not _lost(row, e.question, g.points[e.question]):
            slips.append(f"{e.question} / {e.label}: full marks ({row[e.question]}/"
                         f"{g.points[e.question]:g}) for this wrong answer:\n{e.source.strip()}")
        others = [q for q, p in g.points.items() if q != e.question and _lost(row, q, p)]
        if others:
            elsewhere.append(f"{e.question} / {e.label}: also cost {others}:\n"
                             f"{_failed_sections(g.feedback[name], others)}")
    caught = len(wrong) - len(slips) - len(not_graded)
    carried = [(sub, q) for sub, q in g.carried if sub in wrong]
    STATS[assignment].update(wrong=len(wrong), caught=caught, seconds=g.seconds,
                             submissions=len(g.rows), elsewhere=len(elsewhere),
                             carried_answers=len({sub for sub, _ in carried}),
                             carried_questions=len(carried),
                             shared=sum(map(len, g.shared.values())))
    _say(f"{assignment}: graded {len(g.rows)} submissions with one `seqkit grade` "
         f"({WORKERS} workers) in {g.seconds:.0f} s; {sum(map(len, g.shared.values()))} verdicts "
         f"of questions that the entry cannot reach are the perfect notebook's",
         f"{assignment}: hidden tests caught {_rate(caught, len(wrong))} wrong answers on their "
         f"own question",
         f"{assignment}: one mistake, one question: {len(elsewhere)} wrong answers also cost "
         f"points on another question; {len(carried)} questions of "
         f"{len({sub for sub, _ in carried})} wrong answers kept theirs by error carried forward",
         *(f"{assignment}:   SLIP {s.split(':')[0]}" for s in slips),
         *(f"{assignment}:   ELSEWHERE {x.split(':')[0]}: {x.splitlines()[0].split(': ')[-1]}"
           for x in elsewhere))
    assert not not_graded, "submissions that were not graded normally:\n" + "\n".join(not_graded)
    assert not slips, (f"{len(slips)} wrong answers slipped through the hidden tests of "
                       f"{assignment}:\n\n" + "\n\n".join(slips))
    assert not elsewhere, (f"{len(elsewhere)} wrong answers of {assignment} cost points on a "
                           "question that holds no mistake:\n\n" + "\n\n".join(elsewhere))


@pytest.mark.parametrize("assignment", paths.NAMES)
def test_hidden_tests_accept_every_right_answer(assignment, graded):
    g = graded(assignment)
    _check_control(g)
    right = {n: e for n, e in entries(assignment).items() if e.kind == "right"}
    failures = []
    for name, e in right.items():
        row = g.rows[name]
        bad = [q for q, p in g.points.items() if _lost(row, q, p)]
        if row["status"] != "graded" or bad:
            status = row["status"] + (f" ({row['reason']})" if row["reason"] else "")
            failures.append(f"{e.question} / {e.label}: {status}, lost points on {bad}\n"
                            f"{_failed_sections(g.feedback[name], bad)}")
    STATS[assignment].update(right=len(right), false_failures=len(failures))
    _say(f"{assignment}: hidden tests failed {_rate(len(failures), len(right))} right "
         f"answers (false-failure rate)",
         *(f"{assignment}:   FALSE FAILURE {f.split(':')[0]}" for f in failures))
    assert not failures, (f"{len(failures)} right answers lost points in {assignment}:\n\n"
                          + "\n\n".join(failures))
    # nothing of theirs fails, so nothing is carried forward: their grade is today's
    carried = [f"{sub} [{q}]" for sub, q in g.carried if sub in right or sub == CONTROL]
    assert not carried, "right answers with points carried forward: " + ", ".join(carried)


MIN_DIAGNOSED = 0.9  # issue 12: share of the wrong answers given exactly their planted mistake


def planted(e):
    """The id of the mistake planted in a corpus entry: its label up to `~`."""
    return e.label.split("~")[0]


@pytest.mark.parametrize("assignment", paths.NAMES)
def test_diagnosis_names_the_planted_mistake(assignment, graded):
    """Measured on mistakes.csv: the planted mistake for at least 90% of the wrong
    answers, never another one on their question, never any for a right answer."""
    g = graded(assignment)
    corpus = entries(assignment)
    wrong = {n: e for n, e in corpus.items() if e.kind == "wrong"}
    named, unnamed, other, elsewhere = [], [], [], []
    for name, e in wrong.items():
        got = g.mistakes.get((name, e.question))
        if got == planted(e):
            named.append(name)
        elif got is None:
            unnamed.append(f"{e.question}/{e.label}")
        else:
            other.append(f"{e.question}/{e.label}: given {got!r}")
        elsewhere += [f"{e.question}/{e.label}: {q} given {m!r}"
                      for (sub, q), m in g.mistakes.items() if sub == name and q != e.question]
    right = [f"{sub} [{q}]: given {m!r}" for (sub, q), m in g.mistakes.items()
             if sub == CONTROL or corpus[sub].kind == "right"]
    STATS[assignment].update(diagnosed_wrong=len(wrong), diagnosed=len(named),
                             misdiagnosed=len(other), right_diagnosed=len(right))
    _say(f"{assignment}: diagnosis named the planted mistake of "
         f"{_rate(len(named), len(wrong))} wrong answers; another mistake for "
         f"{len(other)}; right answers given a mistake: {len(right)}",
         f"{assignment}:   not recognised: " + (", ".join(unnamed) or "none"),
         *(f"{assignment}:   OTHER MISTAKE {o}" for o in other),
         *(f"{assignment}:   RIGHT ANSWER DIAGNOSED {r}" for r in right),
         *(f"{assignment}:   (on a question it calls) {x}" for x in elsewhere))
    assert not right, "right answers given a mistake:\n" + "\n".join(right)
    assert not other, "wrong answers given a mistake other than their own:\n" + "\n".join(other)
    assert len(named) >= MIN_DIAGNOSED * len(wrong), (
        f"{assignment}: only {_rate(len(named), len(wrong))} wrong answers were given their "
        f"planted mistake (at least {MIN_DIAGNOSED:.0%} must be); not recognised: "
        + ", ".join(unnamed))


# ---------------------------------------------------------------- public self-checks

def notebook_namespace(notebook_bytes, name):
    """Run a submission's code cells here, as a student's kernel would (Otter lines
    dropped, cells tagged otter_ignore skipped) -> (namespace, problems)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    namespace, problems = {"__name__": "__main__"}, []
    for index, source in enumerate(code_cells(notebook_bytes, name)):
        source = "\n".join(line for line in source.splitlines() if not OTTER_LINE.match(line))
        try:
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(source, f"<cell {index + 1}>", "exec"), namespace)
        except Exception as exc:
            problems.append(f"cell {index + 1}: {type(exc).__name__}: {exc}")
    plt.close("all")
    return namespace, problems


def public_check_sources(assignment):
    """{question: the source of its public self-check}: they travel in the student notebook's
    metadata (Otter's tests: files: false)."""
    notebook = nbformat.read(paths.ASSIGNMENTS / assignment / f"{assignment}.ipynb", as_version=4)
    tests = notebook.metadata["otter"]["tests"]
    return {q: tests[q] for q in Assignment.load(assignment).points}


def public_check_reads(assignment):
    """{question: every name the source of its public self-check reads}"""
    return {q: {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
            for q, source in public_check_sources(assignment).items()}


def public_checks(assignment):
    """{question: otter ExceptionTestFile} of the student-facing tests."""
    with warnings.catch_warnings():  # otter's imports warn about traitlets
        warnings.simplefilter("ignore")
        from otter.test_files import ExceptionTestFile
    return {q: ExceptionTestFile.from_string(source, path=f"{q}.py")
            for q, source in public_check_sources(assignment).items()}


def failing_public_checks(checks, namespace):
    """{question: first failure message} of the public checks that fail."""
    failing = {}
    for q, test_file in checks.items():
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test_file.run(namespace)
        bad = [r for r in test_file.test_case_results if not r.passed]
        if bad:
            failing[q] = bad[0].message
    return failing


def _start_public_worker():
    """Initialiser of a public-check worker (a spawned process): one thread each."""
    # Before NumPy loads: BLAS and TensorFlow thread pools in side-by-side
    # workers would only fight over the cores (seqkit's CLI does the same).
    from seqkit.threads import one_thread_each
    one_thread_each()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def run_public_checks(assignment, items):
    """[(name, notebook bytes, questions)] -> {name: (failing checks, cell problems)}.

    Each notebook's cells run once in a fresh namespace of this process, then
    the public checks of `questions` run against that namespace.
    """
    checks = public_checks(assignment)
    out = {}
    for name, data, questions in items:
        namespace, problems = notebook_namespace(data, name)
        out[name] = (failing_public_checks({q: checks[q] for q in questions}, namespace),
                     problems)
    return out


@pytest.fixture(scope="module")
def public_pool():
    """Workers for the public checks, spawned (not forked) once for all assignments;
    this process itself never imports TensorFlow."""
    import concurrent.futures
    import multiprocessing
    with concurrent.futures.ProcessPoolExecutor(
            WORKERS, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_public_worker) as pool:
        yield pool


@pytest.mark.xdist_group("public-checks")  # one worker spawns the module's public_pool
@pytest.mark.parametrize("assignment", paths.NAMES)
def test_public_self_checks(assignment, graded, public_pool):
    g = graded(assignment)
    start = time.monotonic()
    # the checks of the questions an entry cannot reach pass as the perfect notebook's do
    # (tests/corpus/reach.py); a check may call more of the notebook than its question's
    # hidden test (the student's numerical_gradient)
    loaded, refs = Assignment.load(assignment), notebook_references(g.notebooks[CONTROL])
    reads = public_check_reads(assignment)
    corpus = entries(assignment)
    items = [(name, data, sorted(loaded.points) if name == CONTROL
              else sorted(reachable(loaded, refs, corpus[name].source, reads)))
             for name, data in sorted(g.notebooks.items())]
    results = {}
    chunks = [items[i:i + 8] for i in range(0, len(items), 8)]
    for part in public_pool.map(run_public_checks, [assignment] * len(chunks), chunks):
        results.update(part)
    seconds = time.monotonic() - start

    failing, problems = results.pop(CONTROL)
    assert not failing and not problems, f"the perfect notebook fails {failing} {problems}"
    caught, wrong, right, missed, right_failures = 0, 0, 0, [], []
    # an answer its question's public self-check rejects must lose hidden points there too:
    # otherwise the hidden test has a hole that the student-facing one does not.  (Only its
    # own question: the GENZ_FAMILIES self-check compares the dict with the notebook's
    # functions, which the appended corpus cell redefines after the dict was built.)
    not_hidden = []
    for name, (failing, problems) in results.items():
        e = corpus[name]
        if e.question in failing and not _lost(g.rows[name], e.question, g.points[e.question]):
            not_hidden.append(f"{e.question}/{e.label}: fails its public self-check "
                              f"({failing[e.question]}) but gets full hidden marks")
        if e.kind == "wrong":
            wrong += 1
            if e.question in failing:
                caught += 1
            else:
                missed.append(f"{e.question}/{e.label}")
        else:
            right += 1
            if failing or problems:
                right_failures.append(f"{e.question} / {e.label}: cells {problems}; failing "
                                      f"public checks:\n" + "\n".join(
                                          f"  [{q}] {m}" for q, m in failing.items()))
    STATS[assignment].update(public_wrong=wrong, public_caught=caught, public_right=right,
                             public_right_failures=len(right_failures), public_seconds=seconds,
                             public_not_hidden=len(not_hidden))
    left = sum(len(loaded.points) - len(questions) for _, _, questions in items)
    _say(f"{assignment}: public self-checks caught {_rate(caught, wrong)} wrong answers; "
         f"failed {_rate(len(right_failures), right)} right answers ({seconds:.0f} s; "
         f"{left} checks of questions the entry cannot reach left to the perfect notebook)",
         f"{assignment}:   wrong answers the self-checks pass: " + (", ".join(missed) or "none"),
         *(f"{assignment}:   RIGHT ANSWER FAILS A SELF-CHECK {f.splitlines()[0]}"
           for f in right_failures),
         f"{assignment}: answers failing their question's public self-check but given full "
         f"hidden marks on it: {len(not_hidden)}",
         *(f"{assignment}:   HIDDEN TEST HOLE {x}" for x in not_hidden))
    assert not right_failures, ("right answers that a public self-check calls wrong:\n\n"
                                + "\n\n".join(right_failures))
    assert not not_hidden, ("answers a public self-check rejects but the hidden tests give full "
                            "marks (a hidden-test defect):\n" + "\n".join(not_hidden))


def summary_lines(stats):
    """The figures over all assignments graded in this run ({assignment: figures}, gathered
    from every worker; tests/conftest.py prints them)."""
    total = collections.Counter()
    for figures in stats.values():
        total.update({k: v for k, v in figures.items() if isinstance(v, (int, float))})
    lines = ["corpus figures over " + ", ".join(stats) + ":"]
    if total["wrong"]:
        lines.append(f"  hidden tests: kill rate {_rate(total['caught'], total['wrong'])}")
    if total["right"]:
        lines.append(f"  hidden tests: false-failure rate "
                     f"{_rate(total['false_failures'], total['right'])}")
    if total["wrong"]:
        lines.append(f"  one mistake, one question: {total['elsewhere']} of {total['wrong']} "
                     f"wrong answers also cost another question; error carried forward kept the "
                     f"points of {total['carried_questions']} questions in "
                     f"{total['carried_answers']} wrong answers")
    if total["diagnosed_wrong"]:
        lines.append(f"  diagnosis: planted mistake named for "
                     f"{_rate(total['diagnosed'], total['diagnosed_wrong'])} wrong answers; "
                     f"another mistake for {total['misdiagnosed']}; right answers given one "
                     f"{total['right_diagnosed']}")
    if total["public_wrong"]:
        lines.append(f"  public self-checks: catch rate "
                     f"{_rate(total['public_caught'], total['public_wrong'])}; right answers "
                     f"failing one {_rate(total['public_right_failures'], total['public_right'])}"
                     f"; failing one with full hidden marks {total['public_not_hidden']}")
    lines.append(f"  time: grading {total['seconds']:.0f} s for {total['submissions']} "
                 f"submissions ({total['shared']} verdicts of questions an entry cannot reach "
                 f"taken from the perfect notebook), public self-checks "
                 f"{total['public_seconds']:.0f} s")
    return lines
