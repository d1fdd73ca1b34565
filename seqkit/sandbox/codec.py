"""A wire format for answers that is safe to decode from untrusted code.

The student's process sends its functions' outputs to the grader.  Pickle
would let that process run code in the grader, so answers travel as a JSON
tree whose leaves are numbers, strings, None or arrays of plain numeric
dtypes, with array bytes appended after the JSON.
"""
import json
import math
import struct
import time

import numpy as np

MAX_MESSAGE_BYTES = 64 * 2**20
_MAX_DIMS = 32  # NumPy's own limit is 64; no answer needs more
_DTYPES = {np.dtype(t).str for t in (
    bool, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
    np.uint64, np.float16, np.float32, np.float64)}


class MessageError(Exception):
    """A message that is malformed or too large."""


def to_plain(obj, _depth=0):
    """Turn an answer into lists, tuples, dicts, scalars and ndarrays.

    Runs in the student's process: tensors and array-likes become ndarrays.
    """
    if _depth > 20:
        raise MessageError("answer is nested too deeply")
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, list):
        return [to_plain(o, _depth + 1) for o in obj]
    if isinstance(obj, tuple):
        return tuple(to_plain(o, _depth + 1) for o in obj)
    if isinstance(obj, dict):
        return {str(k): to_plain(v, _depth + 1) for k, v in obj.items()}
    if hasattr(obj, "numpy") and not isinstance(obj, np.ndarray):
        obj = obj.numpy()
    arr = np.asarray(obj)
    if arr.dtype == object:
        raise MessageError(f"answer of type {type(obj).__name__} is not numeric")
    return arr


def encode(obj):
    """bytes for a plain tree (see to_plain); arrays are stored raw."""
    blobs = []

    def tree(o):
        if isinstance(o, np.ndarray):
            if o.nbytes > MAX_MESSAGE_BYTES:  # before any copy: a broadcast view costs nothing
                raise MessageError(f"answer is larger than {MAX_MESSAGE_BYTES // 2**20} MiB")
            if o.dtype.str not in _DTYPES:
                try:
                    o = o.astype(np.float64)
                except (TypeError, ValueError):
                    raise MessageError(f"answer of dtype {o.dtype} is not numeric") from None
            data = np.ascontiguousarray(o).tobytes()
            blobs.append(data)
            return {"a": o.dtype.str, "s": list(o.shape), "n": len(data)}
        if isinstance(o, tuple):
            return {"t": [tree(v) for v in o]}
        if isinstance(o, list):
            return {"l": [tree(v) for v in o]}
        if isinstance(o, dict):
            return {"d": {k: tree(v) for k, v in o.items()}}
        if isinstance(o, np.generic):
            return {"v": o.item()}
        return {"v": o}

    try:
        head = json.dumps(tree(obj)).encode()
    except ValueError as exc:  # an int of more digits than Python will print
        raise MessageError(f"answer cannot be sent: {exc}") from None
    body = b"".join(blobs)
    if len(head) + len(body) > MAX_MESSAGE_BYTES:
        raise MessageError(f"answer is larger than {MAX_MESSAGE_BYTES // 2**20} MiB")
    return struct.pack("!Q", len(head)) + head + body


def decode(data):
    """The tree from encode(), validated; never executes anything."""
    if len(data) < 8:
        raise MessageError("truncated message")
    (n_head,) = struct.unpack("!Q", data[:8])
    if n_head > len(data) - 8:
        raise MessageError("truncated message")
    try:
        head = json.loads(data[8:8 + n_head])
    except ValueError as exc:
        raise MessageError(f"malformed message: {exc}") from None
    except RecursionError:  # json's own exception for deep nesting: not a ValueError
        raise MessageError("malformed message: nested too deeply") from None
    offset = 8 + n_head

    def tree(node, depth=0):
        nonlocal offset
        if depth > 25 or not isinstance(node, dict) or len(node) == 0:
            raise MessageError("malformed message")
        if "a" in node:
            dtype, shape, n = node["a"], node["s"], node["n"]
            if (dtype not in _DTYPES or not isinstance(shape, list) or len(shape) > _MAX_DIMS
                    or not all(type(s) is int and 0 <= s <= MAX_MESSAGE_BYTES for s in shape)):
                raise MessageError("malformed array")
            # exact: a product taken in int64 wraps, and (2**32, 2**32) would pass as empty
            size = math.prod(shape) * np.dtype(dtype).itemsize
            if type(n) is not int or size != n or offset + n > len(data):
                raise MessageError("malformed array")
            arr = np.frombuffer(data, dtype=dtype, count=n // np.dtype(dtype).itemsize,
                                offset=offset).reshape(shape).copy()
            offset += n
            return arr
        if "t" in node:
            return tuple(tree(v, depth + 1) for v in node["t"])
        if "l" in node:
            return [tree(v, depth + 1) for v in node["l"]]
        if "d" in node:
            return {str(k): tree(v, depth + 1) for k, v in node["d"].items()}
        if "v" in node:
            v = node["v"]
            if v is None or isinstance(v, (bool, int, float, str)):
                return v
        raise MessageError("malformed message")

    try:
        return tree(head)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        # a key missing, a list where a dict belongs, a shape NumPy refuses: all malformed
        raise MessageError("malformed message") from None


def through_wire(obj):
    """obj as the grader receives it from a student's process (to_plain, encode, decode)."""
    return decode(encode(to_plain(obj)))


def send(sock, payload):
    """Frame and send bytes on a stream socket."""
    sock.sendall(struct.pack("!Q", len(payload)) + payload)


def recv(sock, limit=MAX_MESSAGE_BYTES + 2**20, deadline=None):
    """Receive one framed message; EOFError when the peer is gone.

    With a deadline (time.monotonic()), TimeoutError once it passes: a peer
    that sends half a message and then stops cannot hang the reader.
    """
    previous = sock.gettimeout()
    try:
        head = _recv_exact(sock, 8, deadline)
        (n,) = struct.unpack("!Q", head)
        if n > limit:
            raise MessageError(f"message of {n} bytes is over the {limit}-byte limit")
        return _recv_exact(sock, n, deadline)
    finally:
        if deadline is not None:
            sock.settimeout(previous)


def _recv_exact(sock, n, deadline=None):
    chunks = []
    while n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the message did not arrive in time")
            sock.settimeout(left)
        chunk = sock.recv(min(n, 2**20))
        if not chunk:
            raise EOFError("peer closed the connection")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)
