"""Finding submissions: notebooks, folders of them, Otter's export zips, and the
bulk downloads of Moodle and Canvas.

Moodle's "Download all submissions" names each student's folder (or, in the
older flat layout, each file) `Full Name_12345_assignsubmission_file_`, where
12345 is the participant identifier that its grading worksheet also uses.
Canvas's "Download Submissions" names each file
`lastnamefirstname_[late_]userid_submissionid_filename`.  The same names are
recognised inside a zip or in a folder the zip was unpacked into.  Nothing is
ever extracted to disk: every notebook is read into memory.
"""
import dataclasses
import hashlib
import io
import json
import re
import time
import zipfile
from pathlib import Path, PurePosixPath

MAX_NOTEBOOK_BYTES = 50 * 2**20

MOODLE_FOLDER = re.compile(r"^(?P<student>.+?)_(?P<id>\d+)_assignsubmission_file_?$")
MOODLE_FILE = re.compile(r"^(?P<student>.+?)_(?P<id>\d+)_assignsubmission_file_(?P<file>.+)$")
CANVAS_FILE = re.compile(r"^(?P<student>[^_]+)_(?P<late>late_)?(?P<id>\d+)_(?P<sub>\d+)_(?P<file>.+)$",
                         re.IGNORECASE)


@dataclasses.dataclass
class Submission:
    name: str            # a gradebook row and a feedback file name: safe in a path
    source: str          # where it came from, for messages
    content: bytes       # the notebook's bytes (empty when invalid)
    problem: str = ""    # why it cannot be graded, if it cannot
    student: str = ""    # the student's name, when the file name gives it (Moodle, Canvas)
    student_id: str = ""  # Moodle's participant identifier or Canvas's user id
    late: bool = False   # Canvas marked it late
    superseded_by: str = ""  # a newer submission of the same student counts instead
    when: tuple = ()     # (Y, M, D, h, m, s) of the file, to tell which is the latest

    @property
    def sha256(self):
        return hashlib.sha256(self.content + self.problem.encode()).hexdigest()


def safe_name(text):
    """A name that is one plain file name everywhere: `Jane Doe/..` -> `Jane-Doe`."""
    return re.sub(r"[^\w.-]+", "-", text).strip(".-") or "submission"


