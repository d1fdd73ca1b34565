"""Gradescope: the autograder zip's run script grades with the sandbox.

Gradescope unpacks the zip into /autograder/source, puts the student's upload
in /autograder/submission, runs /autograder/run_autograder (which runs
source/run_otter.py) and reads /autograder/results/results.json.  Otter's
own run_otter.py would run the notebook and the hidden tests in one kernel,
where the student's code can rewrite the tests.  Ours grades exactly as
`seqkit grade` does: a warm worker, the student's cells in a sandboxed
process, verdicts computed outside it.

Gradescope's containers run as root but usually without the right to create
namespaces, so the sandbox's masks may not apply there; the student's
process still drops to an unprivileged uid, and file modes keep it out of the zip's
contents (references, solutions, hidden tests), the upload and the results.
"""
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from seqkit.assignment import Assignment
from seqkit.grading.gradebook import feedback_text
from seqkit.grading.submissions import submission_files
from seqkit.grading.worker import empty_result

# The zip's run_otter.py: Gradescope's run_autograder calls it by that name.
RUN_SCRIPT = '''\
"""Grade /autograder/submission in seqkit's sandbox (see seqkit/gradescope.py)."""
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(root / "source" / "files"))

from seqkit.gradescope import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root))
'''


def main(root):
    """Grade the upload under root/submission into root/results/results.json; -> exit code."""
    root = Path(root)
    config = json.loads((root / "source" / "otter_config.json").read_text())
    assignment = Assignment.load(config["assignment_name"])
    (root / "results").mkdir(exist_ok=True)
    _lock_down(root)
    upload, problem = _find_upload(root / "submission", assignment.name)
    if problem:
        row = {**empty_result(assignment.questions, "invalid", problem),
               "submission": "your upload"}
    else:
        row = _grade_one(assignment, upload)
    (root / "results" / "results.json").write_text(
        json.dumps(_results(assignment.name, row), indent=1))
    return 0


def _lock_down(root):
    """Only root may read the zip's contents, the upload and the results.

    The student's process runs as an unprivileged uid.  Python itself must stay reachable
    for it, though: Gradescope's conda lives under /root, which is 0700.
    """
    if os.geteuid() != 0:
        return
    for folder in ("source", "submission", "results"):
        if (root / folder).is_dir():
            os.chmod(root / folder, 0o700)
    for prefix in {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}:
        for folder in Path(prefix).parents:
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)  # enter, not list


def _find_upload(folder, assignment):
    """-> (path of the notebook or export zip to grade, problem or "")."""
    found = submission_files(folder)
    if len(found) == 1:
        return found[0], ""
    named = [p for p in found if p.name in (f"{assignment}.ipynb", f"{assignment}.zip")]
    if len(named) == 1:
        return named[0], ""
    if not found:
        return None, "no notebook (.ipynb) or export zip was uploaded"
    names = ", ".join(str(p.relative_to(folder)) for p in found)
    return None, (f"more than one notebook was uploaded ({names}); upload only "
                  f"{assignment}.ipynb or the zip that grader.export() writes")


def _grade_one(assignment, upload):
    from seqkit.grading.batch import grade_batch
    with tempfile.TemporaryDirectory(prefix="seqkit-gradescope-") as out:
        store, _ = grade_batch(assignment, [upload], Path(out), workers=1, progress=False)
        (row,) = store.latest(assignment.name)
    return row


def _results(assignment, row):
    """Gradescope's results.json for one result row (as results.sqlite holds it)."""
    tests = [{"name": name, "score": q["points"], "max_score": q["possible"],
              # a question carried forward says so (its feedback is that one line)
              "output": "passed" if q["points"] >= q["possible"] and not q.get("carried_from")
              else q["feedback"].strip(),
              "visibility": "visible"} for name, q in row["questions"].items()]
    return {"score": row["total"], "output": feedback_text(row, assignment),
            "output_format": "md", "stdout_visibility": "hidden", "tests": tests}

