"""Grading a batch: warm workers, results stored as they arrive, resume.

The main process imports TensorFlow and Keras once and then forks workers,
so no submission pays for those imports.  The main process never imports
the references, and never runs TensorFlow ops (a fork after TensorFlow has
started its thread pools would not be safe).
"""
import os
import pickle
import selectors
import signal
import socket
import sys
import time

from seqkit import i18n, paths
from seqkit.grading.limits import DEFAULT_LIMITS, hard_limit
from seqkit.grading.locks import uid_range
from seqkit.grading.shards import share
from seqkit.grading.store import Store
from seqkit.grading.submissions import collect
from seqkit.grading.manual_answers import manual_answers
from seqkit.grading.version import grader_version
from seqkit.sandbox import codec


def warm_up():
    """Import what every submission would otherwise import for itself."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # TensorFlow's C++ start-up lines ignore TF_CPP_MIN_LOG_LEVEL; they would
    # land between the progress bar and the summary.
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        import keras  # noqa: F401
        import numpy  # noqa: F401
        import tensorflow  # noqa: F401
        import seqkit.sandbox.child  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class _Worker:
    """A forked grading process (seqkit/grading/worker.py); it inherits the Assignment as
    is, and submissions and results cross its socket pickled."""

    def __init__(self, assignment, limits, hide, slot):
        limits = {**limits, "uid": limits["uid"] + slot}
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            from seqkit.sandbox.child import close_fds_except
            close_fds_except(theirs.fileno())
            os.setpgid(0, 0)
            from seqkit.grading.worker import worker_main
            worker_main(theirs, assignment, limits, hide)
        theirs.close()
        self.pid, self.sock, self.task, self.started = pid, ours, None, 0.0
        self.slot = slot

    def send(self, sub):
        self.task, self.started = sub, time.monotonic()
        codec.send(self.sock, pickle.dumps(sub))

    def kill(self):
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL),
                       lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                target()
            except OSError:
                pass
        self.sock.close()
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def grade_batch(assignment, inputs, out_dir, workers=None, limits=None, progress=True,
                shard=None, lang=i18n.SOURCE):
    """Grade every submission of `assignment` (an Assignment) under inputs into out_dir;
    -> (store, summary dict).

    shard: (k, n) grades only the k-th of n deterministic shares of the batch.
    The summary holds the counts, the seconds, the notes to print and `names`,
    the submissions of this run (its share) that must have a row.
    """
    limits = {**DEFAULT_LIMITS, **(limits or {})}
    out_dir.mkdir(parents=True, exist_ok=True)
    store = Store(out_dir / "results.sqlite")
    i18n.use(lang)  # before the workers fork: they write the feedback
    grader = grader_version(assignment, limits["carry_forward"], lang)
    subs, notes = collect(inputs, assignment.name)
    if shard is not None:
        subs = share(subs, *shard)
    todo, superseded = [], []
    for sub in subs:
        before = store.previous(assignment.name, sub.name)
        if before is not None and (before["sha256"], before["grader"]) == (sub.sha256, grader):
            continue  # this exact content, graded by this grader
        if sub.superseded_by:
            superseded.append(sub)
            continue
        if before is not None:
            what = "changed" if before["sha256"] != sub.sha256 else "the grader changed"
            notes.append(f"{sub.name}: {what} since it was last graded; regrading "
                         "(the earlier result stays in results.sqlite)")
        todo.append(sub)
    _store_superseded(assignment, superseded, store, grader)
    hide = _hidden_paths(out_dir, inputs)
    start = time.monotonic()
    counts = {"graded": 0, "failed": 0, "skipped": len(subs) - len(todo) - len(superseded),
              "superseded": len(superseded)}
    if todo:
        warm_up()
        n_workers = min(workers or os.cpu_count() or 1, len(todo))
        with uid_range(n_workers) as first_uid:  # worker i's students run as first_uid + i
            _run_pool(assignment, todo, store, grader, {**limits, "uid": first_uid}, hide,
                      n_workers, counts, progress)
    counts["seconds"] = round(time.monotonic() - start, 1)
    counts["notes"] = notes
    counts["names"] = [s.name for s in subs if not s.superseded_by]
    return store, counts


def _store_superseded(assignment, subs, store, grader):
    """An older submission of a student is kept as a row, not graded."""
    from seqkit.grading.worker import empty_result
    for sub in subs:
        reason = f"superseded: {sub.superseded_by} is a newer submission of {sub.student}"
        store.add(assignment.name, sub, grader,
                  empty_result(assignment.questions, "superseded", reason))


def _hidden_paths(out_dir, inputs):
    """Folders the student's process must not see: package, answers, results, inputs."""
    keep = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    # Every folder of the project: the package, solutions, autograder zips,
    # tests and examples, but also .git (every version of the references) and
    # scratch folders or old results that may hold copies.
    hide = [p for p in paths.ROOT.iterdir() if p.is_dir()] + [out_dir]
    for item in inputs:
        item = os.path.realpath(item)
        hide.append(item if os.path.isdir(item) else os.path.dirname(item))
    result = []
    for path in map(os.path.realpath, hide):
        # never mask a folder holding the Python that the student's process runs on
        if os.path.isdir(path) and not any(k == path or k.startswith(path + os.sep) for k in keep):
            result.append(path)
    return sorted(set(result))


def _run_pool(assignment, todo, store, grader, limits, hide, n_workers, counts, progress):
    from tqdm import tqdm

    from seqkit.grading.worker import empty_result
    hard = hard_limit(limits, len(assignment.questions))
    queue = list(todo)
    pool = [_Worker(assignment, limits, hide, slot) for slot in range(n_workers)]
    sel = selectors.DefaultSelector()
    for w in pool:
        sel.register(w.sock, selectors.EVENT_READ, w)
    bar = tqdm(total=len(queue), unit="sub", disable=not progress, file=sys.stderr)

    manual = [q.name for q in assignment.manual]

    def finish(w, result):
        # what the student wrote for the questions graded by hand, whatever became of the code
        result["manual"] = manual_answers(w.task.content, manual) if manual else {}
        store.add(assignment.name, w.task, grader, result)
        counts["graded" if result["status"] == "graded" else "failed"] += 1
        bar.update(1)
        bar.set_postfix_str(f"{w.task.name}: {result['status']}", refresh=False)
        w.task = None

    def replace(w):
        sel.unregister(w.sock)
        w.kill()
        fresh = _Worker(assignment, limits, hide, w.slot)
        sel.register(fresh.sock, selectors.EVENT_READ, fresh)
        pool[pool.index(w)] = fresh
        return fresh

    for w in pool:
        w.send(queue.pop(0))
    while any(w.task is not None for w in pool):
        for key, _ in sel.select(timeout=1.0):
            w = key.data
            try:
                result = pickle.loads(codec.recv(w.sock))
            except (EOFError, OSError, pickle.UnpicklingError):
                result = empty_result(assignment.questions, "crashed",
                                      "the grading worker died while grading this submission")
                finish(w, result)
                w = replace(w)
            else:
                finish(w, result)
            if queue:
                w.send(queue.pop(0))
        now = time.monotonic()
        for w in list(pool):
            if w.task is not None and now - w.started > hard:
                finish(w, empty_result(assignment.questions, "timeout",
                                       f"grading took more than {hard:.0f} s"))
                fresh = replace(w)
                if queue:
                    fresh.send(queue.pop(0))
    bar.close()
    for w in pool:
        sel.unregister(w.sock)
        w.sock.close()  # the worker exits on EOF
        try:
            os.waitpid(w.pid, 0)
        except ChildProcessError:
            pass


