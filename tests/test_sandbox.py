"""The student's process: wire format, isolation, limits, and how it dies."""
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from seqkit.grading.batch import DEFAULT_LIMITS
from seqkit.grading.locks import uid_range
from seqkit.sandbox import codec
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.spawner import SandboxedStudent, SubmissionDied

pytestmark = pytest.mark.forks  # through the session's `spawner` (tests/conftest.py)


LIMITS = {**DEFAULT_LIMITS, "cell_seconds": 2, "call_seconds": 3}


@pytest.fixture(scope="module", autouse=True)
def uid():
    """The first of two uids for this module's students, claimed as a grading run claims its
    own (grading/locks.py), so that no batch graded meanwhile on this machine shares them."""
    with uid_range(2) as first:
        LIMITS["uid"] = first
        yield first


def student(spawner, *cells, hide=(), **limits):
    s = SandboxedStudent(spawner, list(cells), {**LIMITS, **limits}, hide)
    s.start()
    return s


@pytest.mark.quick
def test_codec_round_trip():
    tree = {"ok": (np.arange(6, dtype=np.float32).reshape(2, 3), [1, 2.5, None, "x"],
                   {"k": np.array(True)}, np.float64(3.0))}
    back = codec.decode(codec.encode(codec.to_plain(tree)))
    np.testing.assert_array_equal(back["ok"][0], tree["ok"][0])
    assert back["ok"][0].dtype == np.float32
    assert back["ok"][1] == [1, 2.5, None, "x"] and back["ok"][3] == 3.0


@pytest.mark.parametrize("data", [
    b"", b"\x00" * 8, codec.encode({"v": 1})[:-1] + b"!",
    b"\x00\x00\x00\x00\x00\x00\x00\x2a" + b'{"a": "|O", "s": [1], "n": 8}' + b"\x00" * 8,
    b"\x00\x00\x00\x00\x00\x00\x00\x1d" + b'{"a": "<f8", "s": [9], "n": 8}' + b"\x00" * 8,
])
@pytest.mark.quick
def test_codec_rejects_malformed_or_unsafe_messages(data):
    with pytest.raises(codec.MessageError):
        codec.decode(data)


@pytest.mark.quick
def test_object_answers_are_refused():
    with pytest.raises(codec.MessageError):
        codec.to_plain(np.array([object()]))


@pytest.mark.quick
def test_cells_run_and_functions_answer(spawner):
    s = student(spawner, "import numpy as np\ndef f(x):\n    return np.tanh(x)", "1/0")
    assert s.problems == ["cell 2: ZeroDivisionError: division by zero (in <module>, cell 2 line 1)"]
    np.testing.assert_allclose(s.call("f", np.ones(3)), np.tanh(np.ones(3)))
    with pytest.raises(StudentError, match="NameError: g is not defined"):
        s.call("g")
    s.close()


def test_hanging_cell_is_stopped_and_the_rest_runs(spawner):
    s = student(spawner, "while True:\n    pass", "def f():\n    return 3")
    assert s.problems == ["cell 1: stopped after 2 s"]
    assert s.call("f") == 3
    s.close()


