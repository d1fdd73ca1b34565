"""Known mistakes of the genz assignment.

Each family's variants are the mistaken formula itself, written as a student
writes it, so they reproduce the mistake for every input.  The probes are
fixed inputs chosen so that no two variants agree on all of them: a point on
the boundary of the discontinuous region (x = w), points cut by one
coordinate only, d = 1, n = d (where summing over the wrong axis keeps the
shape) and n != d.
"""
from typing import NamedTuple

import numpy as np

from seqkit import genz as ref
from seqkit.mistakes.base import Catalogue, Mistake, Raised, contract, outcome, same
from seqkit.sandbox.ops import StudentError
from seqkit.strategies import from_seed

TWO_PI = 2 * np.pi


# The hidden tests' drawn `case`s (seqkit.hidden.genz), named.
class GenzCase(NamedTuple):
    x: object        # (n, d) points
    c: object        # (d,) shape parameters
    w: object        # (d,) shift


class ErrorsCase(NamedTuple):
    y_true: object   # (n,) or (n, 1)
    y_pred: object   # (n,) or (n, 1)


def _probe_cases():
    """[GenzCase]: x: (n, d), c, w: (d,); float64."""
    w = np.array([0.6, 0.5, 0.3, 0.7])
    c = np.array([0.7, 1.3, 0.4, 1.9])
    x = np.array([w,                       # on the boundary: inside, since the cut is x_i > w_i
                  [0.1, 0.2, 0.9, 0.1],    # only the third coordinate beyond w
                  [0.9, 0.1, 0.1, 0.2],    # only the first
                  [0.2, 0.8, 0.2, 0.3],    # only the second
                  [0.8, 0.9, 0.5, 0.9],    # all of them
                  [0.35, 0.05, 0.6, 0.45]])
    square = GenzCase(from_seed((3, 3), np.float64, 0, 1, 61, label="x"),
                      from_seed((3,), np.float64, 0.2, 2, 61, label="c"),
                      from_seed((3,), np.float64, 0, 1, 61, label="w"))
    one_d = GenzCase(np.array([[0.2], [0.7], [0.45]]), np.array([1.6]), np.array([0.45]))
    wide = GenzCase(from_seed((2, 5), np.float64, 0, 1, 62, label="x"),
                    from_seed((5,), np.float64, 0.2, 2, 62, label="c"),
                    from_seed((5,), np.float64, 0, 1, 62, label="w"))
    return [GenzCase(x, c, w), square, one_d, wide]


PROBES = _probe_cases()


def _family(name, mistakes):
    """A family's catalogue; mistakes: (id, description, variant(x, c, w)) triples."""
    fn = ref.GENZ_FAMILIES[name]
    swapped = Mistake("c-and-w-swapped",
                      "`c` and `w` are used the other way round: the signature is "
                      f"`{name}(x, c, w)`, with `c` the shape parameters and `w` the shift "
                      "(check the order of the arguments, and of any call you pass them to).",
                      lambda x, c, w: fn(x, w, c))
    return contract(name, fn, tuple(Mistake(*m) for m in mistakes) + (swapped,),
                    lambda case: PROBES, case=GenzCase)


