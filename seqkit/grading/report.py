"""report.html: the instructor's view of what to re-teach.

Per question, the recognised mistakes (seqkit/mistakes) with how many
submissions made each, the failures no catalogue entry explains counted
apart, and how many earned their points by error carried forward
(seqkit.grading.carry: right given a failing function they call); then a
table of every submission (status, total, points per question) linking to
its feedback file; and the pictures.
"""
import base64
import collections
import html
import io
import re
import urllib.parse

from seqkit.i18n import _, language
from seqkit.grading.gradebook import fmt_points


def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode()


def _prose(text):
    """Escaped text with the descriptions' `code` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _status(status):
    """A status as the reader's language says it (the gradebook keeps the English word)."""
    return {"graded": _("graded"), "timeout": _("timeout"), "crashed": _("crashed"),
            "invalid": _("invalid"), "superseded": _("superseded")}.get(status, status)


def _pictures(rows, names, possible, rates):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist([r["total"] for r in rows], bins=min(20, max(5, int(possible) + 1)),
            range=(0, possible), color="#4c72b0")
    ax.set_xlabel(_("total (out of {possible})").format(possible=f"{possible:g}"))
    ax.set_ylabel(_("submissions"))
    ax.set_title(_("Distribution of totals"))
    hist = _png(fig)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 0.4 * len(names) + 1))
    ax.barh(names[::-1], rates[::-1], color="#55a868")
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("% of graded submissions with full marks"))
    ax.set_title(_("Full marks per question"))
    bars = _png(fig)
    plt.close(fig)
    return hist, bars


def question_summary(graded, name):
    """-> (failed, Counter of (id, description), Counter of the unrecognised failures' labels)."""
    failed = [r["questions"][name] for r in graded
              if r["questions"][name]["points"] < r["questions"][name]["possible"]
              and not r["questions"][name].get("carried_from")]
    known = collections.Counter((q["mistake"], q["mistake_description"]) for q in failed
                                if q.get("mistake"))
    unknown = collections.Counter(q["summary"] or _("failed") for q in failed
                                  if not q.get("mistake"))
    return len(failed), known, unknown


def carried_summary(graded, name):
    """Counter of the failing functions `name` was right given (error carried forward)."""
    return collections.Counter(", ".join(r["questions"][name]["carried_from"]) for r in graded
                               if r["questions"][name].get("carried_from"))


def _question_section(graded, name, rate):
    failed, known, unknown = question_summary(graded, name)
    carried = carried_summary(graded, name)
    given = "; ".join(
        html.escape(_("given")) + " " + ", ".join(f"<code>{html.escape(n)}</code>"
                                                  for n in k.split(", ")) + f" ({v})"
        for k, v in carried.most_common())
    head = (f'<h3><code>{html.escape(name)}</code> <span class="dim">'
            + html.escape(_("{rate}% full marks, {failed} failed").format(
                rate=f"{rate:.0f}", failed=failed)) + '</span></h3>')
    if carried:
        head += ('<p class="carried">' + html.escape(_(
            "{n} earned their points by error carried forward: right").format(
                n=sum(carried.values()))) + f" {given}</p>")
    if not failed:
        return head
    items = [f'<tr><td class="n">{count}</td><td><code>{html.escape(mid)}</code></td>'
             f'<td>{_prose(desc)}</td></tr>' for (mid, desc), count in known.most_common()]
    table = ('<table class="mistakes"><col class="count"><col class="id"><col>'
             '<tr><th class="n">' + _("submissions") + "</th><th>" + _("recognised mistake")
             + "</th><th>" + _("what they most likely did") + "</th></tr>" + "".join(items)
             + "</table>"
             ) if items else ""
    rest = sum(unknown.values())
    labels = ", ".join(f"{html.escape(k)} ({v})" for k, v in unknown.most_common(4))
    other = ('<p class="unknown">' + _("{count} not recognised: {labels}").format(
        count=rest, labels=labels) + "</p>") if rest else ""
    return head + table + other


def _cell(q):
    if q.get("carried_from"):
        given = ", ".join(q["carried_from"])
        return (f'<td class="carried" title="carried forward: right given {html.escape(given)}">'
                f'{fmt_points(q["points"])}*</td>')
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
        status = html.escape(_status(r["status"]))
        if r["status"] != "graded":
            status = f'<span class="bad" title="{html.escape(r["reason"])}">{status}</span>'
        graded = r["status"] == "graded"
        cells = "".join(_cell(r["questions"][n]) if graded and n in r["questions"]
                        else '<td class="na">—</td>' for n in names)
        body.append(f'<tr><td><a href="{link}">{html.escape(r["submission"])}</a></td>'
                    f'<td>{status}</td><td class="n">{fmt_points(r["total"])}</td>{cells}</tr>')
    columns = "".join(f"<th>{html.escape(c)}</th>"
                      for c in (_("submission"), _("status"), _("total")))
    return (f'<div class="wide"><table class="subs"><tr>{columns}{head}</tr>{"".join(body)}'
            '</table></div>')


