"""`seqkit build` and the Otter path: fresh student notebooks, nothing secret in them,
and `otter run` with the built autograder zip grades like `seqkit grade`."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.examples import (MISTAKES as EXAMPLE_MISTAKES, UNTOUCHED, example_class,
                             mistake_files, solution_cells, write_examples)
from shared import example_mistake_file, otter_comparison


def _normalised(path):
    """A notebook without the fields that change on every build."""
    nb = json.loads(Path(path).read_text())
    for cell in nb["cells"]:
        cell.pop("id", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


@pytest.mark.parametrize("name", paths.NAMES)
def test_committed_student_folder_is_fresh(built, name):
    fresh, committed = built(name) / "assignments" / name, paths.ASSIGNMENTS / name
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
def test_committed_example_class_is_fresh(name, tmp_path):
    # made from the committed student notebook, which the test above proves fresh
    fresh, committed = write_examples(name, tmp_path), paths.EXAMPLES / name
    assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in committed.iterdir()), \
        f"run `seqkit examples {name}` and commit examples/"
    for path in fresh.iterdir():
        assert path.read_bytes() == (committed / path.name).read_bytes(), \
            f"{committed / path.name} is stale: run `seqkit examples {name}`"


def _cells(name):
    nb = json.loads((paths.SOLUTIONS / f"{name}.ipynb").read_text())
    for cell in nb["cells"]:
        src = cell["source"]
        yield cell["cell_type"], "".join(src) if isinstance(src, list) else src


def points_written(name):
    """{question: {where: points}} for every place the solution notebook states them."""
    out, question = {}, None
    for kind, src in _cells(name):
        if kind == "raw" and src.startswith("# BEGIN QUESTION"):
            question = re.search(r"^name:\s*(\S+)", src, re.M).group(1)
            if re.search(r"^manual:\s*true", src, re.M):
                question = None  # graded by hand: no hidden test
                continue
            out[question] = {"question": float(re.search(r"^points:\s*([\d.]+)", src, re.M)[1])}
        elif kind == "raw" and src.startswith("# END QUESTION"):
            question = None
        elif question is None:
            continue
        elif kind == "markdown" and (m := re.search(rf"`{question}`.*\(([\d.]+) points?\)", src)):
            out[question]["heading"] = float(m[1])
        elif kind == "code" and "# BEGIN TEST CONFIG" in src:
            config = src.split("# END TEST CONFIG")[0]
            hidden = re.search(r"^hidden:\s*true", config, re.M) is not None
            stated = re.search(r"^points:\s*([\d.]+)", config, re.M)
            key = "hidden test" if hidden else "public test"
            out[question][key] = out[question].get(key, 0.0) + (float(stated[1]) if stated else 0.0)
    return out


@pytest.mark.quick
@pytest.mark.parametrize("name", paths.NAMES)
def test_points_agree_wherever_the_notebook_states_them(name):
    written = points_written(name)
    assert {q: w["question"] for q, w in written.items()} == Assignment.load(name).points
    for q, where in written.items():
        # the question's line, its heading and its hidden test: one number; self-checks: none
        assert set(where) == {"question", "heading", "hidden test", "public test"}, (q, where)
        assert where["question"] == where["heading"] == where["hidden test"] > 0, (q, where)
        assert where["public test"] == 0, (q, where)
    # every hidden test has its question in the notebook, and no question lacks one
    assert [q.name for q in Assignment.load(name).hidden_questions()] == list(written)


@pytest.mark.quick
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
    assert todo >= len(Assignment.load(name).questions)


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
    """The example class's third typical mistake (its file name), the question it breaks, and
    the questions whose solutions call that function, directly or through another: they may
    lose points too.  Derived from seqkit.examples, so a new assignment needs no entry here."""
    file_name = example_mistake_file(name)
    label = next(label for label, f in mistake_files(name).items() if f == file_name)
    source = EXAMPLE_MISTAKES[name][label]
    broken = re.search(r"^(?:def|class) (\w+)", source, re.M).group(1)
    cells = solution_cells(name)
    answers = {q: next(c for c in cells if re.search(rf"^(?:(?:def|class) )?{q}\b", c, re.M))
               for q in Assignment.load(name).points}
    dependents, grew = set(), True
    while grew:
        calls = {broken} | dependents
        new = {q for q, src in answers.items() if q not in calls
               and any(re.search(rf"\b{f}\b", src) for f in calls)}
        dependents |= new
        grew = bool(new)
    return file_name, broken, dependents


@pytest.mark.parametrize("name", paths.NAMES)
def test_otter_run_grades_solution_untouched_and_a_mistake(built, corpus_batch, name, tmp_path,
                                                          forked_kernels):
    zip_path = built(name) / "autograder" / name / f"{name}-autograder.zip"
    points = Assignment.load(name).points
    work = tmp_path / "work"
    work.mkdir()
    files = example_class(name)

    solution = otter_run(zip_path, paths.SOLUTIONS / f"{name}.ipynb", tmp_path / "solution")
    assert solution == points

    (work / f"{name}.ipynb").write_bytes(files[UNTOUCHED])
    untouched = otter_run(zip_path, work / f"{name}.ipynb", tmp_path / "untouched")
    assert untouched == {q: 0 for q in points}

    file_name, broken, dependents = example_mistake(name)
    (work / f"{name}.ipynb").write_bytes(files[file_name])
    mistake = otter_run(zip_path, work / f"{name}.ipynb", tmp_path / "mistake")
    assert mistake[broken] == 0
    for q, p in points.items():
        if q != broken and q not in dependents:
            assert mistake[q] == p, f"{file_name} should cost only {broken}, but cost {q}"

    # the local backend agrees with Otter on these honest submissions, graded by `seqkit grade`
    # in the assignment's corpus batch (tests/shared.py), but for error carried forward
    # (issue 21): there the mistake costs its own question only
    local = corpus_batch(name).others
    assert set(local) == set(otter_comparison(name))
    carried = {q: p for q, p in points.items() if q in dependents}
    for kind, expected in (("solution", solution), ("untouched", untouched),
                           ("mistake", {**mistake, **carried})):
        assert {q: float(local[f"build--{kind}"][q]) for q in points} == expected, kind
