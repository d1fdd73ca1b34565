"""Sharded grading: `seqkit grade --shard K/N` and `seqkit merge`.

A shard is the K-th of N shares of the batch by sorted position: every
submission of the batch, sorted by name as `collect` returns it, goes to shard
(position mod N).  Every shard sees the same inputs, so the shares are
disjoint and together cover the batch, with no coordination between them.

Merging copies the shards' results.sqlite rows into one and then writes the
outputs from it exactly as `seqkit grade` does, so the merged folder is the
folder one run over the whole batch would have written.
"""
import json
import sqlite3
from pathlib import Path

from seqkit.assignment import Assignment
from seqkit.grading.locks import finished_folders, output_folder
from seqkit.grading.outputs import graded_languages, write_outputs
from seqkit.grading.store import Store

SHARD_FILE = "shard.json"  # {"assignment", "shard", "of", "timeout", "carry_forward"}


class MergeError(Exception):
    pass


def parse_shard(text):
    """'K/N' -> (k, n), with 0 <= k < n; ValueError with a readable message."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard {text}: expected K/N, e.g. 0/4") from None
    if not (n >= 1 and 0 <= k < n):
        raise ValueError(f"--shard {text}: K must be one of 0..N-1 (Slurm's SLURM_ARRAY_TASK_ID "
                         "and Kubernetes's JOB_COMPLETION_INDEX both count from 0)")
    return k, n


def share(subs, k, n):
    """The k-th of n shares of a sorted list of submissions."""
    return subs[k::n]


def write_shard_file(out_dir, assignment, k, n, timeout, carry_forward=1.0):
    (out_dir / SHARD_FILE).write_text(json.dumps({"assignment": assignment, "shard": k, "of": n,
                                                  "timeout": timeout,
                                                  "carry_forward": carry_forward}))


def merge(dirs, out_dir):
    """Merge shard folders into out_dir; -> (assignment name, number of rows in the gradebook)."""
    dirs = [Path(d) for d in dirs]
    if any(d.resolve() == out_dir.resolve() for d in dirs):
        raise MergeError(f"{out_dir}: the output folder cannot also be one of the shards")
    # a shard still being graded would be merged half done (locks.Busy)
    with finished_folders(dirs), output_folder(out_dir):
        return _merge(dirs, out_dir)


def _merge(dirs, out_dir):
    history = [_rows(folder) for folder in dirs]
    _check_complete(dirs)
    rows, assignments = [], set()
    for index, folder_rows in enumerate(history):
        for position, row in enumerate(folder_rows):
            rows.append(((row["graded_at"], index, position), row))
            assignments.add(row["assignment"])
    if len(assignments) != 1:
        raise MergeError("the folders hold results of " + (", ".join(sorted(assignments))
                         or "nothing") + ": merge the shards of one assignment")
    (assignment,) = assignments
    store = Store(out_dir / "results.sqlite")
    present = {tuple(r.values()) for r in store.history()}
    for _, row in sorted(rows, key=lambda item: item[0]):
        if tuple(row.values()) not in present:  # merging the same shard twice adds nothing
            store.insert(row)
            present.add(tuple(row.values()))
    # reviews given by hand in a shard's folder travel with its rows
    reviews = sorted((r["saved_at"], i, p, r) for i, folder in enumerate(dirs)
                     for p, r in enumerate(Store(folder / "results.sqlite").review_history()))
    present = {tuple(r.values()) for r in store.review_history()}
    for *_, review in reviews:
        if tuple(review.values()) not in present:
            store.insert_review(review)
            present.add(tuple(review.values()))
    latest = store.latest(assignment)
    languages = graded_languages(latest)
    if len(languages) > 1:
        raise MergeError("the shards were graded in different languages (" +
                         ", ".join(sorted(languages)) + "); grade every shard with the same --lang")
    write_outputs(Assignment.load(assignment), latest, out_dir,
                  languages.pop() if languages else "en")
    return assignment, len(latest)


def _rows(folder):
    path = folder / "results.sqlite"
    if not path.is_file():
        raise MergeError(f"{path}: no such file; is {folder} a folder that `seqkit grade` wrote?")
    try:
        return Store(path).history()
    except sqlite3.DatabaseError as exc:
        raise MergeError(f"{path}: not a results database ({exc})") from None


def _check_complete(dirs):
    """Shards of one split, each once, none missing."""
    found = {}
    for folder in dirs:
        path = folder / SHARD_FILE
        if not path.is_file():
            continue
        try:
            info = json.loads(path.read_text())
            key = (info["assignment"], int(info["of"]), int(info["timeout"]),
                   float(info.get("carry_forward", 1.0)))
            found.setdefault(key, []).append(int(info["shard"]))
        except (ValueError, KeyError, TypeError):
            raise MergeError(f"{path}: not a shard description written by seqkit grade") from None
    if len(found) > 1:
        raise MergeError("the folders come from different runs: " + ", ".join(
            f"{a} in {n} shards with --timeout {t} --carry-forward {c:g}"
            for a, n, t, c in sorted(found))
            + "; grade every shard with the same options")
    for (assignment, n, _, _), shards in found.items():
        missing = sorted(set(range(n)) - set(shards))
        twice = sorted({k for k in shards if shards.count(k) > 1})
        if missing:
            raise MergeError(f"{assignment}: shard(s) {', '.join(f'{k}/{n}' for k in missing)} "
                             "missing from the folders to merge")
        if twice:
            raise MergeError(f"{assignment}: shard(s) {', '.join(f'{k}/{n}' for k in twice)} "
                             "given twice")
