"""Hidden tests for the forecast assignment."""
import numpy as np
from hypothesis import example, strategies as st

from seqkit import forecast as ref
from seqkit.hidden.framework import KeptAnswers, Mismatch, expect_close, expect_pair, question
from seqkit.i18n import _
from seqkit.strategies import dims, distinct_arrays, dtypes, from_seed


@st.composite
def series_of(draw, min_T=1, max_T=30):
    """(T,) or (T, features) of distinct values, so that a shifted index shows."""
    T, features = draw(dims(min_T, max_T)), draw(st.sampled_from([None, 1, 2, 3]))
    shape = (T,) if features is None else (T, features)
    return draw(distinct_arrays(shape, draw(dtypes()), -3, 3))


@st.composite
def window_cases(draw):
    series = draw(series_of(1, 30))
    return series, draw(st.integers(0, 8)), draw(st.integers(0, 6))


def fixed_series(shape, seed=21):
    return from_seed(shape, np.float64, -3, 3, seed)


def check_raises(student, name, args, what):
    raised = student.request({"op": "raises", "name": name, "args": args})
    if raised is None or "ValueError" not in raised:
        how = _("returned normally") if raised is None else _("raised {error}").format(
            error=raised[0])
        raise Mismatch(_("{what} should raise ValueError (no window fits); it {how}").format(
            what=what, how=how), _("no ValueError"), "no-value-error" if raised is None else None)


@question("make_windows",
          case=window_cases())
@example(case=(fixed_series((12, 2)), 4, 3))
@example(case=(fixed_series((9,)), 3, 1))
@example(case=(fixed_series((6,)), 3, 4))   # n = 0: no window fits
@example(case=(fixed_series((6, 1)), 0, 1))
@example(case=(fixed_series((6, 1)), 2, 0))
def make_windows(student, case):
    series, window, horizon = case
    what = f"make_windows(series, window={window}, horizon={horizon})"
    inputs = {"series": series}
    try:
        X, y = ref.make_windows(series, window, horizon)
    except ValueError:
        return check_raises(student, "make_windows", case, what + f" with T = {len(series)}")
    got = expect_pair(student.call("make_windows", *case), 2, what)
    expect_close(got[0], X, what + " (X)", inputs)
    expect_close(got[1], y, what + " (y)", inputs)


@st.composite
def split_cases(draw):
    series = draw(series_of(1, 60))
    train_frac = draw(st.floats(0.05, 0.9))
    val_frac = draw(st.floats(0.0, 1.0 - train_frac))
    return series, train_frac, val_frac


def recognise_split(series, got):
    """'split-shuffled' when the pieces hold every point once but the training piece is not
    the first points in order; 'split-pieces-overlap' when pieces share points; else None."""
    rows = np.asarray(series, dtype=np.float64)
    pieces = [np.asarray(p, dtype=np.float64) for p in got]
    if any(p.ndim != rows.ndim or p.shape[1:] != rows.shape[1:] for p in pieces):
        return None
    def first(a):  # column 0; the grader's values are distinct, so a value names its time
        return a.reshape(len(a), -1)[:, 0] if a.size else np.zeros(0)
    key, order = first(rows), np.argsort(first(rows))
    where = [order[np.minimum(np.searchsorted(key, first(p), sorter=order), len(key) - 1)]
             for p in pieces]
    if not all(np.array_equal(key[w], first(p)) for w, p in zip(where, pieces)):
        return None  # values that are not the series' own
    joined = np.concatenate(where)
    if len(joined) == len(rows) and len(set(joined.tolist())) == len(rows) and \
            not np.array_equal(where[0], np.arange(len(where[0]))):
        return "split-shuffled"
    if len(joined) > len(set(joined.tolist())) == len(rows):
        return "split-pieces-overlap"
    return None


@question("split_series",
          case=split_cases())