OSCILLATORY = _family("oscillatory", [
    ("missing-2pi", "the 2π is missing from the phase: the argument of the cosine is "
                    "`2 * np.pi * w[0] + x @ c`, not `w[0] + x @ c`.",
     lambda x, c, w: np.cos(w[0] + x @ c)),
    ("pi-instead-of-2pi", "the phase uses π instead of 2π: it is `2 * np.pi * w[0]`.",
     lambda x, c, w: np.cos(np.pi * w[0] + x @ c)),
    ("phase-from-every-w", "the phase adds up every `w_i`; only the first one is used: "
                           "`2 * np.pi * w[0]`.",
     lambda x, c, w: np.cos(TWO_PI * np.sum(w) + x @ c)),
    ("2pi-times-everything", "the 2π multiplies the whole sum; it multiplies `w[0]` only: "
                             "`np.cos(2 * np.pi * w[0] + x @ c)`.",
     lambda x, c, w: np.cos(TWO_PI * (w[0] + x @ c))),
    ("sin-instead-of-cos", "the family uses the cosine, `np.cos`, not the sine.",
     lambda x, c, w: np.sin(TWO_PI * w[0] + x @ c)),
    ("x-shifted-by-w", "`x` is shifted by `w` (`(x - w) @ c`); in the oscillatory family `w` "
                       "only sets the phase: `x @ c`.",
     lambda x, c, w: np.cos(TWO_PI * w[0] + (x - w) @ c)),
    ("sum-over-all-points", "the sum runs over every point at once (`np.sum(c * x)` is one "
                            "number); sum over the dimensions of each point: `x @ c`, or "
                            "`np.sum(c * x, axis=1)`, one value per point.",
     lambda x, c, w: np.cos(TWO_PI * w[0] + np.sum(c * x))),
    ("sum-over-points", "the sum runs over the points (`axis=0`) instead of over the "
                        "dimensions of each point: use `axis=1` (or `x @ c`), one value per point.",
     lambda x, c, w: np.cos(TWO_PI * w[0] + np.sum(c * x, axis=0))),
    ("phase-outside-cos", "the phase is added outside the cosine; it belongs inside: "
                          "`np.cos(2 * np.pi * w[0] + x @ c)`.",
     lambda x, c, w: TWO_PI * w[0] + np.cos(x @ c)),
])


def _peak(x, c, w, shift=lambda x, w: (x - w) ** 2, width=lambda c: c ** -2.0, axis=1):
    return np.prod(1.0 / (width(c) + shift(x, w)), axis=axis)


PRODUCT_PEAK = _family("product_peak", [
    ("missing-reciprocal", "each factor is `c_i^-2 + (x_i - w_i)^2` itself; it is its "
                           "reciprocal: `1 / (c**-2 + (x - w)**2)`.",
     lambda x, c, w: np.prod(c ** -2.0 + (x - w) ** 2, axis=1)),
    ("c-squared-not-inverse-squared", "`c` enters squared (`c**2`); it enters as `c**-2`, "
                                      "one over its square.",
     lambda x, c, w: _peak(x, c, w, width=lambda c: c ** 2)),
    ("c-inverse-not-squared", "`c` enters as `1 / c`; it enters as `c**-2`, one over its square.",
     lambda x, c, w: _peak(x, c, w, width=lambda c: 1.0 / c)),
    ("sum-instead-of-product", "the factors are added (`np.sum`); the family multiplies them: "
                               "`np.prod(..., axis=1)`.",
     lambda x, c, w: np.sum(1.0 / (c ** -2.0 + (x - w) ** 2), axis=1)),
    ("product-over-points", "the product runs over the points (`axis=0`) instead of over the "
                            "dimensions of each point: use `axis=1`, one value per point.",
     lambda x, c, w: _peak(x, c, w, axis=0)),
    ("product-over-everything", "the product runs over every point at once (one number); "
                                "multiply over the dimensions of each point: `axis=1`.",
     lambda x, c, w: _peak(x, c, w, axis=None)),
    ("abs-instead-of-square", "the distance to `w` enters as `|x_i - w_i|`; it is squared: "
                              "`(x - w)**2`.",
     lambda x, c, w: _peak(x, c, w, shift=lambda x, w: np.abs(x - w))),
    ("x-plus-w", "`w` is added to `x` (`x + w`); the peak sits at `w`: `(x - w)**2`.",
     lambda x, c, w: _peak(x, c, w, shift=lambda x, w: (x + w) ** 2)),
    ("w-not-subtracted", "`w` is missing from the factors: the peak sits at `w`, "
                         "`(x - w)**2`, not `x**2`.",
     lambda x, c, w: _peak(x, c, w, shift=lambda x, w: x ** 2)),
])


def _corner(x, c, power):
    return (1.0 + x @ c) ** power


