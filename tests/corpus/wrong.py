"""Wrong answers the hidden tests must catch.

Each entry is (assignment, question, label, source): `source` is a code cell a
student might leave at the end of an otherwise perfect notebook; it redefines
one contract function or class (helpers it needs are defined inside it) and
may use what the notebook has imported (np, keras, ops, ...) and the
notebook's other functions.  Every one of them violates
/work/shared/exercise-contract.md for some valid input, so it must lose
points on its own question.  Drawn from mistakes students really make.
"""

WRONG = [
    # ------------------------------------------------------------------ genz
    # oscillatory: cos(2π w_1 + Σ c_i x_i)
    ("genz", "oscillatory", "missing-2pi", """
def oscillatory(x, c, w):
    return np.cos(w[0] + x @ c)
"""),
    ("genz", "oscillatory", "pi-instead-of-2pi", """
def oscillatory(x, c, w):
    return np.cos(np.pi * w[0] + x @ c)
"""),
    ("genz", "oscillatory", "phase-from-every-w", """
def oscillatory(x, c, w):
    return np.cos(2 * np.pi * np.sum(w) + x @ c)
"""),
    ("genz", "oscillatory", "sin-instead-of-cos", """
def oscillatory(x, c, w):
    return np.sin(2 * np.pi * w[0] + x @ c)
"""),
    ("genz", "oscillatory", "x-shifted-by-w", """
def oscillatory(x, c, w):
    return np.cos(2 * np.pi * w[0] + (x - w) @ c)
"""),
    ("genz", "oscillatory", "sum-over-all-points", """
def oscillatory(x, c, w):
    return np.cos(2 * np.pi * w[0] + np.sum(c * x))
"""),
    ("genz", "oscillatory", "phase-outside-cos", """
def oscillatory(x, c, w):
    return 2 * np.pi * w[0] + np.cos(x @ c)
"""),

    # product_peak: Π (c_i^-2 + (x_i - w_i)^2)^-1
    ("genz", "product_peak", "missing-reciprocal", """
def product_peak(x, c, w):
    return np.prod(c ** -2.0 + (x - w) ** 2, axis=1)
"""),
    ("genz", "product_peak", "c-squared-not-inverse-squared", """
def product_peak(x, c, w):
    return np.prod(1.0 / (c ** 2 + (x - w) ** 2), axis=1)
"""),
    ("genz", "product_peak", "sum-instead-of-product", """
def product_peak(x, c, w):
    return np.sum(1.0 / (c ** -2.0 + (x - w) ** 2), axis=1)
"""),
    ("genz", "product_peak", "product-over-points", """
def product_peak(x, c, w):
    return np.prod(1.0 / (c ** -2.0 + (x - w) ** 2), axis=0)
"""),
    ("genz", "product_peak", "abs-instead-of-square", """
def product_peak(x, c, w):
    return np.prod(1.0 / (c ** -2.0 + np.abs(x - w)), axis=1)
"""),
    ("genz", "product_peak", "x-plus-w", """
def product_peak(x, c, w):
    return np.prod(1.0 / (c ** -2.0 + (x + w) ** 2), axis=1)
"""),
    ("genz", "product_peak", "c-inverse-not-squared", """
def product_peak(x, c, w):
    return np.prod(1.0 / (1.0 / c + (x - w) ** 2), axis=1)
"""),

    # corner_peak: (1 + Σ c_i x_i)^-(d+1)
    ("genz", "corner_peak", "exponent-minus-d", """
def corner_peak(x, c, w):
    return (1 + x @ c) ** (-x.shape[1])
"""),
    ("genz", "corner_peak", "d-from-number-of-points", """
def corner_peak(x, c, w):
    d = x.shape[0]
    return (1.0 + x @ c) ** (-(d + 1.0))
"""),
    ("genz", "corner_peak", "positive-exponent", """
def corner_peak(x, c, w):
    d = x.shape[1]
    return (1.0 + x @ c) ** (d + 1.0)
"""),
    ("genz", "corner_peak", "missing-one-plus", """
def corner_peak(x, c, w):
    d = x.shape[1]
    return (x @ c) ** (-(d + 1.0))
"""),
    ("genz", "corner_peak", "exponent-not-parenthesised", """
def corner_peak(x, c, w):
    d = x.shape[1]
    return (1.0 + x @ c) ** -d + 1
"""),
    ("genz", "corner_peak", "shifted-by-w", """
def corner_peak(x, c, w):
    d = x.shape[1]
    return (1.0 + (x - w) @ c) ** (-(d + 1.0))
"""),
    ("genz", "corner_peak", "d-from-x-size", """
def corner_peak(x, c, w):
    d = np.asarray(x).size
    return (1.0 + x @ c) ** (-(d + 1.0))
"""),

    # gaussian: exp(-Σ c_i² (x_i - w_i)²)
    ("genz", "gaussian", "c-not-squared", """
def gaussian(x, c, w):
    return np.exp(-np.sum(c * (x - w) ** 2, axis=1))
"""),
    ("genz", "gaussian", "missing-minus", """
def gaussian(x, c, w):
    return np.exp(np.sum(c ** 2 * (x - w) ** 2, axis=1))
"""),
    ("genz", "gaussian", "square-after-sum", """
def gaussian(x, c, w):
    return np.exp(-np.sum(c * (x - w), axis=1) ** 2)
"""),
    ("genz", "gaussian", "sum-over-points", """
def gaussian(x, c, w):
    return np.exp(-np.sum(c ** 2 * (x - w) ** 2, axis=0))
"""),
    ("genz", "gaussian", "norm-not-squared", """
def gaussian(x, c, w):
    return np.exp(-np.linalg.norm(c * (x - w), axis=1))
"""),
    ("genz", "gaussian", "abs-instead-of-square", """
def gaussian(x, c, w):
    return np.exp(-np.sum(c ** 2 * np.abs(x - w), axis=1))
"""),

    # continuous: exp(-Σ c_i |x_i - w_i|)
    ("genz", "continuous", "missing-abs", """
def continuous(x, c, w):
    return np.exp(-((x - w) @ c))
"""),
    ("genz", "continuous", "square-instead-of-abs", """
def continuous(x, c, w):
    return np.exp(-((x - w) ** 2 @ c))
"""),
    ("genz", "continuous", "c-squared", """
def continuous(x, c, w):
    return np.exp(-(np.abs(x - w) @ c ** 2))
"""),
    ("genz", "continuous", "missing-minus", """
def continuous(x, c, w):
    return np.exp(np.abs(x - w) @ c)
"""),
    ("genz", "continuous", "abs-after-sum", """
def continuous(x, c, w):
    return np.exp(-np.abs((x - w) @ c))
"""),
    ("genz", "continuous", "sum-over-points", """
def continuous(x, c, w):
    return np.exp(-np.sum(c * np.abs(x - w), axis=0))
"""),

    # discontinuous: 0 where x_1 > w_1 or x_2 > w_2, else exp(Σ c_i x_i)
    ("genz", "discontinuous", "and-instead-of-or", """
def discontinuous(x, c, w):
    outside = np.all(x[:, :2] > w[:2], axis=1)
    return np.where(outside, 0.0, np.exp(x @ c))
"""),
    ("genz", "discontinuous", "inverted-region", """
def discontinuous(x, c, w):
    outside = np.any(x[:, :2] > w[:2], axis=1)
    return np.where(outside, np.exp(x @ c), 0.0)
"""),
    ("genz", "discontinuous", "first-coordinate-only", """
def discontinuous(x, c, w):
    return np.where(x[:, 0] > w[0], 0.0, np.exp(x @ c))
"""),
    ("genz", "discontinuous", "every-coordinate-cuts", """
def discontinuous(x, c, w):
    outside = np.any(x > w, axis=1)
    return np.where(outside, 0.0, np.exp(x @ c))
"""),
    ("genz", "discontinuous", "non-strict-inequality", """
def discontinuous(x, c, w):
    outside = np.any(x[:, :2] >= w[:2], axis=1)
    return np.where(outside, 0.0, np.exp(x @ c))
"""),
    ("genz", "discontinuous", "negative-exponent", """
def discontinuous(x, c, w):
    outside = np.any(x[:, :2] > w[:2], axis=1)
    return np.where(outside, 0.0, np.exp(-(x @ c)))
"""),
    ("genz", "discontinuous", "breaks-for-d-1", """
def discontinuous(x, c, w):
    outside = (x[:, 0] > w[0]) | (x[:, 1] > w[1])
    return np.where(outside, 0.0, np.exp(x @ c))
"""),

    # GENZ_FAMILIES
    ("genz", "GENZ_FAMILIES", "families-swapped~gaussian-and-continuous", """
GENZ_FAMILIES = {
    "oscillatory": oscillatory,
    "product_peak": product_peak,
    "corner_peak": corner_peak,
    "gaussian": continuous,
    "continuous": gaussian,
    "discontinuous": discontinuous,
}
"""),
    ("genz", "GENZ_FAMILIES", "missing-family", """
GENZ_FAMILIES = {
    "oscillatory": oscillatory,
    "product_peak": product_peak,
    "corner_peak": corner_peak,
    "gaussian": gaussian,
    "continuous": continuous,
}
"""),
    ("genz", "GENZ_FAMILIES", "missing-family~misspelled-key", """
GENZ_FAMILIES = {
    "oscillatory": oscillatory,
    "product peak": product_peak,
    "corner_peak": corner_peak,
    "gaussian": gaussian,
    "continuous": continuous,
    "discontinuous": discontinuous,
}
"""),
    ("genz", "GENZ_FAMILIES", "late-binding-lambdas", """
GENZ_FAMILIES = {name: (lambda x, c, w: fn(x, c, w)) for name, fn in [
    ("oscillatory", oscillatory), ("product_peak", product_peak),
    ("corner_peak", corner_peak), ("gaussian", gaussian),
    ("continuous", continuous), ("discontinuous", discontinuous)]}
"""),
    ("genz", "GENZ_FAMILIES", "not-a-dict-of-functions~names", """
GENZ_FAMILIES = {name: name for name in ["oscillatory", "product_peak", "corner_peak",
                                         "gaussian", "continuous", "discontinuous"]}
"""),
    ("genz", "GENZ_FAMILIES", "not-a-dict-of-functions~list", """
GENZ_FAMILIES = [oscillatory, product_peak, corner_peak, gaussian, continuous, discontinuous]
"""),
    ("genz", "GENZ_FAMILIES", "c-and-w-swapped~wrappers", """
GENZ_FAMILIES = {
    "oscillatory": lambda x, c, w: oscillatory(x, w, c),
    "product_peak": lambda x, c, w: product_peak(x, w, c),
    "corner_peak": lambda x, c, w: corner_peak(x, w, c),
    "gaussian": lambda x, c, w: gaussian(x, w, c),
    "continuous": lambda x, c, w: continuous(x, w, c),
    "discontinuous": lambda x, c, w: discontinuous(x, w, c),
}
"""),

    # genz_budget
    ("genz", "genz_budget", "another-papers-constants", """
def genz_budget(family, d):
    budgets = {"oscillatory": 9.0, "product_peak": 7.25, "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    if family not in budgets:
        raise ValueError(family)
    return budgets[family]
"""),
    ("genz", "genz_budget", "unknown-family-returns-none", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    return budgets.get(family)
"""),
    ("genz", "genz_budget", "keyerror-not-valueerror", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    return budgets[family]
"""),
    ("genz", "genz_budget", "product-peak-fixed~hardcoded-for-d-2", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": 2.0, "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    if family not in budgets:
        raise ValueError(f"unknown family {family}")
    return budgets[family]
"""),
    ("genz", "genz_budget", "budgets-swapped~corner-and-discontinuous", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 4.3,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 1.85}
    if family not in budgets:
        raise ValueError(f"unknown family {family}")
    return budgets[family]
"""),
    ("genz", "genz_budget", "returns-the-exception", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    if family not in budgets:
        return ValueError(f"unknown family {family}")
    return budgets[family]
"""),
    ("genz", "genz_budget", "assert-instead-of-raise", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 1.85,
               "gaussian": 7.03, "continuous": 20.4, "discontinuous": 4.3}
    assert family in budgets, f"unknown family {family}"
    return budgets[family]
"""),
    ("genz", "genz_budget", "gaussian-typo", """
def genz_budget(family, d):
    budgets = {"oscillatory": 1.5, "product_peak": float(d), "corner_peak": 1.85,
               "gaussian": 7.3, "continuous": 20.4, "discontinuous": 4.3}
    if family not in budgets:
        raise ValueError(f"unknown family {family}")
    return budgets[family]
"""),

    # normalize_c: c * b_j / Σ c
    ("genz", "normalize_c", "divides-by-norm", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c * genz_budget(family, len(c)) / np.linalg.norm(c)
"""),
    ("genz", "normalize_c", "forgets-the-budget", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c / np.sum(c)
"""),
    ("genz", "normalize_c", "budget-for-d-1", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c * genz_budget(family, 1) / np.sum(c)
"""),
    ("genz", "normalize_c", "divides-by-d", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c * genz_budget(family, len(c)) / len(c)
"""),
    ("genz", "normalize_c", "ratio-inverted", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c * np.sum(c) / genz_budget(family, len(c))
"""),
    ("genz", "normalize_c", "budget-per-dimension", """
def normalize_c(c, family):
    c = np.asarray(c, dtype=float)
    return c * genz_budget(family, len(c)) * len(c) / np.sum(c)
"""),

    # normalize_w: w / Σ w
    ("genz", "normalize_w", "divides-by-max", """
def normalize_w(w):
    w = np.asarray(w, dtype=float)
    return w / np.max(w)
"""),
    ("genz", "normalize_w", "divides-by-norm", """
def normalize_w(w):
    w = np.asarray(w, dtype=float)
    return w / np.linalg.norm(w)
"""),
    ("genz", "normalize_w", "divides-by-length", """
def normalize_w(w):
    w = np.asarray(w, dtype=float)
    return w / len(w)
"""),
    ("genz", "normalize_w", "softmax", """
def normalize_w(w):
    e = np.exp(np.asarray(w, dtype=float))
    return e / np.sum(e)
"""),
    ("genz", "normalize_w", "min-max-scaling", """
def normalize_w(w):
    w = np.asarray(w, dtype=float)
    return (w - w.min()) / (w.max() - w.min())
"""),
    ("genz", "normalize_w", "floor-division", """
def normalize_w(w):
    return w // np.sum(w)
"""),

    # approximation_errors: point by point, (n,) or (n, 1)
    ("genz", "approximation_errors", "broadcast-to-all-pairs", """
def approximation_errors(y_true, y_pred):
    err = np.abs(np.asarray(y_true) - np.asarray(y_pred))
    return float(err.mean()), float(err.max())
"""),
    ("genz", "approximation_errors", "flattens-only-the-prediction", """
def approximation_errors(y_true, y_pred):
    err = np.abs(np.asarray(y_true) - np.ravel(y_pred))
    return float(err.mean()), float(err.max())
"""),
    ("genz", "approximation_errors", "signed-max-error", """
def approximation_errors(y_true, y_pred):
    diff = np.ravel(y_true) - np.ravel(y_pred)
    return float(np.mean(np.abs(diff))), float(np.max(diff))
"""),
    ("genz", "approximation_errors", "signed-mean-error", """
def approximation_errors(y_true, y_pred):
    diff = np.ravel(y_true) - np.ravel(y_pred)
    return float(np.mean(diff)), float(np.max(np.abs(diff)))
"""),
    ("genz", "approximation_errors", "rmse-as-mean-error", """
def approximation_errors(y_true, y_pred):
    diff = np.ravel(y_true) - np.ravel(y_pred)
    return float(np.sqrt(np.mean(diff ** 2))), float(np.max(np.abs(diff)))
"""),
    ("genz", "approximation_errors", "squared-errors", """
def approximation_errors(y_true, y_pred):
    sq = (np.ravel(y_true) - np.ravel(y_pred)) ** 2
    return float(np.mean(sq)), float(np.max(sq))
"""),
    ("genz", "approximation_errors", "max-and-mean-swapped", """
def approximation_errors(y_true, y_pred):
    err = np.abs(np.ravel(y_true) - np.ravel(y_pred))
    return float(err.max()), float(err.mean())
"""),
    ("genz", "approximation_errors", "relative-errors", """
def approximation_errors(y_true, y_pred):
    t = np.ravel(y_true)
    err = np.abs(t - np.ravel(y_pred)) / np.abs(t)
    return float(err.mean()), float(err.max())
"""),

    # fit_and_evaluate: seeded, fresh n_test test points, errors on them
    ("genz", "fit_and_evaluate", "keras-not-seeded", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "points-not-seeded", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng()
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "keras-not-seeded~numpy-global-only", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    np.random.seed(seed)
    x_train = np.random.rand(n_train, d)
    x_test = np.random.rand(n_test, d)
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "keras-not-seeded~seeded-after-the-model-is-built", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "errors-on-training-points", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_train, model.predict(x_train, batch_size=n_train, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "test-rng-reseeded", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    x_train = np.random.default_rng(seed).uniform(0.0, 1.0, (n_train, d))
    x_test = np.random.default_rng(seed).uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "never-trained", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "errors-broadcast-inline", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    err = np.abs(y_test - model.predict(x_test, batch_size=n_test, verbose=0))
    return float(err.mean()), float(err.max())
"""),
    ("genz", "fit_and_evaluate", "max-and-mean-swapped", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    mean, worst = approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
    return worst, mean
"""),
    ("genz", "fit_and_evaluate", "ignores-n-test", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (1000, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=1000, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "ignores-the-seed", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(42)
    rng = np.random.default_rng(42)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_test, batch_size=n_test, verbose=0))
"""),
    ("genz", "fit_and_evaluate", "signed-errors~inline", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    diff = y_test - model.predict(x_test, batch_size=n_test, verbose=0).reshape(-1)
    return float(diff.mean()), float(diff.max())
"""),
    ("genz", "fit_and_evaluate", "predicts-on-training-points", """
def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    x_train = rng.uniform(0.0, 1.0, (n_train, d))
    x_test = rng.uniform(0.0, 1.0, (n_test, d))
    y_train = np.asarray(f(x_train), dtype=np.float64).reshape(-1)
    y_test = np.asarray(f(x_test), dtype=np.float64).reshape(-1)
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(64, activation="tanh"),
                              keras.layers.Dense(64, activation="tanh"), keras.layers.Dense(1)])
    steps = 500
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", steps_per_execution=steps)
    model.fit(np.tile(x_train, (steps, 1)), np.tile(y_train, steps), batch_size=n_train,
              epochs=1, shuffle=False, verbose=0)
    return approximation_errors(y_test, model.predict(x_train, batch_size=n_train, verbose=0))
