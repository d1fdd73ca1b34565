"""What the grader may ask of a student's namespace, run where the student's code lives.

The one rule: a grade depends only on values returned by the student's own
functions and methods, for inputs the grader chose, and on what the grader
observes itself.  This module runs in the student's process, where the
notebook can patch it (through sys.modules) or anything under it (NumPy,
Keras, the codec): whatever it computes is as untrusted as the student's
answer.  So an op only calls the student's code on the request's arguments
and sends back what came out, with the arguments as they are after the call
(the grader checks they are unchanged, seqkit.sandbox.replies).  It never
compares, counts or judges: the hidden tests do that on the grader's side.

Each op takes the notebook's global namespace, a request dict and `ask` (a
way to send a callback message to the grader and wait for its answer) and
returns a plain answer (see codec.to_plain).

A request may name functions to stand in for (request["stand_in"], error
carried forward): while it runs, those names in the namespace call the
grader, which answers with its reference if, and only if, it gave that name
to this request (seqkit.grading.carry).  The reference stays in the grader.
"""
import builtins
import contextlib
import inspect
import re
import traceback

import numpy as np

from seqkit.sandbox.codec import to_plain


class StudentError(Exception):
    """The student's code raised, or its answer could not be read."""


class CallbackRefused(Exception):
    """The grader refused a callback (too many points, a malformed argument)."""


def run_op(namespace, request, ask=None):
    """Dispatch one request; student exceptions come back as {'error': ...}."""
    try:
        op = _OPS[request["op"]]
        with _standing_in(namespace, request.get("stand_in", ()), ask):
            return {"ok": to_plain(op(namespace, request, ask))}
    except BaseException as exc:  # SystemExit and KeyboardInterrupt cost the question only
        return {"error": describe_exception(exc)}


# The functions stood in for during the current request: id(original) -> (original, stand-in),
# for the dict that holds the originals themselves (GENZ_FAMILIES, see _family).
_STOOD_IN = {}


@contextlib.contextmanager
def _standing_in(namespace, names, ask):
    """namespace[name] for each name answered by the grader while the request runs."""
    saved = {name: namespace.get(name) for name in names}
    for name in names:
        namespace[name] = _stand_in(name, ask)
        if saved[name] is not None:
            _STOOD_IN[id(saved[name])] = (saved[name], namespace[name])
    try:
        yield
    finally:
        _STOOD_IN.clear()
        for name, original in saved.items():
            if original is None:
                namespace.pop(name, None)
            else:
                namespace[name] = original


