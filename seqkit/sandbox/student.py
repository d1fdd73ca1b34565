"""What the hidden tests and the diagnosis may do with a student's notebook.

Two kinds answer it: SandboxedStudent (seqkit.sandbox.spawner: the notebook in
its own isolated process, as `seqkit grade` runs it) and InProcessStudent
(seqkit.sandbox.inprocess: the namespace of this process, inside Otter and in
the tests).  A hidden test is written against this protocol and never knows which.
"""
from typing import Any, Callable, Optional, Protocol


class Student(Protocol):
    def call(self, name: str, *args, seconds: Optional[float] = None, **kwargs) -> Any:
        """name(*args, **kwargs) in the notebook -> its answer (plain values: arrays,
        numbers, tuples, lists, dicts); StudentError when it raises."""

    def request(self, request: dict, seconds: Optional[float] = None,
                on_callback: Optional[Callable[[dict], Any]] = None) -> Any:
        """One op of seqkit.sandbox.ops (request["op"]) -> its answer; StudentError when the
        student's code raises; on_callback answers the callbacks the op sends meanwhile."""