"""),

    # ------------------------------------------------------------------- rnn
    # rnn_step: tanh(x_t @ W_xh + h_prev @ W_hh + b_h)
    ("rnn", "rnn_step", "recurrent-transposed", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh + h_prev @ W_hh.T + b_h)
"""),
    ("rnn", "rnn_step", "input-transposed", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh.T + h_prev @ W_hh + b_h)
"""),
    ("rnn", "rnn_step", "missing-bias", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh + h_prev @ W_hh)
"""),
    ("rnn", "rnn_step", "relu-instead-of-tanh", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.maximum(0.0, x_t @ W_xh + h_prev @ W_hh + b_h)
"""),
    ("rnn", "rnn_step", "sigmoid-instead-of-tanh", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return 1.0 / (1.0 + np.exp(-(x_t @ W_xh + h_prev @ W_hh + b_h)))
"""),
    ("rnn", "rnn_step", "bias-outside-tanh", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_xh + h_prev @ W_hh) + b_h
"""),
    ("rnn", "rnn_step", "recurrent-transposed~column-vectors", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    # CS231n-style column vectors: W @ h
    return np.tanh((W_xh.T @ x_t.T + W_hh @ h_prev.T).T + b_h)
"""),
    ("rnn", "rnn_step", "weights-swapped", """
def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):
    return np.tanh(x_t @ W_hh + h_prev @ W_xh + b_h)
"""),

    # rnn_forward: hs (batch, T, units), state after each step, h0 excluded
    ("rnn", "rnn_forward", "state-not-carried", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    return np.stack([rnn_step(xs[:, t], h0, W_xh, W_hh, b_h)
                     for t in range(xs.shape[1])], axis=1)
"""),
    ("rnn", "rnn_forward", "h0-included", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = h0, [h0]
    for t in range(xs.shape[1] - 1):
        h = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""),
    ("rnn", "rnn_forward", "h0-prepended", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = h0, [h0]
    for t in range(xs.shape[1]):
        h = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""),
    ("rnn", "rnn_forward", "time-major-output", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = h0, []
    for t in range(xs.shape[1]):
        h = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=0)
"""),
    ("rnn", "rnn_forward", "loops-over-batch", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = h0, []
    for x_t in xs:
        h = rnn_step(x_t, h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""),
    ("rnn", "rnn_forward", "last-state-only", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h = h0
    for t in range(xs.shape[1]):
        h = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
    return h
"""),
    ("rnn", "rnn_forward", "one-buffer-reused", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h = np.array(h0, dtype=np.float64)
    hs = []
    for t in range(xs.shape[1]):
        h[:] = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""),
    ("rnn", "rnn_forward", "time-reversed", """
def rnn_forward(xs, h0, W_xh, W_hh, b_h):
    h, hs = h0, []
    for t in range(xs.shape[1] - 1, -1, -1):
        h = rnn_step(xs[:, t], h, W_xh, W_hh, b_h)
        hs.append(h)
    return np.stack(hs, axis=1)
"""),

    # rnn_outputs: hs @ W_hy + b_y
    ("rnn", "rnn_outputs", "missing-bias", """
def rnn_outputs(hs, W_hy, b_y):
    return hs @ W_hy
"""),
    ("rnn", "rnn_outputs", "weights-transposed", """
def rnn_outputs(hs, W_hy, b_y):
    return hs @ W_hy.T + b_y
"""),
    ("rnn", "rnn_outputs", "tanh-on-the-outputs", """
def rnn_outputs(hs, W_hy, b_y):
    return np.tanh(hs @ W_hy + b_y)
"""),
    ("rnn", "rnn_outputs", "softmax-on-the-outputs", """
def rnn_outputs(hs, W_hy, b_y):
    z = hs @ W_hy + b_y
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
"""),
    ("rnn", "rnn_outputs", "last-step-only", """
def rnn_outputs(hs, W_hy, b_y):
    return hs[:, -1] @ W_hy + b_y
"""),
    ("rnn", "rnn_outputs", "reshape-mixes-batch-and-time", """
def rnn_outputs(hs, W_hy, b_y):
    B, T, U = hs.shape
    flat = hs.reshape(B * T, U) @ W_hy + b_y
    return flat.reshape(T, B, -1).transpose(1, 0, 2)
"""),

    # clip_by_global_norm
    ("rnn", "clip_by_global_norm", "clips-each-separately", """
def clip_by_global_norm(grads, max_norm):
    norms = [np.linalg.norm(g) for g in grads]
    total = float(np.sqrt(sum(n ** 2 for n in norms)))
    return [g * max_norm / max(n, max_norm) for g, n in zip(grads, norms)], total
"""),
    ("rnn", "clip_by_global_norm", "sum-of-norms", """
def clip_by_global_norm(grads, max_norm):
    total = float(sum(np.linalg.norm(np.ravel(g)) for g in grads))
    scale = max_norm / max(total, max_norm)
    return [np.asarray(g) * scale for g in grads], total
"""),
    ("rnn", "clip_by_global_norm", "norm-after-clipping", """
def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    clipped = [np.asarray(g) * max_norm / max(total, max_norm) for g in grads]
    return clipped, float(np.sqrt(sum(np.sum(np.square(g)) for g in clipped)))
"""),
    ("rnn", "clip_by_global_norm", "always-rescales", """
def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    return [np.asarray(g) * max_norm / total for g in grads], total
"""),
    ("rnn", "clip_by_global_norm", "clips-by-value", """
def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    return [np.clip(g, -max_norm, max_norm) for g in grads], total
"""),
    ("rnn", "clip_by_global_norm", "missing-sqrt", """
def clip_by_global_norm(grads, max_norm):
    total = float(sum(np.sum(np.square(g)) for g in grads))
    scale = max_norm / max(total, max_norm)
    return [np.asarray(g) * scale for g in grads], total
"""),
    ("rnn", "clip_by_global_norm", "pair-in-the-wrong-order", """
def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = max_norm / max(total, max_norm)
    return total, [np.asarray(g) * scale for g in grads]
"""),
    ("rnn", "clip_by_global_norm", "ratio-inverted", """
def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = total / max_norm if total > max_norm else 1.0
    return [np.asarray(g) * scale for g in grads], total
"""),
    ("rnn", "clip_by_global_norm", "divides-by-zero-norm", """
def clip_by_global_norm(grads, max_norm):
    grads = [np.asarray(g, dtype=np.float64) for g in grads]
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    scale = min(1.0, max_norm / total)
    return [g * scale for g in grads], total
"""),

    # MyRNNCell
    ("rnn", "MyRNNCell", "recurrent-kernel-transposed", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(states[0], ops.transpose(self.recurrent_kernel)) + self.bias)
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "no-bias-weight", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel))
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "weights-in-wrong-order", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "state-not-fed-back", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel) + self.bias)
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "relu-activation", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h = ops.relu(ops.matmul(inputs, self.kernel)
                     + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "outputs-the-previous-state", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev = states[0]
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(h_prev, self.recurrent_kernel) + self.bias)
        return h_prev, [h]
"""),
    ("rnn", "MyRNNCell", "bias-outside-tanh", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(states[0], self.recurrent_kernel)) + self.bias
        return h, [h]
"""),
    ("rnn", "MyRNNCell", "kernel-stored-transposed", """
class MyRNNCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        # PyTorch layout: (units, input_dim)
        self.kernel = self.add_weight(shape=(self.units, input_shape[-1]), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h = ops.tanh(ops.matmul(inputs, ops.transpose(self.kernel))
                     + ops.matmul(states[0], self.recurrent_kernel) + self.bias)
        return h, [h]
"""),

    # ------------------------------------------------------------------ lstm
    # sigmoid: finite and correct up to |z| = 1000
    ("lstm", "sigmoid", "exp-over-one-plus-exp", """
def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))
"""),
    ("lstm", "sigmoid", "tanh-instead", """