def _hand_section(rows):
    """The questions graded by hand (seqkit review): how far the review is, and who is left."""
    names = list(rows[0].get("by_hand", {})) if rows else []
    if not names:
        return ""
    parts = ["<h2>" + html.escape(_("Graded by hand")) + '</h2><p class="dim">'
             + html.escape(_("Points given in seqkit review; the totals with them are in "
                             "gradebook.csv (total_with_manual).")) + "</p>"]
    for name in names:
        given = [r["by_hand"][name]["points"] for r in rows
                 if r["by_hand"][name]["points"] is not None]
        left = [r["submission"] for r in rows if r["by_hand"][name]["points"] is None]
        possible = rows[0]["by_hand"][name]["possible"]
        done = _("{given} of {n} reviewed").format(given=len(given), n=len(rows))
        if given:
            done += ", " + _("mean {mean} / {possible}").format(
                mean=f"{sum(given) / len(given):.2f}", possible=f"{possible:g}")
        parts.append(f'<h3><code>{html.escape(name)}</code> <span class="dim">'
                     f'{html.escape(done)}</span></h3>')
        if left:
            parts.append('<p class="unknown">' + html.escape(
                _("Not yet reviewed ({count}): {names}").format(
                    count=len(left), names=", ".join(left))) + "</p>")
    return "".join(parts)


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
td.carried{background:#dbe8f7}p.carried{color:#245;margin:.3em 0}
.bad{color:#b22}img{max-width:100%}
"""


def write_report(rows, assignment, path):
    """report.html of `assignment` (an Assignment) from its results rows."""
    names = list(assignment.points)
    possible = assignment.possible
    statuses = collections.Counter(r["status"] for r in rows)
    graded = [r for r in rows if r["status"] == "graded"]
    rates = [100 * sum(r["questions"][n]["points"] >= r["questions"][n]["possible"]
                       for r in graded) / max(1, len(graded)) for n in names]
    hist, bars = _pictures(rows, names, possible, rates)
    recognised = sum(sum(question_summary(graded, n)[1].values()) for n in names)
    failed = sum(question_summary(graded, n)[0] for n in names)
    carried = sum(sum(carried_summary(graded, n).values()) for n in names)
    carried_line = (" " + _("{carried} more earned their points by error carried forward (right "
                            "given a failing function they call).").format(carried=carried)
                    if carried else "")
    mean = sum(r["total"] for r in rows) / len(rows) if rows else 0.0
    status_line = ", ".join(f"{_status(k)}: {v}" for k, v in sorted(statuses.items()))
    sections = "".join(_question_section(graded, n, rate) for n, rate in zip(names, rates))
    title = html.escape(_("{assignment}: class report").format(assignment=assignment.name))
    summary = _("{n} submissions ({statuses}); mean total {mean} / {possible}. {failed} failed "
                "questions in graded submissions, {recognised} of them with a recognised "
                "mistake.").format(n=len(rows), statuses=status_line, mean=f"{mean:.2f}",
                                   possible=f"{possible:g}", failed=failed, recognised=recognised)
    text = {key: html.escape(value) for key, value in {
        "reteach": _("What to re-teach"),
        "reteach_note": _("Per question, the known mistakes the grader recognised and how many "
                          "submissions made each; failures that no known mistake explains are "
                          "counted apart."),
        "pictures": _("Pictures"),
        "totals": _("distribution of totals"),
        "full": _("full marks per question"),
        "submissions": _("Submissions"),
        "submissions_note": _("Points per question; each name links to the feedback the "
                              "student reads; * marks points earned by error carried forward "
                              "(hover for the function they were right given)."),
    }.items()}
    page = f"""<!doctype html>
<html lang="{language()}"><head><meta charset="utf-8"><title>{title}</title>
<style>{STYLE}</style></head>
<body><h1>{title}</h1>
<p>{html.escape(summary + carried_line)}</p>
<h2>{text["reteach"]}</h2>
<p class="dim">{text["reteach_note"]}</p>
{sections}
{_hand_section(rows)}
<h2>{text["pictures"]}</h2>
<img alt="{text["totals"]}" src="data:image/png;base64,{hist}">
<img alt="{text["full"]}" src="data:image/png;base64,{bars}">
<h2>{text["submissions"]}</h2>
<p class="dim">{text["submissions_note"]}</p>
{_submission_table(rows, names)}
</body></html>
"""
    path.write_text(page)
