"""Questions, the grading settings profile, and feedback a student can read."""
import copy
import dataclasses
import functools

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Flaky, HypothesisException
from hypothesis.internal.conjecture.junkdrawer import ensure_free_stackframes
from hypothesis.internal.entropy import deterministic_PRNG

from seqkit.i18n import _
from seqkit.hidden.tolerance import ATOL, RTOL, close
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.replies import InputChanged
from seqkit.sandbox.spawner import SubmissionDied
from seqkit.sandbox.student import Student


def _without_local_constants():
    """Stop hypothesis from seeding draws with literals from "local" modules.

    Since 6.13x hypothesis harvests constants from the source of every
    non-library module in sys.modules.  Our package is such a module (editable
    install, or next to the notebook inside Otter), so the examples - and the
    counterexample a student is shown - would change with whatever else had
    been imported.  tests/test_hidden_tests.py checks this stays switched off.
    """
    from hypothesis.internal.conjecture import providers
    if hasattr(providers, "_get_local_constants"):
        empty = providers._local_constants
        providers._get_local_constants = lambda: empty


_without_local_constants()


def grading_settings(max_examples, phases):
    """An explicit, deterministic profile: every field that matters is set here,
    so neither a CI variable nor a loaded profile can change a grade."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=phases,
        print_blob=False,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
    )


@dataclasses.dataclass
class Question:
    name: str
    runs: tuple  # hypothesis tests taking `student`, run in order until one fails
    # points, catalogue and uses are set from the Assignment (seqkit/assignment.py:
    # hidden_questions), which reads the solution notebook
    points: float = 1.0
    failing: dict = dataclasses.field(default_factory=dict)  # drawn args of the last failure
    catalogue: object = None  # its known mistakes (seqkit.mistakes)
    uses: tuple = ()  # references of the contract functions its answer may call (carry.py)
    checks: tuple = ()  # `runs` without shrinking: pass or fail only (error carried forward)


def question(name, max_examples=40, shrink=True, **strategies):
    """Make `body(student, **drawn)` the hidden test of one graded question.

    Generated examples run (and shrink) first, so a student sees the smallest
    failing input hypothesis can find; the pinned @example cases run after,
    as a net for the mistakes random draws are unlikely to hit.

    What the answer may call (`uses:`) and its points are not here: the
    solution notebook's `# BEGIN QUESTION` cell holds them (seqkit/assignment.py).
    """

    def wrap(body):
        failing = {}

        @functools.wraps(body)  # keeps the signature and the @example cases
        def recorded(student, **drawn):
            try:
                body(student, **drawn)
            except Exception:
                # hypothesis replays the shrunk example last: what stays is
                # the counterexample the student reads
                failing.clear()
                failing.update(drawn)
                raise

        examples = functools.cache(lambda: draw(grading_settings(max_examples, [Phase.generate]),
                                                strategies, body))

        def runs(shrinking):
            generate = [Phase.generate] + ([Phase.shrink] if shrinking else [])
            out = [grading_settings(max_examples, generate)(given(**strategies)(recorded))]
            if max_examples > 1:  # one example is not worth drawing once, nor running twice
                out[0] = Replayed(out[0], examples, body)
            if getattr(body, "hypothesis_explicit_examples", None):
                # pinned, not drawn: hypothesis runs them without its engine
                out.append(grading_settings(max_examples, [Phase.explicit])(
                    given(**strategies)(recorded)))
            return tuple(out)

        return Question(name, runs(shrink), failing=failing, checks=runs(False))
    return wrap


def draw(profile, strategies, body):
    """The drawn arguments of every example hypothesis runs, in order, while the body passes."""
    examples = []

    @functools.wraps(body)  # the same source and signature: the same derandomized draws
    def keep(student, **drawn):
        examples.append(drawn)  # copied for each replay, which a body may change
    profile(given(**strategies)(keep))(None)
    return examples


class Replayed:
    """The generated examples of a question's hypothesis test, drawn once and replayed.

    The profile is derandomized, so until the body fails, hypothesis draws the same examples
    in the same order whatever the answer is: the examples of a run whose body does nothing
    are those of every passing run.  Drawing them is most of a passing question's time on the
    grader's side, so each process draws them once, on first use (`examples`), and an answer
    is checked by calling the body on them in order, each under the seeded PRNGs hypothesis
    gives an example and with the recursion limit it sets.  The first failure hands the
    question to hypothesis, which draws the same examples again, reaches the failure and
    shrinks it: the verdict and counterexample are hypothesis' own.  An answer that fails the
    replay but passes hypothesis' run gave two answers to one input: Flaky, as hypothesis
    says of a failure it cannot reproduce.
    """

    def __init__(self, test, examples, body):
        self.test, self.examples, self._body = test, examples, body

    def __call__(self, student):
        try:
            with ensure_free_stackframes():
                for drawn in self.examples():
                    with deterministic_PRNG():
                        self._body(student, **copy.deepcopy(drawn))
        except Exception:
            self.test(student)
            raise Flaky("failed a replayed example, then passed hypothesis' own run")


class KeptAnswers:
    """The answers of the student graded last, one per key, for a question whose requests
    each train a model (seconds).

    Hypothesis runs a failing example once more before it reports it: asking again would
    train again, and a model unseeded only in its first call would pass then (a "flaky"
    verdict, no diagnosis).  A student's error is kept and raised again; a dead process
    (SubmissionDied) is not kept.
    """

    def __init__(self):
        self._student, self._answers = None, {}

    def ask(self, student, key, request):
        """request() -> its answer, asked of `student` once per key."""
        if self._student is not student:
            self._student, self._answers = student, {}
        if key not in self._answers:
            try:
                self._answers[key] = (True, request())
            except Exception as exc:
                self._answers[key] = (False, exc)
        ok, answer = self._answers[key]
        if not ok:
            raise answer
        return answer


@dataclasses.dataclass
class Verdict:
    name: str
    points: float
    possible: int
    feedback: str = ""  # empty when full marks
    summary: str = ""   # a short label of the failure, for the class report
    mistake: object = None  # the recognised seqkit.mistakes.base.Mistake, if one
    carried_from: tuple = ()  # failing dependencies it is right given (seqkit.grading.carry)


def run_question(q, student: Student):
    """Grade one question.  SubmissionDied propagates: the caller decides."""
    q.failing.clear()
    try:
        for test in q.runs:
            test(student)
    except Flaky:
        return Verdict(q.name, 0, q.points, explain_flaky(), _("not deterministic"))
    except (SubmissionDied, HypothesisException):
        raise  # a dead process, or a bug in the hidden test itself: never the student's 0
    except Exception as exc:  # the student's mistake, as hypothesis reports it
        mistake = recognise(q, student, exc)
        feedback = explain(exc)
        if mistake is not None:
            feedback = _("Likely mistake: {description}").format(
                description=_(mistake.description)) + "\n\n" + feedback
        return Verdict(q.name, 0, q.points, feedback, summarize(exc), mistake)
    return Verdict(q.name, q.points, q.points)


def recognise(q, student: Student, exc):
    """The known mistake behind a failure, or None (see seqkit.mistakes.base)."""
    from seqkit.mistakes.base import diagnose
    if q.catalogue is None:
        return None
    try:
        return diagnose(q.catalogue, student, dict(q.failing), getattr(exc, "mistake", None))
    except SubmissionDied:
        return None  # the process died while probed: the counterexample stands alone


class Mismatch(AssertionError):
    """A wrong answer, with a message written for the student and a short label.

    mistake: the id of a known mistake when the test itself recognised it.
    """

    def __init__(self, message, summary=None, mistake=None):
        super().__init__(message)
        self.summary = summary or _("wrong answer")
        self.mistake = mistake


def summarize(exc):
    if isinstance(exc, Mismatch):
        return exc.summary
    if isinstance(exc, InputChanged):
        return _("changed its input")
    if isinstance(exc, StudentError):
        return _("raised {error}").format(error=str(exc).split(":")[0])
    return type(exc).__name__


def explain(exc):
    """The failure in plain words, with hypothesis' shrunk example carried over."""
    if isinstance(exc, (Mismatch, StudentError)):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    notes = [n for n in getattr(exc, "__notes__", []) if n.strip()]
    if notes:
        text += "\n\n" + _("Counterexample (as small as hypothesis could make it):") + "\n" + \
            "\n".join(notes)
    return text


