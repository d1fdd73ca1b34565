"""Known mistakes and how the grader recognises them.

A catalogue belongs to one graded question.  It lives on the grading side
only (this package is masked in the student's process and never shipped in
a student notebook).  When a question fails, `diagnose` asks the student's
code again, on the failing example and on a few probes of the catalogue's
own choosing, and compares each answer with every mistaken variant of the
reference.  A mistake is named only when exactly one variant reproduces
every answer and differs from the reference on at least one of them: two
that fit, or none, and the counterexample stands alone.

A contract function's catalogue is built by `contract`: its variants are
mistaken references with the function's own arguments, and the hidden test's
drawn `case` reaches them named (a NamedTuple of the strategy's layout).
"""
import dataclasses
import functools
import inspect
from typing import Callable

import numpy as np

from seqkit.hidden.tolerance import close  # the hidden tests' own rule
from seqkit.sandbox.ops import StudentError
from seqkit.sandbox.student import Student

MAX_CASES = 5  # the failing example and at most four probes: a wrong answer stays cheap


@dataclasses.dataclass(frozen=True)
class Mistake:
    """One known mistake.

    id: short and stable, e.g. "recurrent-transposed" (mistakes.csv, the report).
    description: one or two sentences for the student: what they most likely
        did and what to check.
    variant: the mistaken reference, called with the hidden test's drawn
        arguments (e.g. variant(case)); returns what an answer with this
        mistake returns, or raises what it raises.  None for a mistake that
        only the hidden test itself can see (it raises Mismatch(mistake=id)).
    """
    id: str
    description: str
    variant: Callable = None


@dataclasses.dataclass(frozen=True)
class Catalogue:
    """The known mistakes of one question.

    question: the graded question's name.
    reference: reference(**drawn) -> the right answer, in the same form as `answer`.
    answer: answer(student, **drawn) -> the student's answer for those arguments.
    probes: probes(**drawn) -> a list of further `drawn` dicts that isolate one
        term each (zero inputs, a one-hot state, T = 1, a square matrix where a
        transpose hides), derived from the failing example or fixed.
    recognise: recognise(student, **drawn) -> a mistake id or None, for
        mistakes that are no fixed function of the input (which two entries of
        a dict are swapped).  Asked alongside the variants: a mistake is named
        only when everything that fits names the same one.
    """
    question: str
    mistakes: tuple
    reference: Callable = None
    answer: Callable = None
    probes: Callable = lambda **drawn: []
    recognise: Callable = None

    def find(self, mistake_id):
        return next((m for m in self.mistakes if m.id == mistake_id), None)


def contract(name, reference, mistakes, probes=None, *, case=None, call=None, answer=None,
             seen_as=None, recognise=None):
    """The catalogue of the contract function `name`, its preamble written the one way.

    reference: the right function, called as `call` calls the student's: mostly seqkit's
        own reference (or one that reads its inputs as the hidden test's expectation does,
        e.g. in float64); where the grader lends part of the call (numerical_gradient's f,
        sample_next's rng), a function of the case's fields.
    mistakes: Mistakes whose variants take the same arguments, each a mistaken reference
        (None for a mistake only the hidden test sees).
    case: how the hidden test draws the arguments.  None: by name, the reference's own
        parameters (sigmoid(z=...)).  Else a NamedTuple class (or `tuple`, for a case of any
        length): the test draws one `case` of that layout, and every function here gets it
        named (`case.x_t`).
    call: call(fn, case) -> fn called as the hidden test calls the student's function;
        default fn(*case).  Only with `case`.
    probes: with `case`, probes(case) -> further cases; without, probes(**drawn) -> further
        drawn dicts.
    answer: answer(student, **drawn), where asking the student is more than calling `name`
        (a Keras cell, a callback); default: the student's `name`, called as the test does.
    seen_as: what of an answer is compared (a text as its code points); applied to the
        reference's, the student's and every variant's answer alike.
    recognise: as Catalogue's.
    """
    seen = seen_as or (lambda got: got)
    if case is None:
        order = list(inspect.signature(reference).parameters)

        def asked(fn):
            return lambda **drawn: seen(fn(**drawn))

        def student_answer(student, **drawn):
            return student.call(name, *(drawn[p] for p in order if p in drawn))
        more = probes or (lambda **drawn: [])
    else:
        named, call = getattr(case, "_make", case), call or (lambda fn, c: fn(*c))

        def asked(fn):
            return lambda case: seen(call(fn, named(case)))

        def student_answer(student, case):
            return call(functools.partial(student.call, name), named(case))
        more = (lambda case: [{"case": c} for c in probes(named(case))]) if probes else \
            (lambda **drawn: [])
    ask = answer or student_answer
    return Catalogue(
        name,
        reference=asked(reference),
        answer=lambda student, **drawn: seen(ask(student, **drawn)),
        probes=more,
        recognise=recognise,
        mistakes=tuple(Mistake(m.id, m.description, m.variant and asked(m.variant))
                       for m in mistakes))


@dataclasses.dataclass(frozen=True)
class Raised:
    """An answer that was an exception; compared by class name."""
    names: tuple  # the exception's class and its bases, most specific first


def outcome(fn, *args, **kwargs):
    """fn's answer, or Raised when it raised (a StudentError by the student's class name)."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except StudentError as exc:
        return Raised((str(exc).split(":")[0].strip(),))
    except Exception as exc:
        return Raised(tuple(c.__name__ for c in type(exc).__mro__))


def same(a, b):
    """Do two answers agree (nested tuples and lists of arrays, or both raised)?"""
    if isinstance(a, Raised) or isinstance(b, Raised):
        if not (isinstance(a, Raised) and isinstance(b, Raised)):
            return False
        return a.names[0] in b.names or b.names[0] in a.names
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        if not (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list))) or len(a) != len(b):
            return False
        return all(same(x, y) for x, y in zip(a, b))
    try:
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape:
        return False
    return bool(np.all(close(a, b, equal_nan=True)))


def diagnose(catalogue, student: Student, failing, mistake_id=None):
    """The one known mistake that explains the failure, or None.

    failing: the drawn arguments of the failing example.
    mistake_id: set when the hidden test itself recognised the mistake.
    """
    if mistake_id is not None:
        return catalogue.find(mistake_id)
    if not failing:
        return None
    fitting = []
    if catalogue.recognise is not None:
        found = catalogue.find(catalogue.recognise(student, **failing))
        fitting += [found] if found is not None else []
    candidates = [m for m in catalogue.mistakes if m.variant is not None]
    if candidates and catalogue.answer is not None:
        cases = ([failing] + list(catalogue.probes(**failing)))[:MAX_CASES]
        answers = [outcome(catalogue.answer, student, **case) for case in cases]
        expected = [outcome(catalogue.reference, **case) for case in cases]
        for m in candidates:
            got = [outcome(m.variant, **case) for case in cases]
            if all(same(a, g) for a, g in zip(answers, got)) and \
                    not all(same(g, e) for g, e in zip(got, expected)):
                fitting.append(m)
    return fitting[0] if len(set(fitting)) == 1 else None