def sigmoid(z):
    return np.tanh(z)
"""),
    ("lstm", "sigmoid", "sign-error", """
def sigmoid(z):
    return 1 / (1 + np.exp(z))
"""),
    ("lstm", "sigmoid", "hard-sigmoid", """
def sigmoid(z):
    return np.clip(0.2 * np.asarray(z) + 0.5, 0.0, 1.0)
"""),
    ("lstm", "sigmoid", "sign-error~stable-branches-swapped", """
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
"""),
    ("lstm", "sigmoid", "tanh-form-missing-halves", """
def sigmoid(z):
    return 0.5 * (1 + np.tanh(z))
"""),
    ("lstm", "sigmoid", "math-exp-overflow", """
import math

def sigmoid(z):
    return np.vectorize(lambda v: 1.0 / (1.0 + math.exp(-v)), otypes=[float])(z)
"""),

    # lstm_gates: (i, f, g, o), Keras block order i | f | g | o
    ("lstm", "lstm_gates", "cs231n-order-i-f-o-g", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    i, f, o, g = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "weights-transposed", """
def lstm_gates(x_t, h_prev, W, U, b):
    # PyTorch keeps weight_ih as (4*units, input_dim)
    z = x_t @ W.T + h_prev @ U.T + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "sigmoid-on-the-candidate", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), sigmoid(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "tanh-on-the-output-gate", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), np.tanh(o)
