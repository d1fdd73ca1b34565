"""Reference implementations of the six Genz (1987) test functions.

Every function takes ``x: (n, d)`` points in ``[0, 1]^d`` and parameters
``c, w: (d,)`` and returns ``(n,)`` values in float64.

Conventions (the course's lecture slide; see also ``exercise-contract.md``):

* The difficulty budgets ``b_j`` are the ones in John Burkardt's
  ``test_interp_nd`` (``BUDGETS`` below; product peak ``d``).  Genz (1987) and later
  papers (e.g. Bernhard/Surjanovic's Virtual Library) use other constants, so
  the same family can be "harder" elsewhere.
* ``c`` is rescaled so that ``sum(c) == b_j`` (``normalize_c``) and ``w`` is
  rescaled so that ``sum(w) == 1`` (``normalize_w``).  Most papers draw ``w``
  uniformly and do not normalise it; the course normalises both.
"""

import numpy as np

BUDGETS = {  # b_j of every family but the product peak's (b_j = d)
    "oscillatory": 1.5,
    "corner_peak": 1.85,
    "gaussian": 7.03,
    "continuous": 20.4,
    "discontinuous": 4.3,
}


def _as_arrays(x, c, w):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n, d), got {x.shape}")
    d = x.shape[1]
    c = np.asarray(c, dtype=np.float64).reshape(d)
    w = np.asarray(w, dtype=np.float64).reshape(d)
    return x, c, w


def oscillatory(x, c, w):
    """cos(2π w_1 + Σ_i c_i x_i).  x: (n, d), c, w: (d,) -> (n,)"""
    x, c, w = _as_arrays(x, c, w)
    return np.cos(2.0 * np.pi * w[0] + x @ c)


def product_peak(x, c, w):
    """Π_i (c_i^-2 + (x_i - w_i)^2)^-1.  x: (n, d), c, w: (d,) -> (n,)

    Summed in log space: with sharp peaks (large c) at d = 10 a plain product
    of ten factors c_i^2 reaches 1e34 and more, at the edge of float32.
    """
    x, c, w = _as_arrays(x, c, w)
    return np.exp(-np.sum(np.log(c ** -2.0 + (x - w) ** 2), axis=1))


def corner_peak(x, c, w):
    """(1 + Σ_i c_i x_i)^-(d+1).  x: (n, d), c, w: (d,) -> (n,); w is unused.

    Computed as exp(-(d+1) log1p(s)) so that tiny sums keep their digits.
    """
    x, c, w = _as_arrays(x, c, w)
    d = x.shape[1]
    return np.exp(-(d + 1) * np.log1p(x @ c))


def gaussian(x, c, w):
    """exp(-Σ_i c_i^2 (x_i - w_i)^2).  x: (n, d), c, w: (d,) -> (n,)"""
    x, c, w = _as_arrays(x, c, w)
    return np.exp(-np.sum(c ** 2 * (x - w) ** 2, axis=1))


def continuous(x, c, w):
    """exp(-Σ_i c_i |x_i - w_i|).  x: (n, d), c, w: (d,) -> (n,)"""
    x, c, w = _as_arrays(x, c, w)
    return np.exp(-np.abs(x - w) @ c)


def discontinuous(x, c, w):
    """0 where x_1 > w_1 or x_2 > w_2, else exp(Σ_i c_i x_i).

    x: (n, d), c, w: (d,) -> (n,).  For d = 1 only x_1 > w_1 applies.
    """
    x, c, w = _as_arrays(x, c, w)
    outside = np.any(x[:, :2] > w[:2], axis=1)
    return np.where(outside, 0.0, np.exp(x @ c))


GENZ_FAMILIES = {
    "oscillatory": oscillatory,
    "product_peak": product_peak,
    "corner_peak": corner_peak,
    "gaussian": gaussian,
    "continuous": continuous,
    "discontinuous": discontinuous,
}


def genz_budget(family, d):
    """The difficulty b_j of a family in dimension d (Burkardt's constants)."""
    if family == "product_peak":
        return float(d)
    if family not in BUDGETS:
        raise ValueError(
            f"unknown Genz family {family!r}; expected one of {sorted(GENZ_FAMILIES)}"
        )
    return BUDGETS[family]


def normalize_c(c, family):
    """c * b_j / Σ c, with d = len(c): the result sums to b_j.  c: (d,) -> (d,)"""
    c = np.asarray(c, dtype=np.float64)
    return c * genz_budget(family, len(c)) / np.sum(c)


def normalize_w(w):
    """w / Σ w: the result sums to 1.  w: (d,) -> (d,)"""
    w = np.asarray(w, dtype=np.float64)
    return w / np.sum(w)


def approximation_errors(y_true, y_pred):
    """(mean |error|, max |error|) as Python floats.

    y_true, y_pred: (n,) or (n, 1); errors are taken point by point.
    """
    y_true = np.asarray(y_true, dtype=np.float64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} values but y_pred has {y_pred.size}")
    err = np.abs(y_true - y_pred)
    return float(np.mean(err)), float(np.max(err))


def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    """Fit a small Keras MLP to f from n_train uniform points in [0, 1]^d.

    f: callable (n, d) -> (n,).  Returns (mean_abs_error, max_abs_error) on
    n_test fresh uniform test points.  Same seed, same result: NumPy draws
    come from a seeded Generator and Keras from keras.utils.set_random_seed.
    """
    import keras

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.random((n_train, d))
    x_test = rng.random((n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)

    model = keras.Sequential([
        keras.Input((d,)),
        keras.layers.Dense(64, activation="tanh"),
        keras.layers.Dense(64, activation="tanh"),
        keras.layers.Dense(1),
    ])
    # 500 full-batch Adam steps run as one compiled loop: Keras spends tens
    # of milliseconds per epoch on bookkeeping, so "epochs=500" on a tiny
    # data set would cost seconds more than the arithmetic.
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    y_pred = model.predict(x_test, batch_size=n_test, verbose=0)
    return approximation_errors(y_test, y_pred)
