"""What the known-mistake diagnosis adds to grading a wrong answer (issue 12, item 7).

Each wrong answer of the corpus (tests/corpus/wrong.py) whose question has a
catalogue is appended to the perfect notebook and run in one sandboxed student
process, as a grading worker runs it.  Its question is then graded --repeat
times each way, alternating which goes first: with the catalogue, as
`seqkit grade` does, and without it (the question's catalogue set to None).
Both ways run the same hypothesis search (the profile is derandomized); the
difference is the diagnosis alone: re-asking the failing example and the probes.

Runs in its own process (bench_grading.py --_diagnosis), which warms up and
forks the spawner before importing the hidden tests, like a grading worker.
"""
import contextlib
import dataclasses
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_diagnosis(root, script, assignment, answers, repeat, workdir):
    """-> the figures of diagnosis_main, measured in a child process."""
    from benchgrade.batch import floor_env
    result = workdir / "diagnosis.json"
    done = subprocess.run([sys.executable, str(script), "--_diagnosis", assignment, str(answers),
                           str(repeat), str(result)], env=floor_env(root), cwd=workdir)
    if done.returncode != 0:
        raise SystemExit(f"the diagnosis figure failed (exit code {done.returncode})")
    return json.loads(result.read_text())


def diagnosis_main(root, assignment, answers, repeat, result_path):
    from seqkit.threads import one_thread_each
    one_thread_each()
    from seqkit.grading.batch import DEFAULT_LIMITS, warm_up
    from seqkit.grading.locks import uid_range
    warm_up()
    claims = contextlib.ExitStack()  # a uid no running batch uses, until the figure is done
    limits = {**DEFAULT_LIMITS, "uid": claims.enter_context(uid_range(1))}
    from seqkit.sandbox.spawner import SandboxedStudent, Spawner, SubmissionDied
    spawner = Spawner()  # before the references and hidden tests are imported

    from seqkit.examples import PERFECT, example_class
    from seqkit.hidden.framework import run_question
    from seqkit.assignment import Assignment
    from seqkit.sandbox.notebook import code_cells
    sys.path.insert(0, str(Path(root) / "tests"))
    from corpus.wrong import WRONG

    questions = {q.name: q for q in Assignment.load(assignment).hidden_questions()}
    perfect = code_cells(example_class(assignment)[PERFECT], PERFECT)
    wrong = [(question, label, source) for a, question, label, source in WRONG
             if a == assignment and getattr(questions.get(question), "catalogue", None)]
    per = []
    for question, label, source in wrong[:answers]:
        ways = {"with": questions[question],
                "without": dataclasses.replace(questions[question], catalogue=None)}
        student = SandboxedStudent(spawner, [*perfect, source], limits, ())
        student.start()
        seconds, verdicts = {"with": [], "without": []}, {}
        try:
            for r in range(repeat):
                for way in (("with", "without") if r % 2 == 0 else ("without", "with")):
                    start = time.perf_counter()
                    verdicts[way] = run_question(ways[way], student)
                    seconds[way].append(time.perf_counter() - start)
        except SubmissionDied:
            continue  # its process died: a figure of restarts, not of the diagnosis
        finally:
            student.close()
        if verdicts["without"].points == verdicts["without"].possible:
            continue  # passes the hidden tests: there is nothing to diagnose
        mistake = verdicts["with"].mistake
        per.append({"question": question, "label": label,
                    "with_s": statistics.median(seconds["with"]),
                    "without_s": statistics.median(seconds["without"]),
                    "diagnosed": mistake.id if mistake else None})
    spawner.close()
    claims.close()
    Path(result_path).write_text(json.dumps({"repeat": repeat, "per": per}))


def summary(data):
    """Mean seconds per wrong answer with and without, their difference and ratio."""
    per = data["per"]
    if not per:
        return None
    with_s = statistics.fmean(p["with_s"] for p in per)
    without_s = statistics.fmean(p["without_s"] for p in per)
    return {"answers": len(per), "with_s": with_s, "without_s": without_s,
            "extra_s": with_s - without_s, "ratio": with_s / without_s,
            "diagnosed": sum(p["diagnosed"] is not None for p in per)}


def print_diagnosis(name, data):
    s = summary(data)
    if s is None:
        print(f"  diagnosis: no wrong answer of {name}'s corpus has a catalogue to try")
        return
    print(f"  diagnosis, {s['answers']} wrong answers of the corpus with a catalogue "
          f"(median of {data['repeat']} gradings each, one sandboxed process per answer): "
          f"{s['with_s']:.3f} s with, {s['without_s']:.3f} s without; the diagnosis adds "
          f"{s['extra_s']:+.3f} s per wrong answer ({s['ratio']:.2f}x); "
          f"{s['diagnosed']}/{s['answers']} given a known mistake")
    for q in sorted({p["question"] for p in data["per"]}):
        mine = [p for p in data["per"] if p["question"] == q]
        w = statistics.fmean(p["with_s"] for p in mine)
        wo = statistics.fmean(p["without_s"] for p in mine)
        print(f"    {q}: {len(mine)} answers, {w:.3f} s with, {wo:.3f} s without, "
              f"{w - wo:+.3f} s ({w / wo:.2f}x)")
