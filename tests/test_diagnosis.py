"""Issue 12: the known-mistake diagnosis and where it shows (in-process, no sandbox).

The corpus test (test_corpus.py) measures the catalogues through `seqkit grade`;
these tests pin the parts: determinism, answers the corpus has never seen,
probes that tell every variant apart, mistakes.csv, feedback, Gradescope's
results.json and the class report's content.
"""
import csv
import dataclasses
import itertools
import re

import numpy as np
import pytest

from seqkit.assignment import Assignment
from seqkit.hidden.framework import run_question
from seqkit.mistakes import catalogues
from seqkit.mistakes.base import diagnose, outcome, same
from seqkit.sandbox.inprocess import InProcessStudent


@pytest.fixture(scope="module")
def genz():
    import seqkit.genz as ref
    return {q.name: q for q in Assignment.load("genz").hidden_questions()}, ref


def _namespace(ref, **overrides):
    ns = {name: getattr(ref, name) for name in ("oscillatory", "product_peak", "corner_peak",
                                                "gaussian", "continuous", "discontinuous",
                                                "GENZ_FAMILIES", "genz_budget", "normalize_c",
                                                "normalize_w", "approximation_errors")}
    return {**ns, **overrides}


def _grade(questions, name, ns):
    return run_question(questions[name], InProcessStudent(ns))


def test_same_submission_same_diagnosis(genz):
    """Graded three times, fresh questions each time: the same mistake, the same feedback."""
    _, ref = genz
    wrong = {"corner_peak": lambda x, c, w: (1 + x @ c) ** -x.shape[1] + 1,
             "normalize_w": lambda w: np.asarray(w) / np.linalg.norm(w)}
    for name, fn in wrong.items():
        seen = set()
        for _ in range(3):
            questions = {q.name: q for q in Assignment.load("genz").hidden_questions()}
            v = _grade(questions, name, _namespace(ref, **{name: fn}))
            seen.add((v.points, v.mistake and v.mistake.id, v.feedback))
        assert len(seen) == 1, seen
        (points, mistake, feedback), = seen
        assert points == 0 and mistake is not None and feedback.startswith("Likely mistake: ")


# Wrong answers written as the corpus does not write them: the catalogue must
# recognise the mistake, not the corpus entry.
UNSEEN = [
    ("oscillatory", "missing-2pi",
     lambda x, c, w: np.cos(w[0] + np.einsum("nd,d->n", x, c))),
    ("oscillatory", "c-and-w-swapped",
     lambda x, c, w: np.cos(2 * np.pi * c[0] + x @ w)),
    ("product_peak", "sum-instead-of-product",
     lambda x, c, w: sum(1 / (c[i] ** -2 + (x[:, i] - w[i]) ** 2) for i in range(x.shape[1]))),
    ("corner_peak", "d-from-number-of-points",
     lambda x, c, w: 1 / (1 + x @ c) ** (len(x) + 1)),
    ("gaussian", "missing-minus",
     lambda x, c, w: np.prod(np.exp((c * (x - w)) ** 2), axis=1)),
    ("continuous", "square-instead-of-abs",
     lambda x, c, w: np.exp(-np.einsum("nd,d->n", (x - w) * (x - w), c))),
    ("discontinuous", "and-instead-of-or",
     lambda x, c, w: np.exp(x @ c) * ~((x[:, 0] > w[0]) & (x[:, :2] > w[:2]).all(axis=1))),
    ("normalize_c", "forgets-the-budget",
     lambda c, family: np.asarray(c) / sum(c)),
    ("normalize_w", "softmax",
     lambda w: np.exp(w - np.max(w)) / np.exp(w - np.max(w)).sum()),
    ("approximation_errors", "signed-mean-error",
     lambda t, p: (float(np.mean(np.ravel(t) - np.ravel(p))),
                   float(np.abs(np.ravel(t) - np.ravel(p)).max()))),
]


@pytest.mark.parametrize("name, mistake, fn", UNSEEN, ids=[f"{n}-{m}" for n, m, _ in UNSEEN])
def test_unseen_wrong_answers_are_recognised(genz, name, mistake, fn):
    questions, ref = genz
    v = _grade(questions, name, _namespace(ref, **{name: fn}))
    assert v.points == 0
    assert v.mistake is not None and v.mistake.id == mistake, v.feedback[:400]
    assert v.feedback.startswith(f"Likely mistake: {v.mistake.description}\n\n")


def test_genz_families_swaps_and_missing_keys_are_read_off_the_answers(genz):
    questions, ref = genz
    swapped = {**ref.GENZ_FAMILIES, "oscillatory": ref.corner_peak,
               "corner_peak": ref.oscillatory}
    missing = {k: v for k, v in ref.GENZ_FAMILIES.items() if k != "gaussian"}
    for table, mistake in ((swapped, "families-swapped"), (missing, "missing-family")):
        v = _grade(questions, "GENZ_FAMILIES", _namespace(ref, GENZ_FAMILIES=table))
        assert v.points == 0 and v.mistake is not None and v.mistake.id == mistake, v.feedback


def test_no_diagnosis_for_full_marks_or_an_unknown_mistake(genz):
    questions, ref = genz
    assert _grade(questions, "gaussian", _namespace(ref)).mistake is None
    # a mistake no catalogue entry describes: the counterexample stands alone
    v = _grade(questions, "gaussian", _namespace(
        ref, gaussian=lambda x, c, w: np.exp(-np.sum(c ** 2 * (x - w) ** 2, axis=1)) + 0.01))
    assert v.points == 0 and v.mistake is None and not v.feedback.startswith("Likely mistake")


