"""report.html: the class at a glance, with pictures."""
import base64
import collections
import html
import io


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def write_report(rows, question_points, assignment, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n, _ in question_points]
    possible = sum(p for _, p in question_points)
    totals = [r["total"] for r in rows]
    statuses = collections.Counter(r["status"] for r in rows)

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(totals, bins=min(20, max(5, int(possible) + 1)), range=(0, possible), color="#4c72b0")
    ax.set_xlabel(f"total (out of {possible:g})")
    ax.set_ylabel("submissions")
    ax.set_title("Distribution of totals")
    hist = _png(fig)
    plt.close(fig)

    graded = [r for r in rows if r["status"] == "graded"]
    rates = [100 * sum(r["questions"][n]["points"] >= r["questions"][n]["possible"]
                       for r in graded) / max(1, len(graded)) for n in names]
    fig, ax = plt.subplots(figsize=(6, 0.4 * len(names) + 1))
    ax.barh(names[::-1], rates[::-1], color="#55a868")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of graded submissions with full marks")
    ax.set_title("Pass rate per question")
    bars = _png(fig)
    plt.close(fig)

    table = []
    for name, rate in zip(names, rates):
        fails = collections.Counter(r["questions"][name]["summary"] or "failed" for r in graded
                                    if r["questions"][name]["points"] < r["questions"][name]["possible"])
        common = ", ".join(f"{html.escape(k)} ({v})" for k, v in fails.most_common(2)) or "—"
        table.append(f"<tr><td><code>{name}</code></td><td>{rate:.0f}%</td><td>{common}</td></tr>")
    mean = sum(totals) / len(totals) if totals else 0.0
    status_line = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{assignment}: class report</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}
td,th{{padding:.2em .8em;text-align:left}}tr:nth-child(even){{background:#f4f4f4}}</style></head>
<body><h1>{assignment}: class report</h1>
<p>{len(rows)} submissions ({status_line}); mean total {mean:.2f} / {possible:g}.</p>
<img alt="distribution of totals" src="data:image/png;base64,{hist}">
<img alt="pass rate per question" src="data:image/png;base64,{bars}">
<h2>Questions</h2>
<table><tr><th>question</th><th>full marks</th><th>most common failures</th></tr>
{''.join(table)}</table>
</body></html>
"""
    path.write_text(page)
