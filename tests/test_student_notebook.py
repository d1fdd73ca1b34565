"""A student who has only the notebook: a real Jupyter kernel runs it alone in an empty folder.

The public self-checks travel in the notebook's metadata (Otter Assign's `tests: files: false`),
so no `tests/` folder is needed.  Handed out as built, with every TODO still open, "Run All" must
run every cell without an error (demos that need an answer say so) and every `grader.check`
must report its failure; with the solution's answers filled in, every check must pass.
The same for every language's edition (`<name>.<lang>.ipynb`, seqkit/locale/): its self-checks
report in that language.
"""
import concurrent.futures
import json
import multiprocessing
import os
import re
import tempfile
import traceback

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from seqkit import examples, i18n, notebook_text, paths, translations
from seqkit.examples import example_class

LANGS = i18n.languages()
# the module's kernel sessions start together, KERNELS at a time, in the worker that runs it
pytestmark = pytest.mark.xdist_group("kernels")


def file_name(name, lang):
    return f"{name}.ipynb" if lang == i18n.SOURCE else f"{name}.{lang}.ipynb"


def run_alone(folder, name, data, skip_ignored=False, lang=i18n.SOURCE):
    """Run the notebook in a fresh kernel in folder, which holds nothing else but the data files
    handed out with it (forecast's series); -> the cells run."""
    path = folder / file_name(name, lang)
    path.write_bytes(data)
    # the data files; the other languages' notebooks are handed out apart
    shipped = [p for p in (paths.ASSIGNMENTS / name).iterdir() if p.suffix != ".ipynb"]
    for p in shipped:
        (folder / p.name).write_bytes(p.read_bytes())  # a folder (tests/) would fail here: none ships
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name] + [p.name for p in shipped])
    nb = nbformat.read(path, as_version=4)
    if skip_ignored:  # experiments: minutes of fits that no self-check needs
        nb.cells = [c for c in nb.cells if "otter_ignore" not in c.metadata.get("tags", [])]
    # The kernel listens on Unix sockets, not TCP ports: a port found free here can be taken by
    # another process's kernel (an `otter run` in another test) before this one binds it, and
    # the kernel dies before it answers.
    with tempfile.TemporaryDirectory(prefix="seqkit-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=os.path.join(sockets, "kernel"))
        # allow_errors=False: the first cell that raises fails the test, with its traceback
        NotebookClient(nb, km=km, timeout=600,
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


def messages(name, lang):
    """(passed, failed, [English self-check messages that must not show]) in lang."""
    table = translations.notebook_table(lang, name)
    found = notebook_text.messages(json.loads((paths.SOLUTIONS / f"{name}.ipynb").read_text()))
    english = [text for text, _, kind in found if kind == "self-check message"]
    passed = next(text for text, _, kind in found if kind == "success_message")
    failed = next(text for text, _, kind in found if kind == "failure_message")
    if lang == i18n.SOURCE:
        return passed, failed, []
    return table.get(passed, passed), table.get(failed, failed), english


# one real kernel in the quick subset: the assignment whose handed-out notebook runs fastest
QUICK_KERNEL = "attention"


# Kernel sessions at once: a notebook's cells keep about one core busy, so two share the
# machine's two; each test waits for its own notebook's session.
KERNELS = 2
HANDED_OUT, ANSWERED = "handed out", "answered"


def run_case(kind, name, lang, folder):
    """In a pool process: one notebook alone in a kernel -> (the notebook run, None), or
    (None, why it failed: the traceback, with the cell that raised)."""
    try:
        if kind == HANDED_OUT:
            # another language's experiments are the English code cells
            # (tests/test_translations.py)
            data = (paths.ASSIGNMENTS / name / file_name(name, lang)).read_bytes()
            skip = lang != i18n.SOURCE
        else:
            data = (example_class(name)["01-perfect.ipynb"] if lang == i18n.SOURCE
                    else answered(name, lang))
            # genz's experiment is a minute of fits; another language's experiments are the
            # English code cells (tests/test_translations.py), run once, in English
            skip = name == "genz" or lang != i18n.SOURCE
        return run_alone(folder, name, data, skip_ignored=skip, lang=lang), None
    except Exception:
        return None, traceback.format_exc()


@pytest.fixture(scope="module")
def kernel(request, tmp_path_factory, forked_kernels):
    """(kind, name, lang) -> its notebook run alone in a real kernel.  Every session the
    selected tests of this module need starts at once, KERNELS at a time, the English answered
    notebooks (their experiments take longest) first."""
    kinds = {"test_handed_out_notebook_runs_alone_and_every_check_reports": HANDED_OUT,
             "test_answered_notebook_passes_every_check_alone": ANSWERED}
    cases = [(kinds[item.originalname], item.callspec.params["name"], item.callspec.params["lang"])
             for item in request.session.items if item.module is request.module
             and item.originalname in kinds]
    cases.sort(key=lambda c: (c[0] != ANSWERED, c[2] != i18n.SOURCE))
    with concurrent.futures.ProcessPoolExecutor(
            KERNELS, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {case: pool.submit(run_case, *case, tmp_path_factory.mktemp("kernel"))
                   for case in cases}

        def get(kind, name, lang):
            nb, failure = futures[(kind, name, lang)].result()
            if failure is not None:
                pytest.fail(f"{name} ({lang}, {kind}) in a kernel of its own:\n{failure}")
            return nb
        try:
            yield get
        finally:  # a run stopped early (-x, Ctrl-C) does not wait for the sessions not started
            for future in futures.values():
                future.cancel()


@pytest.mark.parametrize("name, lang", [
    pytest.param(n, lang, marks=pytest.mark.quick) if (n, lang) == (QUICK_KERNEL, i18n.SOURCE)
    else (n, lang) for lang in LANGS for n in paths.NAMES])
def test_handed_out_notebook_runs_alone_and_every_check_reports(name, lang, kernel):
    nb = kernel(HANDED_OUT, name, lang)
    _, failed, english = messages(name, lang)
    checks = check_outputs(nb)
    assert checks, "no grader.check cell ran"
    for question, text in checks.items():
        assert failed in text and "Traceback" not in text, (question, text[:500])
        # what the failing self-check said is in the notebook's language too
        said = text.replace(failed, "")
        assert not any(e in said for e in english), (question, said[:500])
        if lang != i18n.SOURCE:
            assert re.search(r"[^\x00-\x7f]", said), (question, said[:500])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", paths.NAMES)
def test_answered_notebook_passes_every_check_alone(name, lang, kernel):
    nb = kernel(ANSWERED, name, lang)
    passed, failed, _ = messages(name, lang)
    checks = check_outputs(nb)
    assert checks
    for question, text in checks.items():
        assert passed in text and failed not in text and "Traceback" not in text, (
            question, text[:500])
        assert lang != i18n.SOURCE or "failed" not in text, (question, text[:500])


def answered(name, lang):
    """The translated notebook with the solution's answers, as the English 01-perfect."""
    student = nbformat.read(paths.ASSIGNMENTS / name / file_name(name, lang), as_version=4)
    return nbformat.writes(examples._filled(student, examples.solution_cells(name))).encode()