def test_hanging_call_costs_a_timeout_not_the_grader(spawner):
    s = student(spawner, "import signal\ndef f():\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                         "    while True:\n        pass")
    with pytest.raises(SubmissionDied) as info:
        s.call("f", seconds=1)
    assert info.value.status == "timeout"
    assert not s.alive


def test_exit_inside_a_call(spawner):
    s = student(spawner, "import os\ndef f():\n    os._exit(3)")
    with pytest.raises(SubmissionDied) as info:
        s.call("f")
    assert info.value.status == "crashed"


def test_system_exit_and_keyboard_interrupt_are_plain_errors(spawner):
    s = student(spawner, "def f():\n    raise SystemExit(0)\ndef g():\n    raise KeyboardInterrupt\n"
                         "def h():\n    return 1")
    with pytest.raises(StudentError, match="SystemExit"):
        s.call("f")
    with pytest.raises(StudentError, match="KeyboardInterrupt"):
        s.call("g")
    assert s.call("h") == 1  # the process lives on
    s.close()


def test_memory_cap(spawner):
    # 3 GiB asked, 512 MiB allowed: the allocation fails inside the student's process.
    s = student(spawner, "import numpy as np\ndef f():\n    a = np.ones(3 * 2**30 // 8)\n    return a[:2]",
                memory_mb=512)
    with pytest.raises((StudentError, SubmissionDied), match="MemoryError|exited"):
        s.call("f")
    s.close()


def test_modules_the_warm_parent_never_loaded_can_be_imported(spawner):
    # from the kit's virtual environment, wherever it lives (also under /tmp,
    # which the sandbox replaces with an empty one of its own)
    s = student(spawner, """
import sys
def load():
    before = "tqdm" in sys.modules
    import tqdm
    return before, tqdm.__name__
""")
    assert s.call("load") == (False, "tqdm")
    s.close()


def test_huge_answer_is_refused(spawner):
    s = student(spawner, "import numpy as np\ndef f():\n    return np.zeros(20_000_000)")
    with pytest.raises(StudentError, match="larger than"):
        s.call("f")
    s.close()


def test_only_its_socket_is_open(spawner):
    s = student(spawner, "import os\ndef fds():\n    return sorted(int(f) for f in os.listdir('/proc/self/fd'))")
    fds = s.call("fds")
    assert len(fds) <= 5, fds  # 0, 1, 2, the socket, and the listdir handle itself
    s.close()


@pytest.mark.needs_root  # the privilege drop
def test_a_student_at_its_process_limit_leaves_the_next_uid_alone(spawner, uid):
    hog = student(spawner, """
import os, time
def hog():
    n = 0
    while n < 100:  # bounded: the limit of 30 processes stops it first
        try:
            pid = os.fork()
        except OSError:
            return n
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        n += 1
    return n
""", processes=30)
    assert hog.call("hog") < 30
    neighbour = student(spawner, """
import threading
def threads():
    try:
        started = [threading.Thread(target=lambda: None) for _ in range(10)]
        for t in started:
            t.start()
        for t in started:
            t.join()
    except RuntimeError as exc:
        return str(exc)
    return "ok"
""", processes=30, uid=uid + 1)
    assert neighbour.call("threads") == "ok"
    neighbour.close()
    hog.close()


@pytest.mark.needs_namespaces
def test_unix_sockets_in_run_are_out_of_reach(spawner):
    path = f"/run/seqkit-test-{os.getpid()}.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    os.chmod(path, 0o777)  # anyone may connect: only the sandbox's view of /run stops it
    server.listen(1)
    try:
        s = student(spawner, f"""
import socket
def dial():
    try:
        socket.socket(socket.AF_UNIX).connect({path!r})
    except OSError as exc:
        return type(exc).__name__
    return "connected"
""")
        assert s.call("dial") in ("FileNotFoundError", "PermissionError")
        s.close()
    finally:
        server.close()
        os.unlink(path)


# The same functions run here, unsandboxed, and in the student's process: each
# test proves that what it guards is within reach without the sandbox.
PROBES = """
import os, socket
def who():
    return os.getuid(), os.getgid()
def dial(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError as exc:
        return type(exc).__name__
    return "connected"
def peek(path):
    try:
        return open(path).read()
    except OSError as exc:
        return type(exc).__name__
def write_home():
    open("notes.txt", "w").write("x")
    return os.getcwd()
"""


def unsandboxed(name, *args):
    namespace = {}
    exec(PROBES, namespace)
    return namespace[name](*args)


@pytest.fixture
def listener():
    """A TCP port of this process, listening on the loopback: -> the port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def shared_folder():
    """A world-readable folder outside /tmp (the student's process gets its own /tmp)."""
    base = "/var/tmp" if os.access("/var/tmp", os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="seqkit-sandbox-test-", dir=base))
    assert not str(folder).startswith("/tmp/"), "needs a writable folder outside /tmp"
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.needs_namespaces
def test_unprivileged_and_no_network(spawner, listener, uid):
    assert unsandboxed("dial", listener) == "connected"
    s = student(spawner, PROBES)
    assert s.call("who") == (uid, uid)
    # its own network namespace: not even the loopback of the grading machine
    assert s.call("dial", listener) != "connected"
    assert s.call("write_home").startswith("/tmp/")
    s.close()


@pytest.mark.needs_namespaces
def test_hidden_folders_are_empty_to_the_student(spawner, shared_folder):
    hidden, visible = shared_folder / "hidden", shared_folder / "visible"
    for folder in (hidden, visible):
        folder.mkdir(mode=0o755)
        (folder / "answers.txt").write_text("42")
        os.chmod(folder, 0o755)
        os.chmod(folder / "answers.txt", 0o644)  # readable by every uid, the student's too
    secret, control = str(hidden / "answers.txt"), str(visible / "answers.txt")
    assert unsandboxed("peek", secret) == "42"
    s = student(spawner, PROBES, hide=[str(hidden)])
    assert s.call("peek", control) == "42"  # only the mask stands between it and the secret
    # the mask is an empty file system of mode 0: the student cannot even enter it
    assert s.call("peek", secret) == "PermissionError"
    s.close()
    assert (hidden / "answers.txt").read_text() == "42"


FLOODING_FIT = ("def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):\n"
                "    while True:\n"
                "        f([[0.5] * d])\n")


def test_callbacks_are_answered_here_and_a_timeout_among_them_keeps_the_protocol(spawner):
    s = student(spawner, FLOODING_FIT, "def g(x):\n    return x + 1")
    asked = []

    def slow_target(message):  # the student's process mostly waits for this answer
        time.sleep(0.05)
        asked.append(message["x"])
        return np.zeros(len(message["x"]))

    with pytest.raises(StudentError, match="CellTimeout"):
        s.request({"op": "fit", "keywords": {"d": 2, "n_train": 1}}, on_callback=slow_target)
    assert len(asked) > 5 and all(x.shape == (1, 2) and x.dtype == np.float64 for x in asked)
    # the answer to the last callback was read as such, not as the next request's
    assert s.call("g", 1) == 2


def test_a_callback_flood_is_stopped_by_the_grader(spawner):
    from seqkit.sandbox.replies import MAX_CALLBACKS
    s = student(spawner, FLOODING_FIT)
    with pytest.raises(SubmissionDied, match=f"more than {MAX_CALLBACKS} callbacks"):
        s.request({"op": "fit", "keywords": {"d": 2, "n_train": 1}}, seconds=60,
                  on_callback=lambda message: np.zeros(1))
    assert not s.alive


def test_an_argument_changed_in_place_comes_back_as_such(spawner):
    from seqkit.sandbox.replies import InputChanged
    s = student(spawner, "def clip(grads, max_norm):\n    grads[0] *= 0.5\n    return grads, 1.0")
    with pytest.raises(InputChanged, match=r"clip changed its argument grads\[0\] in place"):
        s.call("clip", [np.ones(3), np.ones(2)], 1.0)