@example(case=(fixed_series((20,)), 0.7, 0.15))
@example(case=(fixed_series((11, 2)), 0.5, 0.25))
@example(case=(fixed_series((30, 1)), 0.6, 0.2))
def split_series(student, case):
    series, train_frac, val_frac = case
    what = f"split_series(series, train_frac={train_frac!r}, val_frac={val_frac!r})"
    got = student.call("split_series", *case)
    got = expect_pair(got, 3, what)
    inputs = {"series": series}
    try:
        mistake = recognise_split(series, got)
    except (TypeError, ValueError):
        mistake = None
    if mistake == "split-shuffled":
        raise Mismatch(_("{what} returned pieces that hold the right points in another order: "
                         "a time series is split in time order, never shuffled").format(what=what),
                       _("shuffled"), mistake)
    if mistake == "split-pieces-overlap":
        raise Mismatch(_("{what} returned pieces that share points: each point belongs to "
                         "exactly one piece, so no window can cross from one period into the "
                         "next").format(what=what), _("pieces overlap"), mistake)
    for name, g, e in zip(("train", "val", "test"), got, ref.split_series(*case)):
        expect_close(g, e, f"{what} ({name})", inputs)


@st.composite
def standardize_cases(draw):
    dtype, n, features = draw(dtypes()), draw(dims(1, 10)), draw(st.sampled_from([None, 1, 2, 3]))
    tail = () if features is None else (features,)
    train = draw(distinct_arrays((n,) + tail, dtype, -5, 5))
    others = tuple(draw(distinct_arrays((draw(dims(1, 6)),) + tail, dtype, -5, 5))
                   for _ in range(draw(st.integers(0, 2))))
    return (train,) + others


@question("standardize",
          case=standardize_cases())
@example(case=(fixed_series((8, 2)) + 10, fixed_series((4, 2), 22), fixed_series((3, 2), 23)))
@example(case=(np.array([[1.0, 4.0], [1.0, 6.0], [1.0, 8.0]]), np.array([[2.0, 5.0]])))  # a constant column
@example(case=(fixed_series((5,)),))
def standardize(student, case):
    what = "standardize(train" + "".join(f", others[{i}]" for i in range(len(case) - 1)) + ")"
    inputs = {"train": case[0]} | {f"others[{i}]": o for i, o in enumerate(case[1:])}
    got = expect_pair(student.call("standardize", *case), 3, what)
    mean, std, scaled = ref.standardize(*case)
    expect_close(got[0], mean, what + " (mean)", inputs)
    expect_close(got[1], std, what + " (std)", inputs)
    if not isinstance(got[2], (list, tuple)) or len(got[2]) != len(case):
        raise Mismatch(_("{what} should return a list of {n} scaled arrays third "
                         "(train first), got {kind}").format(
            what=what, n=len(case), kind=type(got[2]).__name__), _("wrong return type"))
    for i, (g, e) in enumerate(zip(got[2], scaled)):
        expect_close(g, e, what + f" (scaled[{i}])", inputs)


@st.composite
def persistence_cases(draw):
    shape = (draw(dims(1, 6)), draw(dims(1, 8)), draw(dims(1, 3)))
    return draw(distinct_arrays(shape, draw(dtypes()), -3, 3))


@question("persistence_forecast",
          X=persistence_cases())
@example(X=fixed_series((4, 5, 3)))
def persistence_forecast(student, X):
    expect_close(student.call("persistence_forecast", X), ref.persistence_forecast(X),
                 "persistence_forecast", {"X": X})


# fit_forecaster --------------------------------------------------------------
# A series of the grader's choosing: a cycle of 8 steps plus AR(1) noise, and a
# clock (the cycle's cosine) as a second feature, as hour-of-day features are.
# Two steps ahead (a quarter cycle) persistence is far off; any trained
# recurrent model learns the cycle.
PERIOD, WINDOW, HORIZON = 8, 8, 2
MARGIN = 0.5  # the model's mean absolute error must be below half of persistence's
_KEPT = KeptAnswers()  # each answer trains a model: hypothesis' last run reads it again


