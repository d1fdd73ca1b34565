"""The autograder zip on Gradescope: its run script grades in the sandbox.

Each case lays out a Gradescope container's /autograder in a world-readable
folder (the zip unpacked into source/, the upload in submission/), runs the
zip's own run_otter.py as Gradescope's run_autograder does (in a `python -c` forked
from a zygote that has imported TensorFlow, tests/zygote.py), and reads
results/results.json.  Two kinds of container:

* "namespaces": the kernel lets root create namespaces (as here and in CI);
* "no-namespaces": it refuses them, as Docker's default seccomp profile does
  on Gradescope; the student's process then only drops to an unprivileged uid, and the
  run script's file modes are what keep it out.

Honest uploads must score exactly as `seqkit grade` scores them; hostile ones
exactly what they deserve, with nothing forged in results.json and the zip's
contents unchanged.
"""
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from hostile import attacks as H
from seqkit.assignment import Assignment
from seqkit.examples import PERFECT, example_class, mistake_files, with_cell
from seqkit_grade import gradebook

pytestmark = [pytest.mark.needs_root,  # the run script's lock-down (Gradescope runs it as root)
              # one container at a time, as Gradescope runs them, and the module's zip and
              # scores made once
              pytest.mark.xdist_group("gradescope")]

ASSIGNMENT = "rnn"
HONEST = (PERFECT, mistake_files(ASSIGNMENT)["clip-each-separately"])

# The zip's run script as Gradescope runs it.  Gradescope's Python has no
# seqkit but the zip's copy; the kit's venv has an editable install, whose
# finder would hand the student's process the repo's own references, so it
# is left out here.
HARNESS = '''
import ctypes, runpy, sys, types
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.path.insert(0, {files!r})
if {refuse_namespaces!r}:
    # a kernel that refuses unshare(2), as under Docker's default seccomp profile
    import seqkit.sandbox.child as child

    class _Libc:
        def __init__(self, libc):
            self._libc = libc
        def unshare(self, flags):
            return -1
        def __getattr__(self, name):
            return getattr(self._libc, name)

    child.ctypes = types.SimpleNamespace(**vars(ctypes))
    child.ctypes.CDLL = lambda *a, **k: _Libc(ctypes.CDLL(*a, **k))
runpy.run_path({script!r}, run_name="__main__")
'''

FORGE = '''
import glob, json, os
_root = "@ROOT@"
for _attempt in (
        lambda: open(f"{_root}/results/results.json", "w").write(json.dumps({"score": 999})),
        lambda: open(f"{_root}/results/FORGED", "w").write("x"),
        lambda: open(f"{_root}/source/files/seqkit/hidden/rnn.py", "w").write("QUESTIONS = []"),
        lambda: open(f"{_root}/source/FORGED", "w").write("x"),
        lambda: [open(p, "w").write("{}") for p in glob.glob(f"{_root}/submission/*")],
        lambda: open(f"{_root}/FORGED", "w").write("x")):
    try:
        _attempt()
    except BaseException:
        pass
''' + H.garbage("rnn_outputs")

READ_REFERENCE = H.garbage("rnn_outputs") + '''
import sys
sys.path.insert(0, "@ROOT@/source/files")
try:
    from seqkit.rnn import rnn_outputs
except BaseException:
    try:
        _ns = {}
        exec(open("@ROOT@/source/files/seqkit/rnn.py").read(), _ns)
        rnn_outputs = _ns["rnn_outputs"]
    except BaseException:
        pass
'''

HOSTILE = {  # file name -> (cell, questions deserving 0)
    "forge-results.ipynb": (FORGE, {"rnn_outputs"}),
    "read-reference.ipynb": (READ_REFERENCE, {"rnn_outputs"}),
    "patch-numpy.ipynb": (H.patch_numpy_comparisons("rnn_outputs").cell, {"rnn_outputs"}),
    # without namespaces the student's process sees the grader's processes
    "signal-everyone.ipynb": (H.signal_everyone("rnn_outputs").cell, {"rnn_outputs"}),
    "kill-minus-one.ipynb": (H.kill_minus_one("clip_by_global_norm").cell,
                             {"clip_by_global_norm"}),
}


