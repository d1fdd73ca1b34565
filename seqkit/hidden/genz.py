"""Hidden tests for the genz assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import genz as ref
from seqkit.hidden.framework import KeptAnswers, Mismatch, expect_close, expect_pair, question
from seqkit.i18n import _
from seqkit.sandbox.ops import StudentError
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed


@st.composite
def genz_cases(draw, min_d=1):
    dtype, n, d = draw(dtypes()), draw(dims(1, 8)), draw(dims(min_d, 8))
    x = draw(distinct_arrays((n, d), dtype, 0, 1, label="x"))
    c = draw(distinct_arrays((d,), dtype, 0.1, 3, label="c"))
    w = draw(distinct_arrays((d,), dtype, 0, 1, label="w"))
    return x, c, w


def fixed_genz(n=5, d=3, seed=41):
    return (from_seed((n, d), np.float64, 0, 1, seed), from_seed((d,), np.float64, 0.2, 2, seed + 1),
            from_seed((d,), np.float64, 0, 1, seed + 2))


def tied_genz():
    """Points on the discontinuous family's boundary, x_1 = w_1 (inside: the cut is strict)."""
    x, c, w = fixed_genz(n=3, d=3, seed=47)
    x[0], x[1, 0] = w, w[0]
    return x, c, w


def _family_question(name):
    @question(name,
              case=genz_cases())
    @example(case=fixed_genz())
    @example(case=fixed_genz(n=4, d=10, seed=43))
    @example(case=fixed_genz(n=6, d=1, seed=45))
    @example(case=tied_genz())
    def test(student, case):
        got = student.call(name, *case)
        expect_close(got, ref.GENZ_FAMILIES[name](*case), name, dict(zip("xcw", case)))
    return test


oscillatory = _family_question("oscillatory")
product_peak = _family_question("product_peak")
corner_peak = _family_question("corner_peak")
gaussian = _family_question("gaussian")
continuous = _family_question("continuous")
discontinuous = _family_question("discontinuous")


@question("GENZ_FAMILIES", max_examples=10,
          case=genz_cases())
def GENZ_FAMILIES(student, case):
    for name, fn in ref.GENZ_FAMILIES.items():
        got = student.request({"op": "family", "name": name, "args": case})
        expect_close(got, fn(*case), f"GENZ_FAMILIES[{name!r}]", dict(zip("xcw", case)))


@question("genz_budget", max_examples=10,
          d=dims(1, 12))
def genz_budget(student, d):
    for family in ref.GENZ_FAMILIES:
        got = student.call("genz_budget", family, d)
        expect_close(got, ref.genz_budget(family, d), f"genz_budget({family!r}, {d})", {})
    raised = student.request({"op": "raises", "name": "genz_budget", "args": ("banana", d)})
    if raised is None or "ValueError" not in raised:
        what = _("returned normally") if raised is None else _("raised {error}").format(
            error=raised[0])
        raise Mismatch(_("{call} should raise ValueError for an unknown family; it {what}")
                       .format(call=f"genz_budget('banana', {d})", what=what))


@question("normalize_c",
          c=st.integers(1, 10).flatmap(lambda d: distinct_arrays((d,), np.float64, 0.01, 5)),
          family=st.sampled_from(sorted(ref.GENZ_FAMILIES)))
@example(c=np.array([0.2, 0.5, 0.3, 0.9]), family="product_peak")
def normalize_c(student, c, family):
    got = student.call("normalize_c", c, family)
    expect_close(got, ref.normalize_c(c, family), f"normalize_c(c, {family!r})", {"c": c})


@question("normalize_w",
          w=st.integers(1, 10).flatmap(lambda d: distinct_arrays((d,), np.float64, 0.01, 5)))
def normalize_w(student, w):
    expect_close(student.call("normalize_w", w), ref.normalize_w(w), "normalize_w", {"w": w})


