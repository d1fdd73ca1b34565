"""Processes the tests start by the dozen, forked from one that has already started.

Importing TensorFlow costs about 7 CPU-seconds here, and the suite starts dozens of
processes that each import it first thing: `seqkit grade` runs, Jupyter kernels and
the Gradescope run script.
A zygote is a Python that has made that start once and forks a child per request;
the child is what a fresh process would be at that point, and then runs the real
thing: `seqkit.cli.main(argv)`, an ipykernel on its connection file, or `python -c CODE`
(the Gradescope run script's harness, tests/test_gradescope.py).

    python tests/zygote.py KIND SOCKET     (KIND: grade, kernel or python)

A request is one connection to SOCKET: a JSON line {"argv", "cwd", "env"} with the
client's stdin, stdout and stderr passed along (SCM_RIGHTS).  The child answers
with its pid, and with its exit status when it ends; a child killed by a signal
answers nothing more, and the client reports what it killed it with.  The zygote
ignores SIGCHLD, so the kernel reaps its children, and dies with the process that
started it.

What a zygote's child does not share with a fresh process: only modules already
imported (sys.modules), never state, since the zygote runs nothing but imports.
test_hostile, test_locks, test_instructor, test_review and the interrupted run of
test_grading still start `seqkit grade` as a command.
"""
import json
import os
import signal
import socket
import sys
import threading

_PR_SET_PDEATHSIG = 1
HERE = os.path.abspath(__file__)


def _preload_grade():
    # exactly what `seqkit grade` has loaded when it grades: the command's module
    # (thread variables set before NumPy loads) and the batch's warm-up
    import seqkit.cli  # noqa: F401
    from seqkit.grading.batch import warm_up
    warm_up()


def _run_grade(argv):
    import importlib

    import seqkit.cli
    # the command's start on the request's environment: its thread variables and
    # log level, and the hash seed it restarts itself with (this Python has it)
    os.environ["PYTHONHASHSEED"] = "0"
    importlib.reload(seqkit.cli)
    sys.argv = ["seqkit", *argv]
    seqkit.cli.main(argv)


def _preload_kernel():
    # what every notebook's first cells import, and the kernel itself; matplotlib reads
    # its backend once, at import, and ipykernel would have set it to the inline one
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import keras  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import otter  # noqa: F401
    import tensorflow  # noqa: F401
    from ipykernel import kernelapp  # noqa: F401


def _run_kernel(argv):
    from ipykernel import kernelapp
    sys.argv = ["ipykernel_launcher", *argv]
    kernelapp.launch_new_instance(argv=argv)


def _preload_python():
    # what a grading script imports first (seqkit.grading.batch.warm_up) but seqkit itself:
    # the Gradescope run script grades with the zip's copy
    import keras  # noqa: F401
    import numpy  # noqa: F401
    import tensorflow  # noqa: F401


def _run_python(argv):
    # argv as after `python`: ["-c", code]; its sys.path[0] is the working folder's ""
    flag, code = argv
    assert flag == "-c", argv
    sys.argv, sys.path[0] = ["-c"], ""
    exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})


KINDS = {"grade": (_preload_grade, _run_grade), "kernel": (_preload_kernel, _run_kernel),
         "python": (_preload_python, _run_python)}