"""),
    ("lstm", "lstm_gates", "forget-bias-plus-one", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f + 1.0), np.tanh(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "returned-as-i-f-o-g", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), sigmoid(o), np.tanh(g)
"""),
    ("lstm", "lstm_gates", "missing-bias", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U
    i, f, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "forget-block-first", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    f, i, g, o = np.split(z, 4, axis=-1)
    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)
"""),
    ("lstm", "lstm_gates", "gates-interleaved-by-reshape", """
def lstm_gates(x_t, h_prev, W, U, b):
    z = x_t @ W + h_prev @ U + b
    z = z.reshape(z.shape[0], -1, 4)
    return sigmoid(z[..., 0]), sigmoid(z[..., 1]), np.tanh(z[..., 2]), sigmoid(z[..., 3])
"""),

    # lstm_step: c = f * c_prev + i * g, h = o * tanh(c)
    ("lstm", "lstm_step", "h-is-o-times-c", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + i * g
    return o * c, c
"""),
    ("lstm", "lstm_step", "no-input-gate", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + g
    return o * np.tanh(c), c
"""),
    ("lstm", "lstm_step", "h-from-the-old-cell", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + i * g
    return o * np.tanh(c_prev), c
"""),
    ("lstm", "lstm_step", "returns-c-then-h", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + i * g
    return c, o * np.tanh(c)
"""),
    ("lstm", "lstm_step", "input-and-forget-swapped", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = i * c_prev + f * g
    return o * np.tanh(c), c
"""),
    ("lstm", "lstm_step", "tanh-outside-the-product", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + i * g
    return np.tanh(o * c), c
"""),
    ("lstm", "lstm_step", "coupled-input-and-forget", """
def lstm_step(x_t, h_prev, c_prev, W, U, b):
    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)
    c = f * c_prev + (1 - f) * g
    return o * np.tanh(c), c
"""),

    # lstm_forward: (hs, c_T)
    ("lstm", "lstm_forward", "cell-state-not-carried", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, hs = h0, []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c0, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1), c
"""),
    ("lstm", "lstm_forward", "hidden-state-not-carried", """
def lstm_forward(xs, h0, c0, W, U, b):
    c, hs = c0, []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h0, c, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1), c
"""),
    ("lstm", "lstm_forward", "returns-h-as-c", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=1), h
"""),
    ("lstm", "lstm_forward", "h0-included", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, [h0]
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        hs.append(h)
    return np.stack(hs[:-1], axis=1), c
"""),
    ("lstm", "lstm_forward", "stacks-cell-states", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, c, cs = h0, c0, []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        cs.append(c)
    return np.stack(cs, axis=1), c
"""),
    ("lstm", "lstm_forward", "time-major-output", """
def lstm_forward(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for t in range(xs.shape[1]):
        h, c = lstm_step(xs[:, t], h, c, W, U, b)
        hs.append(h)
    return np.stack(hs, axis=0), c
"""),
    ("lstm", "lstm_forward", "one-buffer-reused", """
def lstm_forward(xs, h0, c0, W, U, b):
    h = np.array(h0, dtype=np.float64)
    c = np.array(c0, dtype=np.float64)
    hs = []
    for t in range(xs.shape[1]):
        h_new, c_new = lstm_step(xs[:, t], h, c, W, U, b)
        h[:], c[:] = h_new, c_new
        hs.append(h)
    return np.stack(hs, axis=1), c
"""),

    # MyLSTMCell
    ("lstm", "MyLSTMCell", "cs231n-order-i-f-o-g", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_o, z_g = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "sigmoid-on-the-candidate", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.sigmoid(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "h-is-o-times-c", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * c
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "forget-bias-plus-one", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f + 1.0) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "states-returned-as-c-h", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [c, h]
"""),
    ("lstm", "MyLSTMCell", "weights-in-wrong-order", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "no-bias-weight", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "recurrent-kernel-stored-transposed", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(4 * self.units, self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = (ops.matmul(inputs, self.kernel)
             + ops.matmul(h_prev, ops.transpose(self.recurrent_kernel)) + self.bias)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),
    ("lstm", "MyLSTMCell", "cell-state-forgotten", """
class MyLSTMCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, 4 * self.units), name="recurrent_kernel")
        self.bias = self.add_weight(shape=(4 * self.units,), initializer="zeros", name="bias")

    def call(self, inputs, states):
        h_prev = states[0]
        z = ops.matmul(inputs, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel) + self.bias
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]
"""),

    # ------------------------------------------------------------- attention
    # softmax(z, axis)
    ("attention", "softmax", "no-max-subtraction", """
def softmax(z, axis=-1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)
"""),
    ("attention", "softmax", "ignores-axis", """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""),
    ("attention", "softmax", "sum-without-keepdims", """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis)
"""),
    ("attention", "softmax", "global-max-subtracted", """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
"""),
    ("attention", "softmax", "min-subtracted", """
def softmax(z, axis=-1):
    e = np.exp(z - np.min(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
"""),
    ("attention", "softmax", "normalised-over-everything", """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e)
"""),
    ("attention", "softmax", "returns-log-softmax", """
def softmax(z, axis=-1):
    s = z - np.max(z, axis=axis, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))
"""),
    ("attention", "softmax", "max-over-the-last-axis", """
def softmax(z, axis=-1):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
"""),

    # scaled_dot_product_attention
    ("attention", "scaled_dot_product_attention", "scaled-by-d_k", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "not-scaled", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "scaled-by-sqrt-d_v", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(V.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "mask-applied-after-softmax", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    w = softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1]), axis=-1)
    if mask is not None:
        w = w * mask
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "mask-polarity-inverted", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, -np.inf, s)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "K-dot-T-reverses-every-axis", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ K.T / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "softmax-over-the-queries", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-2)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "mask-multiplies-the-scores", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = s * mask
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "additive-inf-mask-gives-nan", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = s + (1 - mask) * -np.inf
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "d_k-from-shape-1", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "boolean-indexing-ignores-broadcasting", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s[~mask] = -np.inf
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "scaled_dot_product_attention", "inline-softmax-without-max", """
def scaled_dot_product_attention(Q, K, V, mask=None):
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    e = np.exp(s)
    w = e / e.sum(axis=-1, keepdims=True)
    return w @ V, w
"""),

    # causal_mask
    ("attention", "causal_mask", "upper-triangle", """
def causal_mask(T):
    return np.triu(np.ones((T, T), dtype=bool))
"""),
    ("attention", "causal_mask", "diagonal-excluded", """
def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool), k=-1)
"""),
    ("attention", "causal_mask", "not-boolean~float", """
def causal_mask(T):
    return np.tril(np.ones((T, T)))
"""),
    ("attention", "causal_mask", "polarity-inverted", """
def causal_mask(T):
    return ~np.tril(np.ones((T, T), dtype=bool))
"""),
    ("attention", "causal_mask", "not-boolean~int", """
def causal_mask(T):
    return (np.arange(T)[None, :] <= np.arange(T)[:, None]).astype(int)
"""),
    ("attention", "causal_mask", "one-step-into-the-future", """
def causal_mask(T):
    return np.tril(np.ones((T, T), dtype=bool), k=1)
"""),
    ("attention", "causal_mask", "not-boolean~tf-band-part", """
import tensorflow as tf

def causal_mask(T):
    return tf.linalg.band_part(tf.ones((T, T)), -1, 0)