CORNER_PEAK = _family("corner_peak", [
    ("exponent-minus-d", "the exponent is `-d`; it is `-(d + 1)`.",
     lambda x, c, w: _corner(x, c, -float(x.shape[1]))),
    ("exponent-d-minus-1", "the exponent is `-(d - 1)`; it is `-(d + 1)`.",
     lambda x, c, w: _corner(x, c, -(x.shape[1] - 1.0))),
    ("d-from-number-of-points", "`d` is taken from the number of points (`x.shape[0]`, or "
                                "`len(x)`); the dimension is `x.shape[1]`.",
     lambda x, c, w: _corner(x, c, -(x.shape[0] + 1.0))),
    ("d-from-x-size", "`d` is taken from the size of all of `x` (`x.size` is n·d); the "
                      "dimension is `x.shape[1]`.",
     lambda x, c, w: _corner(x, c, -(x.size + 1.0))),
    ("positive-exponent", "the exponent has lost its minus sign: it is `-(d + 1)`, so the "
                          "values lie in (0, 1].",
     lambda x, c, w: _corner(x, c, x.shape[1] + 1.0)),
    ("missing-one-plus", "the `1 +` is missing: the base is `1 + x @ c`.",
     lambda x, c, w: (x @ c) ** -(x.shape[1] + 1.0)),
    ("exponent-not-parenthesised", "`** -d + 1` is `(... ** -d) + 1` in Python: "
                                   "parenthesise the exponent, `** -(d + 1)`.",
     lambda x, c, w: _corner(x, c, -float(x.shape[1])) + 1),
    ("exponent-not-parenthesised-minus", "`** -d - 1` is `(... ** -d) - 1` in Python: "
                                         "parenthesise the exponent, `** -(d + 1)`.",
     lambda x, c, w: _corner(x, c, -float(x.shape[1])) - 1),
    ("shifted-by-w", "`x` is shifted by `w` (`(x - w) @ c`); the corner peak does not use `w`: "
                     "`1 + x @ c`.",
     lambda x, c, w: _corner(x - w, c, -(x.shape[1] + 1.0))),
])


def _gauss(x, c, w, inner=lambda c, x, w: c ** 2 * (x - w) ** 2, sign=-1.0, axis=1):
    return np.exp(sign * np.sum(inner(c, x, w), axis=axis))


GAUSSIAN = _family("gaussian", [
    ("c-not-squared", "`c` enters the exponent unsquared; it is `c**2 * (x - w)**2`.",
     lambda x, c, w: _gauss(x, c, w, inner=lambda c, x, w: c * (x - w) ** 2)),
    ("missing-minus", "the minus sign in the exponent is missing: `np.exp(-np.sum(...))`.",
     lambda x, c, w: _gauss(x, c, w, sign=1.0)),
    ("square-after-sum", "the sum is squared (`(Σ c_i (x_i - w_i))**2`); each term is squared "
                         "before the sum: `np.sum(c**2 * (x - w)**2, axis=1)`.",
     lambda x, c, w: np.exp(-np.sum(c * (x - w), axis=1) ** 2)),
    ("sum-over-points", "the sum runs over the points (`axis=0`) instead of over the "
                        "dimensions of each point: use `axis=1`, one value per point.",
     lambda x, c, w: _gauss(x, c, w, axis=0)),
    ("norm-not-squared", "the exponent is a norm, `np.linalg.norm(c * (x - w), axis=1)`; it "
                         "is the squared norm, `np.sum(c**2 * (x - w)**2, axis=1)`.",
     lambda x, c, w: np.exp(-np.linalg.norm(c * (x - w), axis=1))),
    ("abs-instead-of-square", "the distance to `w` enters as `|x_i - w_i|`; it is squared: "
                              "`(x - w)**2` (that is the continuous family's shape).",
     lambda x, c, w: _gauss(x, c, w, inner=lambda c, x, w: c ** 2 * np.abs(x - w))),
    ("x-plus-w", "`w` is added to `x` (`x + w`); the peak sits at `w`: `(x - w)**2`.",
     lambda x, c, w: _gauss(x, c, w, inner=lambda c, x, w: c ** 2 * (x + w) ** 2)),
    ("w-not-subtracted", "`w` is missing from the exponent: the peak sits at `w`, "
                         "`(x - w)**2`, not `x**2`.",
     lambda x, c, w: _gauss(x, c, w, inner=lambda c, x, w: c ** 2 * x ** 2)),
])

