"""Everything in an output folder that is made from the results rows: gradebook.csv,
feedback/, mistakes.csv and report.html (seqkit grade, merge and review write them)."""
from seqkit import i18n
from seqkit.grading.gradebook import write_feedback, write_gradebook
from seqkit.grading.mistakes_csv import write_mistakes
from seqkit.grading.report import write_report
from seqkit.grading.reviews import with_reviews
from seqkit.grading.store import Store
from seqkit.grading.version import grader_language


def write_outputs(assignment, rows, out_dir, lang=i18n.SOURCE):
    """The outputs of `assignment` (an Assignment) in out_dir, in `lang`, from its rows;
    the reviews come from out_dir's results.sqlite."""
    i18n.use(lang)
    rows = with_reviews(rows, Store(out_dir / "results.sqlite").reviews(assignment.name),
                        assignment.manual)
    write_gradebook(rows, list(assignment.points), out_dir / "gradebook.csv",
                    [q.name for q in assignment.manual])
    write_feedback(rows, assignment.name, out_dir / "feedback")
    write_mistakes(rows, out_dir / "mistakes.csv")
    write_report(rows, assignment, out_dir / "report.html")


def graded_languages(rows):
    """The languages the rows were graded in (superseded rows were not graded)."""
    return {grader_language(r["grader"]) for r in rows if r["status"] != "superseded"}
