"""Calling a notebook namespace in this very process (inside Otter, and in tests).

Answers, arguments and callbacks still pass through the wire format, so a
test sees exactly what it would see from a sandboxed process.  Nothing here
isolates anything.
"""
import copy

from seqkit.sandbox import codec
from seqkit.sandbox.ops import StudentError, run_op
from seqkit.sandbox.replies import MAX_CALLBACKS, answer_callback, read_reply


class InProcessStudent:
    """A seqkit.sandbox.student.Student answered by a namespace of this process."""

    def __init__(self, namespace):
        self.namespace = namespace

    def __repr__(self):
        return "<your notebook>"

    def call(self, name, *args, seconds=None, **kwargs):
        """As SandboxedStudent.call."""
        return self.request({"op": "call", "name": name, "args": args, "kwargs": kwargs})

    def request(self, request, seconds=None, on_callback=None):
        """As SandboxedStudent.request."""
        calls = 0

        def ask(message):
            nonlocal calls
            calls += 1
            if calls > MAX_CALLBACKS:
                raise StudentError(f"more than {MAX_CALLBACKS} callbacks")
            return copy.deepcopy(answer_callback(codec.through_wire(message), on_callback))

        answer = run_op(self.namespace, copy.deepcopy(request), ask)
        try:
            reply = codec.decode(codec.encode(answer))
        except codec.MessageError as exc:  # as the sandboxed process answers it
            reply = {"error": str(exc)}
        return read_reply(request, reply)