"""),

    # positional_encoding
    ("attention", "positional_encoding", "sines-then-cosines-concatenated", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    i = np.arange((d_model + 1) // 2)[None, :]
    angles = p / 10000 ** (2 * i / d_model)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)[:, :d_model]
"""),
    ("attention", "positional_encoding", "column-index-instead-of-2i", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    j = np.arange(d_model)[None, :]
    angles = p / 10000 ** (j / d_model)
    return np.where(j % 2 == 0, np.sin(angles), np.cos(angles))
"""),
    ("attention", "positional_encoding", "cosines-in-even-columns", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    two_i = (np.arange(d_model) // 2 * 2)[None, :]
    angles = p / 10000 ** (two_i / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.cos(angles), np.sin(angles))
"""),
    ("attention", "positional_encoding", "base-1000", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    two_i = (np.arange(d_model) // 2 * 2)[None, :]
    angles = p / 1000 ** (two_i / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))
"""),
    ("attention", "positional_encoding", "positions-from-one", """
def positional_encoding(T, d_model):
    p = np.arange(1, T + 1)[:, None]
    two_i = (np.arange(d_model) // 2 * 2)[None, :]
    angles = p / 10000 ** (two_i / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))
"""),
    ("attention", "positional_encoding", "fails-for-odd-d_model", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    i = np.arange(d_model // 2)[None, :]
    angles = p / 10000 ** (2 * i / d_model)
    pe = np.zeros((T, d_model))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles)
    return pe
"""),
    ("attention", "positional_encoding", "integer-division-in-the-exponent", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    i = np.arange(d_model)[None, :] // 2
    angles = p / 10000 ** (2 * i // d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))
"""),
    ("attention", "positional_encoding", "rate-multiplies", """
def positional_encoding(T, d_model):
    p = np.arange(T)[:, None]
    two_i = (np.arange(d_model) // 2 * 2)[None, :]
    angles = p * 10000.0 ** (two_i / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angles), np.cos(angles))
"""),

    # attention_head
    ("attention", "attention_head", "scaled-by-sqrt-d_model", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(X.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "attention_head", "mask-not-passed-on", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    return scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v)
"""),
    ("attention", "attention_head", "keys-and-values-swapped", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    return scaled_dot_product_attention(X @ W_q, X @ W_v, X @ W_k, mask)
"""),
    ("attention", "attention_head", "not-scaled", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    s = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),
    ("attention", "attention_head", "returns-only-the-output", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    return scaled_dot_product_attention(X @ W_q, X @ W_k, X @ W_v, mask)[0]
"""),
    ("attention", "attention_head", "queries-used-as-keys", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    return scaled_dot_product_attention(X @ W_q, X @ W_q, X @ W_v, mask)
"""),
    ("attention", "attention_head", "scores-transposed", """
def attention_head(X, W_q, W_k, W_v, mask=None):
    Q, K, V = X @ W_q, X @ W_k, X @ W_v
    s = K @ np.swapaxes(Q, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    w = softmax(s, axis=-1)
    return w @ V, w
"""),

    # multi_head_attention: contiguous heads, concatenated in order, @ W_o
    ("attention", "multi_head_attention", "heads-interleaved", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    outs = [attention_head(X, W_q[:, h::num_heads], W_k[:, h::num_heads],
                           W_v[:, h::num_heads], mask)[0] for h in range(num_heads)]
    return np.concatenate(outs, axis=-1) @ W_o
"""),
    ("attention", "multi_head_attention", "d_head-from-d_model", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = X.shape[-1] // num_heads
    outs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        outs.append(attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols], mask)[0])
    return np.concatenate(outs, axis=-1) @ W_o[:num_heads * d_head]
"""),
    ("attention", "multi_head_attention", "missing-output-projection", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = W_q.shape[1] // num_heads
    outs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        outs.append(attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols], mask)[0])
    return np.concatenate(outs, axis=-1)
"""),
    ("attention", "multi_head_attention", "one-wide-head", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    return attention_head(X, W_q, W_k, W_v, mask)[0] @ W_o
"""),
    ("attention", "multi_head_attention", "heads-interleaved~reshape", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, T, _ = X.shape
    d_head = W_q.shape[1] // num_heads

    def split(M):
        return (X @ M).reshape(B, T, d_head, num_heads).transpose(0, 3, 1, 2)

    out, _ = scaled_dot_product_attention(split(W_q), split(W_k), split(W_v), mask)
    return out.transpose(0, 2, 1, 3).reshape(B, T, -1) @ W_o
"""),
    ("attention", "multi_head_attention", "heads-not-transposed-back", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, T, _ = X.shape
    d_head = W_q.shape[1] // num_heads

    def split(M):
        return (X @ M).reshape(B, T, num_heads, d_head).transpose(0, 2, 1, 3)

    out, _ = scaled_dot_product_attention(split(W_q), split(W_k), split(W_v), mask)
    return out.reshape(B, T, num_heads * d_head) @ W_o
"""),
    ("attention", "multi_head_attention", "mask-not-passed-on", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = W_q.shape[1] // num_heads
    outs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        outs.append(attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols])[0])
    return np.concatenate(outs, axis=-1) @ W_o
"""),
    ("attention", "multi_head_attention", "concatenated-along-time", """
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    d_head = W_q.shape[1] // num_heads
    outs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        outs.append(attention_head(X, W_q[:, cols], W_k[:, cols], W_v[:, cols], mask)[0])
    return np.concatenate(outs, axis=1) @ W_o
"""),

    # -------------------------------------------------------------- forecast
    # make_windows: X[k] = series[k : k + window], y[k] = series[k + window - 1 + horizon, 0]
    ("forecast", "make_windows", "target-one-step-late", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    if s.ndim == 1:
        s = s[:, None]
    n = len(s) - window - horizon
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError("no window fits")
    X = np.stack([s[k:k + window] for k in range(n)])
    y = s[window + horizon:window + horizon + n, 0]
    return X, y
"""),
    ("forecast", "make_windows", "target-one-step-late~loop", """
def make_windows(series, window, horizon):
    s = np.asarray(series).reshape(len(series), -1)
    if window < 1 or horizon < 1 or len(s) - window - horizon < 1:
        raise ValueError("series too short")
    X, y = [], []
    for k in range(len(s) - window - horizon):
        X.append(s[k:k + window])
        y.append(s[k + window + horizon, 0])
    return np.array(X), np.array(y)
"""),
    ("forecast", "make_windows", "target-one-step-early", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    if s.ndim == 1:
        s = s[:, None]
    n = len(s) - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError("no window fits")
    X = np.stack([s[k:k + window] for k in range(n)])
    y = np.array([s[k + window + horizon - 2, 0] for k in range(n)])
    return X, y
"""),
    ("forecast", "make_windows", "target-one-step-early~sliding-view", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    s = s.reshape(len(s), -1)
    n = len(s) - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError("no window fits")
    X = np.lib.stride_tricks.sliding_window_view(s, window, axis=0).transpose(0, 2, 1)[:n]
    y = s[window + horizon - 2:, 0][:n]
    return X.copy(), y.copy()
"""),
    ("forecast", "make_windows", "windows-lose-feature-axis", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    n = len(s) - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError("no window fits")
    X = np.stack([s[k:k + window] for k in range(n)])
    target = s if s.ndim == 1 else s[:, 0]
    return X, target[window - 1 + horizon:window - 1 + horizon + n]
"""),
    ("forecast", "make_windows", "target-all-columns", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    if s.ndim == 1:
        s = s[:, None]
    n = len(s) - window - horizon + 1
    if window < 1 or horizon < 1 or n < 1:
        raise ValueError("no window fits")
    X = np.stack([s[k:k + window] for k in range(n)])
    return X, s[window - 1 + horizon:window - 1 + horizon + n]
"""),
    ("forecast", "make_windows", "no-value-error", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    if s.ndim == 1:
        s = s[:, None]
    n = len(s) - window - horizon + 1
    X = np.stack([s[k:k + window] for k in range(n)])
    return X, s[window - 1 + horizon:window - 1 + horizon + n, 0]
"""),
    ("forecast", "make_windows", "no-value-error~only-n-checked", """
def make_windows(series, window, horizon):
    s = np.asarray(series)
    if s.ndim == 1:
        s = s[:, None]
    n = len(s) - window - horizon + 1
    if n < 1:
        raise ValueError("series too short for this window and horizon")
    X = np.stack([s[k:k + window] for k in range(n)])
    return X, s[window - 1 + horizon:window - 1 + horizon + n, 0]
"""),

    # split_series: consecutive pieces, int() lengths, the test period is the rest
    ("forecast", "split_series", "split-shuffled", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    s = s[np.random.default_rng(0).permutation(len(s))]
    n_train, n_val = int(len(s) * train_frac), int(len(s) * val_frac)
    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:]
"""),
    ("forecast", "split_series", "split-shuffled~shuffle-a-copy", """
def split_series(series, train_frac, val_frac):
    s = np.array(series, copy=True)
    np.random.default_rng(42).shuffle(s)
    n_train = int(len(s) * train_frac)
    n_val = int(len(s) * val_frac)
    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:]
