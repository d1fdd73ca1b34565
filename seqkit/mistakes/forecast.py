"""Known mistakes of the forecast assignment: the ones students make with time series."""
import warnings
from typing import NamedTuple

import numpy as np

from seqkit import forecast as ref
from seqkit.mistakes.base import Catalogue, Mistake, contract
from seqkit.strategies import from_seed


# The hidden tests' drawn `case`s (seqkit.hidden.forecast), named; standardize's is
# (train, *others), of any length.
class WindowsCase(NamedTuple):
    series: object   # (T,) or (T, features)
    window: int
    horizon: int


class SplitCase(NamedTuple):
    series: object   # (T,) or (T, features)
    train_frac: float
    val_frac: float


def _2d(series):
    s = np.asarray(series)
    return s[:, None] if s.ndim == 1 else s


def _windows(n_less=0, target_shift=0, all_columns=False):
    """make_windows with the number of windows and the target index shifted."""
    def make_windows(series, window, horizon):
        s = _2d(series)
        n = s.shape[0] - window - horizon + 1 - n_less
        if window < 1 or horizon < 1 or n < 1:
            raise ValueError("no window fits")
        first = window - 1 + horizon + target_shift
        X = np.stack([s[k:k + window] for k in range(n)])
        return X, (s[first:first + n] if all_columns else s[first:first + n, 0])
    return make_windows


def _feature_axis_dropped(series, window, horizon):
    X, y = ref.make_windows(series, window, horizon)
    return (X[..., 0], y) if np.ndim(series) == 1 else (X, y)


def _window_probes(case):
    dtype = np.asarray(case.series).dtype
    return [WindowsCase(from_seed((10, 2), dtype, -3, 3, seed=31), 3, 2),
            WindowsCase(from_seed((9,), dtype, -3, 3, seed=32), 2, 1)]


MAKE_WINDOWS = contract(
    "make_windows",
    reference=ref.make_windows,
    case=WindowsCase,
    probes=_window_probes,
    mistakes=(
        Mistake("target-one-step-late",
                "the target is one step too late: with `horizon = 1` it must be the step right "
                "after the window, `series[k + window - 1 + horizon]`, not "
                "`series[k + window + horizon]` (and then n = T - window - horizon + 1).",
                _windows(n_less=1, target_shift=1)),
        Mistake("target-one-step-early",
                "the target is one step too early: `y[k]` is column 0 of "
                "`series[k + window - 1 + horizon]`; with `horizon = 1` that is the step right "
                "after the window, not its last step.",
                _windows(target_shift=-1)),
        Mistake("windows-lose-feature-axis",
                "a 1-D series gives windows without their feature axis: `X` must have shape "
                "`(n, window, 1)` (reshape the series to `(T, 1)` first), as Keras' recurrent "
                "layers expect.",
                _feature_axis_dropped),
        Mistake("target-all-columns",
                "the target keeps every column: `y` is column 0 only, shape `(n,)`; the other "
                "columns are inputs, not forecasts.",
                _windows(all_columns=True)),
        Mistake("no-value-error",
                "no `ValueError` when no window fits (`window < 1`, `horizon < 1` or "
                "`n = T - window - horizon + 1 < 1`): check the arguments and raise it."),
    ),
)


def _split(rounding=int, rest_dropped=False, val_last=False):
    def split_series(series, train_frac, val_frac):
        s = np.asarray(series)
        T = s.shape[0]
        n_train, n_val = rounding(T * train_frac), rounding(T * val_frac)
        if val_last:
            return s[:n_train], s[T - n_val:], s[n_train:T - n_val]
        end = n_train + n_val + int(T * (1 - train_frac - val_frac)) if rest_dropped else T
        return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:end]
    return split_series


def _split_probes(case):
    dtype = np.asarray(case.series).dtype
    return [SplitCase(from_seed((20,), dtype, -3, 3, seed=33), 0.7, 0.15),
            SplitCase(from_seed((11, 2), dtype, -3, 3, seed=34), 0.5, 0.25)]


SPLIT_SERIES = contract(
    "split_series",
    reference=ref.split_series,
    case=SplitCase,
    probes=_split_probes,
    mistakes=(
        Mistake("split-shuffled",
                "the series is shuffled before it is split: a forecast is tested on the future, "
                "so the pieces are consecutive periods in time order (and neighbouring hours are "
                "near copies: a shuffled test set measures memory, not forecasting)."),
        Mistake("split-pieces-overlap",
                "the pieces share points, so windows cross from one period into the next: every "
                "point belongs to exactly one piece."),
        Mistake("split-rounded-lengths",
                "the lengths are rounded: they are `int(T * train_frac)` and `int(T * val_frac)` "
                "(rounded down), and the test period is the rest.",
                _split(rounding=round)),
        Mistake("split-rest-dropped",
                "points are dropped at the end: the test period is everything after training and "
                "validation (`series[n_train + n_val:]`), not `int(T * (1 - train_frac - val_frac))` "
                "points.",
                _split(rest_dropped=True)),
        Mistake("split-val-after-test",
                "the validation period comes last: the order is train, then validation, then "
                "test, the latest period, the one the forecast is judged on.",
                _split(val_last=True)),
    ),
)


