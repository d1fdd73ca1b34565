"""The student's process: runs the notebook's cells, then answers the grader's calls.

It is forked from a warm parent that has imported NumPy, TensorFlow and Keras
but never the references or hidden tests.  Before any student code runs it
leaves the grader's files behind: it closes every inherited descriptor but its
socket, enters its own mount, network, IPC and PID namespaces (as PID 1, so
nothing it starts outlives it or sees another process), makes every file
system read-only but a private /tmp and /dev/shm, masks the package and the
grader's folders with empty file systems, drops root, and caps memory, CPU,
file size and processes.

Students graded side by side run as different unprivileged uids, ones that
belong to no account (limits["uid"]): the process limit counts per uid, so
one student's forks and threads can never use up another's.
"""
import ctypes
import os
import pickle
import resource
import signal
import struct
import sys
import types

from seqkit.sandbox import codec
from seqkit.sandbox.ops import describe_exception, run_op

_CLONE_NEWNS, _CLONE_NEWNET = 0x00020000, 0x40000000
_CLONE_NEWIPC, _CLONE_NEWPID = 0x08000000, 0x20000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 0x4000, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS = 1, 38
_SYS_MOUNT_SETATTR, _AT_FDCWD, _AT_RECURSIVE = 442, -100, 0x8000  # 442 on every arch
_MOUNT_ATTR_RDONLY, _MOUNT_ATTR_NOSUID = 0x1, 0x2


class CellTimeout(BaseException):
    """A cell or call ran past its time; raised by SIGALRM."""


def _on_alarm(signum, frame):
    raise CellTimeout("ran out of time")


def otter_stub():
    # The notebook's `grader = otter.Notebook(...)` and `grader.check(...)`
    # lines become no-ops: importing Otter costs seconds and its checks would
    # only run the public tests, which do not count.
    class Notebook:
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    return types.SimpleNamespace(Notebook=Notebook, __name__="otter")


def close_fds_except(*keep):
    """Close every inherited descriptor above 2 but `keep`.

    A forked process otherwise holds copies of its siblings' sockets (no EOF
    ever reaches them) and of the grader's open files.
    """
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _die_with_parent(libc):
    # SIGKILL when the process that forked us goes: a student's process never
    # outlives the grader's side of it.  (Cleared by setuid: set again after.)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _become_pid1(sock_fd):
    """Fork into the new PID namespace; returns in the child, its PID 1.

    The parent stays outside as a root-owned placeholder with the pid the
    grader knows, and exits with its child.  Killing it kills the child
    (parent-death signal), and when PID 1 dies the kernel kills everything
    else in the namespace: no grandchild, however detached (setsid, double
    fork), survives the student's process, and none can see or signal a
    process outside, such as another student's.
    """
    pid = os.fork()
    if pid == 0:
        return
    os.close(sock_fd)
    try:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    except ChildProcessError:
        code = 70
    os._exit(code if code >= 0 else 128 - code)


def _read_only(libc):
    """Make every mount read-only and setuid-free (in our private mount namespace).

    The masks hide the grader's folders; this stops writes everywhere else
    (world-writable folders such as /var/tmp or /dev/shm, where one student
    could leave answers for another, or modules for the grader's Python).
    """
    attr = struct.pack("QQQQ", _MOUNT_ATTR_RDONLY | _MOUNT_ATTR_NOSUID, 0, 0, 0)
    args = (ctypes.c_long(_SYS_MOUNT_SETATTR), ctypes.c_long(_AT_FDCWD), ctypes.c_char_p(b"/"),
            ctypes.c_long(_AT_RECURSIVE), ctypes.c_char_p(attr), ctypes.c_long(len(attr)))
    if libc.syscall(*args) == 0:
        return
    # kernels before 5.12: remount the mounts one by one
    with open("/proc/self/mountinfo") as fh:
        points = [line.split()[4] for line in fh]
    for point in points:
        libc.mount(None, os.fsencode(point), None,
                   _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID, None)


def _private_tmp(libc, size_mb):
    """An empty, writable /tmp of our own, with the Python we run on still in it.

    A kit checked out under /tmp keeps its virtual environment there: without
    it the student's process could import nothing the warm parent had not
    already imported.  It comes back read-only, at the same path.
    """
    pythons = sorted({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)
                      if os.path.realpath(p).startswith("/tmp/")})
    handles = [os.open(p, os.O_PATH) for p in pythons]  # reachable after /tmp is covered
    libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, f"size={size_mb}m,mode=1777".encode())
    for path, fd in zip(pythons, handles):
        os.makedirs(path, mode=0o755)
        libc.mount(f"/proc/self/fd/{fd}".encode(), os.fsencode(path), None,
                   _MS_BIND | _MS_REC, None)
        libc.mount(None, os.fsencode(path), None,
                   _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID, None)
        os.close(fd)