"""),
    ("forecast", "split_series", "split-pieces-overlap", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    n_train, n_val = int(len(s) * train_frac), int(len(s) * val_frac)
    # one step of history for the first window of each later period
    val = s[max(n_train - 1, 0):n_train + n_val]
    test = s[max(n_train + n_val - 1, 0):]
    return s[:n_train], val, test
"""),
    ("forecast", "split_series", "split-rounded-lengths", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    n_train, n_val = round(len(s) * train_frac), round(len(s) * val_frac)
    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:]
"""),
    ("forecast", "split_series", "split-rest-dropped", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    T = len(s)
    n_train, n_val = int(T * train_frac), int(T * val_frac)
    n_test = int(T * (1 - train_frac - val_frac))
    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:n_train + n_val + n_test]
"""),
    ("forecast", "split_series", "split-val-after-test", """
def split_series(series, train_frac, val_frac):
    s = np.asarray(series)
    T = len(s)
    n_train, n_val = int(T * train_frac), int(T * val_frac)
    return s[:n_train], s[T - n_val:], s[n_train:T - n_val]
"""),

    # standardize: statistics of train alone, population std, 0 -> 1
    ("forecast", "standardize", "stats-from-all-data", """
def standardize(train, *others):
    everything = np.concatenate([np.asarray(a, dtype=float) for a in (train, *others)])
    mean = everything.mean(axis=0)
    std = everything.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return mean, std, [(np.asarray(a) - mean) / std for a in (train, *others)]
"""),
    ("forecast", "standardize", "stats-per-array", """
def standardize(train, *others):
    def scale(a):
        a = np.asarray(a, dtype=float)
        m, s = a.mean(axis=0), a.std(axis=0)
        return m, np.where(s == 0, 1.0, s), a
    mean, std, _ = scale(train)
    scaled = []
    for a in (train, *others):
        m, s, a = scale(a)
        scaled.append((a - m) / s)
    return mean, std, scaled
"""),
    ("forecast", "standardize", "sample-std", """
def standardize(train, *others):
    train = np.asarray(train, dtype=float)
    mean = train.mean(axis=0)
    std = train.std(axis=0, ddof=1)
    std = np.where(std == 0, 1.0, std)
    return mean, std, [(np.asarray(a) - mean) / std for a in (train, *others)]
"""),
    ("forecast", "standardize", "sample-std~by-hand", """
def standardize(train, *others):
    train = np.asarray(train, dtype=float)
    n = train.shape[0]
    mean = train.sum(axis=0) / n
    std = np.sqrt(((train - mean) ** 2).sum(axis=0) / (n - 1))
    std = np.where(std == 0, 1.0, std)
    return mean, std, [(np.asarray(a) - mean) / std for a in (train, *others)]
"""),
    ("forecast", "standardize", "zero-std-not-replaced", """
def standardize(train, *others):
    train = np.asarray(train, dtype=float)
    mean, std = train.mean(axis=0), train.std(axis=0)
    return mean, std, [(np.asarray(a) - mean) / std for a in (train, *others)]
"""),
    ("forecast", "standardize", "stats-not-per-column", """
def standardize(train, *others):
    train = np.asarray(train, dtype=float)
    mean, std = np.mean(train), np.std(train)
    if std == 0:
        std = 1.0
    return mean, std, [(np.asarray(a) - mean) / std for a in (train, *others)]
"""),

    # persistence_forecast: X[:, -1, 0]
    ("forecast", "persistence_forecast", "persistence-first-value", """
def persistence_forecast(X):
    return np.asarray(X)[:, 0, 0]
"""),
    ("forecast", "persistence_forecast", "persistence-first-value~loop", """
def persistence_forecast(X):
    return np.array([window[0][0] for window in X])
"""),
    ("forecast", "persistence_forecast", "persistence-all-features", """
def persistence_forecast(X):
    return np.asarray(X)[:, -1]
"""),
    ("forecast", "persistence_forecast", "persistence-window-mean", """
def persistence_forecast(X):
    return np.asarray(X)[:, :, 0].mean(axis=1)
"""),
    ("forecast", "persistence_forecast", "persistence-last-column", """
def persistence_forecast(X):
    return np.asarray(X)[:, -1, -1]
"""),

    # fit_forecaster: trained on the training windows, same seed same forecasts
    ("forecast", "fit_forecaster", "forecaster-untrained", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.GRU(16),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model
"""),
    ("forecast", "fit_forecaster", "forecaster-untrained~clone-returned", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.GRU(16),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X_train, y_train, batch_size=64, epochs=10, verbose=0)
    best = keras.models.clone_model(model)  # a copy of the architecture, not of the weights
    return best
"""),
    ("forecast", "fit_forecaster", "forecaster-unseeded", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.GRU(16),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X_train, y_train, validation_data=(X_val, y_val), batch_size=64, epochs=10,
              verbose=0)
    return model
