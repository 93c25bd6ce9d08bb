"""The debrief as Markdown: readable as plain text, with a text chart of the meters."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from game.classroom.charts import Series, meter_letters, sparkline, text_chart
from game.classroom.debrief import Debrief, Step, closing_questions, comparable
from game.classroom.deck_html import goal_ranges
from game.engine import VICTORY, describe_date, tr

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


def _t(d: Debrief, value) -> str:
    return md(tr(value, d.lang))


def _signed(value: int) -> str:
    return f"{value:+d}"


def _moves(d: Debrief, moves: Mapping[str, int]) -> str:
    order = [m.id for m in d.content.meters]
    return ", ".join(f"{md(d.meter_name(m))} {_signed(moves[m])}" for m in order if moves.get(m)) or "nothing"


def _chart(d: Debrief) -> list[str]:
    history = d.history
    # Names on one line: a line break in a name could close the ``` block around the chart.
    series = [Series(m.id, " ".join(tr(m.name, d.lang).split()), [snap.get(m.id, 0) for snap in history])
              for m in d.content.meters]
    letters = meter_letters([s.name for s in series])
    lines = ["```", text_chart(series, letters), "```", ""]
    lines.append("| Meter | Over time | Start | End |")
    lines.append("|---|---|--:|--:|")
    for s in series:
        lines.append(f"| {md(s.name)} | {sparkline(s.values)} | {s.values[0]} | {s.values[-1]} |")
    lines.append("")
    return lines


def _method(step: Step) -> str:
    record = step.record or {}
    picks = record.get("picks") or {}
    votes = sum(1 for v in picks.values() if v == step.decision.choice)
    voters = sum(1 for v in picks.values() if v is not None)
    words = {
        "majority": f"by majority ({votes} of {voters} votes)" if voters else "by majority",
        "decider": "by the designated decider",
        "facilitator": "by the facilitator",
        "timeout": "by default: time ran out with no majority",
    }.get(str(record.get("method")), "")
    if record.get("override"):
        words += ", overriding the teams' vote"
    return words


def _decision(d: Debrief, step: Step) -> list[str]:
    decision = step.decision
    card = d.content.cards.get(decision.card)
    title = _t(d, card.title) if card else md(decision.card)
    tags = []
    if decision.injected:
        tags.append("injected by the facilitator")
    if decision.followup:
        tags.append("delayed consequence")
    if step.record and step.record.get("override"):
        tags.append("override")
    lines = [f"#### {step.number}. {describe_date(decision.date)}: {title}" + (f" ({', '.join(tags)})" if tags else ""), ""]
    if card:
        lines += [_t(d, card.text), ""]
    record = step.record
    if record and record.get("picks"):
        for team, pick in d.ordered_picks(record):
            lines.append(f"- {md(d.role_name(team))} picked: {md(d.choice_label(decision.card, pick))}")
        lines.append("")
    how = _method(step)
    lines.append(f"**Chosen{' ' + how if how else ''}:** {md(d.choice_label(decision.card, decision.choice))}")
    lines.append("")
    if record and str(record.get("rationale") or "").strip():
        lines += [f"> “{md(record['rationale'])}”", ""]
    lines += [f"**What moved this quarter:** {_moves(d, step.moved)}", ""]
    others = [road for road in step.roads if not road.taken]
    if others:
        lines.append("**The roads not taken** (the immediate effect only):")
        lines.append("")
        for road in others:
            ends = ""
            if road.ends:
                ending = d.content.endings.get(road.ends)
                ends = f" That alone would have ended the game: {_t(d, ending.title) if ending else md(road.ends)}."
            lines.append(f"- “{md(d.choice_label(decision.card, road.index))}”: {_moves(d, road.moves)} at once.{ends}")
        lines.append("")
    if card:
        history = card.history
        if tr(history.note, d.lang).strip():
            lines += [f"*What really happened:* {_t(d, history.note)}", ""]
        if tr(history.source, d.lang).strip():
            lines += [f"*Source:* {md_source(tr(history.source, d.lang))}", ""]
        if tr(history.question, d.lang).strip():
            lines += [f"*Debrief question:* {_t(d, history.question)}", ""]
    return lines


def _group(d: Debrief, level: str = "##") -> list[str]:
    state = d.state
    scenario = d.content.scenarios.get(state.scenario)
    lines = [f"{level} {md(d.name)}", ""]
    lines.append(f"- Scenario: {_t(d, scenario.name) if scenario else md(state.scenario)}, seed {state.seed}")
    lines.append(f"- Decisions: {len(state.decisions)}" + (f" of {scenario.turns}" if scenario else ""))
    if d.teams:
        lines.append("- Teams: " + ", ".join(_t(d, r.name) for r in d.teams))
    if d.envoys:
        lines.append("- Envoys: " + ", ".join(_t(d, r.name) for r in d.envoys))
    if d.session and d.session.get("decide"):
        lines.append(f"- Decided by: {md(d.session['decide'])}")
    lines.append("")
    if state.over:
        ending = d.content.endings.get(state.ending or "")
        prefix = "" if ending and ending.kind == VICTORY else "Game over: "
        lines += [f"**{prefix}{md(d.ending_title())}**", ""]
        if ending and tr(ending.text, d.lang).strip():
            lines += [_t(d, ending.text), ""]
        if state.score is not None:
            grade = next((g for g in d.content.grades if g.id == state.grade), None)
            lines += [f"Balance score {state.score} of 100" + (f": {_t(d, grade.title)}." if grade else "."), ""]
        if d.decisive is not None:
            lines += [f"The decisive decision: {md(d.decisive_reason())}.", ""]
    else:
        lines += [f"**{md(d.ending_title())}** after {len(state.decisions)} decisions; the term was not finished.", ""]
    lines += [f"{level}# The meters over time", ""] + _chart(d)
    if d.goals:
        lines += [f"{level}# Each team's goals", ""]
        for role in d.teams + d.envoys:
            for check in d.goals.get(role.id, []):
                values = ", ".join(f"{md(d.meter_name(m))} {v}" for m, v in check.values.items())
                mark = "[x]" if check.met else "[ ]"
                lines.append(f"- {mark} {_t(d, role.name)}: {_t(d, check.goal.text)} "
                             f"({md(goal_ranges(d.content, check.goal.meters, d.lang))}; at the end {values}) — "
                             f"{'met' if check.met else 'not met'}")
        lines.append("")
    counts = {k: v for k, v in (d.events or {}).items() if isinstance(v, int) and v > 0}
    if counts:
        lines += ["The facilitator stepped in: " + ", ".join(f"{k} × {v}" for k, v in counts.items()) + ".", ""]
    for warning in d.warnings:
        lines += [f"> Note: {md(warning)}", ""]
    lines += [f"{level}# Decision by decision", ""]
    for step in d.steps:
        lines += _decision(d, step)
    lines += [f"{level}# Closing debrief", ""]
    for n, (head, question) in enumerate(closing_questions(d), start=1):
        lines.append(f"{n}. **{head}.** {md(question)}")
    lines.append("")
    return lines


def report_markdown(debriefs: Sequence[Debrief]) -> str:
    debriefs = list(debriefs)
    lines = ["# Multi-Vector: debrief" + (f" of {md(debriefs[0].name)}" if len(debriefs) == 1 else
                                         f" of {len(debriefs)} groups"), ""]
    if len(debriefs) > 1:
        lines += ["## The groups side by side", ""]
        if comparable(debriefs):
            lines += ["Every group played the same deal (same scenario and seed).", ""]
        lines.append("| | " + " | ".join(md(d.name) for d in debriefs) + " |")
        lines.append("|---|" + "---|" * len(debriefs))
        lines.append("| Ending | " + " | ".join(md(d.ending_title()) for d in debriefs) + " |")
        lines.append("| Balance score | " + " | ".join(str(d.state.score if d.state.score is not None else "-")
                                                      for d in debriefs) + " |")
        for meter in debriefs[0].content.meters:
            lines.append(f"| {_t(debriefs[0], meter.name)} | "
                         + " | ".join(str(d.state.meters.get(meter.id, "-")) for d in debriefs) + " |")
        lines.append("| Goals met | " + " | ".join(
            f"{sum(c.met for cs in d.goals.values() for c in cs)} of {sum(len(cs) for cs in d.goals.values())}"
            for d in debriefs) + " |")
        lines.append("")
    for d in debriefs:
        lines += _group(d)
    return "\n".join(lines).rstrip() + "\n"
