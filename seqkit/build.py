"""`seqkit build`: student notebooks and autograder zips from solutions/ alone.

Otter Assign does the splitting.  We stage each master notebook beside a copy
of the seqkit package (the autograder zip's hidden tests import it; the
student folder never gets it), then keep from Otter's output exactly what
each side needs under stable names.  The zip gets the master notebook (the
points live there) and our run script, which grades on Gradescope with the
sandbox instead of Otter's in-kernel tests (seqkit/gradescope.py).
"""
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from seqkit import gradescope, i18n, notebook_text, paths, translations
from seqkit.assignment import Assignment


class BuildError(Exception):
    pass


def build(name, assignments=paths.ASSIGNMENTS, autograder=paths.AUTOGRADER):
    """Rebuild one assignment; -> (student notebook path, autograder zip path)."""
    assignment = Assignment.load(name)
    master = assignment.solution
    with _otter_assign(assignment, master.name, master.read_bytes(), str(master)) as dist:

        student_out = Path(assignments) / name
        kept = {p.name: p.read_bytes() for p in _translated(student_out, assignment)}
        if student_out.exists():
            shutil.rmtree(student_out)
        shutil.copytree(dist / "student", student_out)
        for file_name, data in kept.items():  # built by build_translated, from the same master
            (student_out / file_name).write_bytes(data)
        _stable_ids(student_out / f"{name}.ipynb")
        for leftover in ("seqkit",):  # never ship the references to students
            if (student_out / leftover).exists():
                raise BuildError(f"{leftover}/ ended up in the student folder of {name}")

        zips = sorted((dist / "autograder").glob(f"{name}-autograder_*.zip"))
        if len(zips) != 1:
            raise BuildError(f"expected one autograder zip from otter assign, found {len(zips)}")
        grader_out = Path(autograder) / name
        grader_out.mkdir(parents=True, exist_ok=True)
        zip_path = grader_out / f"{name}-autograder.zip"
        _sandboxed_zip(zips[0], zip_path, master)
    return student_out / f"{name}.ipynb", zip_path


def _translated(folder, assignment):
    return [folder / f"{assignment.name}.{lang}.ipynb" for lang in assignment.languages
            if lang != i18n.SOURCE and (folder / f"{assignment.name}.{lang}.ipynb").exists()]


def build_translated(name, lang, assignments=paths.ASSIGNMENTS):
    """assignments/<name>/<name>.<lang>.ipynb: the student notebook with its words translated.

    The master's code, tests, points and answers, with the markdown cells, the
    self-checks' messages and the printed lines taken from the language's
    catalogue (seqkit/locale/<lang>/notebooks/<name>.po); Otter Assign then
    splits it exactly as it splits the English.  -> (path, number of texts
    left in English because their translation is missing or fuzzy).
    """
    assignment = Assignment.load(name)
    master = assignment.solution
    table = translations.notebook_table(lang, name)
    nb = json.loads(master.read_text())
    missing = {text for text, _, _ in notebook_text.messages(nb) if text not in table}
    try:
        notebook_text.localise(nb, lambda text: table.get(text, text))
    except (ValueError, SyntaxError) as exc:
        raise BuildError(f"{i18n.LOCALE / lang / 'notebooks' / f'{name}.po'}: {exc}") from None
    file_name = f"{name}.{lang}.ipynb"
    staged = json.dumps(nb, ensure_ascii=False, indent=1).encode()
    with _otter_assign(assignment, file_name, staged, f"the {lang} edition of {master}") as dist:
        built = nbformat.read(dist / "student" / file_name, as_version=4)
    for cell in built.cells:  # the cells Otter adds (## Submission) are in the catalogue too
        if cell.cell_type == "markdown":
            cell.source = table.get(cell.source, cell.source)
    out = Path(assignments) / name / file_name
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(built, out)
    _stable_ids(out)
    return out, len(missing)


@contextlib.contextmanager
def _otter_assign(assignment, file_name, content, what):
    """Run Otter Assign on `content` staged as file_name beside the assignment's data files and
    the package (autograder_files); -> Otter's dist folder, alive inside the `with`."""
    missing = [f.name for f in assignment.data_files if not f.is_file()]
    if missing:
        raise BuildError(f"{assignment.solution}: files {missing} are not in {paths.DATA}")
    with tempfile.TemporaryDirectory(prefix=f"seqkit-build-{assignment.name}-") as tmp:
        stage = Path(tmp)
        (stage / file_name).write_bytes(content)
        for data in assignment.data_files:  # Otter ships them beside the student notebook
            shutil.copy(data, stage / data.name)
        shutil.copytree(paths.PACKAGE, stage / "seqkit",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        # The kit's own tests grade the solutions through `otter run`, so
        # Otter's check at build time would only repeat them, slower.
        done = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-run-tests", "-v",
             str(stage / file_name), str(stage / "dist")],
            capture_output=True, text=True, cwd=stage)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise BuildError(f"otter assign failed on {what}:\n{tail}")
        yield stage / "dist"


def _sandboxed_zip(otter_zip, out, master):
    """Otter's zip with our run script, and the master under files/solutions/."""
    with zipfile.ZipFile(otter_zip) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "run_otter.py":
                dst.writestr(item, src.read(item))
        dst.writestr("run_otter.py", gradescope.RUN_SCRIPT)
        dst.write(master, f"files/solutions/{master.name}")


def _stable_ids(path):
    """Cell ids from position and content: Otter draws new random ids for the
    cells it adds, which would make every build a change to commit."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        cell.id = hashlib.sha1(f"{index}:{cell.source}".encode()).hexdigest()[:8]
    nbformat.write(nb, path)


def build_all(names=paths.NAMES, **kwargs):
    return [build(paths.check_name(n), **kwargs) for n in names]