CONTINUOUS = _family("continuous", [
    ("missing-abs", "the absolute value is missing: the exponent is `-Σ c_i |x_i - w_i|`, "
                    "`np.abs(x - w) @ c`.",
     lambda x, c, w: np.exp(-((x - w) @ c))),
    ("square-instead-of-abs", "the distance to `w` is squared; the continuous family uses its "
                              "absolute value: `np.abs(x - w) @ c`.",
     lambda x, c, w: np.exp(-((x - w) ** 2 @ c))),
    ("c-squared", "`c` enters squared; in the continuous family it enters as it is: "
                  "`np.abs(x - w) @ c`.",
     lambda x, c, w: np.exp(-(np.abs(x - w) @ c ** 2))),
    ("missing-minus", "the minus sign in the exponent is missing: `np.exp(-(np.abs(x - w) @ c))`.",
     lambda x, c, w: np.exp(np.abs(x - w) @ c)),
    ("abs-after-sum", "the absolute value is taken of the sum (`|Σ c_i (x_i - w_i)|`); it is "
                      "taken of each term: `np.abs(x - w) @ c`.",
     lambda x, c, w: np.exp(-np.abs((x - w) @ c))),
    ("sum-over-points", "the sum runs over the points (`axis=0`) instead of over the "
                        "dimensions of each point: use `axis=1` (or `@ c`), one value per point.",
     lambda x, c, w: np.exp(-np.sum(c * np.abs(x - w), axis=0))),
    ("x-plus-w", "`w` is added to `x` (`x + w`); the peak sits at `w`: `np.abs(x - w)`.",
     lambda x, c, w: np.exp(-(np.abs(x + w) @ c))),
    ("w-not-subtracted", "`w` is missing from the exponent: the peak sits at `w`, "
                         "`np.abs(x - w)`, not `np.abs(x)`.",
     lambda x, c, w: np.exp(-(np.abs(x) @ c))),
])


def _cut(x, c, w, outside, inside=lambda x, c: np.exp(x @ c)):
    return np.where(outside(x, w), 0.0, inside(x, c))


def _two_coordinates_indexed(x, c, w):
    """The cut written with x[:, 1]: fine for d >= 2, IndexError for d = 1."""
    return _cut(x, c, w, lambda x, w: (x[:, 0] > w[0]) | (x[:, 1] > w[1]))


DISCONTINUOUS = _family("discontinuous", [
    ("and-instead-of-or", "a point is cut only when both `x_1 > w_1` and `x_2 > w_2`; it is "
                          "cut when either is: `np.any(x[:, :2] > w[:2], axis=1)`.",
     lambda x, c, w: _cut(x, c, w, lambda x, w: np.all(x[:, :2] > w[:2], axis=1))),
    ("inverted-region", "the two cases are the other way round: the value is 0 where "
                        "`x_1 > w_1` or `x_2 > w_2`, and `exp(Σ c_i x_i)` elsewhere.",
     lambda x, c, w: np.where(np.any(x[:, :2] > w[:2], axis=1), np.exp(x @ c), 0.0)),
    ("first-coordinate-only", "only the first coordinate cuts; the second one does too "
                              "(where d >= 2): `np.any(x[:, :2] > w[:2], axis=1)`.",
     lambda x, c, w: _cut(x, c, w, lambda x, w: x[:, 0] > w[0])),
    ("every-coordinate-cuts", "every coordinate cuts (`np.any(x > w, axis=1)`); only the first "
                              "two do: `x[:, :2] > w[:2]`.",
     lambda x, c, w: _cut(x, c, w, lambda x, w: np.any(x > w, axis=1))),
    ("non-strict-inequality", "a point with `x_1 == w_1` is cut (`>=`); the cut is strict, "
                              "`x_i > w_i`: a point on the boundary keeps `exp(Σ c_i x_i)`.",
     lambda x, c, w: _cut(x, c, w, lambda x, w: np.any(x[:, :2] >= w[:2], axis=1))),
    ("negative-exponent", "the exponent has a minus sign; in the discontinuous family it is "
                          "`exp(+Σ c_i x_i)`, `np.exp(x @ c)`.",
     lambda x, c, w: _cut(x, c, w, lambda x, w: np.any(x[:, :2] > w[:2], axis=1),
                          lambda x, c: np.exp(-(x @ c)))),
    ("breaks-for-d-1", "the second coordinate is indexed directly (`x[:, 1]`), which fails "
                       "for d = 1; slice instead, `x[:, :2] > w[:2]`, which takes what there is.",
     lambda x, c, w: _two_coordinates_indexed(x, c, w)),
])