def _child(conn, request, fds, run):
    """In the forked child: become the requested process, run, report the exit status."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for i, fd in enumerate(fds):
        os.dup2(fd, i)
    # the zygote's other descriptors (the passed ones, now 0-2, and any sibling's) are closed
    os.closerange(3, conn.fileno())
    os.closerange(conn.fileno() + 1, os.sysconf("SC_OPEN_MAX"))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    conn.sendall(f"{os.getpid()}\n".encode())
    # the client gone (killed: a timeout, jupyter_client's last resort), this goes too
    threading.Thread(target=_die_with_client, args=(conn,), daemon=True).start()
    code = 0
    try:
        run(request["argv"])
    except SystemExit as exc:
        if isinstance(exc.code, int) or exc.code is None:
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        try:
            conn.sendall(f"{code}\n".encode())
        finally:
            os._exit(code)


def _die_with_client(conn):
    try:
        while conn.recv(1 << 10):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGKILL)


def serve(kind, path):
    import ctypes
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    preload, run = KINDS[kind]
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    print("ready", flush=True)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    while True:
        conn, _ = listener.accept()
        try:
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            while not message.endswith(b"\n"):
                more = conn.recv(1 << 20)
                if not more:
                    raise EOFError
                message += more
            request = json.loads(message)
        except (OSError, EOFError, ValueError):
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _child(conn, request, fds, run)
        conn.close()
        for fd in fds:
            os.close(fd)


# ------------------------------------------------------------------ the client's side

class Child:
    """A process forked by a zygote: its pid, and its exit status once it ends."""

    def __init__(self, path, argv, cwd, env, fds):
        self.conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.conn.connect(path)
        request = json.dumps({"argv": list(argv), "cwd": str(cwd), "env": dict(env)})
        socket.send_fds(self.conn, [request.encode() + b"\n"], list(fds))
        self.reader = self.conn.makefile("rb")
        self.pid = int(self.reader.readline())

    def wait(self, timeout=None):
        """-> the exit status, or -SIGKILL for a child that ran past `timeout` seconds (killed
        here) or died of a signal."""
        self.conn.settimeout(timeout)
        try:
            line = self.reader.readline()
        except socket.timeout:
            self.kill()
            line = b""
        self.conn.close()
        return int(line) if line.strip() else -signal.SIGKILL

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self):
        self.send_signal(signal.SIGKILL)


class Zygote:
    """A zygote of `kind` (KINDS) started from this process, living as long as it does."""

    def __init__(self, kind, env=None):
        import subprocess
        import tempfile
        # a Unix socket's path must be short: not under pytest's deep tmp folders
        self.folder = tempfile.mkdtemp(prefix=f"seqkit-zygote-{kind}-")
        self.path = os.path.join(self.folder, "socket")
        self.log = os.path.join(self.folder, "log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([sys.executable, HERE, kind, self.path],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=log, env=env)
        if self.proc.stdout.readline() != b"ready\n":
            self.proc.wait()
            with open(self.log, errors="replace") as fh:
                raise RuntimeError(f"the {kind} zygote did not start:\n{fh.read()[-3000:]}")
        self.proc.stdout.close()

    def run(self, argv, cwd, env, timeout=None):
        """Like subprocess.run(argv, capture_output=True, text=True): -> CompletedProcess
        (returncode -SIGKILL past `timeout` seconds)."""
        import subprocess
        import tempfile
        with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as out, \
                tempfile.TemporaryFile() as err:
            child = Child(self.path, argv, cwd, env, (stdin.fileno(), out.fileno(), err.fileno()))
            code = child.wait(timeout)
            out.seek(0)
            err.seek(0)
            return subprocess.CompletedProcess(argv, code, out.read().decode(errors="replace"),
                                               err.read().decode(errors="replace"))

    def close(self):
        import shutil
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def kernel_spec(zygote, folder):
    """Write a Jupyter kernel spec `python3` into folder/kernels/ whose kernels `zygote` (a
    kernel Zygote) forks; -> the JUPYTER_PATH entry that puts it before the installed one,
    for every kernel this process and its children start (nbclient, `otter run`)."""
    from jupyter_client.kernelspec import KernelSpecManager
    installed = KernelSpecManager().get_kernel_spec("python3").to_dict()
    spec = os.path.join(folder, "kernels", "python3")
    os.makedirs(spec, exist_ok=True)
    with open(os.path.join(spec, "kernel.json"), "w") as fh:
        json.dump({**installed, "argv": [sys.executable, HERE, "client", zygote.path, "-f",
                                         "{connection_file}"]}, fh)
    return folder


def _orphaned(parent, child):
    # as ipykernel does: a kernel whose parent has gone ends (the kernel's own check
    # sees the zygote, its real parent, alive)
    import time
    while os.getppid() == parent:
        time.sleep(1)
    child.kill()
    os._exit(1)


def client(path, *argv):
    """A kernel spec's command: the kernel forked by the zygote at `path` stands in for this
    process; signals sent here go to it, and this exits with its status."""
    parent = os.getppid()
    child = Child(path, argv, os.getcwd(), os.environ, (0, 1, 2))
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, _: child.send_signal(signum))
    threading.Thread(target=_orphaned, args=(parent, child), daemon=True).start()
    code = child.wait()
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    if sys.argv[1] == "client":
        client(*sys.argv[2:])
    else:
        serve(*sys.argv[1:])