def forecasting_problem(seed, T=480):
    """Standardised windows -> dict of X_train, y_train, X_val, y_val, X_test, y_test."""
    rng = np.random.default_rng(seed)
    t = np.arange(T)
    phase = rng.uniform(0, 2 * np.pi)
    noise = np.zeros(T)
    for i in range(1, T):
        noise[i] = 0.7 * noise[i - 1] + 0.1 * rng.standard_normal()
    series = np.stack([np.sin(2 * np.pi * t / PERIOD + phase) + noise,
                       np.cos(2 * np.pi * t / PERIOD + phase)], axis=1)
    _, _, pieces = ref.standardize(*ref.split_series(series, 0.6, 0.15))
    out = {}
    for name, piece in zip(("train", "val", "test"), pieces):
        out[f"X_{name}"], out[f"y_{name}"] = ref.make_windows(piece, WINDOW, HORIZON)
    return {k: v.astype(np.float32) for k, v in out.items()}


@question("fit_forecaster", max_examples=1, shrink=False,
          seed=st.just(7))
def fit_forecaster(student, seed):
    """Forecasts on test windows the grader chose; the grader computes every error.

    Two fits: the margin over persistence, then the same forecasts again (a model that
    misses the margin gets one more fit, to tell whether it learns from its targets).
    """
    data = forecasting_problem(seed)
    n, y_test = len(data["y_test"]), data["y_test"].astype(np.float64)
    call = (f"fit_forecaster(X_train, y_train, X_val, y_val, seed={seed}) with X_train of shape "
            f"{data['X_train'].shape}, then model.predict(X_test) on {n} test windows")

    def ask(sign, attempt):
        train = {k: sign * v if k.startswith("y_") else v for k, v in data.items()}
        request = {"op": "forecast", "what": "fit_forecaster",
                   "args": tuple(train[k] for k in ("X_train", "y_train", "X_val", "y_val")),
                   "kwargs": {"seed": seed}, "X_test": data["X_test"]}
        return _KEPT.ask(student, (seed, sign, attempt),
                         lambda: student.request(request, seconds=120))

    def forecasts(sign=1, attempt=0):
        got = ask(sign, attempt)
        got = np.asarray(got, dtype=np.float64) if got is not None else None
        if got is None or got.shape not in ((n,), (n, 1)):
            shape = None if got is None else got.shape
            raise Mismatch(_("{call}: expected one forecast per window, shape ({n},) or "
                             "({n}, 1), got {shape}").format(call=call, n=n, shape=shape),
                           _("wrong shape"))
        if not np.all(np.isfinite(got)):
            raise Mismatch(_("{call}: the forecasts contain inf or nan").format(call=call),
                           _("inf or nan"))
        return got.reshape(n)

    first = forecasts()
    model = float(np.mean(np.abs(first - y_test)))
    persistence = float(np.mean(np.abs(ref.persistence_forecast(data["X_test"]) - y_test)))
    if model >= MARGIN * persistence:
        # Trained on the negated targets, a model that learns from y_train forecasts
        # differently; one that never sees them gives the very same forecasts.
        ignores_targets = np.allclose(forecasts(-1), first, rtol=1e-5, atol=1e-6)
        raise Mismatch(
            _("{call}: on a series with a clear 8-step cycle (plus noise), forecast 2 steps "
              "ahead, the model's mean absolute error is {model} and persistence's "
              "{persistence}. A trained recurrent model gets below {margin} x persistence = "
              "{limit}.").format(call=call, model=f"{model:.3f}",
                                 persistence=f"{persistence:.3f}", margin=MARGIN,
                                 limit=f"{MARGIN * persistence:.3f}")
            + (" " + _("Trained on the negated targets, it gave the very same forecasts: the "
                       "targets never reach the model.") if ignores_targets else ""),
            _("no better than persistence"), "forecaster-untrained" if ignores_targets else None)
    again = forecasts(attempt=1)
    if not np.allclose(again, first, rtol=1e-5, atol=1e-6):
        worst = float(np.max(np.abs(again - first)))
        raise Mismatch(_("{call}, run twice with the same seed, gave forecasts that differ by "
                         "up to {worst}: the same seed must give the same model").format(
            call=call, worst=f"{worst:.3g}"), _("not reproducible"), "forecaster-unseeded")


QUESTIONS = [make_windows, split_series, standardize, persistence_forecast, fit_forecaster]