def _stand_in(name, ask):
    """A function that sends its arguments to the grader and returns (or raises) its answer."""
    def stand_in(*args, **kwargs):
        reply = ask({"callback": "reference", "name": name, "args": to_plain(args),
                     "kwargs": to_plain(kwargs)})
        if "error" in reply:
            raise CallbackRefused(reply["error"])
        answer = reply["ok"]
        if "raised" in answer:  # what the reference raised, e.g. ValueError for a bad family
            kind, message = answer["raised"]
            cls = getattr(builtins, kind, None)
            cls = cls if isinstance(cls, type) and issubclass(cls, Exception) else RuntimeError
            raise cls(message)
        return answer["value"]

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def describe_exception(exc):
    """'ValueError: message (line 3 of your code)' — the last student frame only."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith("<cell"):
            where = f" (in {frame.name}, {frame.filename.strip('<>')} line {frame.lineno})"
    text = [line for line in _ANSI.sub("", str(exc)).strip().splitlines() if line.strip()]
    if len(text) > 1 and text[0].startswith("Exception encountered when calling"):
        # Keras's wrapper around the exception of a layer's call: the message is below
        text = [f"{text[1].strip()} ({text[0].strip()[len('Exception encountered '):]})"]
    return f"{type(exc).__name__}: {text[0][:300] if text else ''}{where}"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _lookup(namespace, name):
    if name not in namespace:
        raise NameError(f"{name} is not defined: did its cell run?")
    return namespace[name]


def _parameter_names(fn, n):
    """Names of the first n positional parameters, for the grader's messages only."""
    try:
        params = [p.name for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    return params[:n]


def _invoke(fn, args, kwargs=None, names=None):
    """fn(*args, **kwargs) -> its value and the arguments as they are afterwards."""
    kwargs = kwargs or {}
    value = fn(*args, **kwargs)
    return {"value": value, "args": tuple(args), "kwargs": kwargs,
            "names": names or _parameter_names(fn, len(args))}


def _call(namespace, request, ask):
    return _invoke(_lookup(namespace, request["name"]), request.get("args", ()),
                   request.get("kwargs", {}))


def _raises(namespace, request, ask):
    """Call a function expecting an exception -> the names of its classes, or None."""
    fn = _lookup(namespace, request["name"])
    args = request.get("args", ())
    try:
        fn(*args)
    except Exception as exc:
        raised = [cls.__name__ for cls in type(exc).__mro__]
    else:
        raised = None
    return {"value": raised, "args": tuple(args), "kwargs": {},
            "names": _parameter_names(fn, len(args))}


def _family(namespace, request, ask):
    """GENZ_FAMILIES[name](*args): the dict is graded through its functions.

    A function of the notebook's that is stood in for (see _standing_in) is
    stood in for in the dict too.
    """
    fn = _lookup(namespace, "GENZ_FAMILIES")[request["name"]]
    original, stand_in = _STOOD_IN.get(id(fn), (None, None))
    return _invoke(stand_in if original is fn else fn, request["args"])


# The one Keras cell under test (cell_new replaces it): the grader drives it one
# step at a time through cell_step, and unrolls the sequence itself.
_CELL = {}


def _cell_new(namespace, request, ask):
    """Cell(units), built for inputs (batch, input_dim) as keras.layers.RNN builds it.

    request: name, units, input_shape (batch, input_dim), args (weights,)
    -> {"handle": int, "shapes": shapes of get_weights()}; set_weights(weights)
    only when those shapes are the weights' shapes.
    """
    cell = _lookup(namespace, request["name"])(request["units"])
    cell.build(tuple(request["input_shape"]))
    cell.built = True
    shapes = [tuple(np.shape(w)) for w in cell.get_weights()]
    (weights,) = request["args"]
    if shapes == [tuple(np.shape(w)) for w in weights]:
        cell.set_weights(weights)
    _CELL.clear()
    _CELL[request["handle"]] = cell
    return {"value": {"handle": request["handle"], "shapes": shapes}, "args": (weights,),
            "kwargs": {}, "names": ["weights"]}


def _cell_step(namespace, request, ask):
    """One call of the cell: cell(inputs, states) -> (output, new_states), as RNN calls it.

    request: handle, args (inputs (batch, input_dim), states [(batch, units), ...])
    """
    if request["handle"] not in _CELL:
        raise RuntimeError("the cell under test is gone")
    cell = _CELL[request["handle"]]
    inputs, states = request["args"]
    states = list(states)
    # keras.layers.RNN passes training= to a call that takes it
    extra = {"training": False} if getattr(cell, "_call_has_training_arg", False) else {}
    return {"value": cell(inputs, states, **extra), "args": (inputs, states), "kwargs": {},
            "names": ["inputs", "states"]}


def _keras_rnn(namespace, request, ask):
    """keras.layers.RNN(Cell(units), return_sequences=True)(xs) with given weights.

    request: name, units, args (xs (batch, T, input_dim), weights) -> (batch, T, units)
    """
    import keras

    xs, weights = request["args"]
    layer = keras.layers.RNN(_lookup(namespace, request["name"])(request["units"]),
                             return_sequences=True)
    layer(xs)  # builds the cell's weights
    layer.set_weights(weights)
    return {"value": layer(xs), "args": (xs, weights), "kwargs": {}, "names": ["xs", "weights"]}


def _fit(namespace, request, ask):
    """fit_and_evaluate(f=f, **keywords), f evaluated by the grader.

    Each call of f crosses to the grader, which evaluates the target there and
    counts the points itself.
    """
    def f(x):
        answer = ask({"callback": "f", "x": np.asarray(x, dtype=np.float64)})
        if "error" in answer:
            raise CallbackRefused(answer["error"])
        return answer["ok"]

    return {"value": _lookup(namespace, "fit_and_evaluate")(f=f, **request["keywords"])}


def _forecast(namespace, request, ask):
    """fit_forecaster(*args, **kwargs) on the grader's windows, then the model's forecasts
    for the grader's X_test.

    -> model.predict(X_test) as it came: the grader computes every error itself.
    """
    return _train_then_predict(namespace, request, "fit_forecaster", request["X_test"])


def _gradient(namespace, request, ask):
    """numerical_gradient(f, x, **kwargs), f evaluated by the grader.

    request: args (x,), kwargs.  Each call of f crosses to the grader, which
    computes the function there and records the points it was asked about.
    """
    def f(x):
        answer = ask({"callback": "f", "x": np.asarray(x)})
        if "error" in answer:
            raise CallbackRefused(answer["error"])
        return answer["ok"]

    (x,) = request["args"]
    reply = _invoke(_lookup(namespace, "numerical_gradient"), (f, x), request.get("kwargs", {}),
                    ["f", "x"])
    reply["args"] = (x,)  # f is the grader's own; x is checked unchanged
    return reply


def _sample(namespace, request, ask):
    """sample_next(logits, temperature, rng) with rng = np.random.default_rng(seed) made here.

    request: args (logits, temperature), seed, raises (expect an exception).
    -> {"value": the samples, or the exception's class names when raises,
        "after": rng.random() drawn after the call}: what the call left in the
    generator, for the grader to compare with one rng.random(batch) call.
    """
    logits, temperature = request["args"]
    rng = np.random.default_rng(request["seed"])
    fn = _lookup(namespace, "sample_next")
    if request.get("raises"):
        try:
            fn(logits, temperature, rng)
        except Exception as exc:
            value = [cls.__name__ for cls in type(exc).__mro__]
        else:
            value = None
    else:
        value = fn(logits, temperature, rng)
    return {"value": {"samples": value, "after": rng.random()}, "args": (logits, temperature),
            "kwargs": {}, "names": ["logits", "temperature"]}


def _char_model(namespace, request, ask):
    """fit_char_model(*args, **kwargs) on the grader's ids, then model.predict(x) for the
    grader's x (batch, T): the probabilities as they came; the grader computes the loss."""
    return _train_then_predict(namespace, request, "fit_char_model", request["x"])


def _train_then_predict(namespace, request, name, x):
    """name(*args, **kwargs) -> a model; its predict(x) as it came replaces it in the reply."""
    reply = _invoke(_lookup(namespace, name), request["args"], request.get("kwargs", {}))
    model = reply["value"]
    if not hasattr(model, "predict"):
        raise TypeError(f"{name} returned {type(model).__name__}, not a trained model")
    try:
        reply["value"] = model.predict(x, verbose=0)
    except TypeError:  # a predict(x) without Keras' verbose argument
        reply["value"] = model.predict(x)
    return reply


_OPS = {"call": _call, "raises": _raises, "family": _family, "cell_new": _cell_new,
        "cell_step": _cell_step, "keras_rnn": _keras_rnn, "fit": _fit, "forecast": _forecast,
        "gradient": _gradient, "sample": _sample, "char_model": _char_model}