@st.composite
def error_cases(draw):
    n = draw(dims(1, 8))
    y_true = draw(distinct_arrays((n,), np.float64, -3, 3, label="y_true"))
    y_pred = draw(distinct_arrays((n,), np.float32, -3, 3, label="y_pred"))
    shape_t, shape_p = draw(st.sampled_from([(n,), (n, 1)])), draw(st.sampled_from([(n,), (n, 1)]))
    return y_true.reshape(shape_t), y_pred.reshape(shape_p)


@question("approximation_errors",
          case=error_cases())
@example(case=(np.array([0.0, 1.0, 2.0, 3.0]), np.array([[0.5], [0.5], [2.5], [1.0]], np.float32)))
@example(case=(np.array([1.0, -1.0, 0.5]), np.array([3.0, -1.5, 0.25])))
def approximation_errors(student, case):
    got = expect_pair(student.call("approximation_errors", *case), 2, "approximation_errors")
    expected = ref.approximation_errors(*case)
    inputs = {"y_true": case[0], "y_pred": case[1]}
    expect_close(got[0], expected[0], "approximation_errors (mean)", inputs, rtol=1e-5, atol=1e-6)
    expect_close(got[1], expected[1], "approximation_errors (max)", inputs, rtol=1e-5, atol=1e-6)


# Targets for fit_and_evaluate, evaluated here on the grader's side.
TARGETS = {
    # Smooth and easy for fit_and_evaluate: any sensible MLP learns it.
    "plane": lambda x: 0.2 + 0.6 * np.mean(x, axis=1),
    # 0 or 1 at random per point: nothing can predict it on fresh test
    # points, so the mean absolute error there is about 0.5 for any model.
    "coin": lambda x: ((np.sin(x @ (78.233 + 12.9898 * np.arange(x.shape[1]))) * 43758.5453)
                       % 1.0 > 0.5).astype(np.float64),
}
MAX_POINTS = 100_000  # per fit, in all: an honest fit asks about n_train + n_test
_KEPT = KeptAnswers()  # each answer trains a model: hypothesis' last run reads it again


class Target:
    """f as fit_and_evaluate sees it: each call crosses from the student's process to here,
    where the target is evaluated and every point it is asked about is recorded.

    f(x: (n, d)) -> (n,); x: (d,) -> (1,).
    """

    def __init__(self, name, d):
        self.fn, self.d, self.asked, self.seen = TARGETS[name], d, 0, set()

    def __call__(self, message):
        x = message.get("x")
        if not isinstance(x, np.ndarray) or x.ndim == 0 or x.shape[-1] != self.d:
            raise StudentError(_("f takes points of shape (n, {d}), got {got}").format(
                d=self.d, got=getattr(x, "shape", type(x).__name__)))
        x2 = x.astype(np.float64).reshape(-1, self.d)
        self.asked += len(x2)
        if self.asked > MAX_POINTS:
            raise StudentError(_("f was asked about more than {n} points in all").format(
                n=MAX_POINTS))
        self.seen.update(row.tobytes() for row in np.round(x2, 12))
        y = self.fn(x2)
        return y.reshape(x.shape[:-1]) if x.ndim > 1 else y


def _point_mistake(n_seen, n_test):
    """What fit_and_evaluate(f, d=2, n_train=100, ...) shows by the number of distinct points
    it asked f about (seqkit.mistakes.genz); n_test points alone are ambiguous (test points
    that repeat the training points, or f never asked about the training points at all)."""
    if n_seen == 100 + 1000 and n_test != 1000:
        return "ignores-n-test"
    if n_seen == 100:
        return "errors-on-training-points"
    return None



@question("fit_and_evaluate", max_examples=1, shrink=False,
          seed=st.just(3))