# ------------------------------------------------------------------ GENZ_FAMILIES

# what looking up and calling an entry raises when GENZ_FAMILIES is a list or tuple
# of the functions, or a dict of their names (an untouched `...` raises neither)
NOT_A_DICT = ("TypeError: list indices must be integers", "TypeError: tuple indices must be "
              "integers", "TypeError: 'str' object is not callable")


def _families_answers(student, case):
    """{family: answer, or the StudentError it raised} of the student's GENZ_FAMILIES."""
    answers = {}
    for name in ref.GENZ_FAMILIES:
        try:
            answers[name] = student.request({"op": "family", "name": name, "args": case})
        except StudentError as exc:
            answers[name] = exc
    return answers


def _families_mistake(student, case):
    """Which mistake the student's dict shows; they are no fixed function of the input
    (which families are swapped, which key is missing), so they are read off the answers."""
    answers = _families_answers(student, case)
    raised = [str(a) for a in answers.values() if isinstance(a, StudentError)]
    if raised:
        if all(a.startswith("KeyError") for a in raised):
            return "missing-family"
        if len(raised) == len(answers) and all(a.startswith(NOT_A_DICT) for a in raised):
            return "not-a-dict-of-functions"
        return None
    refs = {n: fn(*case) for n, fn in ref.GENZ_FAMILIES.items()}
    wrong = [n for n in answers if not same(answers[n], refs[n])]
    if not wrong:
        return None
    last = list(refs)[-1]
    if all(same(a, refs[last]) for a in answers.values()):
        return "late-binding-lambdas"
    x, c, w = case
    if all(same(answers[n], ref.GENZ_FAMILIES[n](x, w, c)) for n in wrong):
        return "c-and-w-swapped"
    if all(any(same(answers[n], refs[m]) for m in refs if m != n) for n in wrong):
        return "families-swapped"
    return None


GENZ_FAMILIES = Catalogue(
    "GENZ_FAMILIES",
    recognise=lambda student, case: _families_mistake(student, case),
    mistakes=(
        Mistake("missing-family", "a family's key is missing or misspelled: the keys are "
                                  "exactly the six function names, `'oscillatory'`, "
                                  "`'product_peak'`, `'corner_peak'`, `'gaussian'`, "
                                  "`'continuous'`, `'discontinuous'`."),
        Mistake("not-a-dict-of-functions", "`GENZ_FAMILIES` should be a dict from each "
                                           "family's name to the function itself "
                                           "(`{'oscillatory': oscillatory, ...}`), not a list, "
                                           "and not the names as strings."),
        Mistake("families-swapped", "two families are swapped: a key maps to another "
                                    "family's function; check each key against its function."),
        Mistake("late-binding-lambdas", "every entry computes the last family: a lambda made in "
                                        "a loop looks its `fn` up when called, after the loop "
                                        "has ended; store the functions themselves "
                                        "(`{name: fn ...}`) or bind it (`lambda x, c, w, fn=fn: "
                                        "fn(x, c, w)`)."),
        Mistake("c-and-w-swapped", "the entries pass `c` and `w` the other way round: each "
                                   "function is called as `fn(x, c, w)`."),
    ),
)


# -------------------------------------------------------------------- genz_budget



def _budgets(table, d, unknown):
    """What a genz_budget built on `table` answers: (six budgets at d, the unknown family's)."""
    def budget(family):
        return float(d) if table.get(family) == "d" else table[family]
    return tuple(budget(f) for f in ref.GENZ_FAMILIES) + (unknown,)


def _budget_answer(student, d):
    values = tuple(outcome(student.call, "genz_budget", f, d) for f in ref.GENZ_FAMILIES)
    raised = student.request({"op": "raises", "name": "genz_budget", "args": ("banana", d)})
    if raised is None:
        return values + (outcome(student.call, "genz_budget", "banana", d),)
    return values + (Raised(tuple(raised)),)


