"""`seqkit build` and the Otter path: fresh student notebooks, nothing secret in them,
and `otter run` with the built autograder zip grades like `seqkit grade`."""
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seqkit import paths
from seqkit.build import build
from seqkit.examples import MISTAKES as EXAMPLE_MISTAKES, example_class, solution_cells
from seqkit.questions import question_points


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    for name in paths.NAMES:
        build(name, assignments=out / "assignments", autograder=out / "autograder")
    return out


def _normalised(path):
    """A notebook without the fields that change on every build."""
    nb = json.loads(Path(path).read_text())
    for cell in nb["cells"]:
        cell.pop("id", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


@pytest.mark.parametrize("name", paths.NAMES)
def test_committed_student_folder_is_fresh(built, name):
    fresh, committed = built / "assignments" / name, paths.ASSIGNMENTS / name
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files, "run `seqkit build` and commit assignments/"
    for rel in fresh_files:
        if rel.suffix == ".ipynb":
            assert _normalised(fresh / rel) == _normalised(committed / rel), \
                f"{committed / rel} is stale: run `seqkit build {name}`"
        else:
            assert (fresh / rel).read_bytes() == (committed / rel).read_bytes(), \
                f"{committed / rel} is stale: run `seqkit build {name}`"


@pytest.mark.parametrize("name", paths.NAMES)
def test_student_folder_holds_no_answers_and_no_seqkit(name):
    folder = paths.ASSIGNMENTS / name
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {f"{name}.ipynb"}
    for path in files:
        text = path.read_text()
        assert "seqkit" not in text, f"{path} mentions seqkit"
        assert "BEGIN SOLUTION" not in text and "_hidden" not in text, f"{path} leaks answers"
    nb = json.loads((folder / f"{name}.ipynb").read_text())
    todo = sum("TODO" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert todo >= len(question_points(name))


def otter_run(zip_path, notebook, out):
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), "--no-logo",
         str(notebook)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    return {t["name"]: t["score"] for t in results["tests"] if "score" in t
            and t["name"] != "Public Tests"}


def example_mistake(name):
    """The example class's file 06 (its third typical mistake), the question it breaks, and the
    questions whose solutions call that function, directly or through another: they may lose
    points too.  Derived from seqkit.examples, so a new assignment needs no entry here."""
    label, source = sorted(EXAMPLE_MISTAKES[name].items())[2]
    broken = re.search(r"^(?:def|class) (\w+)", source, re.M).group(1)
    cells = solution_cells(name)
    answers = {q: next(c for c in cells if re.search(rf"^(?:(?:def|class) )?{q}\b", c, re.M))
               for q, _ in question_points(name)}
    dependents, grew = set(), True
    while grew:
        calls = {broken} | dependents
        new = {q for q, src in answers.items() if q not in calls
               and any(re.search(rf"\b{f}\b", src) for f in calls)}
        dependents |= new
        grew = bool(new)
    return f"06-mistake-{label}.ipynb", broken, dependents


@pytest.mark.parametrize("name", paths.NAMES)
def test_otter_run_grades_solution_untouched_and_a_mistake(built, name, tmp_path):
    zip_path = built / "autograder" / name / f"{name}-autograder.zip"
    points = dict(question_points(name))
    work = tmp_path / "work"
    work.mkdir()
    files = example_class(name)

    solution = otter_run(zip_path, paths.SOLUTIONS / f"{name}.ipynb", tmp_path / "solution")
    assert solution == points

    (work / f"{name}.ipynb").write_bytes(files["03-untouched.ipynb"])
    untouched = otter_run(zip_path, work / f"{name}.ipynb", tmp_path / "untouched")
    assert untouched == {q: 0 for q in points}

    file_name, broken, dependents = example_mistake(name)
    (work / f"{name}.ipynb").write_bytes(files[file_name])
    mistake = otter_run(zip_path, work / f"{name}.ipynb", tmp_path / "mistake")
    assert mistake[broken] == 0
    for q, p in points.items():
        if q != broken and q not in dependents:
            assert mistake[q] == p, f"{file_name} should cost only {broken}, but cost {q}"

    # the local backend agrees with Otter on these honest submissions
    graded = tmp_path / "graded"
    graded.mkdir()
    for label, key in (("solution", None), ("untouched", "03-untouched.ipynb"),
                       ("mistake", file_name)):
        data = (paths.SOLUTIONS / f"{name}.ipynb").read_bytes() if key is None else files[key]
        (graded / f"{label}.ipynb").write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "seqkit.cli", "grade", name, str(graded),
                           "--out", str(tmp_path / "local"), "--quiet"],
                          capture_output=True, text=True, timeout=900, cwd=paths.ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    with open(tmp_path / "local" / "gradebook.csv", newline="") as fh:
        local = {r["submission"]: r for r in csv.DictReader(fh)}
    for label, otter_scores in (("solution", solution), ("untouched", untouched),
                                ("mistake", mistake)):
        assert {q: float(local[label][q]) for q in points} == otter_scores, label
