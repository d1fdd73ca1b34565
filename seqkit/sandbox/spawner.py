"""The grader's side of a student process: spawn it clean, call it, kill it.

A spawner is forked before the grader imports the references, so every
student process it forks later starts from a state without them.
"""
import ctypes
import os
import pickle
import select
import signal
import socket
import struct
import time

from seqkit.sandbox import codec
from seqkit.sandbox.child import close_fds_except, student_main
from seqkit.sandbox.replies import MAX_CALLBACKS, answer_callback, read_reply


_PR_SET_CHILD_SUBREAPER = 36


class SubmissionDied(BaseException):
    """The student's process is gone (exit, crash, timeout, memory).

    A BaseException so that hypothesis stops at once instead of shrinking
    against a dead process.
    """

    def __init__(self, status, reason):
        super().__init__(reason)
        self.status, self.reason = status, reason


class QuestionTimeout(SubmissionDied):
    """The question's time is up; the process itself is fine."""


class Spawner:
    """A clean forked process that forks student processes on request."""

    def __init__(self):
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            ours.close()
            _serve_spawns(theirs)
        theirs.close()
        self.pid, self.sock = pid, ours

    def spawn(self, cells, limits, hide):
        codec.send(self.sock, pickle.dumps({"cells": cells, "limits": limits, "hide": hide}))
        msg, fds, _, _ = socket.recv_fds(self.sock, 16, 1)
        (pid,) = struct.unpack("!i", msg)
        return pid, socket.socket(fileno=fds[0])

    def close(self):
        self.sock.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve_spawns(sock):
    close_fds_except(sock.fileno())
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps students
    # A student's process is a grandchild here (see child._become_pid1): when
    # its placeholder parent is killed first, it is re-parented to us, not to
    # whatever runs as PID 1 (which may never reap), and is reaped all the same.
    ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    while True:
        try:
            order = pickle.loads(codec.recv(sock))
        except (EOFError, OSError):
            os._exit(0)
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            ours.close()
            student_main(theirs, order["cells"], order["limits"], order["hide"])
        theirs.close()
        socket.send_fds(sock, [struct.pack("!i", pid)], [ours.fileno()])
        ours.close()


class SandboxedStudent:
    """Calls into a student's notebook running in its own isolated process
    (a seqkit.sandbox.student.Student)."""

    def __init__(self, spawner, cells, limits, hide=()):
        self.spawner, self.cells, self.limits, self.hide = spawner, cells, limits, tuple(hide)
        self.pid = self.sock = None
        self.problems = []
        self.deadline = None  # monotonic time by which the current question must finish

    def start(self):
        """Run the notebook's cells; -> problems (cells that failed)."""
        self.close()
        self.pid, self.sock = self.spawner.spawn(self.cells, self.limits, self.hide)
        seconds = self.limits["notebook_seconds"]
        ready = self._receive(time.monotonic() + seconds, seconds, "running the notebook")
        self.problems = list(ready.get("problems", []))
        return self.problems

    @property
    def alive(self):
        return self.sock is not None

    def call(self, name, *args, seconds=None, **kwargs):
        """name(*args, **kwargs) in the notebook -> its answer (plain).

        StudentError when it raises; InputChanged (a StudentError) when it
        modified an argument; SubmissionDied when the process is gone.
        """
        return self.request({"op": "call", "name": name, "args": args, "kwargs": kwargs},
                            seconds=seconds)

    def request(self, request, seconds=None, on_callback=None):
        """Send one op; -> the answer (replies.read_reply), or StudentError; SubmissionDied if gone.

        While the op runs, the student's process may send callbacks
        ({"callback": ...}); on_callback(message) answers each, here.
        """
        if self.sock is None:
            raise SubmissionDied("crashed", "the notebook's process is not running")
        seconds = seconds or self.limits["call_seconds"]
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise QuestionTimeout("timeout", "this question used up its time "
                                      f"({self.limits['question_seconds']} s): the code is too slow")
            seconds = min(seconds, max(1, int(left)))
        doing = f"calling {request.get('name') or request.get('op')}"
        self._send(pickle.dumps({**request, "seconds": seconds}), doing)
        deadline = time.monotonic() + seconds + 2  # callbacks included
        for _ in range(MAX_CALLBACKS + 1):
            reply = self._receive(deadline, seconds, doing)
            if "callback" not in reply:
                return read_reply(request, reply)
            self._send(pickle.dumps(answer_callback(reply, on_callback)), doing)
        self._died("crashed", f"more than {MAX_CALLBACKS} callbacks while {doing}")

    def _send(self, payload, doing):
        try:
            codec.send(self.sock, payload)
        except OSError:
            self._died("crashed", f"the notebook's process exited while {doing}")

    def _receive(self, deadline, seconds, doing):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._died("timeout", f"timed out after {seconds:.0f} s while {doing}")
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                break
        try:
            # the deadline covers the whole message, not only its first byte
            reply = codec.decode(codec.recv(self.sock, deadline=deadline))
        except TimeoutError:  # half a message, then nothing
            self._died("timeout", f"timed out after {seconds:.0f} s while {doing}")
        except (EOFError, OSError):
            self._died("crashed", f"the notebook's process exited while {doing}"
                       f"{_exit_hint(self.pid)}")
        except codec.MessageError as exc:
            self._died("crashed", f"unreadable answer while {doing}: {exc}")
        if not isinstance(reply, dict):
            self._died("crashed", f"unreadable answer while {doing}")
        return reply

    def _died(self, status, reason):
        self.close()
        raise SubmissionDied(status, reason)

    def close(self):
        if self.sock is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.sock.close()
        self.pid = self.sock = None


def _exit_hint(pid):
    # The student's process is the spawner's child, so its exit status is not
    # ours to read; a missing process after a memory error is the usual story.
    return "" if pid is None else " (it may have run out of memory or called exit)"
