"""The grader's version: what decides a score, hashed, and the language it was graded in.

A results row stores the version that graded it; `seqkit grade` regrades a
submission when the version changes, and merge and review read the language
back from it.
"""
import hashlib

from seqkit import i18n, paths


def grader_version(assignment, carry_forward=1.0, lang=i18n.SOURCE):
    """A hash of everything that decides a score of `assignment` (an Assignment), its
    diagnosis or what is stored: regrade when it changes (the share that error carried
    forward earns included).

    Feedback is written in the language of the grading, so another language, or
    a changed translation, regrades too; its code follows the hash ("…-uk").
    """
    h = hashlib.sha256(f"carry-forward {float(carry_forward)!r}\n".encode())
    for folder in ("hidden", "sandbox", "mistakes"):
        for path in sorted((paths.PACKAGE / folder).glob("*.py")):
            h.update(path.read_bytes())
    # grading/manual_answers.py decides what is stored for the questions graded by hand
    for name in ("strategies.py", "grading/carry.py", "grading/manual_answers.py",
                 *(f"{n}.py" for n in paths.NAMES)):
        h.update((paths.PACKAGE / name).read_bytes())
    # the solution notebook's questions: their points and what error carried forward follows
    # (the Gradescope zip holds its own assignment's notebook only)
    h.update(repr(assignment.questions).encode())
    if lang == i18n.SOURCE:
        return h.hexdigest()[:16]
    for path in i18n.grading_files(lang):
        h.update(path.read_bytes())
    return f"{h.hexdigest()[:16]}-{lang}"


def grader_language(grader):
    """The language a results row was graded in (from its grader version)."""
    return grader.partition("-")[2] or i18n.SOURCE
