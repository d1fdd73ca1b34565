"""What the grader may ask of a student's namespace, run where the student's code lives.

Each op takes the notebook's global namespace and a request dict and returns a
plain answer (see codec.to_plain).  The grader compares answers; nothing here
knows the right ones.
"""
import hashlib
import traceback

import numpy as np

from seqkit.sandbox.codec import to_plain


class StudentError(Exception):
    """The student's code raised, or its answer could not be read."""


def run_op(namespace, request):
    """Dispatch one request; student exceptions come back as {'error': ...}."""
    try:
        op = _OPS[request["op"]]
        return {"ok": to_plain(op(namespace, request))}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt cost the question only
        return {"error": describe_exception(exc)}


def describe_exception(exc):
    """'ValueError: message (line 3 of your code)' — the last student frame only."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith("<cell"):
            where = f" (in {frame.name}, {frame.filename.strip('<>')} line {frame.lineno})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300] if text else ''}{where}"


def _lookup(namespace, name):
    if name not in namespace:
        raise NameError(f"{name} is not defined: did its cell run?")
    return namespace[name]


def _call(namespace, request):
    fn = _lookup(namespace, request["name"])
    return fn(*request.get("args", ()), **request.get("kwargs", {}))


def _keras_rnn(namespace, request):
    """Run keras.layers.RNN(Cell(units), return_sequences=True) with given weights.

    request: name, units, weights [kernel, recurrent_kernel, bias], xs (batch, T, input_dim)
    -> {"shapes": shapes of get_weights() before set_weights, "out": (batch, T, units)}
    """
    import keras

    cell_class = _lookup(namespace, request["name"])
    xs = request["xs"]
    layer = keras.layers.RNN(cell_class(request["units"]), return_sequences=True)
    layer(xs)  # builds the cell's weights
    shapes = [tuple(np.shape(w)) for w in layer.get_weights()]
    expected = [tuple(np.shape(w)) for w in request["weights"]]
    if shapes != expected:
        raise StudentError(
            f"the cell's weights are {shapes} but kernel, recurrent_kernel, bias "
            f"should be {expected}, in that order")
    layer.set_weights(request["weights"])
    return {"shapes": shapes, "out": layer(xs)}


TARGETS = {
    # Smooth and easy for fit_and_evaluate: any sensible MLP learns it.
    "plane": lambda x: 0.2 + 0.6 * np.mean(x, axis=1),
    # 0 or 1 at random per point: nothing can predict it on fresh test
    # points, so the mean absolute error there is about 0.5 for any model.
    "coin": lambda x: ((np.sin(x @ (78.233 + 12.9898 * np.arange(x.shape[1]))) * 43758.5453)
                       % 1.0 > 0.5).astype(np.float64),
}


def _fit(namespace, request):
    """Call fit_and_evaluate with a target that records the points it is asked about.

    -> {"result": (mean, max), "distinct_points": int, "points": digest of the point set}
    """
    fn = _lookup(namespace, "fit_and_evaluate")
    target = TARGETS[request["target"]]
    seen = set()

    def f(x):
        x = np.asarray(x, dtype=np.float64)
        x2 = x.reshape(-1, x.shape[-1]) if x.ndim else x.reshape(1, 1)
        seen.update(row.tobytes() for row in np.round(x2, 12))
        return target(x2).reshape(x.shape[:-1]) if x.ndim > 1 else target(x2)

    result = fn(f, request["d"], request["n_train"], seed=request["seed"],
                n_test=request["n_test"])
    digest = hashlib.sha256(b"".join(sorted(seen))).hexdigest()
    return {"result": result, "distinct_points": len(seen), "points": digest}


def _raises(namespace, request):
    """Call a function expecting an exception -> the names of its classes, or None."""
    try:
        _call(namespace, request)
    except Exception as exc:
        return [cls.__name__ for cls in type(exc).__mro__]
    return None


def _family(namespace, request):
    """GENZ_FAMILIES[name](*args): the dict is graded through its functions."""
    return _lookup(namespace, "GENZ_FAMILIES")[request["name"]](*request["args"])


def _forecast(namespace, request):
    """fit_forecaster on the grader's windows, then the model's forecasts for X_test.

    -> model.predict(X_test) as it came: the grader computes every error itself.
    """
    fn = _lookup(namespace, "fit_forecaster")
    model = fn(request["X_train"], request["y_train"], request["X_val"], request["y_val"],
               seed=request["seed"])
    if not hasattr(model, "predict"):
        raise TypeError(f"fit_forecaster returned {type(model).__name__}, not a trained model")
    try:
        return model.predict(request["X_test"], verbose=0)
    except TypeError:  # a predict(X) without Keras' verbose argument
        return model.predict(request["X_test"])


_OPS = {"call": _call, "keras_rnn": _keras_rnn, "fit": _fit, "family": _family,
        "raises": _raises, "forecast": _forecast}
