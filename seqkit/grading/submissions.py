"""Finding submissions: notebooks, folders of them, and Otter's export zips."""
import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

MAX_NOTEBOOK_BYTES = 50 * 2**20


@dataclasses.dataclass
class Submission:
    name: str            # file name without extension; a gradebook row
    source: str          # where it came from, for messages
    content: bytes       # the notebook's bytes (empty when invalid)
    problem: str = ""    # why it cannot be graded, if it cannot

    @property
    def sha256(self):
        return hashlib.sha256(self.content + self.problem.encode()).hexdigest()


def submission_files(folder):
    """The notebooks and export zips under a folder, sorted (Jupyter's checkpoints left out)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file()
                  and p.suffix in (".ipynb", ".zip") and ".ipynb_checkpoints" not in p.parts)


def collect(paths):
    """Submissions under the given paths, sorted by name; names made unique."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_read(p) for p in submission_files(path))
        elif path.exists():
            found.append(_read(path))
        else:
            found.append(Submission(path.stem, str(path), b"", f"{path}: no such file"))
    seen = {}
    for sub in found:
        count = seen.get(sub.name, 0)
        seen[sub.name] = count + 1
        if count:
            sub.name = f"{sub.name}-{count + 1}"
    return sorted(found, key=lambda s: s.name)


def _read(path):
    name = path.stem
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return Submission(name, str(path), b"", f"{path.name}: larger than 50 MiB")
        data = path.read_bytes()
    except OSError as exc:
        return Submission(name, str(path), b"", f"{path.name}: cannot be read ({exc.strerror})")
    if path.suffix == ".zip":
        return _from_zip(name, path, data)
    return Submission(name, str(path), data)


def _from_zip(name, path, data):
    """The one notebook inside an Otter export zip (`grader.export()`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            notebooks = [i for i in zf.infolist() if i.filename.endswith(".ipynb")
                         and not i.filename.startswith(("__MACOSX", "."))
                         and ".ipynb_checkpoints" not in i.filename]
            if len(notebooks) != 1:
                return Submission(name, str(path), b"",
                                  f"{path.name}: expected one notebook in the zip, found {len(notebooks)}")
            if notebooks[0].file_size > MAX_NOTEBOOK_BYTES:
                return Submission(name, str(path), b"", f"{path.name}: notebook larger than 50 MiB")
            return Submission(name, str(path), zf.read(notebooks[0]))
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        return Submission(name, str(path), b"", f"{path.name}: not a readable zip ({exc})")
