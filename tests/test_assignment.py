"""One assignment, loaded once (seqkit/assignment.py), and a package whose imports form no circle."""
import ast
import dataclasses
import json
import subprocess
import sys

import pytest

from seqkit import assignment as assignment_module
from seqkit import i18n, paths
from seqkit.assignment import Assignment


@pytest.mark.quick
def test_loading_imports_neither_tensorflow_nor_the_hidden_tests_nor_the_references():
    # what the command line, the report and the main grading process import before they fork
    # workers: a reference in that process would be in every student process's memory
    code = ("import sys\n"
            "from seqkit.assignment import Assignment\n"
            "import seqkit.grading.run, seqkit.grading.outputs, seqkit.review.folder\n"
            "from seqkit.grading.version import grader_version\n"
            "for name in %r:\n"
            "    a = Assignment.load(name)\n"
            "    assert a.questions and a.possible > 0, name\n"
            "grader_version(a)\n"
            "print(' '.join(sorted(sys.modules)))\n" % (paths.NAMES,))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    forbidden = {"tensorflow", "keras", "hypothesis", "seqkit.hidden", "seqkit.mistakes",
                 *(f"seqkit.{name}" for name in paths.NAMES)}
    assert "seqkit.assignment" in loaded
    assert not loaded & forbidden, sorted(loaded & forbidden)
    assert not [m for m in loaded if m.startswith(("seqkit.hidden.", "tensorflow."))]


@pytest.mark.quick
def test_an_assignment_is_loaded_once_per_process_and_holds_what_its_notebook_says():
    rnn = Assignment.load("rnn")
    assert Assignment.load("rnn") is rnn
    assert rnn.name == "rnn" and rnn.solution == paths.SOLUTIONS / "rnn.ipynb"
    assert rnn.points == {"rnn_step": 2.0, "rnn_forward": 3.0, "rnn_outputs": 1.0,
                          "clip_by_global_norm": 2.0, "MyRNNCell": 3.0}
    assert rnn.possible == 11.0
    assert {q.name: q.uses for q in rnn.questions if q.uses} == {"rnn_forward": ("rnn_step",)}
    assert rnn.manual == () and rnn.data_files == ()
    assert rnn.languages == i18n.languages()
    forecast = Assignment.load("forecast")
    assert [(q.name, q.points) for q in forecast.manual] == [("experiment", 4.0)]
    assert forecast.data_files == (paths.DATA / "jfk-hourly-2013.csv",)
    with pytest.raises(ValueError, match="unknown assignment 'banana'"):
        Assignment.load("banana")


@pytest.mark.quick
@pytest.mark.parametrize("name", paths.NAMES)
def test_the_rubric_stays_out_of_the_loaded_assignment(name):
    # the grading process holds the Assignment while it forks workers, whose students'
    # processes start from a copy of that memory: the rubric is read only on demand
    a = Assignment.load(name)
    texts = a.manual_texts()
    assert set(texts) == {q.name for q in a.manual}
    for q in a.manual:
        assert texts[q.name]["prompt"].lstrip().startswith("#"), (name, q.name)
        assert texts[q.name]["rubric"].lstrip().startswith("**Rubric**"), (name, q.name)
        assert texts[q.name]["rubric"] not in repr(a)
    assert "**Rubric**" not in repr(a) and "BEGIN SOLUTION" not in repr(a)


@pytest.mark.quick
@pytest.mark.parametrize("name", paths.NAMES)
def test_the_hidden_tests_get_the_notebooks_points_dependencies_and_catalogues(name):
    from seqkit.mistakes import catalogues
    a = Assignment.load(name)
    hidden = a.hidden_questions()
    assert [q.name for q in hidden] == [q.name for q in a.questions]
    known = catalogues(name)
    for test, q in zip(hidden, a.questions):
        assert test.points == q.points
        assert tuple(fn.__name__ for fn in test.uses) == q.uses
        assert test.catalogue is known.get(q.name)


