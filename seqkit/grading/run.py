"""`seqkit grade`: grade, then write gradebook, feedback and report, then summarise."""
import shutil
import subprocess
import time

from seqkit.grading.gradebook import write_feedback, write_gradebook
from seqkit.grading.mistakes_csv import write_mistakes
from seqkit.grading.report import write_report
from seqkit.questions import question_points


def grade_command(assignment, inputs, out_dir, workers, timeout, backend, progress=True):
    """-> exit code (0 when every submission got a row)."""
    if backend == "docker":
        return _grade_docker(assignment, inputs, out_dir)
    from seqkit.grading.batch import DEFAULT_LIMITS, grade_batch
    store, counts = grade_batch(assignment, inputs, out_dir, workers,
                                {"notebook_seconds": timeout,
                                 # a hanging cell must leave time for the rest
                                 "cell_seconds": max(1, min(timeout // 3,
                                                            DEFAULT_LIMITS["cell_seconds"]))},
                                progress)
    rows = store.latest(assignment)
    write_outputs(assignment, rows, out_dir)
    for note in counts["notes"]:
        print(note)
    graded = [r for r in rows if r["status"] == "graded"]
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    possible = rows[0]["possible"] if rows else 0
    print(f"{assignment}: {counts['graded']} graded, {counts['failed']} could not be graded "
          f"normally, {counts['skipped']} unchanged and skipped, in {counts['seconds']} s; "
          f"class mean {mean:.2f} / {possible:g} over {len(rows)} submissions "
          f"({len(graded)} graded)")
    print(f"  gradebook: {out_dir / 'gradebook.csv'}")
    print(f"  feedback:  {out_dir / 'feedback'}/")
    print(f"  report:    {out_dir / 'report.html'}")
    return 0


def write_outputs(assignment, rows, out_dir):
    points = question_points(assignment)
    write_gradebook(rows, [n for n, _ in points], out_dir / "gradebook.csv")
    write_feedback(rows, assignment, out_dir / "feedback")
    write_mistakes(rows, out_dir / "mistakes.csv")
    write_report(rows, points, assignment, out_dir / "report.html")


def _grade_docker(assignment, inputs, out_dir):
    """Hand the batch to `otter grade` (Docker), then convert its CSV."""
    from seqkit import paths
    if shutil.which("docker") is None or subprocess.run(
            ["docker", "info"], capture_output=True).returncode != 0:
        print("seqkit grade --backend docker: no Docker engine is running here; "
              "use the default local backend")
        return 2
    zip_path = paths.AUTOGRADER / assignment / f"{assignment}-autograder.zip"
    if not zip_path.exists():
        print(f"seqkit grade: {zip_path} is missing; run `seqkit build {assignment}` first")
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    cmd = ["otter", "grade", "-a", str(zip_path), "-o", str(out_dir), "--ext", "ipynb",
           *(arg for p in inputs for arg in ("-p", str(p)))]
    done = subprocess.run(cmd)
    print(f"otter grade finished in {time.monotonic() - start:.0f} s with exit code "
          f"{done.returncode}; its final_grades.csv is in {out_dir}")
    return done.returncode