def _isolate(sock_fd, hide, scratch_size_mb, uid):
    """Leave the grader's world; returns the scratch directory to work in."""
    close_fds_except(sock_fd)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    os.setsid()
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        _die_with_parent(libc)  # the spawner
        # Own mount, network, IPC and PID namespaces: no network, no shared
        # memory with other students, no sight of other processes, and empty
        # file systems over the references, hidden tests, solutions and results.
        namespaces = pid_ns = False
        if libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWPID) == 0:
            namespaces = pid_ns = True
            _become_pid1(sock_fd)
            _die_with_parent(libc)  # the placeholder
        elif libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET) == 0:
            namespaces = True
        if namespaces:
            libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None)
            _read_only(libc)
            # /run too: Unix sockets on disk (a database, D-Bus, the Docker daemon) ignore
            # read-only mounts and network namespaces, and /run is where they live.
            for path in (*hide, "/run"):
                libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", 0, b"size=1k,mode=0")
            _private_tmp(libc, scratch_size_mb)
            if os.path.isdir("/dev/shm"):  # private, writable: some libraries need it
                libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV,
                           f"size={scratch_size_mb}m,mode=1777".encode())
            if pid_ns:  # a /proc that shows this namespace's processes only
                libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None)
        scratch = "/tmp/seqkit-scratch-%d" % os.getpid()
        os.makedirs(scratch, mode=0o700, exist_ok=True)
        os.chown(scratch, uid, uid)
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        _die_with_parent(libc)
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)  # no setuid programs either
    else:
        scratch = "/tmp/seqkit-scratch-%d" % os.getpid()
        os.makedirs(scratch, mode=0o700, exist_ok=True)
    os.chdir(scratch)
    os.environ["HOME"] = scratch
    return scratch


def _limit(memory_mb, cpu_seconds, processes):
    with open("/proc/self/status") as fh:
        vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize"))
    # TensorFlow maps far more address space than it touches, so the cap is
    # what the warm parent already had plus the submission's allowance.
    address_space = (vm_kb * 1024) + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 2**20, 32 * 2**20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def run_cells(cells, namespace, cell_seconds):
    """Run each cell; a failing or hanging cell fails alone. -> list of problems."""
    problems = []
    for index, source in enumerate(cells):
        try:
            code = compile(source, f"<cell {index + 1}>", "exec")
        except SyntaxError as exc:
            problems.append(f"cell {index + 1}: SyntaxError: {exc.msg} (line {exc.lineno})")
            continue
        except Exception as exc:  # compile() gave up: RecursionError, MemoryError, ...
            problems.append(f"cell {index + 1}: {type(exc).__name__} while compiling: "
                            "the cell is too deeply nested or too large")
            continue
        signal.alarm(cell_seconds)
        try:
            exec(code, namespace)
        except CellTimeout:
            problems.append(f"cell {index + 1}: stopped after {cell_seconds} s")
        except BaseException as exc:
            problems.append(f"cell {index + 1}: {describe_exception(exc)}")
        finally:
            signal.alarm(0)
    return problems


def student_main(sock, cells, limits, hide=()):
    """Entry point in the forked child; never returns."""
    code = 0
    try:
        _isolate(sock.fileno(), hide, limits["scratch_mb"], limits["uid"])
        _limit(limits["memory_mb"], limits["cpu_seconds"], limits["processes"])
        import tensorflow as tf
        # One thread each: workers run side by side, and results do not
        # depend on how many cores the grading machine has.
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        sys.modules["otter"] = otter_stub()
        signal.signal(signal.SIGALRM, _on_alarm)
        namespace = {"__name__": "__main__"}
        problems = run_cells(cells, namespace, limits["cell_seconds"])
        codec.send(sock, codec.encode({"ready": True, "problems": problems}))

        def ask(message):
            # A callback: the grader answers it at once, before the request's reply.
            # The call's alarm waits until the answer is read: a timeout in between
            # would leave the answer in the socket, to be read as the next request.
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            try:
                codec.send(sock, codec.encode(message))
                return pickle.loads(codec.recv(sock))  # from the grader: trusted
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)

        while True:
            request = pickle.loads(codec.recv(sock))  # from the grader: trusted
            signal.alarm(request.get("seconds", limits["cell_seconds"]))
            try:
                answer = run_op(namespace, request, ask)
            finally:
                signal.alarm(0)
            try:
                payload = codec.encode(answer)
            except codec.MessageError as exc:
                payload = codec.encode({"error": str(exc)})
            codec.send(sock, payload)
    except (EOFError, BrokenPipeError, ConnectionResetError):
        code = 0
    except BaseException:
        code = 70
    os._exit(code)