def _scaled(arrays, mean, std):
    return mean, std, [(np.asarray(a, dtype=np.float64) - mean) / std for a in arrays]


def _all_data(*arrays):
    rows = np.concatenate([np.asarray(a, dtype=np.float64) for a in arrays])
    std = rows.std(axis=0)
    return _scaled(arrays, rows.mean(axis=0), np.where(std == 0, 1.0, std))


def _train_stats(ddof=0, replace=True, axis=0):
    def standardize(train, *others):
        with warnings.catch_warnings():  # ddof=1 on one row: nan, as the student's code gives
            warnings.simplefilter("ignore")
            std = np.asarray(train, dtype=np.float64).std(axis=axis, ddof=ddof)
        return _scaled((train,) + others, np.asarray(train, dtype=np.float64).mean(axis=axis),
                       np.where(std == 0, 1.0, std) if replace else std)
    return standardize


def _own_stats(*arrays):
    mean, std, _ = ref.standardize(arrays[0])
    return mean, std, [ref.standardize(a)[2][0] for a in arrays]


def _standardize_probes(case):
    drawn_train = case[0]
    tail, dtype = np.shape(drawn_train)[1:], np.asarray(drawn_train).dtype
    train = from_seed((4,) + tail, dtype, -5, 5, seed=35) + 2
    other = from_seed((3,) + tail, dtype, -5, 5, seed=36) - 3
    constant = train.copy()
    constant[:] = constant[0]  # every column constant: std 0 everywhere
    return [(train, other), (constant, other)]


STANDARDIZE = contract(
    "standardize",
    reference=ref.standardize,
    case=tuple,  # (train, *others)
    probes=_standardize_probes,
    mistakes=(
        Mistake("stats-from-all-data",
                "the statistics come from all the data (train and the others together): they must "
                "come from `train` alone, since validation and test stand for a future whose mean "
                "is unknown when you forecast.",
                _all_data),
        Mistake("stats-per-array",
                "each array is scaled with its own mean and std: every array is scaled with the "
                "statistics of `train`.",
                _own_stats),
        Mistake("sample-std",
                "the std is the sample standard deviation (`ddof=1`); use the population one, "
                "`np.std(train, axis=0)` (ddof 0).",
                _train_stats(ddof=1)),
        Mistake("zero-std-not-replaced",
                "a constant column has std 0 and the division gives inf or nan: replace a 0 std "
                "by 1 (`np.where(std == 0, 1, std)`).",
                _train_stats(replace=False)),
        Mistake("stats-not-per-column",
                "the statistics are taken over the whole array: take them per column, over axis 0.",
                _train_stats(axis=None)),
    ),
)


PERSISTENCE_FORECAST = contract(
    "persistence_forecast",
    reference=ref.persistence_forecast,
    probes=lambda X: [{"X": from_seed((3, 4, 2), np.asarray(X).dtype, -3, 3, seed=37)}],
    mistakes=(
        Mistake("persistence-first-value",
                "the forecast is the window's first value: persistence repeats the *last* "
                "observed value, `X[:, -1, 0]`.",
                lambda X: np.asarray(X)[:, 0, 0]),
        Mistake("persistence-all-features",
                "the forecast keeps every feature of the last step: it is column 0 only, "
                "`X[:, -1, 0]`, shape `(n,)`.",
                lambda X: np.asarray(X)[:, -1]),
        Mistake("persistence-window-mean",
                "the forecast is the window's mean: persistence repeats the last observed value, "
                "`X[:, -1, 0]`.",
                lambda X: np.asarray(X)[:, :, 0].mean(axis=1)),
        Mistake("persistence-last-column",
                "the forecast takes the last column: the variable forecast is column 0, "
                "`X[:, -1, 0]`.",
                lambda X: np.asarray(X)[:, -1, -1]),
    ),
)


FIT_FORECASTER = Catalogue(
    "fit_forecaster",
    mistakes=(
        Mistake("forecaster-untrained",
                "the model is not trained on the targets: its forecasts stay the same whatever "
                "`y_train` is. Train it (`model.fit(X_train, y_train, ...)`) and return the "
                "trained model itself, not a fresh or cloned one."),
        Mistake("forecaster-unseeded",
                "the same seed gave different forecasts: call `keras.utils.set_random_seed(seed)` "
                "before you build the model (it seeds the initial weights and the shuffling).",),
    ),
)

CATALOGUE = [MAKE_WINDOWS, SPLIT_SERIES, STANDARDIZE, PERSISTENCE_FORECAST, FIT_FORECASTER]
