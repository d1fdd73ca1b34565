"""Reference forecasting of a temperature series (NumPy, and a small Keras GRU).

A `series` is (T,) or (T, features), in time order; the variable forecast is
column 0.  Windows are made after splitting, within each piece, so that no
training window reaches into the validation or test period.  The kit's data
is the temperature measured every hour at New York's JFK airport in 2013
(seqkit/data/README.md).
"""
import csv

import numpy as np

from seqkit import paths

DATA = paths.DATA / "jfk-hourly-2013.csv"


def load_temperatures(path=DATA):
    """(hours, temperatures, interpolated): (T,) datetime64[h] in UTC, (T,) float64 in °F and
    (T,) bool, True for the hours the source lacks (filled by linear interpolation)."""
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    hours = np.array([r["time_hour"].rstrip("Z") for r in rows], dtype="datetime64[h]")
    return (hours, np.array([float(r["temp_f"]) for r in rows]),
            np.array([r["interpolated"] == "1" for r in rows]))


def _as_2d(series):
    s = np.asarray(series)
    return s[:, None] if s.ndim == 1 else s


def make_windows(series, window, horizon):
    """(X, y) for supervised forecasting.

    series: (T,) or (T, features) -> X: (n, window, features) with
    X[k] = series[k : k + window], y: (n,) with y[k] = series[k + window - 1 + horizon, 0],
    n = T - window - horizon + 1.  horizon = 1 is the step right after the window.
    Raises ValueError when window < 1, horizon < 1 or n < 1.
    """
    s = _as_2d(series)
    n = s.shape[0] - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError(f"no window of length {window} with horizon {horizon} fits in a series "
                         f"of length {s.shape[0]}")
    X = np.stack([s[k:k + window] for k in range(n)])
    y = s[window - 1 + horizon:window - 1 + horizon + n, 0]
    return X, y


def split_series(series, train_frac, val_frac):
    """(train, val, test): consecutive pieces in time order, nothing shuffled or shared.

    Lengths int(T * train_frac), int(T * val_frac) and the rest.
    """
    s = np.asarray(series)
    n_train = int(s.shape[0] * train_frac)
    n_val = int(s.shape[0] * val_frac)
    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:]


def standardize(train, *others):
    """(mean, std, scaled) with the statistics of `train` alone.

    mean, std: per column (axis 0), std the population std (ddof 0) with 0 -> 1;
    scaled: [(train - mean) / std] + [(o - mean) / std for o in others].
    """
    train = np.asarray(train, dtype=np.float64)
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return mean, std, [(np.asarray(a, dtype=np.float64) - mean) / std for a in (train, *others)]


def persistence_forecast(X):
    """The last observed value of column 0 of each window.  X: (n, window, features) -> (n,)"""
    return np.asarray(X)[:, -1, 0]


def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    """A small GRU trained on the training windows; the validation windows stop it early.

    X_train: (n, window, features), y_train: (n,).  Returns the Keras model;
    model.predict(X) -> (n, 1).  Same seed, same forecasts.
    """
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([
        keras.Input(np.shape(X_train)[1:]),
        keras.layers.GRU(16),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    stop = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    model.fit(np.asarray(X_train, np.float32), np.asarray(y_train, np.float32),
              validation_data=(np.asarray(X_val, np.float32), np.asarray(y_val, np.float32)),
              batch_size=64, epochs=10, callbacks=[stop], verbose=0)
    return model
