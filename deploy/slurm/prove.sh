#!/usr/bin/env bash
# Sharded grading on a real engine: a class graded as a Slurm array job of 4 shards, merged,
# and compared with one local run of the same class.
#   bash deploy/slurm/single-node.sh start     # or any Slurm cluster that sees this folder
#   bash deploy/slurm/prove.sh [WORKDIR]       # default /tmp/seqkit-slurm-proof
#   bash deploy/slurm/single-node.sh stop
# ASSIGNMENT (rnn), COUNT (160), SHARDS (4) and TIMEOUT (15 s for a notebook's cells) can be set.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seqkit=$root/.venv/bin/seqkit
work=${1:-/tmp/seqkit-slurm-proof}
assignment=${ASSIGNMENT:-rnn} count=${COUNT:-160} shards=${SHARDS:-4} timeout=${TIMEOUT:-15}
rm -rf "$work"
mkdir -p "$work/class"

# The example class (every status: perfect, partial, untouched, mistakes, a hanging cell, a
# notebook that exits, broken JSON, not a notebook, an export zip), replicated under distinct names.
"$root/.venv/bin/python" - "$assignment" "$count" "$work/class" <<'PY'
import shutil, sys
from pathlib import Path
from seqkit import paths
assignment, count, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
examples = sorted((paths.EXAMPLES / assignment).iterdir())
for i in range(count):
    src = examples[i % len(examples)]
    shutil.copy(src, out / f"s{i:03d}-{src.name}")
PY

now() { date +%s.%N; }
t0=$(now)
"$seqkit" grade "$assignment" "$work/class" --out "$work/local" --timeout "$timeout" --quiet \
    > "$work/local.log"
t1=$(now)
sbatch --wait --quiet --array=0-$((shards - 1)) --chdir="$work" \
    --export=ALL,SEQKIT="$seqkit" "$root/deploy/slurm/grade-array.sbatch" \
    "$assignment" "$work/class" "$work/array" --timeout "$timeout"
t2=$(now)
"$seqkit" merge "$work"/array/shard-* --out "$work/merged" > "$work/merge.log"
t3=$(now)

"$root/.venv/bin/python" - "$work" "$assignment" "$t0" "$t1" "$t2" "$t3" <<'PY'
import filecmp, json, sqlite3, sys
from pathlib import Path
work, assignment = Path(sys.argv[1]), sys.argv[2]
t0, t1, t2, t3 = map(float, sys.argv[3:])
local, merged = work / "local", work / "merged"

def results(folder):
    keep = ("submission", "sha256", "grader", "status", "reason", "total", "possible",
            "questions", "problems", "student", "student_id", "late")
    with sqlite3.connect(folder / "results.sqlite") as db:
        db.row_factory = sqlite3.Row
        return sorted(tuple(r[k] for k in keep) for r in db.execute("SELECT * FROM results"))

rows = (local / "gradebook.csv").read_text().splitlines()[1:]
shard_sizes = [len((d / "gradebook.csv").read_text().splitlines()) - 1
               for d in sorted((work / "array").glob("shard-*"))]
feedback = filecmp.dircmp(local / "feedback", merged / "feedback")
checks = {
    "gradebook.csv identical": (local / "gradebook.csv").read_bytes() == (merged / "gradebook.csv").read_bytes(),
    "feedback/ identical": not (feedback.diff_files or feedback.left_only or feedback.right_only),
    "report.html identical": (local / "report.html").read_bytes() == (merged / "report.html").read_bytes(),
    "results.sqlite rows identical (ids, times left out)": results(local) == results(merged),
}
print(f"{assignment}: {len(rows)} submissions; shards of {'+'.join(map(str, shard_sizes))}")
print(f"local run (one seqkit grade, all cores): {t1 - t0:.1f} s")
print(f"Slurm array job of {len(shard_sizes)} shards (sbatch --wait, 1 worker each): {t2 - t1:.1f} s")
print(f"seqkit merge: {t3 - t2:.1f} s")
for name, ok in checks.items():
    print(f"{'OK ' if ok else 'DIFFERENT'} {name}")
(work / "figures.json").write_text(json.dumps({
    "submissions": len(rows), "shards": shard_sizes, "local_s": round(t1 - t0, 1),
    "array_s": round(t2 - t1, 1), "merge_s": round(t3 - t2, 1), "checks": checks}, indent=1))
sys.exit(0 if all(checks.values()) else 1)
PY
