"""A student who has only the notebook: a real Jupyter kernel runs it alone in an empty folder.

The public self-checks travel in the notebook's metadata (Otter Assign's `tests: files: false`),
so no `tests/` folder is needed.  Handed out as built, with every TODO still open, "Run All" must
run every cell without an error (demos that need an answer say so) and every `grader.check`
must report its failure; with the solution's answers filled in, every check must pass.
"""
import nbformat
import pytest
from nbclient import NotebookClient

from seqkit import paths
from seqkit.examples import example_class


def run_alone(folder, name, data, skip_ignored=False):
    """Run the notebook in a fresh kernel in folder, which holds nothing else but the data files
    handed out with it (forecast's series); -> the cells run."""
    path = folder / f"{name}.ipynb"
    path.write_bytes(data)
    shipped = [p for p in (paths.ASSIGNMENTS / name).iterdir() if p.name != path.name]
    for p in shipped:
        (folder / p.name).write_bytes(p.read_bytes())  # a folder (tests/) would fail here: none ships
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name] + [p.name for p in shipped])
    nb = nbformat.read(path, as_version=4)
    if skip_ignored:  # genz's experiment: a minute of fits that no self-check needs
        nb.cells = [c for c in nb.cells if "otter_ignore" not in c.metadata.get("tags", [])]
    # allow_errors=False: the first cell that raises fails the test, with its traceback
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def check_outputs(nb):
    """{question: the text that its grader.check cell showed}"""
    out = {}
    for cell in nb.cells:
        source = cell.source.strip()
        if cell.cell_type == "code" and source.startswith("grader.check("):
            text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                           for o in cell.outputs)
            out[source.split('"')[1]] = text
    return out


# one real kernel in the quick subset: the assignment whose handed-out notebook runs fastest
QUICK_KERNEL = "attention"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.quick) if n == QUICK_KERNEL
                                  else n for n in paths.NAMES])
def test_handed_out_notebook_runs_alone_and_every_check_reports(name, tmp_path):
    nb = run_alone(tmp_path, name, (paths.ASSIGNMENTS / name / f"{name}.ipynb").read_bytes())
    checks = check_outputs(nb)
    assert checks, "no grader.check cell ran"
    for question, text in checks.items():
        assert "Self-check failed" in text and "Traceback" not in text, (question, text[:500])


@pytest.mark.parametrize("name", paths.NAMES)
def test_answered_notebook_passes_every_check_alone(name, tmp_path):
    nb = run_alone(tmp_path, name, example_class(name)["01-perfect.ipynb"],
                   skip_ignored=name == "genz")
    checks = check_outputs(nb)
    assert checks
    for question, text in checks.items():
        assert "Self-check passed" in text and "failed" not in text, (question, text[:500])