def submission_files(folder):
    """The notebooks and zips under a folder, sorted (checkpoints and hidden files left out)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file()
                  and p.suffix in (".ipynb", ".zip") and not _skipped(p.relative_to(folder).parts))


def _skipped(parts):
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def collect(paths, assignment=None):
    """(submissions under the given paths sorted by name, notes on what was found).

    Names are made unique.  Of several submissions of one student the latest
    counts; the others are returned with `superseded_by` set.  With an
    assignment given, a notebook of another assignment is invalid.
    """
    found, notes = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in submission_files(path):
                found.extend(_from_file(p, p.relative_to(path).parts, notes))
        elif path.exists():
            found.extend(_from_file(path, (path.name,), notes))
        else:
            found.append(Submission(safe_name(path.stem), str(path), b"", f"{path}: no such file"))
    if assignment:
        notes.extend(_check_assignment(found, assignment))
    notes.extend(_supersede(found))
    seen = {}
    for sub in sorted(found, key=lambda s: (s.name, s.source)):
        count = seen.get(sub.name, 0)
        seen[sub.name] = count + 1
        if count:
            sub.name = f"{sub.name}-{count + 1}"
    return sorted(found, key=lambda s: s.name), notes


def _from_file(path, parts, notes):
    """The submissions in one file on disk (a notebook, an export zip, or an LMS zip)."""
    try:
        stat = path.stat()
        lms = _lms_entries(path, notes) if path.suffix == ".zip" else None
        if lms is not None:
            return lms
        data = path.read_bytes() if stat.st_size <= MAX_NOTEBOOK_BYTES else b""
    except OSError as exc:
        return [Submission(safe_name(path.stem), str(path), b"",
                           f"{path.name}: cannot be read ({exc.strerror})")]
    if stat.st_size > MAX_NOTEBOOK_BYTES:
        return [Submission(safe_name(path.stem), str(path), b"", f"{path.name}: larger than 50 MiB")]
    return [_entry(parts, str(path), data, time.localtime(stat.st_mtime)[:6])]


def _entry(parts, source, data, when):
    """One notebook or export zip, named from its path (LMS names recognised)."""
    filename = parts[-1]
    sub = Submission(safe_name(PurePosixPath(filename).stem), source, b"", when=when)
    for folder in parts[:-1]:
        m = MOODLE_FOLDER.match(folder)
        if m:
            sub.student, sub.student_id = m["student"], m["id"]
    if not sub.student_id:
        m = MOODLE_FILE.match(filename) or CANVAS_FILE.match(filename)
        if m:
            sub.student, sub.student_id = m["student"], m["id"]
            sub.late = bool(m.groupdict().get("late"))
    if sub.student_id:
        sub.name = safe_name(f"{sub.student}_{sub.student_id}")
    if len(data) > MAX_NOTEBOOK_BYTES:
        sub.problem = f"{filename}: larger than 50 MiB"
    elif filename.endswith(".zip"):
        sub.content, sub.problem = _export_zip(filename, data)
    else:
        sub.content = data
    if sub.problem:
        sub.content = b""
    return sub


def _lms_entries(path, notes):
    """The submissions of a Moodle or Canvas download, or None if it is not one."""
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()
                 and not _skipped(PurePosixPath(i.filename).parts)]
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return None  # reported as an unreadable export zip
    marked = [i for i in infos if _is_lms_name(PurePosixPath(i.filename).parts)]
    if not marked:
        zf.close()
        return None
    out = []
    with zf:
        for info in infos:
            parts = PurePosixPath(info.filename).parts
            if not info.filename.endswith((".ipynb", ".zip")):
                continue  # Moodle's online text, a student's PDF: nothing to grade
            if not _is_lms_name(parts):
                notes.append(f"{path.name}: {info.filename} has no student in its name "
                             "(not Moodle's or Canvas's naming); graded under its file name")
            source = f"{path}:{info.filename}"
            if info.file_size > MAX_NOTEBOOK_BYTES:
                sub = _entry(parts, source, b"", info.date_time)
                sub.problem = f"{parts[-1]}: larger than 50 MiB"
                out.append(sub)
                continue
            try:
                content = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                sub = _entry(parts, source, b"", info.date_time)
                sub.problem = f"{path.name}: {info.filename} cannot be read ({exc})"
                out.append(sub)
                continue
            out.append(_entry(parts, source, content, info.date_time))
    if not out:
        notes.append(f"{path.name}: a Moodle or Canvas download with no notebook in it")
    return out


def _is_lms_name(parts):
    return (any(MOODLE_FOLDER.match(p) for p in parts[:-1])
            or bool(MOODLE_FILE.match(parts[-1]) or CANVAS_FILE.match(parts[-1])))


def _export_zip(filename, data):
    """(the one notebook inside an Otter export zip, problem or "")."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            notebooks = [i for i in zf.infolist() if i.filename.endswith(".ipynb")
                         and not _skipped(PurePosixPath(i.filename).parts)
                         and ".ipynb_checkpoints" not in i.filename]
            if len(notebooks) != 1:
                return b"", f"{filename}: expected one notebook in the zip, found {len(notebooks)}"
            if notebooks[0].file_size > MAX_NOTEBOOK_BYTES:
                return b"", f"{filename}: notebook larger than 50 MiB"
            return zf.read(notebooks[0]), ""
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        return b"", f"{filename}: not a readable zip ({exc})"


def _check_assignment(found, assignment):
    """Notebooks whose Otter metadata names another assignment become invalid."""
    wrong = {}
    for sub in found:
        if sub.problem:
            continue
        try:
            other = json.loads(sub.content)["metadata"]["otter"]["assignment_name"]
        except (ValueError, KeyError, TypeError, RecursionError):  # json: too deeply nested
            continue  # broken notebooks are reported when graded; no metadata: no verdict
        if isinstance(other, str) and other != assignment:
            sub.problem = (f"{Path(sub.source.split(':')[-1]).name}: a notebook of the "
                           f"{other!r} assignment, not {assignment!r}")
            sub.content = b""
            wrong.setdefault(sub.source.rsplit(":", 1)[0], set()).add(other)
    return [f"{source}: holds notebooks of {', '.join(sorted(names))}, not {assignment}: "
            "is it the right download?" for source, names in sorted(wrong.items())]


def _supersede(found):
    """Mark all but the latest submission of each student; -> notes."""
    by_student = {}
    for sub in found:
        if sub.student_id:
            by_student.setdefault((sub.student_id, sub.student), []).append(sub)
    notes = []
    for (_, student), subs in sorted(by_student.items()):
        if len(subs) < 2:
            continue
        subs.sort(key=lambda s: (s.when, s.source))
        latest = subs[-1]
        for older in subs[:-1]:
            older.superseded_by = latest.name
            older.name = safe_name(f"{older.name}-{Path(older.source.split(':')[-1]).stem}")
            notes.append(f"{older.source}: an older submission of {student}; "
                         f"{latest.source} counts (the older is kept in results.sqlite, marked superseded)")
    return notes


def lms_of(source):
    """'moodle', 'canvas' or '' for the source of a stored submission."""
    parts = PurePosixPath(source.replace("\\", "/").replace(":", "/")).parts
    if any(MOODLE_FOLDER.match(p) for p in parts[:-1]) or MOODLE_FILE.match(parts[-1]):
        return "moodle"
    return "canvas" if CANVAS_FILE.match(parts[-1]) else ""
