"""The grader's side of one request: its callbacks, and what the reply may be trusted for.

Runs in the grader, on replies already decoded (codec.decode: plain trees).
A reply is the student's answer, nothing more (see the rule in
seqkit.sandbox.ops): read_reply takes the value out and checks, against what
the grader itself sent, that the student's code left its arguments as they
were.
"""
import numpy as np

from seqkit.sandbox import codec
from seqkit.sandbox.ops import StudentError

# Callbacks one request may make (fit_and_evaluate's f, one per call): an
# honest answer makes a handful, a student who calls f point by point a few
# hundred; a process that floods the grader is stopped here.
MAX_CALLBACKS = 10_000


class InputChanged(StudentError):
    """The student's code modified an argument the grader passed it."""


def read_reply(request, reply):
    """-> the value the student's code returned for the request.

    StudentError for an error or an unreadable reply; InputChanged when an
    argument came back other than it was sent (dtype, shape or any bit).
    """
    if "error" in reply:
        raise StudentError(str(reply["error"])[:2000])
    answer = reply.get("ok")
    if not isinstance(answer, dict) or "value" not in answer:
        raise StudentError("the notebook's process sent an unreadable answer")
    if "args" in request or "kwargs" in request:
        _check_unchanged(request, answer)
    return answer["value"]


def answer_callback(message, on_callback):
    """The grader's answer to one callback of the student's process: {"ok"} or {"error"}.

    on_callback(message) -> a plain value, or StudentError(reason) to refuse.
    """
    if on_callback is None:
        return {"error": "the grader takes no callbacks here"}
    try:
        return {"ok": on_callback(message)}
    except StudentError as exc:
        return {"error": str(exc)}



def _check_unchanged(request, answer):
    what = request.get("what") or request.get("name") or request["op"]
    sent_args, sent_kwargs = request.get("args", ()), request.get("kwargs", {})
    got_args, got_kwargs = answer.get("args"), answer.get("kwargs")
    if not isinstance(got_args, tuple) or len(got_args) != len(sent_args) or \
            not isinstance(got_kwargs, dict) or set(got_kwargs) != set(sent_kwargs):
        raise StudentError(f"{what}: the notebook's process did not send back its arguments")
    names = answer.get("names")
    names = names if isinstance(names, list) else []
    for i, (sent, got) in enumerate(zip(codec.through_wire(tuple(sent_args)), got_args)):
        name = names[i] if i < len(names) and _is_name(names[i]) else f"argument {i + 1}"
        _compare(what, name, sent, got)
    for key, sent in codec.through_wire(dict(sent_kwargs)).items():
        _compare(what, key, sent, got_kwargs[key])


def _is_name(name):
    return isinstance(name, str) and name.isidentifier() and len(name) <= 40


def _compare(what, where, sent, got):
    change = _difference(sent, got, where)
    if change is not None:
        where, how = change
        from seqkit.i18n import _
        raise InputChanged(_(
            "{what} changed its argument {where} in place: {how}. No function may modify "
            "its inputs (callers reuse them): compute on a copy instead").format(
                what=what, where=where, how=how))


def _difference(sent, got, where):
    """(where, how) of the first difference between two plain trees, or None."""
    if isinstance(sent, np.ndarray):
        if not isinstance(got, np.ndarray):
            return where, f"the array became {type(got).__name__}"
        if got.dtype != sent.dtype:
            return where, f"its dtype became {got.dtype} (it was {sent.dtype})"
        if got.shape != sent.shape:
            return where, f"its shape became {got.shape} (it was {sent.shape})"
        a, b = sent.reshape(-1), got.reshape(-1)
        if not a.size:  # nothing to compare (and reshape(0, -1) is undefined)
            return None
        bits = a.view(np.uint8).reshape(a.size, -1) != b.view(np.uint8).reshape(b.size, -1)
        changed = np.flatnonzero(bits.any(axis=1)) if a.size else []
        if len(changed):
            i = int(changed[0])
            index = tuple(int(k) for k in np.unravel_index(i, sent.shape))
            return where, (f"{len(changed)} of its {a.size} values changed, the first at index "
                           f"{index}: {a[i].item()!r} became {b[i].item()!r}")
        return None
    if isinstance(sent, (list, tuple)):
        if type(got) is not type(sent):
            return where, f"the {type(sent).__name__} became {type(got).__name__}"
        if len(got) != len(sent):
            return where, f"it had {len(sent)} items and now has {len(got)}"
        for i, (s, g) in enumerate(zip(sent, got)):
            change = _difference(s, g, f"{where}[{i}]")
            if change is not None:
                return change
        return None
    if isinstance(sent, dict):
        if not isinstance(got, dict) or set(got) != set(sent):
            return where, "its keys changed"
        for k in sent:
            change = _difference(sent[k], got[k], f"{where}[{k!r}]")
            if change is not None:
                return change
        return None
    same = type(got) is type(sent) and (got == sent or (got != got and sent != sent))
    return None if same else (where, f"{sent!r} became {str(got)[:80]!r}")
