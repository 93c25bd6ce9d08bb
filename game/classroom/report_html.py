"""The debrief as one self-contained HTML page: no script, no network, prints on paper."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.classroom.charts import Series, svg_chart
from game.classroom.debrief import Debrief, Step, closing_questions, comparable
from game.classroom.deck_html import goal_ranges
from game.classroom.htmlkit import esc, page, paragraphs, signed, source, text
from game.engine import VICTORY, describe_date, tr

REPORT_CSS = """
.summary td:first-child { font-weight: bold; }
.ending { border: 3px solid #000; padding: 0.4rem 0.8rem; margin: 0.6rem 0; }
.ending.loss { border-style: double; }
.decision { border-top: 1px solid #000; padding-top: 0.3rem; margin-top: 0.8rem; }
.decision h3 .tag { margin-left: 0.4rem; }
.decision blockquote { margin: 0.3rem 0 0.3rem 1rem; font-style: italic; }
.roads li { margin-bottom: 0.2rem; }
.met { font-weight: bold; }
.notmet { text-decoration: line-through; }
.chart { max-width: 100%; height: auto; border: 1px solid #999; }
.questions li { margin-bottom: 0.5rem; }
details summary { cursor: pointer; }
@media print { details > * { display: block; } .decision { break-inside: avoid-page; } }
"""


def _moves(d: Debrief, moves: Mapping[str, int]) -> str:
    order = [m.id for m in d.content.meters]
    parts = [f"{esc(d.meter_name(m))} {signed(moves[m])}" for m in order if moves.get(m)]
    return ", ".join(parts) or "nothing"


def _chart(d: Debrief) -> str:
    history = d.history
    series = [Series(m.id, tr(m.name, d.lang), [snap.get(m.id, 0) for snap in history], m.high_ending is not None)
              for m in d.content.meters]
    marks = {s.number: "injected" for s in d.steps if s.decision.injected}
    return svg_chart(series, marks=marks, title=f"The meters over time: {d.name}")


def _data_table(d: Debrief) -> str:
    head = "".join(f"<th class='num'>{esc(d.meter_name(m.id))}</th>" for m in d.content.meters)
    rows = []
    for index, snap in enumerate(d.history):
        cells = "".join(f"<td class='num'>{snap.get(m.id, '')}</td>" for m in d.content.meters)
        rows.append(f"<tr><td class='num'>{index}</td>{cells}</tr>")
    return ("<details><summary>The figures behind the chart</summary>"
            f"<table class='small'><tr><th class='num'>Decision</th>{head}</tr>{''.join(rows)}</table></details>")


def _summary(d: Debrief) -> str:
    state, scenario = d.state, d.content.scenarios.get(d.state.scenario)
    rows = [("Scenario", text(scenario.name, d.lang) if scenario else esc(state.scenario)),
            ("Seed", esc(state.seed)),
            ("Decisions", f"{len(state.decisions)}" + (f" of {scenario.turns}" if scenario else ""))]
    if d.teams:
        rows.append(("Teams", ", ".join(text(r.name, d.lang) for r in d.teams)))
    if d.envoys:
        rows.append(("Envoys", ", ".join(text(r.name, d.lang) for r in d.envoys)))
    if d.session:
        how = str(d.session.get("decide") or "")
        if how == "decider" and d.session.get("decider"):
            how += f" ({d.role_name(str(d.session.get('decider')))})"
        if how:
            rows.append(("Decided by", esc(how)))
        minutes = d.session.get("minutes")
        if isinstance(minutes, (int, float)) and minutes > 0:
            rows.append(("Discussion time", f"{minutes:g} minutes a card"))
    return "<table class='summary'>" + "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _ending(d: Debrief) -> str:
    state = d.state
    if not state.over:
        who = "The facilitator stopped" if d.ending_title().startswith("Ended early") else "The game stopped"
        return (f"<div class='ending'><h3>{esc(d.ending_title())}</h3><p>{who} after "
                f"{len(state.decisions)} decisions; the term was not finished.</p></div>")
    ending = d.content.endings.get(state.ending or "")
    kind = ending.kind if ending else ""
    parts = [f"<div class='ending {esc(kind)}'>",
             f"<h3>{'' if kind == VICTORY else 'Game over: '}{esc(d.ending_title())}</h3>"]
    if ending:
        parts.append(paragraphs(ending.text, d.lang))
    if state.score is not None:
        grade = next((g for g in d.content.grades if g.id == state.grade), None)
        parts.append(f"<p><strong>Balance score {state.score} of 100</strong>"
                     + (f": {text(grade.title, d.lang)}. {text(grade.text, d.lang)}" if grade else ".") + "</p>")
    if d.decisive is not None:
        parts.append(f"<p>The decisive decision: {esc(d.decisive_reason())}.</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _goals(d: Debrief) -> str:
    if not d.goals:
        return ""
    rows = []
    for role in d.teams + d.envoys:
        checks = d.goals.get(role.id, [])
        for n, check in enumerate(checks):
            values = ", ".join(f"{esc(d.meter_name(m))} {v}" for m, v in check.values.items())
            verdict = "<span class='met'>✔ met</span>" if check.met else "<span>✘ not met</span>"
            name = f"<td rowspan='{len(checks)}'>{text(role.name, d.lang)}" + (
                " <span class='tag'>envoy</span>" if role.envoy_of else "") + "</td>" if n == 0 else ""
            rows.append(f"<tr>{name}<td>{text(check.goal.text, d.lang)}<br><span class='small muted'>"
                        f"{esc(goal_ranges(d.content, check.goal.meters, d.lang))}</span></td>"
                        f"<td>{values}</td><td>{verdict}</td></tr>")
    met = sum(c.met for checks in d.goals.values() for c in checks)
    total = sum(len(checks) for checks in d.goals.values())
    return ("<h3>Each team's goals</h3>"
            f"<p>{met} of {total} goals met at the end of the game.</p>"
            "<table><tr><th>Role</th><th>Goal</th><th>At the end</th><th>Result</th></tr>"
            + "".join(rows) + "</table>")


def _method(d: Debrief, step: Step) -> str:
    record = step.record
    if not record:
        return ""
    picks = record.get("picks") or {}
    method = record.get("method")
    votes = sum(1 for v in picks.values() if v == step.decision.choice)
    voters = sum(1 for v in picks.values() if v is not None)
    words = {
        "majority": f"by majority ({votes} of {voters} votes)" if voters else "by majority",
        "decider": "by the designated decider",
        "facilitator": "by the facilitator",
        "timeout": "by default: time ran out with no majority (the answer that moves the meters least)",
    }.get(str(method), "")
    if record.get("override"):
        words += ", overriding the teams' vote"
    return words


def _decision(d: Debrief, step: Step) -> str:
    decision = step.decision
    card = d.content.cards.get(decision.card)
    title = text(card.title, d.lang) if card else esc(decision.card)
    tags = []
    if decision.injected:
        tags.append("<span class='tag'>injected by the facilitator</span>")
    if decision.followup:
        tags.append("<span class='tag'>delayed consequence</span>")
    if step.record and step.record.get("override"):
        tags.append("<span class='tag'>override</span>")
    if step.record and step.record.get("method") == "timeout":
        tags.append("<span class='tag'>time ran out</span>")
    parts = [f"<article class='decision' id='{esc(d.name)}-{step.number}'>",
             f"<h3>{step.number}. {esc(describe_date(decision.date))}: {title}{''.join(tags)}</h3>"]
    if card:
        speaker = d.content.cast.get(card.speaker)
        if speaker:
            parts.append(f"<p class='small muted'>Brought by the {text(speaker.name, d.lang)}.</p>")
        parts.append(paragraphs(card.text, d.lang, "small"))
    record = step.record
    if record and record.get("picks"):
        rows = "".join(
            f"<tr><td>{esc(d.role_name(team))}</td><td>{esc(d.choice_label(decision.card, pick))}</td></tr>"
            for team, pick in d.ordered_picks(record)
        )
        parts.append(f"<table class='small'><tr><th>Team</th><th>Picked</th></tr>{rows}</table>")
    how = _method(d, step)
    parts.append(f"<p><strong>Chosen{' ' + esc(how) if how else ''}:</strong> "
                 f"{esc(d.choice_label(decision.card, decision.choice))}</p>")
    if record and str(record.get("rationale") or "").strip():
        parts.append(f"<blockquote>“{esc(' '.join(str(record['rationale']).split()))}”</blockquote>")
    if card and 0 <= decision.choice < len(card.choices) and tr(card.choices[decision.choice].outcome, d.lang).strip():
        parts.append(f"<p class='small'>{text(card.choices[decision.choice].outcome, d.lang)}</p>")
    parts.append(f"<p><strong>What moved this quarter:</strong> {_moves(d, step.moved)}</p>")
    others = [road for road in step.roads if not road.taken]
    if others:
        items = []
        for road in others:
            ends = ""
            if road.ends:
                ending = d.content.endings.get(road.ends)
                ends = f" <strong>That alone would have ended the game: {text(ending.title, d.lang) if ending else esc(road.ends)}.</strong>"
            items.append(f"<li>“{esc(d.choice_label(decision.card, road.index))}”: {_moves(d, road.moves)} at once.{ends}</li>")
        parts.append("<p><strong>The roads not taken</strong> <span class='small muted'>(the immediate effect "
                     "only; later cards would have differed too)</span>:</p>"
                     f"<ul class='roads'>{''.join(items)}</ul>")
    if card:
        history = card.history
        bits = []
        if tr(history.note, d.lang).strip():
            bits.append(f"<p><strong>What really happened.</strong> {text(history.note, d.lang)}</p>")
        if tr(history.source, d.lang).strip():
            bits.append(f"<p class='small'>Source: {source(history.source, d.lang)}</p>")
        if tr(history.question, d.lang).strip():
            bits.append(f"<p><strong>Debrief question.</strong> {text(history.question, d.lang)}</p>")
        if bits:
            parts.append("<div class='history'>" + "".join(bits) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)


def _events(d: Debrief) -> str:
    counts = d.events or {}
    words = [("pause", "pause", "pauses"), ("extend", "extra time", "extra times"), ("undo", "undo", "undos"),
             ("inject", "injected card", "injected cards"), ("override", "override", "overrides"),
             ("timeout", "decision by default when time ran out", "decisions by default when time ran out")]
    items = [f"{counts[key]} {one if counts[key] == 1 else many}" for key, one, many in words
             if isinstance(counts.get(key), int) and counts[key] > 0]
    if not items:
        return ""
    return "<h3>The facilitator stepped in</h3><p>" + esc(", ".join(items)) + ".</p>"


def _questions(d: Debrief) -> str:
    items = "".join(f"<li><strong>{esc(head)}.</strong> {esc(question)}</li>" for head, question in closing_questions(d))
    return f"<h3>Closing debrief</h3><ol class='questions'>{items}</ol>"


def _group(d: Debrief, first: bool) -> str:
    parts = [f"<section class='group{'' if first else ' page'}' id='group-{esc(d.name)}'>",
             f"<h2>{esc(d.name)}</h2>", _summary(d), _ending(d),
             "<h3>The meters over time</h3>", _chart(d), _data_table(d), _goals(d), _events(d)]
    if d.warnings:
        parts.append("<div class='small'><p><strong>Notes on the records:</strong></p><ul>"
                     + "".join(f"<li>{esc(w)}</li>" for w in d.warnings) + "</ul></div>")
    parts.append("<h3>Decision by decision</h3>")
    parts.extend(_decision(d, step) for step in d.steps)
    if not d.steps:
        parts.append("<p>No decision was taken.</p>")
    parts.append(_questions(d))
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _comparison(debriefs: Sequence[Debrief]) -> str:
    head = "".join(f"<th>{esc(d.name)}</th>" for d in debriefs)
    first = debriefs[0]
    rows = [("Ending", [esc(d.ending_title()) for d in debriefs]),
            ("Balance score", [esc(d.state.score if d.state.score is not None else "–") for d in debriefs]),
            ("Decisions", [str(len(d.state.decisions)) for d in debriefs])]
    for meter in first.content.meters:
        rows.append((text(meter.name, first.lang), [esc(d.state.meters.get(meter.id, "–")) for d in debriefs]))
    rows.append(("Goals met", [f"{sum(c.met for cs in d.goals.values() for c in cs)} of "
                               f"{sum(len(cs) for cs in d.goals.values())}" for d in debriefs]))
    table = "".join(f"<tr><th>{k}</th>" + "".join(f"<td>{v}</td>" for v in vs) + "</tr>" for k, vs in rows)
    longest = max(len(d.steps) for d in debriefs)
    steps = []
    for n in range(longest):
        cells = []
        for d in debriefs:
            if n < len(d.steps):
                step = d.steps[n]
                card = d.content.cards.get(step.decision.card)
                title = text(card.title, d.lang) if card else esc(step.decision.card)
                cells.append(f"<td><span class='small muted'>{title}</span><br>"
                             f"{esc(d.choice_label(step.decision.card, step.decision.choice))}</td>")
            else:
                cells.append("<td></td>")
        steps.append(f"<tr><th class='num'>{n + 1}</th>{''.join(cells)}</tr>")
    note = ("<p>Every group played the same deal (same scenario and seed), so the first card is the same for "
            "all; where the cards differ later, the groups' own choices changed what came.</p>"
            if comparable(debriefs) else
            "<p class='small'>The groups played different deals (scenario or seed), so their cards differ.</p>")
    return ("<section><h2>The groups side by side</h2>" + note
            + f"<table><tr><th></th>{head}</tr>{table}</table>"
            + f"<h3>Decision by decision</h3><table class='small'><tr><th>#</th>{head}</tr>{''.join(steps)}</table>"
            + "</section>")


def report_html(debriefs: Sequence[Debrief]) -> str:
    """The debrief of one or more games as a complete HTML document."""
    debriefs = list(debriefs)
    title = "Multi-Vector: debrief" + (f" of {debriefs[0].name}" if len(debriefs) == 1 else f" of {len(debriefs)} groups")
    body = [f"<h1>{esc(title)}</h1>",
            "<p class='muted'>Read it together after the session: the meters, each decision with the teams' "
            "picks and reasons, the roads not taken, what really happened, and questions to talk about.</p>"]
    if len(debriefs) > 1:
        body.append(_comparison(debriefs))
    body.extend(_group(d, first=(n == 0 and len(debriefs) == 1)) for n, d in enumerate(debriefs))
    return page(title, "\n".join(body), REPORT_CSS)