def _raise(exc_class):
    raise exc_class()


def _budget_variant(changes, unknown=lambda: _raise(ValueError)):
    table = {**ref.BUDGETS, "product_peak": "d", **changes}
    return lambda d: _budgets(table, d, outcome(unknown))


GENZ_BUDGET = Catalogue(
    "genz_budget",
    reference=lambda d: _budget_variant({})(d),
    answer=_budget_answer,
    probes=lambda d: [{"d": 1}, {"d": 2}, {"d": 7}],
    mistakes=(
        Mistake("another-papers-constants", "these are the budgets of Genz's integration "
                                            "tests (9.0, 7.25, ...); the course uses Burkardt's: "
                                            "1.5, d, 1.85, 7.03, 20.4, 4.3.",
                _budget_variant({"oscillatory": 9.0, "product_peak": 7.25})),
        Mistake("unknown-family-returns-none", "an unknown family returns None (`dict.get`); it "
                                               "should raise ValueError naming the family.",
                _budget_variant({}, lambda: None)),
        Mistake("keyerror-not-valueerror", "an unknown family raises KeyError (the dict lookup "
                                           "itself); check the name first and raise ValueError.",
                _budget_variant({}, lambda: _raise(KeyError))),
        Mistake("assert-instead-of-raise", "an unknown family is stopped by `assert` "
                                           "(AssertionError, and skipped under `python -O`); "
                                           "raise ValueError instead.",
                _budget_variant({}, lambda: _raise(AssertionError))),
        Mistake("returns-the-exception", "the ValueError is returned, not raised: "
                                         "`raise ValueError(...)`.",
                # the wire cannot carry an exception object: the answer is unreadable
                _budget_variant({}, lambda: Raised(("MessageError",)))),
        Mistake("product-peak-fixed", "the product peak's budget is a constant (2.0, its "
                                      "value for d = 2); it is d itself: `float(d)`.",
                _budget_variant({"product_peak": 2.0})),
        Mistake("budgets-swapped", "the corner peak's and the discontinuous family's budgets "
                                   "are swapped: corner peak 1.85, discontinuous 4.3.",
                _budget_variant({"corner_peak": 4.3, "discontinuous": 1.85})),
        Mistake("gaussian-typo", "the gaussian's budget is 7.03, not 7.3.",
                _budget_variant({"gaussian": 7.3})),
    ),
)


# ------------------------------------------------------------ normalize_c, normalize_w

def _c_variant(formula):
    def variant(c, family):
        c = np.asarray(c, dtype=np.float64)
        return formula(c, ref.genz_budget(family, len(c)), family)
    return variant


def _c_probes(c, family):
    fixed = np.array([0.4, 1.7, 0.9, 2.6])
    return [{"c": c, "family": "product_peak"}, {"c": fixed, "family": "product_peak"},
            {"c": fixed, "family": "gaussian"}, {"c": np.array([2.5]), "family": "continuous"}]


NORMALIZE_C = contract(
    "normalize_c",
    reference=ref.normalize_c,
    probes=_c_probes,
    mistakes=(
        Mistake("divides-by-norm", "`c` is divided by its Euclidean norm; divide by its sum, "
                                   "`np.sum(c)`, so that the result sums to the budget.",
                _c_variant(lambda c, b, f: c * b / np.linalg.norm(c))),
        Mistake("forgets-the-budget", "the result sums to 1: multiply by the family's budget, "
                                      "`c * genz_budget(family, len(c)) / np.sum(c)`.",
                _c_variant(lambda c, b, f: c / np.sum(c))),
        Mistake("budget-for-d-1", "the budget is looked up for d = 1; use the dimension of "
                                  "`c`, `genz_budget(family, len(c))` (it matters for the "
                                  "product peak, whose budget is d).",
                _c_variant(lambda c, b, f: c * ref.genz_budget(f, 1) / np.sum(c))),
        Mistake("divides-by-d", "`c` is divided by its length; divide by its sum, `np.sum(c)`.",
                _c_variant(lambda c, b, f: c * b / len(c))),
        Mistake("ratio-inverted", "the ratio is upside down: `c * b / np.sum(c)`, "
                                  "not `c * np.sum(c) / b`.",
                _c_variant(lambda c, b, f: c * np.sum(c) / b)),
        Mistake("budget-per-dimension", "the budget is multiplied by d: the whole of `c` sums "
                                        "to the budget, `c * b / np.sum(c)`.",
                _c_variant(lambda c, b, f: c * b * len(c) / np.sum(c))),
        Mistake("divides-by-max", "`c` is divided by its largest element; divide by its sum, "
                                  "`np.sum(c)`.",
                _c_variant(lambda c, b, f: c * b / np.max(c))),
        Mistake("not-divided", "`c` is multiplied by the budget but not divided by its sum: "
                               "`c * b / np.sum(c)`.",
                _c_variant(lambda c, b, f: c * b)),
    ),
)


