"""The debrief as Markdown: readable as plain text, with a text chart of the meters.

What it says comes from :mod:`game.classroom.report_model`, as the HTML report does; this
module only lays it out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from game.base.i18n import _
from game.classroom import report_model as rm
from game.classroom.charts import meter_letters, sparkline, text_chart
from game.classroom.debrief import Debrief

# Content is untrusted: backslash-escape what Markdown would read as markup or raw HTML
# (an "&amp;" typed in a card is shown as typed, not as "&"), and a list marker that would
# begin a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")
_LINE_START = re.compile(r"^(\d*(?=[.)])|(?=[-+=]))")


def md(value) -> str:
    text = _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    return _LINE_START.sub(lambda m: m.group(1) + "\\", text, count=1)


def md_source(text: str) -> str:
    """A source line with its http(s) addresses as autolinks (never backslash-escaped)."""
    from game.classroom.htmlkit import _URL

    text = " ".join(text.split())
    out, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;)")
        out.append(md(text[last:match.start()]) + (" " if text[last:match.start()].endswith(" ") else ""))
        out.append(f"<{url}>")
        last = match.start() + len(url)
    out.append(md(text[last:]))
    return "".join(out)


def _paras(value: str) -> list[str]:
    out = []
    for part in re.split(r"\n\s*\n", value):
        if part.strip():
            out += [md(part), ""]
    return out


def _table(head: Sequence[str], rows: Sequence[Sequence[object]], num: bool = False) -> list[str]:
    align = "--:" if num else "---"
    return (["| " + " | ".join(md(h) if h else " " for h in head) + " |", "|" + f"{align}|" * len(head)]
            + ["| " + " | ".join(md(c) for c in row) + " |" for row in rows] + [""])


def _chart(g: rm.GroupView, level: str) -> list[str]:
    letters = meter_letters([s.name for s in g.series])
    # Names on one line: a line break in a name could close the ``` block around the chart.
    lines = ["```", text_chart(g.series, letters), "```", ""]
    lines += [_("Over time:") + " " + "; ".join(f"{md(s.name)} {sparkline(s.values)}" for s in g.series), ""]
    lines += [f"{level}## {_(rm.FIGURES)}", ""] + _table(g.figures_head, g.figures, num=True)
    return lines


def _decision(v: rm.DecisionView, level: str) -> list[str]:
    tags = f" ({', '.join(v.tags)})" if v.tags else ""
    lines = [f"{level} {md(v.heading)}{tags}", ""]
    if v.speaker:
        lines += [f"*{md(v.speaker)}*", ""]
    lines += _paras(v.text)
    if v.picks:
        lines += _table((_("Team"), _("Picked")), v.picks)
    lines += [f"**{md(v.how)}:** {md(v.chosen)}", ""]
    if v.rationale:
        lines += [f"> “{md(v.rationale)}”", ""]
    if v.outcome:
        lines += [md(v.outcome), ""]
    lines += [f"**{_('What moved this quarter:')}** {md(v.moved)}", ""]
    if v.roads:
        lines += [f"**{_(rm.ROADS)}** ({_(rm.ROADS_NOTE)}):", ""]
        lines += ["- " + _("“{choice}”: {moves} at once.").format(choice=md(r.label), moves=md(r.moves)) + (f" **{md(r.ends)}**" if r.ends else "")
                  for r in v.roads]
        lines.append("")
    if v.note:
        lines += [f"*{_('What really happened.')}* {md(v.note)}", ""]
    if v.source:
        lines += [f"*{_('Source:')}* {md_source(v.source)}", ""]
    if v.question:
        lines += [f"*{_('Debrief question.')}* {md(v.question)}", ""]
    return lines


def _group(g: rm.GroupView, level: str = "##") -> list[str]:
    lines = [f"{level} {md(g.name)}", ""]
    lines += [f"- {md(k)}: {md(v)}" for k, v in g.summary] + [""]
    e = g.ending
    lines += [f"{level}# {md(e.heading)}", ""] + _paras(e.text)
    if e.score:
        lines += [f"**{md(e.score)}**" + (f" {md(e.grade_text)}" if e.grade_text else ""), ""]
    if e.decisive:
        lines += [md(e.decisive), ""]
    lines += [f"{level}# {_(rm.CHART)}", ""] + _chart(g, level)
    if g.goals:
        lines += [f"{level}# {md(_(rm.GOALS))}", "", md(g.goals_met), ""]
        lines += _table((_("Role"), _("Goal"), _("At the end"), _("Result")),
                        [(r.role + (" (" + _("envoy") + ")" if r.envoy else ""), f"{r.goal} ({r.ranges})", r.values, r.verdict)
                         for r in g.goals])
    if g.events:
        lines += [f"{level}# {_(rm.EVENTS)}", "", md(g.events), ""]
    if g.warnings:
        lines += [f"**{_(rm.NOTES)}:**", ""] + [f"- {md(w)}" for w in g.warnings] + [""]
    lines += [f"{level}# {_(rm.DECISIONS)}", ""]
    for v in g.decisions:
        lines += _decision(v, level + "##")
    if not g.decisions:
        lines += [_("No decision was taken."), ""]
    lines += [f"{level}# {_(rm.QUESTIONS)}", ""]
    lines += [f"{n}. **{md(head)}.** {md(q)}" for n, (head, q) in enumerate(g.questions, start=1)] + [""]
    return lines


def _comparison(c: rm.ComparisonView) -> list[str]:
    lines = [f"## {_(rm.SIDE_BY_SIDE)}", "", md(c.note), ""]
    lines += _table(("",) + c.names, [(k,) + vs for k, vs in c.rows])
    lines += [f"### {_(rm.DECISIONS)}", ""]
    lines += _table(("#",) + c.names, [(str(n),) + tuple(_("{choice} (on “{card}”)").format(choice=cell[1], card=cell[0]) if cell else "" for cell in cells)
                                       for n, cells in c.grid])
    return lines


def render_markdown(view: rm.ReportView) -> str:
    lines = [f"# {md(view.title)}", "", md(view.intro), ""]
    if view.comparison is not None:
        lines += _comparison(view.comparison)
    for g in view.groups:
        lines += _group(g)
    return "\n".join(lines).rstrip() + "\n"


def report_markdown(debriefs: Sequence[Debrief]) -> str:
    return render_markdown(rm.report_view(debriefs))