@pytest.mark.quick
def test_hidden_tests_that_are_not_the_notebooks_questions_are_refused():
    rnn = Assignment.load("rnn")
    for questions in (rnn.questions[::-1], rnn.questions[:-1]):
        with pytest.raises(ValueError, match=r"rnn\.ipynb: its questions .* are not those of "
                                             r"seqkit/hidden/rnn\.py"):
            dataclasses.replace(rnn, questions=questions).hidden_questions()


def _solution_with(tmp_path, monkeypatch, name, edit):
    nb = json.loads((paths.SOLUTIONS / f"{name}.ipynb").read_text())
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            cell["source"] = edit(src)
    (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb))
    monkeypatch.setattr(paths, "SOLUTIONS", tmp_path)
    return assignment_module._load.__wrapped__(name)  # past the per-process cache


@pytest.mark.quick
def test_a_dependency_that_is_no_question_of_the_assignment_is_refused(tmp_path, monkeypatch):
    def edit(src):
        return src.replace("uses: [rnn_step]", "uses: [rnn_stepp]")
    with pytest.raises(ValueError, match=r"rnn\.ipynb: question rnn_forward uses \['rnn_stepp'\]"):
        _solution_with(tmp_path, monkeypatch, "rnn", edit)


@pytest.mark.quick
def test_a_single_dependency_may_be_written_without_brackets(tmp_path, monkeypatch):
    def edit(src):
        return src.replace("uses: [rnn_step]", "uses: rnn_step")
    a = _solution_with(tmp_path, monkeypatch, "rnn", edit)
    assert {q.name: q.uses for q in a.questions if q.uses} == {"rnn_forward": ("rnn_step",)}


@pytest.mark.quick
def test_a_question_cell_that_is_not_yaml_names_the_notebook(tmp_path, monkeypatch):
    def edit(src):
        return src.replace("name: rnn_step\n", "name: [rnn_step\n")
    with pytest.raises(ValueError, match=r"rnn\.ipynb: a '# BEGIN QUESTION' cell is not YAML"):
        _solution_with(tmp_path, monkeypatch, "rnn", edit)


def _import_graph():
    """{module: the seqkit modules it imports}, at the top or inside a function alike."""
    modules = {}
    for path in paths.PACKAGE.rglob("*.py"):
        parts = path.relative_to(paths.ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def module_of(name):
        while name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {module_of(a.name) for a in node.names if a.name.startswith("seqkit")}
            elif (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                  and node.module.startswith("seqkit")):
                found |= {module_of(f"{node.module}.{a.name}") for a in node.names}
        graph[name] = found - {name, "seqkit"}
    return graph


@pytest.mark.quick
def test_the_packages_imports_form_no_circle():
    # batch, run and shards once imported each other (lazily, to dodge the circle), and so
    # did the hidden tests' runner and the mistakes' diagnosis: a newcomer reading one
    # submission's path should never have to climb back up
    graph = _import_graph()
    assert "seqkit.grading.batch" in graph["seqkit.grading.run"]
    state = {}

    def visit(module, path):
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", " -> ".join(path + [module])
        state[module] = "open"
        for dep in sorted(graph[module]):
            visit(dep, path + [module])
        state[module] = "done"

    for module in sorted(graph):
        visit(module, [])
    assert "seqkit.hidden.framework" not in graph["seqkit.mistakes.base"]


@pytest.mark.quick
def test_each_grading_module_imports_alone():
    # each one first in a process that has imported no other module of the package
    modules = sorted(p.stem for p in (paths.PACKAGE / "grading").glob("*.py"))
    code = ("import importlib, sys\n"
            "for name in %r:\n"
            "    for loaded in [m for m in sys.modules if m.startswith('seqkit')]:\n"
            "        del sys.modules[loaded]\n"
            "    importlib.import_module('seqkit.grading.' + name)\n"
            "print('imported', len(%r))\n" % (modules, modules))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["imported", str(len(modules))]
