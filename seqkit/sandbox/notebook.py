"""Reading a submitted notebook into the code the grader will run."""
import json
import re

# Otter's own mark for a cell that runs for the student but never during
# grading (the genz experiment): the tag, or {"otter": {"ignore": true}}.
SKIP_TAG = "otter_ignore"


class InvalidSubmission(Exception):
    """The file is not a notebook we can grade; the message says why."""


_MAGIC = re.compile(r"^\s*[%!]")


def code_cells(content, name):
    """The code cells of a notebook's bytes as strings, IPython magics commented out.

    Raises InvalidSubmission naming the file when it is not a readable notebook.
    """
    try:
        nb = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidSubmission(f"{name}: not a notebook (not UTF-8 text)") from None
    except ValueError as exc:
        raise InvalidSubmission(f"{name}: not a notebook (broken JSON: {exc})") from None
    except RecursionError:  # raised by json, not ValueError: it would kill the grading worker
        raise InvalidSubmission(f"{name}: not a notebook (JSON nested too deeply)") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise InvalidSubmission(f"{name}: not a notebook (no list of cells)")
    cells = []
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            raise InvalidSubmission(f"{name}: not a notebook (a cell's source is not text)")
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        otter = meta.get("otter") if isinstance(meta.get("otter"), dict) else {}
        if SKIP_TAG in (meta.get("tags") or []) or otter.get("ignore"):
            continue
        cells.append("\n".join("# " + line if _MAGIC.match(line) else line
                               for line in source.splitlines()))
    return cells