def explain_flaky():
    return _("your code gave different answers when called twice with the same input "
             "(does it use unseeded randomness, or change its inputs or a global in place?)")


def show(a):
    a = np.asarray(a)
    body = np.array2string(a, precision=5, threshold=64, separator=", ")
    return f"{a.dtype} {a.shape} {body}"


def describe_inputs(inputs):
    return "\n".join(f"  {k} = {show(v) if hasattr(v, 'shape') else repr(v)}"
                     for k, v in inputs.items())


def expect_close(got, expected, what, inputs, rtol=RTOL, atol=ATOL):
    """Raise Mismatch unless got ≈ expected elementwise (any array-like)."""
    expected = np.asarray(expected, dtype=np.float64)

    def header():  # formatted only for a failure: printing the inputs costs more than comparing
        return _("{what} gave a wrong answer for these inputs:").format(what=what) + \
            f"\n{describe_inputs(inputs)}\n"

    if got is None or got is Ellipsis:
        raise Mismatch(_("{what} returned {got}: is the TODO still open, or a return missing?")
                       .format(what=what, got=repr(got)), _("not answered"))
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise Mismatch(header() + _("  expected an array of shape {shape}, got {got}").format(
            shape=expected.shape, got=f"{got!r:.200}"), _("not an array"))
    if got.shape != expected.shape:
        raise Mismatch(header() + _("  expected shape {expected}, got shape {got}").format(
            expected=expected.shape, got=got.shape), _("wrong shape"))
    bad = ~close(got, expected, rtol, atol)
    if bad.any():
        diff = np.where(np.isfinite(got), np.abs(got - expected), np.inf)
        where = np.unravel_index(int(np.argmax(np.where(bad, diff, -1))), got.shape)
        raise Mismatch(
            header() + _("  expected {expected}\n  got      {got}\n"
                       "  largest difference {difference} at index {index}").format(
                expected=show(expected), got=show(got), difference=f"{float(diff[where]):.3g}",
                index=tuple(int(i) for i in where)),
            _("wrong values") if np.isfinite(got).all() else _("inf or nan in the answer"))


def expect_pair(got, n, what):
    """A tuple/list of n items, or Mismatch."""
    if got is None or got is Ellipsis:
        raise Mismatch(_("{what} returned {got}: is the TODO still open, or a return missing?")
                       .format(what=what, got=repr(got)), _("not answered"))
    if not isinstance(got, (tuple, list)) or len(got) != n:
        kind = type(got).__name__
        raise Mismatch(_("{what} should return {n} values (a tuple), got {kind}").format(
            what=what, n=n, kind=kind), _("wrong return type"))
    return got
