"""Calling a notebook namespace in this very process (inside Otter, and in tests).

Answers still pass through the wire format, so a test sees exactly what it
would see from a sandboxed process.  Nothing here isolates anything.
"""
import copy

from seqkit.sandbox import codec
from seqkit.sandbox.ops import StudentError, run_op


class InProcessStudent:
    def __init__(self, namespace):
        self.namespace = namespace

    def __repr__(self):
        return "<your notebook>"

    def call(self, name, *args, seconds=None, **kwargs):
        return self.request({"op": "call", "name": name, "args": args, "kwargs": kwargs})

    def request(self, request, seconds=None):
        reply = codec.decode(codec.encode(run_op(self.namespace, copy.deepcopy(request))))
        if "error" in reply:
            raise StudentError(reply["error"])
        return reply["ok"]