"""),
    ("forecast", "fit_forecaster", "forecaster-unseeded~numpy-seed-only", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    np.random.seed(seed)
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.GRU(16),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X_train, y_train, batch_size=64, epochs=10, verbose=0)
    return model
"""),
    ("forecast", "fit_forecaster", "forecaster-unseeded~seeded-after-build", """
def fit_forecaster(X_train, y_train, X_val, y_val, seed=0):
    model = keras.Sequential([keras.Input(X_train.shape[1:]), keras.layers.LSTM(16),
                              keras.layers.Dense(1)])
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(X_train, y_train, batch_size=64, epochs=10, verbose=0)
    return model
"""),

    # -------------------------------------------------------------- language
    # build_vocab: sorted(set(text)), ValueError for an empty text
    ("language", "build_vocab", "vocab-set-order", """
def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return list(set(text))
"""),
    ("language", "build_vocab", "vocab-first-appearance", """
def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return list(dict.fromkeys(text))
"""),
    ("language", "build_vocab", "vocab-first-appearance~loop", """
def build_vocab(text):
    if len(text) == 0:
        raise ValueError("empty text")
    vocab = []
    for ch in text:
        if ch not in vocab:
            vocab.append(ch)
    return vocab
"""),
    ("language", "build_vocab", "no-value-error", """
def build_vocab(text):
    return sorted(set(text))
"""),
    ("language", "build_vocab", "vocab-not-deduplicated", """
def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return sorted(text)
"""),
    ("language", "build_vocab", "vocab-from-bytes", """
def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return [chr(b) for b in sorted(set(text.encode("utf-8")))]
"""),
    ("language", "build_vocab", "vocab-by-frequency", """
import collections

def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return [ch for ch, _ in collections.Counter(text).most_common()]
"""),

    # encode: positions in vocab, ValueError naming every unknown character
    ("language", "encode", "unknown-not-raised", """
def encode(text, vocab):
    index = {ch: i for i, ch in enumerate(vocab)}
    return np.array([index[ch] for ch in text if ch in index], dtype=np.int64)
"""),
    ("language", "encode", "unknown-not-raised~key-error", """
def encode(text, vocab):
    index = {ch: i for i, ch in enumerate(vocab)}
    return np.array([index[ch] for ch in text], dtype=np.int64)
"""),
    ("language", "encode", "error-names-too-little", """
def encode(text, vocab):
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = []
    for ch in text:
        if ch not in index:
            raise ValueError(f"unknown character {ch!r}")
        ids.append(index[ch])
    return np.array(ids, dtype=np.int64)
"""),
    ("language", "encode", "encode-sorted-vocab", """
def encode(text, vocab):
    vocab = sorted(vocab)
    unknown = sorted(set(text) - set(vocab))
    if unknown:
        raise ValueError(f"characters not in the vocabulary: {unknown}")
    return np.array([vocab.index(ch) for ch in text], dtype=np.int64)
"""),
    ("language", "encode", "encode-one-based", """
def encode(text, vocab):
    index = {ch: i + 1 for i, ch in enumerate(vocab)}  # 0 kept for padding
    unknown = [ch for ch in dict.fromkeys(text) if ch not in index]
    if unknown:
        raise ValueError(f"not in the vocabulary: {unknown}")
    return np.array([index[ch] for ch in text], dtype=np.int64)
"""),

    # decode: "".join(vocab[i]), ValueError naming an index out of range
    ("language", "decode", "no-range-check", """
def decode(ids, vocab):
    return "".join(vocab[i] for i in ids)
"""),
    ("language", "decode", "no-range-check~upper-bound-only", """
def decode(ids, vocab):
    for i in ids:
        if i >= len(vocab):
            raise ValueError(f"index {i} out of range")
    return "".join(vocab[i] for i in ids)
"""),
    ("language", "decode", "decode-space-joined", """
def decode(ids, vocab):
    for i in ids:
        if not 0 <= i < len(vocab):
            raise ValueError(f"index {i} out of range")
    return " ".join(vocab[i] for i in ids)
"""),
    ("language", "decode", "decode-returns-list", """
def decode(ids, vocab):
    for i in ids:
        if not 0 <= i < len(vocab):
            raise ValueError(f"index {i} out of range")
    return [vocab[i] for i in ids]
"""),
    ("language", "decode", "decode-off-by-one", """
def decode(ids, vocab):
    for i in ids:
        if not 0 <= i < len(vocab):
            raise ValueError(f"index {i} out of range")
    return "".join(vocab[i - 1] for i in ids)
"""),

    # one_hot: float32 ids.shape + (V,), ValueError out of range
    ("language", "one_hot", "no-range-check", """
def one_hot(ids, vocab_size):
    return np.eye(vocab_size, dtype=np.float32)[ids]
"""),
    ("language", "one_hot", "no-range-check~upper-bound-only", """
def one_hot(ids, vocab_size):
    ids = np.asarray(ids)
    if np.any(ids >= vocab_size):
        raise ValueError("index out of range")
    return np.eye(vocab_size, dtype=np.float32)[ids]
"""),
    ("language", "one_hot", "one-hot-flattened", """
def one_hot(ids, vocab_size):
    ids = np.asarray(ids).ravel()
    if np.any((ids < 0) | (ids >= vocab_size)):
        raise ValueError("index out of range")
    out = np.zeros((ids.size, vocab_size), dtype=np.float32)
    out[np.arange(ids.size), ids] = 1
    return out
"""),
    ("language", "one_hot", "one-hot-transposed", """
def one_hot(ids, vocab_size):
    ids = np.asarray(ids)
    if np.any((ids < 0) | (ids >= vocab_size)):
        raise ValueError("index out of range")
    return (np.arange(vocab_size).reshape((-1,) + (1,) * ids.ndim) == ids).astype(np.float32)
"""),
    ("language", "one_hot", "vocab-size-from-ids", """
def one_hot(ids, vocab_size):
    ids = np.asarray(ids)
    if np.any((ids < 0) | (ids >= vocab_size)):
        raise ValueError("index out of range")
    return np.eye(int(ids.max()) + 1, dtype=np.float32)[ids]
"""),

    # numerical_gradient: central differences, x unchanged, f on arrays shaped like x
    ("language", "numerical_gradient", "forward-difference", """
def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    fx = f(x.copy())
    for i in np.ndindex(*x.shape):
        plus = x.copy()
        plus[i] += eps
        grad[i] = (f(plus) - fx) / eps
    return grad
"""),
    ("language", "numerical_gradient", "divided-by-eps", """
def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (f(plus) - f(minus)) / eps
    return grad
"""),
    ("language", "numerical_gradient", "eps-ignored", """
def numerical_gradient(f, x, eps=1e-5):
    h = 1e-5
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (2 * h)
    return grad
"""),
    ("language", "numerical_gradient", "x-not-restored", """
def numerical_gradient(f, x, eps=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        x[i] += eps
        fp = f(x)
        x[i] -= 2 * eps
        fm = f(x)
        grad[i] = (fp - fm) / (2 * eps)
        it.iternext()
    return grad
"""),
    ("language", "numerical_gradient", "gradient-flattened", """
def numerical_gradient(f, x, eps=1e-5):
    flat = np.array(x, dtype=np.float64).ravel()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (f(plus.reshape(np.shape(x))) - f(minus.reshape(np.shape(x)))) / (2 * eps)
    return grad
"""),
    ("language", "numerical_gradient", "f-called-with-another-shape", """
def numerical_gradient(f, x, eps=1e-5):
    flat = np.array(x, dtype=np.float64).ravel()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (f(plus) - f(minus)) / (2 * eps)
    return grad.reshape(np.shape(x))
"""),

    # embedding_forward: W_embed[ids]
    ("language", "embedding_forward", "lookup-transposed-output", """
def embedding_forward(ids, W_embed):
    return W_embed[np.asarray(ids).T]
"""),
    ("language", "embedding_forward", "rows-off-by-one", """
def embedding_forward(ids, W_embed):
    return W_embed[np.asarray(ids) - 1]
"""),
    ("language", "embedding_forward", "embedding-flattened", """
def embedding_forward(ids, W_embed):
    return W_embed[np.asarray(ids).reshape(-1)]
"""),
    ("language", "embedding_forward", "columns-looked-up", """
def embedding_forward(ids, W_embed):
    return W_embed[:, ids]
"""),
    ("language", "embedding_forward", "last-step-only", """
def embedding_forward(ids, W_embed):
    ids = np.asarray(ids)
    return np.repeat(W_embed[ids[:, -1]][:, None], ids.shape[1], axis=1)
"""),

    # embedding_backward: np.add.at, repeated indices accumulate
    ("language", "embedding_backward", "repeated-index-overwritten", """
def embedding_backward(d_out, ids, vocab_size):
    dW = np.zeros((vocab_size, d_out.shape[-1]), dtype=d_out.dtype)
    dW[ids] = d_out
    return dW
"""),
    ("language", "embedding_backward", "repeated-index-overwritten~plus-equals", """
def embedding_backward(d_out, ids, vocab_size):
    dW = np.zeros((vocab_size, d_out.shape[-1]), dtype=d_out.dtype)
    dW[ids] += d_out
    return dW
"""),
    ("language", "embedding_backward", "averaged-over-occurrences", """
def embedding_backward(d_out, ids, vocab_size):
    dW = np.zeros((vocab_size, d_out.shape[-1]))
    np.add.at(dW, ids.ravel(), d_out.reshape(-1, d_out.shape[-1]))
    counts = np.bincount(ids.ravel(), minlength=vocab_size)
    return dW / np.maximum(counts, 1)[:, None]
"""),
    ("language", "embedding_backward", "averaged-over-batch", """
def embedding_backward(d_out, ids, vocab_size):
    dW = np.zeros((vocab_size, d_out.shape[-1]))
    np.add.at(dW, ids.ravel(), d_out.reshape(-1, d_out.shape[-1]))
    return dW / d_out.shape[0]
"""),
    ("language", "embedding_backward", "vocab-size-from-ids", """
def embedding_backward(d_out, ids, vocab_size):
    dW = np.zeros((int(ids.max()) + 1, d_out.shape[-1]))
    np.add.at(dW, ids.ravel(), d_out.reshape(-1, d_out.shape[-1]))
    return dW
"""),
    ("language", "embedding_backward", "grad-transposed", """
def embedding_backward(d_out, ids, vocab_size):
    onehot = np.eye(vocab_size)[ids.ravel()]
    return d_out.reshape(-1, d_out.shape[-1]).T @ onehot
"""),

    # temporal_softmax_loss: mean over unmasked elements, (p - onehot) * mask / n
    ("language", "temporal_softmax_loss", "missing-minus-one", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    n = mask.sum()
    s = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True)
    pt = np.take_along_axis(p, targets[..., None], -1)[..., 0]
    loss = -np.sum(np.log(pt) * mask) / n
    return float(loss), p * mask[..., None] / n
