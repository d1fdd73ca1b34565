"""Hidden tests for the genz assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import genz as ref
from seqkit.hidden.framework import Mismatch, expect_close, expect_pair, question
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
        what = "returned normally" if raised is None else f"raised {raised[0]}"
        raise Mismatch(f"genz_budget('banana', {d}) should raise ValueError for an unknown "
                       f"family; it {what}")


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


# what fit_and_evaluate(f, d=2, n_train=100, n_test=200) shows by the number of distinct
# points it asks f about (seqkit.mistakes.genz)
# (200 is ambiguous: test points that repeat the training points, or f never asked about
# the training points at all)
POINT_MISTAKES = {100 + 1000: "ignores-n-test", 100: "errors-on-training-points"}


@question("fit_and_evaluate", max_examples=1, shrink=False,
          seed=st.just(3))
def fit_and_evaluate(student, seed):
    """Fresh test points, absolute errors, accuracy, and the seed: same seed
    same result, another seed other points.

    Three fits, each a Keras model the student's function builds and trains
    (most of this assignment's grading time), so every fit checks several things.
    """
    def fit(target, seed):
        request = {"op": "fit", "target": target, "d": 2, "n_train": 100, "seed": seed,
                   "n_test": 200}
        answer = student.request(request, seconds=120)
        call = f"fit_and_evaluate(f, d=2, n_train=100, seed={seed}, n_test=200)"
        mean, worst = (float(np.asarray(v)) for v in expect_pair(answer["result"], 2, call))
        if not (np.isfinite(mean) and np.isfinite(worst) and 0 <= mean <= worst):
            raise Mismatch(f"{call} returned mean {mean:.4g} and max {worst:.4g}: both should be "
                           "finite and 0 <= mean <= max",
                           mistake="max-and-mean-swapped" if 0 <= worst < mean else
                           "signed-errors" if min(mean, worst) < 0 else None)
        if answer["distinct_points"] != 300:
            raise Mismatch(f"{call} evaluated f at {answer['distinct_points']} distinct points; "
                           "it should sample 100 training points and measure the errors on 200 "
                           "fresh test points (300 in all)",
                           mistake=POINT_MISTAKES.get(answer["distinct_points"]))
        return call, (mean, worst), answer["points"]

    call, coin, points = fit("coin", seed)
    if coin[0] < 0.4:
        raise Mismatch(f"{call} on a target that is 0 or 1 at random per point reports a mean "
                       f"error of {coin[0]:.3g}; on fresh test points no model can beat about "
                       "0.5: are the errors absolute, and measured on the test points?",
                       # signed errors of a coin cancel to about 0 (+-0.07 over 200 points);
                       # squared ones, or absolute ones on seen points, stay well above
                       mistake="signed-errors" if coin[0] < 0.15 else None)
    _, again, points_again = fit("coin", seed)
    if points_again != points:
        raise Mismatch(f"{call}, called twice, sampled different points: the same seed must give "
                       "the same points (draw them from np.random.default_rng(seed))",
                       mistake="points-not-seeded")
    if again != coin:
        raise Mismatch(f"{call} gave {coin} and then {again}: the same seed must give the same "
                       "result (seed NumPy's generator and Keras: keras.utils.set_random_seed)",
                       mistake="keras-not-seeded")
    call, plane, other_points = fit("plane", seed + 1)
    if other_points == points:
        raise Mismatch(f"{call} sampled exactly the points it sampled with seed={seed}: "
                       "the seed argument must decide the points", mistake="ignores-the-seed")
    if plane[0] > 0.05:
        raise Mismatch(f"{call} on the easy target f(x) = 0.2 + 0.6 * mean(x) has mean error "
                       f"{plane[0]:.3g}; a reasonable MLP gets below 0.05")


QUESTIONS = [oscillatory, product_peak, corner_peak, gaussian, continuous, discontinuous,
             GENZ_FAMILIES, genz_budget, normalize_c, normalize_w, approximation_errors,
             fit_and_evaluate]
