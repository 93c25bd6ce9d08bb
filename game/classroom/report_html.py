"""The debrief as one self-contained HTML page: no script, no network, prints on paper.

What it says comes from :mod:`game.classroom.report_model`; this module only lays it out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from game.base.i18n import _
from game.classroom import report_model as rm
from game.classroom.charts import svg_chart
from game.classroom.debrief import Debrief
from game.classroom.htmlkit import esc, page, source

REPORT_CSS = """
.summary td:first-child { font-weight: bold; }
.ending { border: 3px solid #000; padding: 0.4rem 0.8rem; margin: 0.6rem 0; }
.ending.loss { border-style: double; }
.decision { border-top: 1px solid #000; padding-top: 0.3rem; margin-top: 0.8rem; }
.decision h3 .tag { margin-left: 0.4rem; }
.decision blockquote { margin: 0.3rem 0 0.3rem 1rem; font-style: italic; }
.roads li { margin-bottom: 0.2rem; }
.met { font-weight: bold; }
.notmet { font-style: italic; }
.chart { max-width: 100%; height: auto; border: 1px solid #999; }
.questions li { margin-bottom: 0.5rem; }
.figures { font-size: 0.85em; }
@media print { .decision { break-inside: avoid-page; } .figures { break-inside: avoid; } }
"""


def _paras(value: str, cls: str = "") -> str:
    attr = f" class='{cls}'" if cls else ""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value)]
    return "".join(f"<p{attr}>{esc(p)}</p>" for p in parts if p)


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], cls: str = "", num: bool = False) -> str:
    td = "<td class='num'>" if num else "<td>"
    return (f"<table{f' class={chr(39)}{cls}{chr(39)}' if cls else ''}><tr>"
            + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>"
            + "".join("<tr>" + "".join(f"{td}{esc(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>")


def _ending(e: rm.EndingView) -> str:
    parts = [f"<div class='ending {esc(e.kind)}'>", f"<h3>{esc(e.heading)}</h3>", _paras(e.text)]
    if e.score:
        parts.append(f"<p><strong>{esc(e.score)}</strong>{' ' + esc(e.grade_text) if e.grade_text else ''}</p>")
    if e.decisive:
        parts.append(f"<p>{esc(e.decisive)}</p>")
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def _goals(g: rm.GroupView) -> str:
    if not g.goals:
        return ""
    rows = []
    for n, row in enumerate(g.goals):
        first = n == 0 or g.goals[n - 1].role != row.role
        span = sum(1 for r in g.goals if r.role == row.role) if first else 0
        name = (f"<td rowspan='{span}'>{esc(row.role)}" + (f" <span class='tag'>{esc(_('envoy'))}</span>" if row.envoy else "")
                + "</td>") if first else ""
        verdict = f"<span class='{'met' if row.met else 'notmet'}'>{esc(row.verdict)}</span>"
        rows.append(f"<tr>{name}<td>{esc(row.goal)}<br><span class='small muted'>{esc(row.ranges)}</span></td>"
                    f"<td>{esc(row.values)}</td><td>{verdict}</td></tr>")
    return (f"<h3>{_(rm.GOALS)}</h3><p>{esc(g.goals_met)}</p>"
            "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in (_("Role"), _("Goal"), _("At the end"), _("Result")))
            + "</tr>" + "".join(rows) + "</table>")


def _decision(v: rm.DecisionView) -> str:
    tags = "".join(f"<span class='tag'>{esc(t)}</span>" for t in v.tags)
    parts = [f"<article class='decision' id='{esc(v.anchor)}'>", f"<h3>{esc(v.heading)}{tags}</h3>"]
    if v.speaker:
        parts.append(f"<p class='small muted'>{esc(v.speaker)}</p>")
    parts.append(_paras(v.text, "small"))
    if v.picks:
        parts.append(_table((_("Team"), _("Picked")), v.picks, "small"))
    parts.append(f"<p><strong>{esc(v.how)}:</strong> {esc(v.chosen)}</p>")
    if v.rationale:
        parts.append(f"<blockquote>“{esc(v.rationale)}”</blockquote>")
    if v.outcome:
        parts.append(f"<p class='small'>{esc(v.outcome)}</p>")
    parts.append(f"<p><strong>{esc(_('What moved this quarter:'))}</strong> {esc(v.moved)}</p>")
    if v.roads:
        items = "".join("<li>" + esc(_("“{choice}”: {moves} at once.").format(choice=r.label, moves=r.moves))
                        + (f" <strong>{esc(r.ends)}</strong>" if r.ends else "") + "</li>" for r in v.roads)
        parts.append(f"<p><strong>{_(rm.ROADS)}</strong> <span class='small muted'>({_(rm.ROADS_NOTE)})</span>:</p>"
                     f"<ul class='roads'>{items}</ul>")
    bits = []
    if v.note:
        bits.append(f"<p><strong>{esc(_('What really happened.'))}</strong> {esc(v.note)}</p>")
    if v.source:
        bits.append(f"<p class='small'>{esc(_('Source:'))} {source(v.source)}</p>")
    if v.question:
        bits.append(f"<p><strong>{esc(_('Debrief question.'))}</strong> {esc(v.question)}</p>")
    if bits:
        parts.append("<div class='history'>" + "".join(bits) + "</div>")
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def _group(g: rm.GroupView, number: int, page_break: bool) -> str:
    parts = [f"<section class='group{' page' if page_break else ''}' id='{esc(g.anchor)}'>",
             f"<h2>{esc(g.name)}</h2>",
             "<table class='summary'>" + "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in g.summary)
             + "</table>",
             _ending(g.ending),
             f"<h3>{_(rm.CHART)}</h3>",
             svg_chart(g.series, marks=g.marks, title=f"{_(rm.CHART)}: {g.name}", ident=f"chart-{number}"),
             # Always open, never a <details>: a folded table does not print.
             f"<div class='figures'><h4>{_(rm.FIGURES)}</h4>" + _table(g.figures_head, g.figures, "small", num=True)
             + "</div>",
             _goals(g)]
    if g.events:
        parts.append(f"<h3>{_(rm.EVENTS)}</h3><p>{esc(g.events)}</p>")
    if g.warnings:
        parts.append(f"<div class='small'><p><strong>{_(rm.NOTES)}:</strong></p><ul>"
                     + "".join(f"<li>{esc(w)}</li>" for w in g.warnings) + "</ul></div>")
    parts.append(f"<h3>{_(rm.DECISIONS)}</h3>")
    parts.extend(_decision(v) for v in g.decisions)
    if not g.decisions:
        parts.append(f"<p>{esc(_('No decision was taken.'))}</p>")
    items = "".join(f"<li><strong>{esc(head)}.</strong> {esc(q)}</li>" for head, q in g.questions)
    parts.append(f"<h3>{_(rm.QUESTIONS)}</h3><ol class='questions'>{items}</ol>")
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _comparison(c: rm.ComparisonView) -> str:
    head = "".join(f"<th>{esc(name)}</th>" for name in c.names)
    table = "".join(f"<tr><th>{esc(k)}</th>" + "".join(f"<td>{esc(v)}</td>" for v in vs) + "</tr>" for k, vs in c.rows)
    grid = "".join(
        f"<tr><th class='num'>{n}</th>" + "".join(
            f"<td><span class='small muted'>{esc(cell[0])}</span><br>{esc(cell[1])}</td>" if cell else "<td></td>"
            for cell in cells) + "</tr>" for n, cells in c.grid)
    return (f"<section><h2>{_(rm.SIDE_BY_SIDE)}</h2><p>{esc(c.note)}</p>"
            f"<table><tr><th></th>{head}</tr>{table}</table>"
            f"<h3>{_(rm.DECISIONS)}</h3><table class='small'><tr><th>#</th>{head}</tr>{grid}</table></section>")


def render_html(view: rm.ReportView) -> str:
    body = [f"<h1>{esc(view.title)}</h1>", f"<p class='muted'>{esc(view.intro)}</p>"]
    if view.comparison is not None:
        body.append(_comparison(view.comparison))
    body.extend(_group(g, n, page_break=len(view.groups) > 1) for n, g in enumerate(view.groups))
    return page(view.title, "\n".join(body), REPORT_CSS)


def report_html(debriefs: Sequence[Debrief]) -> str:
    """The debrief of one or more games as a complete HTML document."""
    return render_html(rm.report_view(debriefs))