def test_genz_probes_tell_every_variant_apart():
    """On the failing example and its probes, each variant differs from the reference
    and from every other variant of its question: two that agreed everywhere would
    each block the other's diagnosis."""
    from seqkit.hidden.genz import fixed_genz
    failing = {"case": fixed_genz()}
    drawn = {"oscillatory": failing, "product_peak": failing, "corner_peak": failing,
             "gaussian": failing, "continuous": failing, "discontinuous": failing,
             "genz_budget": {"d": 3}, "normalize_c": {"c": np.array([0.3, 0.8, 1.9]),
                                                      "family": "gaussian"},
             "normalize_w": {"w": np.array([0.3, 0.8, 1.9])},
             "approximation_errors": {"case": (np.array([0.1, 0.5, -0.3]),
                                               np.array([0.2, 0.1, 0.4]))}}
    for name, catalogue in catalogues("genz").items():
        variants = [m for m in catalogue.mistakes if m.variant is not None]
        if not variants:
            continue
        cases = [drawn[name]] + catalogue.probes(**drawn[name])
        answers = {m.id: [outcome(m.variant, **c) for c in cases] for m in variants}
        answers["(reference)"] = [outcome(catalogue.reference, **c) for c in cases]
        for (a, got_a), (b, got_b) in itertools.combinations(answers.items(), 2):
            assert not all(same(x, y) for x, y in zip(got_a, got_b)), (name, a, b)


def test_a_hidden_test_that_recognises_the_mistake_names_it(genz):
    """fit_and_evaluate's test says which mistake it saw (Mismatch(mistake=...))."""
    questions, _ = genz
    catalogue = questions["fit_and_evaluate"].catalogue
    assert diagnose(catalogue, None, {"seed": 3}, "ignores-n-test").id == "ignores-n-test"
    assert diagnose(catalogue, None, {"seed": 3}, None) is None


# ------------------------------------------------------------------ where it shows

def _row(name, mistake=None, points=0.0, status="graded"):
    description = "the tanh is missing" if mistake else None
    feedback = ((f"Likely mistake: {description}\n\n" if mistake else "")
                + "rnn_step gave a wrong answer")
    return {"submission": name, "status": status, "reason": "" if status == "graded" else "boom",
            "total": points, "possible": 2.0, "problems": [],
            "questions": {"rnn_step": {"points": points, "possible": 1.0, "summary": "wrong values",
                                       "feedback": "" if points else feedback, "mistake": mistake,
                                       "mistake_description": description},
                          "rnn_forward": {"points": 0.0, "possible": 1.0, "summary": "wrong shape",
                                          "feedback": "wrong shape", "mistake": None,
                                          "mistake_description": None}}}


@pytest.mark.quick
def test_mistakes_csv_has_one_row_per_recognised_mistake(tmp_path):
    from seqkit.grading.mistakes_csv import write_mistakes
    rows = [_row("ann", "missing-tanh"), _row("bob"), _row("cyd", "missing-tanh", status="crashed"),
            _row("dee", "missing-tanh", points=1.0)]
    write_mistakes(rows, tmp_path / "mistakes.csv")
    with open(tmp_path / "mistakes.csv", newline="") as fh:
        got = list(csv.reader(fh))
    assert got == [["submission", "question", "mistake", "description"],
                   ["ann", "rnn_step", "missing-tanh", "the tanh is missing"]]


@pytest.mark.quick
def test_feedback_and_gradescope_carry_the_likely_mistake():
    from seqkit.gradescope import _results
    from seqkit.grading.gradebook import feedback_text
    row = _row("ann", "missing-tanh")
    text = feedback_text(row, "rnn")
    section = text.split("## `rnn_step`")[1].split("## ")[0]
    assert "Likely mistake: the tanh is missing" in section.split("```")[0]  # prose, not code
    assert "rnn_step gave a wrong answer" in section
    test = next(t for t in _results("rnn", row)["tests"] if t["name"] == "rnn_step")
    assert test["output"].startswith("Likely mistake: the tanh is missing")


@pytest.mark.quick
def test_report_counts_mistakes_per_question_and_links_every_submission(tmp_path):
    from seqkit.assignment import Question
    from seqkit.grading.report import write_report
    rnn = dataclasses.replace(Assignment.load("rnn"), questions=(
        Question("rnn_step", 1.0), Question("rnn_forward", 1.0)))
    rows = ([_row(f"s{i:03d}", "missing-tanh") for i in range(7)]
            + [_row(f"u{i:03d}") for i in range(3)] + [_row("ok", points=1.0)]
            + [_row("dead", status="crashed")])
    write_report(rows, rnn, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    step = page.split("<code>rnn_step</code>")[1].split("<h3>")[0]
    assert re.search(r'<td class="n">7</td><td><code>missing-tanh</code></td>'
                     r'<td>the tanh is missing</td>', step)
    assert re.search(r'>3 not recognised: wrong values \(3\)<', step)
    forward = page.split("<code>rnn_forward</code>")[1].split("<h2>")[0]
    assert re.search(r'>11 not recognised: wrong shape \(11\)<', forward)
    assert "recognised mistake" not in forward  # no table of recognised mistakes when none
    for r in rows:
        assert f'<a href="feedback/{r["submission"]}.md">{r["submission"]}</a>' in page
    assert page.count("data:image/png;base64,") == 2