def fit_and_evaluate(student, seed):
    """Fresh test points, absolute errors, accuracy, the seed (same seed same
    result, another seed other points) and the defaults of the signature.

    Three fits, each a Keras model the student's function builds and trains
    (most of this assignment's grading time), so every fit checks several things.
    """
    def fit(target_name, **kwargs):
        # by keyword, as the contract names them; without seed and n_test the defaults hold
        kwargs = {"d": 2, "n_train": 100, **kwargs}

        def ask():
            target = Target(target_name, d=2)
            return student.request({"op": "fit", "keywords": kwargs}, seconds=120,
                                   on_callback=target), target
        answer, target = _KEPT.ask(student, (target_name, *sorted(kwargs.items())), ask)
        call = "fit_and_evaluate(f=f, " + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
        mean, worst = (_number(v, call) for v in expect_pair(answer, 2, call))
        if not (np.isfinite(mean) and np.isfinite(worst) and 0 <= mean <= worst):
            raise Mismatch(_("{call} returned mean {mean} and max {worst}: both should be "
                             "finite and 0 <= mean <= max").format(
                call=call, mean=f"{mean:.4g}", worst=f"{worst:.4g}"),
                           mistake="max-and-mean-swapped" if 0 <= worst < mean else
                           "signed-errors" if min(mean, worst) < 0 else None)
        n_test = kwargs.get("n_test", 1000)
        if len(target.seen) != 100 + n_test:
            raise Mismatch(_("{call} evaluated f at {seen} distinct points; it should sample "
                             "100 training points and measure the errors on {n_test} fresh "
                             "test points ({total} in all; n_test defaults to 1000)").format(
                call=call, seen=len(target.seen), n_test=n_test, total=100 + n_test),
                           mistake=_point_mistake(len(target.seen), n_test))
        return call, (mean, worst), target

    call, coin, first = fit("coin", seed=seed, n_test=1000)
    if coin[0] < 0.4:
        raise Mismatch(_("{call} on a target that is 0 or 1 at random per point reports a mean "
                         "error of {error}; on fresh test points no model can beat about "
                         "0.5: are the errors absolute, and measured on the test points?").format(
            call=call, error=f"{coin[0]:.3g}"),
                       # signed errors of a coin cancel to about 0 (+-0.03 over 1000 points);
                       # squared ones, or absolute ones on seen points, stay well above
                       mistake="signed-errors" if coin[0] < 0.15 else None)
    # the same seed again, n_test left to its default (1000)
    default, again, second = fit("coin", seed=seed)
    if second.seen != first.seen:
        raise Mismatch(_("{call} and then {default} sampled different points: the same seed "
                         "must give the same points (draw them from np.random.default_rng(seed)), "
                         "and n_test defaults to 1000").format(call=call, default=default),
                       mistake="points-not-seeded")
    if again != coin:
        raise Mismatch(_("{call} gave {coin} and then {default} gave {again}: the same seed "
                         "must give the same result (seed NumPy's generator and Keras: "
                         "keras.utils.set_random_seed), and n_test defaults to 1000").format(
            call=call, coin=coin, default=default, again=again),
                       mistake="keras-not-seeded")
    # another seed (the default, 0): other points
    call, plane, other = fit("plane", n_test=200)
    shared = len(other.seen & first.seen)
    if shared:
        raise Mismatch(_("{call} asked f about {shared} of the points it asked about with "
                         "seed={seed}: the seed argument must decide the points").format(
            call=call, shared=shared, seed=seed),
                       mistake="ignores-the-seed")
    if plane[0] > 0.05:
        raise Mismatch(_("{call} on the easy target f(x) = 0.2 + 0.6 * mean(x) has mean error "
                         "{error}; a reasonable MLP gets below 0.05").format(
            call=call, error=f"{plane[0]:.3g}"))


def _number(value, call):
    """One float from an answer, or Mismatch (an array of several values, a string, ...)."""
    try:
        return float(np.asarray(value, dtype=np.float64).reshape(()))
    except (TypeError, ValueError):
        raise Mismatch(_("{call} should return two numbers (mean, max), got {got}").format(
            call=call, got=f"{value!r:.100}"), _("not a number")) from None


QUESTIONS = [oscillatory, product_peak, corner_peak, gaussian, continuous, discontinuous,
             GENZ_FAMILIES, genz_budget, normalize_c, normalize_w, approximation_errors,
             fit_and_evaluate]
