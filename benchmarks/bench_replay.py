"""The grader's side of a passing question: hypothesis' own run against the replay.

Run by hand (never as a test), with the kit's venv:

    .venv/bin/python benchmarks/bench_replay.py                       # every assignment
    .venv/bin/python benchmarks/bench_replay.py --assignments rnn attention --repeat 7

Every question's hidden test is run on the references themselves (an answer that passes),
in this process, as a grading worker runs it after its first submission: by hypothesis'
own run (`Replayed.test`: the engine draws every example), and by the replay
(`Replayed.__call__`: the examples drawn once, the body called on each).  Both send the
student the same calls (tests/test_hidden_tests.py), so the difference is hypothesis'
engine.  Each is timed in CPU seconds of this process, alternating which goes first,
`--repeat` times; printed per question and per assignment: the medians, the ratio replay /
hypothesis, and the one-off cost of drawing the examples in a fresh worker.

Questions of one generated example (the Keras fits: fit_and_evaluate, fit_forecaster,
fit_char_model) are not replayed, so they are not timed; a question's pinned @example cases
run by hypothesis either way, and are timed in both columns.
"""
import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu(run):
    start = time.process_time()
    run()
    return time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, str(ROOT))
    from seqkit import paths
    from seqkit.hidden.framework import Replayed
    from seqkit.sandbox.inprocess import InProcessStudent

    print(f"CPU seconds of one passing answer's hidden tests, grader's side, median of "
          f"{args.repeat}")
    print(f"{'question':32s} {'draw once':>9s} {'hypothesis':>10s} {'replay':>8s} {'ratio':>6s}")
    pooled = [0.0, 0.0]
    for name in args.assignments or paths.NAMES:
        hidden = importlib.import_module(f"seqkit.hidden.{name}")
        reference = importlib.import_module(f"seqkit.{name}")
        student = InProcessStudent({q.name: getattr(reference, q.name)
                                    for q in hidden.QUESTIONS})
        totals = [0.0, 0.0]
        for q in hidden.QUESTIONS:
            replayed = [test for test in q.runs if isinstance(test, Replayed)]
            if not replayed:
                continue
            draw = sum(cpu(test.examples) for test in replayed)
            times = ([], [])
            for i in range(args.repeat):
                ways = [lambda: [getattr(test, "test", test)(student) for test in q.runs],
                        lambda: [test(student) for test in q.runs]]
                order = (0, 1) if i % 2 == 0 else (1, 0)
                for way in order:
                    times[way].append(cpu(ways[way]))
            alone, replay = (statistics.median(t) for t in times)
            totals[0] += alone
            totals[1] += replay
            print(f"{q.name:32s} {draw:9.3f} {alone:10.3f} {replay:8.3f} {replay / alone:6.2f}")
        print(f"{name + ' (all above)':32s} {'':9s} {totals[0]:10.3f} {totals[1]:8.3f} "
              f"{totals[1] / totals[0]:6.2f}\n")
        pooled = [p + t for p, t in zip(pooled, totals)]
    print(f"{'pooled':32s} {'':9s} {pooled[0]:10.3f} {pooled[1]:8.3f} "
          f"{pooled[1] / pooled[0]:6.2f}")


if __name__ == "__main__":
    main()