def _w_variant(formula):
    return lambda w: formula(np.asarray(w, dtype=np.float64))


NORMALIZE_W = contract(
    "normalize_w",
    reference=ref.normalize_w,
    probes=lambda w: [{"w": np.array([0.3, 1.2, 0.5, 2.0])}, {"w": np.array([0.8])},
                      {"w": np.array([4.0, 0.25, 1.5])}],
    mistakes=(
        Mistake("divides-by-max", "`w` is divided by its largest element; divide by its sum, "
                                  "`w / np.sum(w)`, so that the result sums to 1.",
                _w_variant(lambda w: w / np.max(w))),
        Mistake("divides-by-norm", "`w` is divided by its Euclidean norm; divide by its sum, "
                                   "`w / np.sum(w)`.",
                _w_variant(lambda w: w / np.linalg.norm(w))),
        Mistake("divides-by-length", "`w` is divided by its length; divide by its sum, "
                                     "`w / np.sum(w)`.",
                _w_variant(lambda w: w / len(w))),
        Mistake("softmax", "this is a softmax (`exp(w) / Σ exp(w)`); the weights are only "
                           "rescaled: `w / np.sum(w)`.",
                _w_variant(lambda w: np.exp(w) / np.sum(np.exp(w)))),
        Mistake("min-max-scaling", "this rescales to [0, 1] (min-max scaling); the weights are "
                                   "divided by their sum: `w / np.sum(w)`.",
                _w_variant(lambda w: (w - w.min()) / (w.max() - w.min()))),
        Mistake("floor-division", "`//` is floor division (whole numbers only); use `/`.",
                _w_variant(lambda w: w // np.sum(w))),
        Mistake("sum-of-squares", "`w` is divided by the sum of its squares; divide by its "
                                  "sum, `w / np.sum(w)`.",
                _w_variant(lambda w: w / np.sum(w ** 2))),
    ),
)


# --------------------------------------------------------------- approximation_errors

def _errors(err):
    return float(np.mean(err)), float(np.max(err))


def _flat_diff(y_true, y_pred):
    return np.ravel(y_true).astype(np.float64) - np.ravel(y_pred).astype(np.float64)


def _error_probes(case):
    n = np.ravel(case.y_true).size
    t = np.array([0.5, -1.25, 2.0, 0.75])
    p = np.array([1.5, -1.0, 0.5, 0.75])
    return [ErrorsCase(t, p.reshape(-1, 1)), ErrorsCase(t.reshape(-1, 1), p), ErrorsCase(t, p),
            ErrorsCase(np.ravel(case.y_true).reshape(n, 1), np.ravel(case.y_pred).reshape(n, 1))]


APPROXIMATION_ERRORS = contract(
    "approximation_errors",
    reference=ref.approximation_errors,
    case=ErrorsCase,
    seen_as=tuple,  # a pair, whether returned as a tuple or a list
    probes=_error_probes,
    mistakes=(
        Mistake("broadcast-to-all-pairs", "`y_true - y_pred` of shapes (n,) and (n, 1) "
                                          "broadcasts to an (n, n) table of every pair; flatten "
                                          "both first (`np.ravel`), so errors are point by point.",
                lambda y_true, y_pred: _errors(np.abs(np.asarray(y_true, np.float64)
                                                      - np.asarray(y_pred, np.float64)))),
        Mistake("flattens-only-the-prediction", "only `y_pred` is flattened; `y_true` may be "
                                                "(n, 1) too, and then the difference broadcasts "
                                                "to (n, n): flatten both.",
                lambda y_true, y_pred: _errors(np.abs(np.asarray(y_true, np.float64)
                                                      - np.ravel(y_pred).astype(np.float64)))),
        Mistake("signed-max-error", "the max error is taken of the signed differences; take "
                                    "it of their absolute values, `np.max(np.abs(...))`.",
                lambda y_true, y_pred: (float(np.mean(np.abs(_flat_diff(y_true, y_pred)))),
                                        float(np.max(_flat_diff(y_true, y_pred))))),
        Mistake("signed-mean-error", "the mean error is taken of the signed differences (they "
                                     "cancel); take it of their absolute values, "
                                     "`np.mean(np.abs(...))`.",
                lambda y_true, y_pred: (float(np.mean(_flat_diff(y_true, y_pred))),
                                        float(np.max(np.abs(_flat_diff(y_true, y_pred)))))),
        Mistake("signed-errors", "both errors are taken of the signed differences; take them "
                                 "of their absolute values, `np.abs(y_true - y_pred)`.",
                lambda y_true, y_pred: _errors(_flat_diff(y_true, y_pred))),
        Mistake("rmse-as-mean-error", "the first value is the root mean squared error; it is "
                                      "the mean absolute error, `np.mean(np.abs(...))`.",
                lambda y_true, y_pred: (float(np.sqrt(np.mean(_flat_diff(y_true, y_pred) ** 2))),
                                        float(np.max(np.abs(_flat_diff(y_true, y_pred)))))),
        Mistake("squared-errors", "the errors are squared; they are absolute: "
                                  "`np.abs(y_true - y_pred)`.",
                lambda y_true, y_pred: _errors(_flat_diff(y_true, y_pred) ** 2)),
        Mistake("max-and-mean-swapped", "the two values are the other way round: the function "
                                        "returns `(mean, max)`.",
                lambda y_true, y_pred: _errors(np.abs(_flat_diff(y_true, y_pred)))[::-1]),
        Mistake("relative-errors", "the errors are divided by `|y_true|` (relative errors); "
                                   "they are absolute: `np.abs(y_true - y_pred)`.",
                lambda y_true, y_pred: _errors(np.abs(_flat_diff(y_true, y_pred))
                                               / np.abs(np.ravel(y_true).astype(np.float64)))),
    ),
)


# ------------------------------------------------------------------ fit_and_evaluate
# Each fit trains a Keras model: the hidden test itself recognises these
# (Mismatch(mistake=...)) from what it measured; no variant is re-run.

FIT_AND_EVALUATE = Catalogue("fit_and_evaluate", mistakes=(
    Mistake("ignores-n-test", "the test points do not follow `n_test` (the function draws "
                              "1000 whatever it is asked): draw `rng.random((n_test, d))`."),
    Mistake("errors-on-training-points", "the errors are measured on the training points; "
                                         "draw `n_test` fresh test points and measure there."),
    Mistake("points-not-seeded", "the points are drawn without the seed "
                                 "(`np.random.default_rng()` or the global `np.random`): use "
                                 "`np.random.default_rng(seed)`."),
    Mistake("keras-not-seeded", "Keras is not seeded before the model is built, so its initial "
                                "weights change from call to call: call "
                                "`keras.utils.set_random_seed(seed)` first, before "
                                "`keras.Sequential(...)`."),
    Mistake("ignores-the-seed", "the `seed` argument is not used (a fixed seed such as 42): "
                                "seed NumPy and Keras with `seed` itself."),
    Mistake("max-and-mean-swapped", "the two values are the other way round: the function "
                                    "returns `(mean, max)`."),
    Mistake("signed-errors", "the errors are signed differences: they are absolute, "
                             "`np.abs(y_test - y_pred)`."),
))

CATALOGUE = [OSCILLATORY, PRODUCT_PEAK, CORNER_PEAK, GAUSSIAN, CONTINUOUS, DISCONTINUOUS,
             GENZ_FAMILIES, GENZ_BUDGET, NORMALIZE_C, NORMALIZE_W, APPROXIMATION_ERRORS,
             FIT_AND_EVALUATE]