@pytest.fixture(scope="module")
def autograder_zip(built):
    """The zip of the session's build (tests/shared.py)."""
    return built(ASSIGNMENT) / "autograder" / ASSIGNMENT / f"{ASSIGNMENT}-autograder.zip"


@pytest.fixture(scope="module")
def seqkit_scores(example_batch):
    """{file: {question: points}} from `seqkit grade` on the honest uploads: their rows in
    the session's graded example class (tests/shared.py)."""
    rows = gradebook(example_batch(ASSIGNMENT).out)
    return {name: {q: float(rows[Path(name).stem][q]) for q in Assignment.load(ASSIGNMENT).points}
            for name in HONEST}


def _tree_digest(folder):
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def python():
    """A zygote (tests/zygote.py) whose children are `python -c` with TensorFlow, Keras and
    NumPy imported, as the run script imports them before it grades, and seqkit not: each
    case's run script starts without paying for those imports again."""
    from zygote import Zygote
    zygote = Zygote("python")
    yield zygote
    zygote.close()


def gradescope(python, zip_path, uploads, container="namespaces"):
    """Run the zip's run script on {file name: bytes} uploaded, in a `python -c` forked by
    the python zygote; -> results.json."""
    root = Path(tempfile.mkdtemp(prefix="seqkit-gs-", dir="/var/tmp"))
    os.chmod(root, 0o755)  # as /autograder is: the lock-down is what must protect it
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    (root / "submission").mkdir()
    for name, content in uploads.items():
        (root / "submission" / name).write_bytes(content.replace(b"@ROOT@", str(root).encode()))
    for path in root.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    before = _tree_digest(root / "source")
    argv = ["-c", HARNESS.format(
        files=str(root / "source" / "files"), script=str(root / "source" / "run_otter.py"),
        refuse_namespaces=container == "no-namespaces")]
    try:
        done = python.run(argv, root / "source", os.environ, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        assert _tree_digest(root / "source") == before, "the upload changed the autograder's files"
        assert sorted(p.name for p in (root / "results").iterdir()) == ["results.json"]
        assert not list(root.rglob("FORGED"))
        results = json.loads((root / "results" / "results.json").read_text())
    finally:
        shutil.rmtree(root)
    return results


def _scores(results):
    scores = {t["name"]: t["score"] for t in results["tests"]}
    assert results["score"] == pytest.approx(sum(scores.values()))
    return scores


@pytest.mark.parametrize("container", ["namespaces", "no-namespaces"])
@pytest.mark.parametrize("upload", HONEST)
def test_honest_upload_scores_as_seqkit_grade(python, autograder_zip, seqkit_scores, container,
                                              upload):
    results = gradescope(python, autograder_zip, {upload: example_class(ASSIGNMENT)[upload]},
                         container)
    assert _scores(results) == seqkit_scores[upload]
    for test in results["tests"]:
        assert test["max_score"] == Assignment.load(ASSIGNMENT).points[test["name"]]
        if test["score"] < test["max_score"]:
            assert test["output"] != "passed" and test["name"] in results["output"]


@pytest.mark.parametrize("container", ["namespaces", "no-namespaces"])
@pytest.mark.parametrize("upload", sorted(HOSTILE))
def test_hostile_upload_gets_what_it_deserves(python, autograder_zip, container, upload):
    cell, zero = HOSTILE[upload]
    perfect = nbformat.reads(example_class(ASSIGNMENT)[PERFECT].decode(), as_version=4)
    content = nbformat.writes(with_cell(perfect, cell)).encode()
    results = gradescope(python, autograder_zip, {upload: content}, container)
    deserved = {q: 0.0 if q in zero else p for q, p in Assignment.load(ASSIGNMENT).points.items()}
    assert _scores(results) == deserved


@pytest.mark.parametrize("uploads, problem", [
    pytest.param({}, "no notebook", marks=pytest.mark.quick),
    ({"a.ipynb": b"{}", "b.ipynb": b"{}"}, "more than one notebook"),
])
def test_upload_that_cannot_be_graded_says_why(python, autograder_zip, uploads, problem):
    results = gradescope(python, autograder_zip, uploads)
    assert results["score"] == 0 and problem in results["output"]
    assert {t["name"] for t in results["tests"]} == {q for q in Assignment.load(ASSIGNMENT).points}