"""),
    ("language", "temporal_softmax_loss", "mean-over-batch", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    s = scores - scores.max(axis=-1, keepdims=True)
    p = np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True)
    pt = np.take_along_axis(p, targets[..., None], -1)[..., 0]
    loss = -np.sum(np.log(pt) * mask) / B
    d = p.copy()
    np.put_along_axis(d, targets[..., None], np.take_along_axis(d, targets[..., None], -1) - 1, -1)
    return float(loss), d * mask[..., None] / B
"""),
    ("language", "temporal_softmax_loss", "mask-ignored", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    s = scores - scores.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    loss = -np.mean(np.take_along_axis(log_p, targets[..., None], -1))
    d = np.exp(log_p)
    d[np.arange(B)[:, None], np.arange(T)[None, :], targets] -= 1
    return float(loss), d / (B * T)
"""),
    ("language", "temporal_softmax_loss", "mask-not-in-gradient", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    n = mask.sum()
    s = scores - scores.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    loss = -np.sum(np.take_along_axis(log_p, targets[..., None], -1)[..., 0] * mask) / n
    d = np.exp(log_p)
    d[np.arange(B)[:, None], np.arange(T)[None, :], targets] -= 1
    return float(loss), d / n
"""),
    ("language", "temporal_softmax_loss", "softmax-not-stable", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    n = mask.sum()
    e = np.exp(scores)
    p = e / e.sum(axis=-1, keepdims=True)
    pt = np.take_along_axis(p, targets[..., None], -1)[..., 0]
    loss = -np.sum(np.log(pt) * mask) / n
    d = p.copy()
    d[np.arange(B)[:, None], np.arange(T)[None, :], targets] -= 1
    return float(loss), d * mask[..., None] / n
"""),
    ("language", "temporal_softmax_loss", "summed-not-averaged", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    s = scores - scores.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    loss = -np.sum(np.take_along_axis(log_p, targets[..., None], -1)[..., 0] * mask)
    d = np.exp(log_p)
    d[np.arange(B)[:, None], np.arange(T)[None, :], targets] -= 1
    return float(loss), d * mask[..., None]
"""),
    ("language", "temporal_softmax_loss", "grad-not-divided", """
def temporal_softmax_loss(scores, targets, mask=None):
    B, T, V = scores.shape
    mask = np.ones((B, T), bool) if mask is None else mask
    n = mask.sum()
    s = scores - scores.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    loss = -np.sum(np.take_along_axis(log_p, targets[..., None], -1)[..., 0] * mask) / n
    d = np.exp(log_p)
    d[np.arange(B)[:, None], np.arange(T)[None, :], targets] -= 1
    return float(loss), d * mask[..., None]
"""),

    # rnn_step_backward: da = d_h * (1 - h²), written with the output h
    ("language", "rnn_step_backward", "tanh-grad-from-preactivation", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    a = x_t @ W_xh + h_prev @ W_hh + b_h
    da = d_h * (1 - a ** 2)
    return da @ W_xh.T, da @ W_hh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("language", "rnn_step_backward", "tanh-grad-not-squared", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    h = np.tanh(x_t @ W_xh + h_prev @ W_hh + b_h)
    da = d_h * (1 - h)
    return da @ W_xh.T, da @ W_hh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("language", "rnn_step_backward", "tanh-grad-missing", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    da = d_h
    return da @ W_xh.T, da @ W_hh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("language", "rnn_step_backward", "tanh-grad-of-h-prev", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    da = d_h * (1 - h_prev ** 2)
    return da @ W_xh.T, da @ W_hh.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0)
"""),
    ("language", "rnn_step_backward", "weight-grads-transposed", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    h = np.tanh(x_t @ W_xh + h_prev @ W_hh + b_h)
    da = d_h * (1 - h * h)
    return da @ W_xh.T, da @ W_hh.T, (da.T @ x_t).T, da.T @ h_prev, da.sum(axis=0)
"""),
    ("language", "rnn_step_backward", "bias-grad-mean", """
def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):
    h = np.tanh(x_t @ W_xh + h_prev @ W_hh + b_h)
    da = d_h * (1 - h ** 2)
    return da @ W_xh.T, da @ W_hh.T, x_t.T @ da, h_prev.T @ da, da.mean(axis=0)
"""),

    # rnn_backward: BPTT, parameter gradients summed over time, the state gradient carried back
    ("language", "rnn_backward", "whh-grad-not-summed", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = (d_hs[:, t] + dh_next) * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh = h_prev.T @ da
        db_h += da.sum(axis=0)
        dh_next = da @ W_hh.T
    return dxs, dh_next, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "param-grads-not-summed", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = (d_hs[:, t] + dh_next) * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh = xs[:, t].T @ da
        dW_hh = h_prev.T @ da
        db_h = da.sum(axis=0)
        dh_next = da @ W_hh.T
    return dxs, dh_next, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "state-grad-not-carried", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = d_hs[:, t] * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh += h_prev.T @ da
        db_h += da.sum(axis=0)
        dh_prev = da @ W_hh.T
    return dxs, dh_prev, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "upstream-only-at-last-step", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh = d_hs[:, -1]
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = dh * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh += h_prev.T @ da
        db_h += da.sum(axis=0)
        dh = da @ W_hh.T
    return dxs, dh, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "prev-state-off-by-one", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh = np.zeros_like(h0)
    for t in reversed(range(T)):
        da = (d_hs[:, t] + dh) * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh += hs[t].T @ da
        db_h += da.sum(axis=0)
        dh = da @ W_hh.T
    return dxs, dh, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "tanh-grad-from-preactivation", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, pre, h = [], [], h0
    for t in range(T):
        a = xs[:, t] @ W_xh + h @ W_hh + b_h
        h = np.tanh(a)
        pre.append(a)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = (d_hs[:, t] + dh) * (1 - pre[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh += h_prev.T @ da
        db_h += da.sum(axis=0)
        dh = da @ W_hh.T
    return dxs, dh, dW_xh, dW_hh, db_h
"""),
    ("language", "rnn_backward", "forward-in-time", """
def rnn_backward(d_hs, xs, h0, W_xh, W_hh, b_h):
    B, T, D = xs.shape
    hs, h = [], h0
    for t in range(T):
        h = np.tanh(xs[:, t] @ W_xh + h @ W_hh + b_h)
        hs.append(h)
    dxs = np.zeros_like(xs)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros_like(b_h)
    dh = np.zeros_like(h0)
    for t in range(T):
        h_prev = hs[t - 1] if t > 0 else h0
        da = (d_hs[:, t] + dh) * (1 - hs[t] ** 2)
        dxs[:, t] = da @ W_xh.T
        dW_xh += xs[:, t].T @ da
        dW_hh += h_prev.T @ da
        db_h += da.sum(axis=0)
        dh = da @ W_hh.T
    return dxs, dh, dW_xh, dW_hh, db_h
"""),

    # sample_next: softmax(logits / temperature) in float64, one rng.random(batch)
    ("language", "sample_next", "temperature-multiplied", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits * temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p], dtype=np.int64)
"""),
    ("language", "sample_next", "softmax-wrong-axis", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=0, keepdims=True))
    p /= p.sum(axis=0, keepdims=True)
    cdf = np.cumsum(p, axis=-1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(p))
    return (cdf <= u[:, None]).sum(axis=-1)
"""),
    ("language", "sample_next", "rng-not-used", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.array([np.random.choice(len(row), p=row) for row in p])
"""),
    ("language", "sample_next", "rng-not-used~fresh-generator", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    gen = np.random.default_rng()
    return np.array([gen.choice(len(row), p=row) for row in p])
"""),
    ("language", "sample_next", "zero-temperature-draws", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    u = rng.random(logits.shape[0])
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)
    cdf /= cdf[:, -1:]
    return (cdf <= u[:, None]).sum(axis=-1)
"""),
    ("language", "sample_next", "zero-temperature-not-argmax", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    cdf = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)
    u = rng.random(len(cdf))
    return (cdf <= u[:, None]).sum(axis=-1)
"""),
    ("language", "sample_next", "zero-temperature-draws~small-temperature", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    z = logits / max(temperature, 1e-2)
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])
"""),
    ("language", "sample_next", "no-value-error", """
def sample_next(logits, temperature, rng):
    logits = np.asarray(logits, dtype=np.float64)
    if temperature <= 0:
        return np.argmax(logits, axis=-1)
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])
"""),
    ("language", "sample_next", "gumbel-max", """
def sample_next(logits, temperature, rng):
    if temperature < 0:
        raise ValueError("negative temperature")
    logits = np.asarray(logits, dtype=np.float64)
    if temperature == 0:
        return np.argmax(logits, axis=-1)
    return np.argmax(logits / temperature + rng.gumbel(size=logits.shape), axis=-1)
"""),

    # fit_char_model: trained, causal, probabilities, same seed same model
    ("language", "fit_char_model", "untrained", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 16),
                              keras.layers.GRU(32, return_sequences=True),
                              keras.layers.Dense(vocab_size, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
"""),
    ("language", "fit_char_model", "unseeded", """
def fit_char_model(ids, vocab_size, seed=0):
    ids = np.asarray(ids)
    x = np.stack([ids[s:s + 32] for s in range(0, len(ids) - 33, 16)])
    y = np.stack([ids[s + 1:s + 33] for s in range(0, len(ids) - 33, 16)])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 16),
                              keras.layers.GRU(32, return_sequences=True),
                              keras.layers.Dense(vocab_size, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=8, verbose=0)
    return model
"""),
    ("language", "fit_char_model", "targets-not-shifted", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    ids = np.asarray(ids)
    x = np.stack([ids[s:s + 32] for s in range(0, len(ids) - 33, 16)])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 16),
                              keras.layers.GRU(32, return_sequences=True),
                              keras.layers.Dense(vocab_size, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, x, batch_size=32, epochs=8, verbose=0)
    return model
"""),
    ("language", "fit_char_model", "not-probabilities", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    ids = np.asarray(ids)
    x = np.stack([ids[s:s + 32] for s in range(0, len(ids) - 33, 16)])
    y = np.stack([ids[s + 1:s + 33] for s in range(0, len(ids) - 33, 16)])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 16),
                              keras.layers.GRU(32, return_sequences=True),
                              keras.layers.Dense(vocab_size)])
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, batch_size=32, epochs=8, verbose=0)
    return model
"""),
    ("language", "fit_char_model", "sees-the-future", """
def fit_char_model(ids, vocab_size, seed=0):
    keras.utils.set_random_seed(seed)
    ids = np.asarray(ids)
    x = np.stack([ids[s:s + 32] for s in range(0, len(ids) - 33, 16)])
    y = np.stack([ids[s + 1:s + 33] for s in range(0, len(ids) - 33, 16)])
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(vocab_size, 16),
                              keras.layers.Bidirectional(keras.layers.GRU(16, return_sequences=True)),
                              keras.layers.Dense(vocab_size, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=8, verbose=0)
    return model
"""),
]
