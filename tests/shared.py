"""Expensive work done once per test run and read by every module that needs it.

tests/conftest.py hands these out as session-scoped fixtures; each is made lazily,
per assignment, the first time a test asks for it, so a module run alone pays only
for what it reads, and made once for all of pytest-xdist's workers (Cache).  Each
cache grows with seqkit.paths.NAMES: a new assignment costs one build, one corpus
batch and (where asked for) one example batch.

* `built(name)`: `seqkit build` of one assignment into a scratch folder (the student
  folder and the Otter autograder zip): tests/test_build.py, tests/test_gradescope.py.
* `corpus_batch(name)`: ONE `seqkit grade` of the assignment's corpus (tests/corpus:
  the perfect notebook, every wrong and every right answer) together with the honest
  notebooks tests/test_build.py compares with `otter run` (the solution, the untouched
  notebook, a typical mistake): tests/test_corpus.py, tests/test_build.py.  A question
  that an entry cannot reach is graded once, in the perfect notebook (tests/corpus/reach.py).
* `example_batch(name)`: ONE `seqkit grade --timeout 10` of the committed example
  class (examples/<name>): tests/test_grading.py, tests/test_gradescope.py.
"""
import collections
import csv
import dataclasses
import fcntl
import os
import pickle
import re
import shutil
import time

import nbformat

from corpus.reach import left_out, notebook_references
from corpus.right import RIGHT
from corpus.wrong import WRONG
from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.examples import PERFECT, UNTOUCHED, example_class, mistake_files
from seqkit.grading.gradebook import fmt_points
from seqkit_grade import grade, gradebook

CONTROL = "00-perfect"  # the perfect notebook itself: full marks, every self-check passes
WORKERS = min(4, max(2, os.cpu_count() or 2))
EXAMPLE_TIMEOUT = "10"  # the example class's hanging cell is stopped after 3 s, not 30

Entry = collections.namedtuple("Entry", "kind assignment question label source")


