"""report.html: the instructor's view of what to re-teach.

Per question, the recognised mistakes (seqkit/mistakes) with how many
submissions made each, and the failures no catalogue entry explains counted
apart; then a table of every submission (status, total, points per
question) linking to its feedback file; and the pictures.
"""
import base64
import collections
import html
import io
import re
import urllib.parse

from seqkit.grading.gradebook import fmt_points


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def _prose(text):
    """Escaped text with the descriptions' `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _pictures(rows, names, possible, rates):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r["total"] for r in rows], bins=min(20, max(5, int(possible) + 1)),
            range=(0, possible), color="#4c72b0")
    ax.set_xlabel(f"total (out of {possible:g})")
    ax.set_ylabel("submissions")
    ax.set_title("Distribution of totals")
    hist = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 0.4 * len(names) + 1))
    ax.barh(names[::-1], rates[::-1], color="#55a868")
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of graded submissions with full marks")
    ax.set_title("Full marks per question")
    bars = _png(fig)
    plt.close(fig)
    return hist, bars


def question_summary(graded, name):
    """-> (failed, Counter of (id, description), Counter of the unrecognised failures' labels)."""
    failed = [r["questions"][name] for r in graded
              if r["questions"][name]["points"] < r["questions"][name]["possible"]]
    known = collections.Counter((q["mistake"], q["mistake_description"]) for q in failed
                                if q.get("mistake"))
    unknown = collections.Counter(q["summary"] or "failed" for q in failed if not q.get("mistake"))
    return len(failed), known, unknown


def _question_section(graded, name, rate):
    failed, known, unknown = question_summary(graded, name)
    head = (f'<h3><code>{html.escape(name)}</code> <span class="dim">{rate:.0f}% full marks, '
            f'{failed} failed</span></h3>')
    if not failed:
        return head
    items = [f'<tr><td class="n">{count}</td><td><code>{html.escape(mid)}</code></td>'
             f'<td>{_prose(desc)}</td></tr>' for (mid, desc), count in known.most_common()]
    table = ('<table class="mistakes"><col class="count"><col class="id"><col>'
             '<tr><th class="n">submissions</th><th>recognised mistake</th>'
             '<th>what they most likely did</th></tr>' + "".join(items) + "</table>"
             ) if items else ""
    rest = sum(unknown.values())
    labels = ", ".join(f"{html.escape(k)} ({v})" for k, v in unknown.most_common(4))
    other = (f'<p class="unknown">{rest} not recognised: {labels}</p>') if rest else ""
    return head + table + other


def _cell(q):
    if q["points"] >= q["possible"]:
        kind = "full"
    elif q["points"] > 0:
        kind = "part"
    else:
        kind = "zero"
    title = f' title="{html.escape(q["mistake"])}"' if q.get("mistake") else ""
    return f'<td class="{kind}"{title}>{fmt_points(q["points"])}</td>'


def _submission_table(rows, names):
    head = "".join(f'<th class="q"><div>{html.escape(n)}</div></th>' for n in names)
    body = []
    for r in rows:
        link = f'feedback/{urllib.parse.quote(r["submission"])}.md'
        status = html.escape(r["status"])
        if r["status"] != "graded":
            status = f'<span class="bad" title="{html.escape(r["reason"])}">{status}</span>'
        graded = r["status"] == "graded"
        cells = "".join(_cell(r["questions"][n]) if graded and n in r["questions"]
                        else '<td class="na">—</td>' for n in names)
        body.append(f'<tr><td><a href="{link}">{html.escape(r["submission"])}</a></td>'
                    f'<td>{status}</td><td class="n">{fmt_points(r["total"])}</td>{cells}</tr>')
    return (f'<div class="wide"><table class="subs"><tr><th>submission</th><th>status</th>'
            f'<th>total</th>{head}</tr>{"".join(body)}</table></div>')


STYLE = """
body{font-family:sans-serif;max-width:64em;margin:2em auto;padding:0 1em;color:#222}
h3{margin:1.4em 0 .3em}.dim{color:#777;font-weight:normal;font-size:.85em}
table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:left;vertical-align:top}
table.mistakes{width:100%;table-layout:fixed}table.mistakes td{border-top:1px solid #ddd}
col.count{width:7em}col.id{width:17em}table.mistakes code{font-size:.9em}
table.mistakes td:nth-child(2){overflow-wrap:anywhere}th.n{text-align:right}
td.n{text-align:right;font-variant-numeric:tabular-nums}p.unknown{color:#555;margin:.3em 0}
.wide{overflow-x:auto}table.subs{font-size:.85em}table.subs tr:nth-child(even){background:#f4f4f4}
table.subs th{vertical-align:bottom}td.na{color:#aaa}
th.q div{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
td.full{color:#2a7d3a}td.part{background:#fff3c4}td.zero{background:#f9d6d5}
.bad{color:#b22}img{max-width:100%}
"""


def write_report(rows, question_points, assignment, path):
    names = [n for n, _ in question_points]
    possible = sum(p for _, p in question_points)
    statuses = collections.Counter(r["status"] for r in rows)
    graded = [r for r in rows if r["status"] == "graded"]
    rates = [100 * sum(r["questions"][n]["points"] >= r["questions"][n]["possible"]
                       for r in graded) / max(1, len(graded)) for n in names]
    hist, bars = _pictures(rows, names, possible, rates)
    recognised = sum(sum(question_summary(graded, n)[1].values()) for n in names)
    failed = sum(question_summary(graded, n)[0] for n in names)
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    status_line = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    sections = "".join(_question_section(graded, n, rate) for n, rate in zip(names, rates))
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{html.escape(assignment)}: class report</title>
<style>{STYLE}</style></head>
<body><h1>{html.escape(assignment)}: class report</h1>
<p>{len(rows)} submissions ({status_line}); mean total {mean:.2f} / {possible:g}.
{failed} failed questions in graded submissions, {recognised} of them with a recognised
mistake.</p>
<h2>What to re-teach</h2>
<p class="dim">Per question, the known mistakes the grader recognised and how many submissions
made each; failures that no known mistake explains are counted apart.</p>
{sections}
<h2>Pictures</h2>
<img alt="distribution of totals" src="data:image/png;base64,{hist}">
<img alt="full marks per question" src="data:image/png;base64,{bars}">
<h2>Submissions</h2>
<p class="dim">Points per question; each name links to the feedback the student reads.</p>
{_submission_table(rows, names)}
</body></html>
"""
    path.write_text(page)
