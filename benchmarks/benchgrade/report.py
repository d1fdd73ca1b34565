"""The figures of each way, per assignment and pooled, as tables and ratios."""
import statistics

from benchgrade.ways import WAYS


def _mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else float("nan")


def way_record(m, per, n, tree_cpu, extra=None):
    rec = {"wall_s": round(m.wall, 2), "s_per_sub": round(m.wall / n, 3),
           "latency_s": round(_mean(p["seconds"] for p in per), 3),
           "cpu_s_per_sub": round(tree_cpu / n, 3),
           "machine_cpu_s_per_sub": round(m.machine_cpu / n, 3),
           # busy CPU of the machine that was neither this way nor the polling
           "foreign_cpu_s": round(m.machine_cpu - tree_cpu - m.harness_cpu, 1),
           "harness_cpu_s": round(m.harness_cpu, 2),
           "memory": m.memory, "per": per}
    if per and "maxrss_mb" in per[0]:
        rec["peak_maxrss_mb"] = round(max(p["maxrss_mb"] for p in per), 1)
    rec.update(extra or {})
    return rec


def print_assignment(name, n, kinds, ways):
    print(f"\n=== {name}: {n} submissions ({', '.join(k[3:-6] for k in kinds)}, round-robin)")
    print(f"  {'way':<11} {'wall s':>8} {'s/sub':>7} {'latency':>8} {'CPU s/sub':>10} "
          f"{'slot PSS MB':>12} {'tree PSS MB':>12} {'foreign CPU s':>14}")
    for way in WAYS:
        if way in ways:
            r = ways[way]
            mem = r["memory"]
            print(f"  {way:<11} {r['wall_s']:>8.1f} {r['s_per_sub']:>7.2f} {r['latency_s']:>8.2f} "
                  f"{r['cpu_s_per_sub']:>10.2f} {mem['slot_peak_pss_mb']:>12.0f} "
                  f"{mem['tree_peak_pss_mb']:>12.0f} {r['foreign_cpu_s']:>14.1f}")
    busy = [w for w in WAYS if w in ways and ways[w]["foreign_cpu_s"] > 0.1 * ways[w]["wall_s"]]
    if busy:
        print(f"  WARNING: other processes kept the machine busy during {', '.join(busy)} "
              "(foreign CPU s above): those wall times are inflated")
    for way in WAYS:
        if way in ways:
            roles = ways[way]["memory"]["roles"]
            parts = [f"{role} x{r.get('processes', 0)} RSS {r.get('peak_rss_mb', 0):.0f} / "
                     f"PSS {r.get('peak_pss_mb', 0):.0f} MB (first at {r.get('first_seen_s', 0):.1f} s)"
                     for role, r in roles.items() if r.get("processes")]
            extra = ""
            if "peak_maxrss_mb" in ways[way]:
                extra = f"; wait4 ru_maxrss max {ways[way]['peak_maxrss_mb']:.0f} MB"
            if "waited_maxrss_mb" in ways[way]:
                extra = (f"; wait4 ru_maxrss (main/workers/spawners only) "
                         f"{ways[way]['waited_maxrss_mb']:.0f} MB")
            extra += f"; the polling itself used {ways[way]['harness_cpu_s']:.1f} CPU s"
            print(f"  memory {way}: " + "; ".join(parts) + extra)
    if "seqkit" in ways:
        statuses = {}
        for p in ways["seqkit"]["per"]:
            statuses[p["status"]] = statuses.get(p["status"], 0) + 1
        if set(statuses) != {"graded"}:
            print(f"  WARNING: seqkit did not grade every submission ({statuses}; see "
                  f"{ways['seqkit']['log']} and results.sqlite): its figures measure no grading")
    if "warm-floor" in ways:
        print(f"  warm-floor parent warm_up(): {ways['warm-floor']['warm_up_s']:.1f} s")
    print_ratios(ways, "  ")
    if "otter" in ways and "seqkit" in ways:
        got = {p["submission"]: p["total"] for p in ways["seqkit"]["per"]}
        bad = [(p["submission"], p["total"], got.get(p["submission"]))
               for p in ways["otter"]["per"]
               if p["total"] is None or got.get(p["submission"]) is None
               or abs(p["total"] - got[p["submission"]]) > 1e-9]
        print(f"  scores: otter and seqkit agree on {n - len(bad)}/{n}"
              + "".join(f"\n    {s}: otter {o}, seqkit {k}" for s, o, k in bad[:10]))


def print_ratios(ways, indent):
    s = ways.get("seqkit")
    if s is None:
        return
    if "otter" in ways:
        o = ways["otter"]
        print(f"{indent}otter/seqkit: {o['s_per_sub'] / s['s_per_sub']:.2f}x per submission "
              f"(wall); {o['cpu_s_per_sub'] / s['cpu_s_per_sub']:.2f}x in CPU seconds")
    for floor in ("floor", "warm-floor"):
        if floor in ways:
            f = ways[floor]
            print(f"{indent}seqkit/{floor}: {s['s_per_sub'] / f['s_per_sub']:.2f}x; seqkit minus "
                  f"{floor}: {s['s_per_sub'] - f['s_per_sub']:+.2f} s/sub wall, "
                  f"{s['cpu_s_per_sub'] - f['cpu_s_per_sub']:+.2f} CPU s/sub, "
                  f"{s['latency_s'] - f['latency_s']:+.2f} s latency")


def totals(results):
    """Pool every assignment: total wall / total submissions, per way."""
    pooled = {}
    for way in WAYS:
        recs = [r["ways"][way] for r in results.values() if way in r["ways"]]
        if len(recs) != len(results):
            continue
        n = sum(r["n"] for r in results.values())
        wall = sum(x["wall_s"] for x in recs)
        cpu = sum(x["cpu_s_per_sub"] * r["n"] for x, r in zip(recs, results.values()))
        lat = sum(x["latency_s"] * r["n"] for x, r in zip(recs, results.values())) / n
        pooled[way] = {"wall_s": wall, "s_per_sub": wall / n, "cpu_s_per_sub": cpu / n,
                       "latency_s": lat}
    return pooled


def print_pooled(results):
    if len(results) < 2:
        return None
    pooled = totals(results)
    n = sum(r["n"] for r in results.values())
    print(f"\n=== {', '.join(results)} pooled: {n} submissions")
    for way, r in pooled.items():
        print(f"  {way:<11} {r['wall_s']:>8.1f} s wall {r['s_per_sub']:>7.2f} s/sub "
              f"{r['latency_s']:>7.2f} s latency {r['cpu_s_per_sub']:>7.2f} CPU s/sub")
    print_ratios(pooled, "  ")
    return pooled