class Cache:
    """name -> make(name, folder), made once per test run, however many pytest-xdist workers
    ask: the first to ask makes it under a lock while the others wait, and they all read
    what it left (the value, pickled) in the run's shared scratch folder.

    root: a folder every worker of the run sees (tests/conftest.py); folder: a fresh
    folder per name, kept for the run.
    """

    def __init__(self, root, prefix, make):
        self.root, self.prefix, self.make, self.done = root, prefix, make, {}

    def __call__(self, name):
        if name not in self.done:
            self.done[name] = self._shared(name)
        return self.done[name]

    def _shared(self, name):
        folder = self.root / f"{self.prefix}-{name}"
        made = self.root / f"{self.prefix}-{name}.pickle"
        with open(self.root / f"{self.prefix}-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or its process dies
            if made.exists():
                return pickle.loads(made.read_bytes())
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            value = self.make(name, folder)
            made.with_suffix(".part").write_bytes(pickle.dumps(value))
            os.replace(made.with_suffix(".part"), made)
            return value


# ---------------------------------------------------------------------- build

def make_build(name, folder):
    """-> the folder holding assignments/<name>/ and autograder/<name>/<name>-autograder.zip."""
    from seqkit import i18n
    from seqkit.build import build, build_translated  # Otter's imports: only when asked for
    build(name, assignments=folder / "assignments", autograder=folder / "autograder")
    for lang in i18n.languages()[1:]:  # assignments/<name>/<name>.<lang>.ipynb
        build_translated(name, lang, assignments=folder / "assignments")
    return folder


# --------------------------------------------------------------- corpus batch

def _slug(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


def entries(assignment):
    """{submission name: Entry} of one assignment's corpus, wrong answers first."""
    out = {}
    for kind, corpus in (("wrong", WRONG), ("right", RIGHT)):
        for a, question, label, source in corpus:
            if a == assignment:
                out[f"{kind}--{question}--{_slug(label)}"] = Entry(kind, a, question, label, source)
    return out


def with_corpus_cell(notebook_bytes, source):
    """The notebook with the corpus entry's code cell appended (its own cell id)."""
    nb = nbformat.reads(notebook_bytes.decode("utf-8"), as_version=4)
    cell = nbformat.v4.new_code_cell(source.strip("\n") + "\n")
    cell.id = f"corpus-{len(nb.cells)}"
    nb.cells.append(cell)
    return nbformat.writes(nb).encode("utf-8") + b"\n"


def example_mistake_file(name):
    """The example class's third typical mistake: its file name (tests/test_build.py reads why)."""
    label = sorted(mistake_files(name))[2]
    return mistake_files(name)[label]


def otter_comparison(name):
    """{submission: notebook bytes} that tests/test_build.py also runs through `otter run`."""
    files = example_class(name)
    return {"build--solution": (paths.SOLUTIONS / f"{name}.ipynb").read_bytes(),
            "build--untouched": files[UNTOUCHED],
            "build--mistake": files[example_mistake_file(name)]}


@dataclasses.dataclass
class Graded:
    assignment: str
    points: dict        # question -> possible points
    rows: dict          # submission -> gradebook row (dict of strings), the corpus's only
    feedback: dict      # submission -> feedback markdown
    mistakes: dict      # (submission, question) -> recognised mistake id (mistakes.csv)
    carried: dict       # (submission, question) -> its carried-forward line (mistakes.csv)
    notebooks: dict     # submission -> notebook bytes: the control and the corpus entries
    seconds: float
    others: dict        # submission -> gradebook row, of the batch's other notebooks
    shared: dict        # submission -> the questions whose verdict is the control's (not run:
                        # the entry cannot reach them, tests/corpus/reach.py)


def make_corpus_batch(assignment, root):
    """Write every corpus submission of `assignment` and the otter comparison's notebooks,
    grade them with ONE `seqkit grade`.

    An entry is graded without the questions it cannot reach (tests/corpus/reach.py): their
    functions are deleted at the end of its cell, and their verdicts are the control's, the
    same untouched functions graded on the same draws.
    """
    folder, out = root / "submissions", root / "out"
    folder.mkdir()
    perfect = example_class(assignment)[PERFECT]
    loaded = Assignment.load(assignment)
    refs = notebook_references(perfect)
    notebooks, graded_as, shared = {CONTROL: perfect}, {CONTROL: perfect}, {}
    for name, e in entries(assignment).items():
        shared[name] = left_out(loaded, refs, e.source)
        notebooks[name] = with_corpus_cell(perfect, e.source)
        graded_as[name] = with_corpus_cell(perfect, e.source + "".join(
            f"\ndel {q}  # its verdict is the perfect notebook's\n" for q in shared[name]))
    others = otter_comparison(assignment)
    for name, data in {**graded_as, **others}.items():
        (folder / f"{name}.ipynb").write_bytes(data)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    start = time.monotonic()
    grade(assignment, folder, out, "--workers", str(WORKERS), timeout=3600, env=env)
    seconds = time.monotonic() - start
    rows = gradebook(out)
    assert set(rows) == set(notebooks) | set(others), \
        "the gradebook does not have one row per submission"
    feedback = {name: (out / "feedback" / f"{name}.md").read_text() for name in notebooks}
    with open(out / "mistakes.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["submission", "question", "mistake", "description"]
        listed = [m for m in reader if m["submission"] in notebooks]
    mistakes = {(m["submission"], m["question"]): m["mistake"] for m in listed
                if m["mistake"] != "carried-forward"}
    carried = {(m["submission"], m["question"]): m["description"] for m in listed
               if m["mistake"] == "carried-forward"}
    for name, skipped in shared.items():
        for q in skipped:
            assert float(rows[name][q]) == 0, f"{name}: {q} was deleted, yet it earned points"
            rows[name][q] = rows[CONTROL][q]
            mistakes.pop((name, q), None)
            carried.pop((name, q), None)
        rows[name]["total"] = fmt_points(sum(float(rows[name][q]) for q in loaded.points))
    return Graded(assignment, loaded.points,
                  {n: r for n, r in rows.items() if n in notebooks}, feedback, mistakes,
                  carried, notebooks, seconds, {n: r for n, r in rows.items() if n in others},
                  {n: s for n, s in shared.items() if s})


# -------------------------------------------------------------- example batch

@dataclasses.dataclass
class ExampleBatch:
    folder: object      # a copy of examples/<name>: what was graded
    out: object         # the --out folder
    done: object        # the CompletedProcess of `seqkit grade`


def make_example_batch(name, root):
    folder, out = root / "class", root / "out"
    shutil.copytree(paths.EXAMPLES / name, folder)
    done = grade(name, folder, out, "--timeout", EXAMPLE_TIMEOUT)
    return ExampleBatch(folder, out, done)
