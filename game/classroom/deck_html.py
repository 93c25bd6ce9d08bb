"""``multivector cards --format html``: the deck as printable cards, with role handouts.

For a session without computers: the facilitator prints the handouts (one page per role)
and the cards (one box per card, never split across pages), reads a card aloud, lets the
teams argue and vote, and keeps the meters on the tally sheet. Each choice shows what it
moves at once, rivalry included, so nobody has to do the rivalry arithmetic by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.classroom.htmlkit import esc, page, paragraphs, signed, source, text
from game.engine import Card, Content, Role, effect_with_rivalry, format_date, tr

DECK_CSS = """
.deck { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem; }
.card { border: 2px solid #000; border-radius: 0.4rem; padding: 0.5rem 0.7rem; break-inside: avoid;
        page-break-inside: avoid; font-size: 0.92em; }
.card h3 { font-size: 1.08rem; margin: 0.15rem 0 0.1rem; }
.card .who { font-style: italic; margin: 0 0 0.3rem; }
.card ol { margin: 0.3rem 0 0.3rem 1.2rem; padding: 0; }
.card li { margin-bottom: 0.3rem; }
.card .moves { font-family: Arial, sans-serif; font-size: 0.8em; border: 1px dashed #555; padding: 0 0.25rem; }
.card .outcome { font-size: 0.85em; margin: 0.1rem 0 0; }
.card .id { float: right; font-family: monospace; font-size: 0.75em; }
.card .history { font-size: 0.85em; }
.handout { max-width: 42rem; }
.handout .goals { border: 3px double #000; padding: 0.3rem 0.8rem; margin-top: 1rem; }
.sheet td { height: 1.6rem; min-width: 3.2rem; }
@media print { .deck { display: block; } .card { margin-bottom: 0.5rem; } }
@media screen and (max-width: 45rem) { .deck { grid-template-columns: 1fr; } }
"""


def _meter_names(content: Content, lang: str) -> dict[str, str]:
    return {m.id: tr(m.name, lang) for m in content.meters}


def moves_text(content: Content, effects, lang: str = "en") -> str:
    """What a choice moves at once, rivalry included: ``Moscow +6, Washington −2``."""
    names = _meter_names(content, lang)
    delta = effect_with_rivalry(content, effects)
    order = [m.id for m in content.meters]
    parts = [f"{names.get(m, m)} {signed(delta[m])}" for m in order if delta.get(m)]
    return ", ".join(parts) or "nothing at once"


def _card_box(content: Content, card: Card, lang: str) -> str:
    speaker = content.cast.get(card.speaker)
    who = tr(speaker.name, lang) if speaker else card.speaker
    role = tr(speaker.role, lang) if speaker and speaker.role else ""
    tags = []
    if card.followup_only:
        tags.append('<span class="tag">follow-up</span>')
    if card.fallback:
        tags.append('<span class="tag">quiet quarter</span>')
    if card.when.dates:
        first, last = card.when.dates
        era = format_date(first) if first == last else f"{format_date(first)} to {format_date(last)}"
        tags.append(f'<span class="tag">{esc(era)}</span>')
    parts = [f'<article class="card" id="card-{esc(card.id)}">',
             f'<span class="id">{esc(card.id)}</span>']
    if tags:
        parts.append(" ".join(tags))
    parts.append(f"<h3>{text(card.title, lang)}</h3>")
    parts.append(f'<p class="who">{esc(who)}{" — " + esc(role) if role else ""}</p>')
    parts.append(paragraphs(card.text, lang))
    parts.append("<ol>")
    for choice in card.choices:
        extra = []
        for followup in choice.followups:
            target = content.cards.get(followup.card)
            title = tr(target.title, lang) if target else followup.card
            quarters = "quarter" if followup.delay == 1 else "quarters"
            extra.append(f"brings “{esc(title)}” in {followup.delay} {quarters}")
        names = _meter_names(content, lang)
        for linger in choice.lingering:
            extra.append(f"then {esc(names.get(linger.meter, linger.meter))} {signed(linger.amount)} "
                         f"fading over {linger.turns} quarters")
        parts.append(
            f"<li><strong>{text(choice.label, lang)}</strong><br>"
            f'<span class="moves">{esc(moves_text(content, choice.effects, lang))}'
            f'{"; " + "; ".join(extra) if extra else ""}</span>'
            + (f'<p class="outcome">{text(choice.outcome, lang)}</p>' if tr(choice.outcome, lang).strip() else "")
            + "</li>"
        )
    parts.append("</ol>")
    history = card.history
    if any(tr(part, lang).strip() for part in (history.note, history.source, history.question)):
        parts.append('<div class="history">')
        if tr(history.note, lang).strip():
            parts.append(f"<p><strong>What really happened.</strong> {text(history.note, lang)}</p>")
        if tr(history.source, lang).strip():
            parts.append(f'<p class="small">Source: {source(history.source, lang)}</p>')
        if tr(history.question, lang).strip():
            parts.append(f"<p><strong>Debrief question.</strong> {text(history.question, lang)}</p>")
        parts.append("</div>")
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def goal_ranges(content: Content, meters, lang: str = "en") -> str:
    """``Moscow 30–70, Beijing 30–70``: a goal's meter ranges in words players read."""
    names = _meter_names(content, lang)
    out = []
    for meter_id, low, high in meters:
        name = names.get(meter_id, meter_id)
        if low <= 0:
            out.append(f"{name} {high} or less")
        elif high >= 100 or (high == 99 and content.meter(meter_id).fatal_high):
            out.append(f"{name} {low} or more")
        else:
            out.append(f"{name} {low}\u2013{high}")
    return ", ".join(out)


def role_handout(content: Content, role: Role, lang: str = "en") -> str:
    """One role's handout: the brief and the private goals, one printed page."""
    if role.envoy_of:
        power = _meter_names(content, lang).get(role.envoy_of, role.envoy_of)
        kind = f"Envoy of {esc(power)}: you lobby the teams; you do not vote."
    else:
        kind = "Advisory team: you argue, then vote on every card."
    goals = "".join(
        f"<li>{text(goal.text, lang)}"
        + (f' <span class="muted small">({esc(goal_ranges(content, goal.meters, lang))} at the end)</span>'
           if goal.meters else "")
        + "</li>"
        for goal in role.goals
    )
    return (
        f'<section class="handout page" id="role-{esc(role.id)}">'
        f'<p class="tag">Role handout</p>'
        f"<h2>{text(role.name, lang)}</h2>"
        f"<p><em>{kind}</em></p>"
        f"{paragraphs(role.brief, lang)}"
        + (f'<div class="goals"><h3>Your private goals</h3><p class="small">Keep these to your team. '
           f"They are checked on the meters when the term ends.</p><ul>{goals}</ul></div>" if goals else "")
        + "</section>"
    )


def _rules_page(content: Content, lang: str) -> str:
    scenario = content.default_scenario
    rows = []
    for meter in content.meters:
        start = scenario.meters.get(meter.id, meter.start)
        fatal = "0 and 100" if meter.fatal_high else "0"
        rows.append(f"<tr><td>{text(meter.name, lang)}</td><td class='num'>{start}</td><td>{fatal}</td></tr>")
    names = _meter_names(content, lang)
    rivalry = "; ".join(
        f"a gain with {esc(names.get(a, a))} costs "
        + ", ".join(f"{round(f * 100)}% of it with {esc(names.get(b, b))}" for b, f in rivals.items())
        for a, rivals in content.rivalry.items()
    )
    return (
        '<section class="keep">'
        "<h2>Playing on paper</h2>"
        "<p>Deal one card per quarter. Read it aloud; let the teams argue for the time you set; then "
        "each team votes and the majority decides (or the facilitator, or a designated decider). Apply "
        "the numbers printed under the chosen answer to the tally sheet: they already include the rivalry "
        "between the powers. A meter that reaches a fatal end loses the game. A follow-up card arrives the "
        "number of quarters later that the answer says. After the last quarter, check each team's private "
        "goals, then read the historical notes together.</p>"
        f"<h3>Starting values ({text(scenario.name, lang)}, {scenario.turns} quarters)</h3>"
        "<table><tr><th>Meter</th><th class='num'>Start</th><th>Fatal at</th></tr>"
        + "".join(rows) + "</table>"
        + (f"<p class='small'>Rivalry: {rivalry}.</p>" if rivalry else "")
        + "</section>"
    )


def _tally_sheet(content: Content, lang: str, rows: int = 12) -> str:
    scenario = content.default_scenario
    head = "".join(f"<th>{text(m.name, lang)}</th>" for m in content.meters)
    start = "".join(f"<td class='num'>{scenario.meters.get(m.id, m.start)}</td>" for m in content.meters)
    blank = "".join("<td></td>" for _ in content.meters)
    body = f"<tr><td>start</td><td></td><td></td>{start}</tr>" + "".join(
        f"<tr><td class='num'>{n}</td><td></td><td></td>{blank}</tr>" for n in range(1, rows + 1)
    )
    return (
        '<section class="page keep"><h2>Tally sheet</h2>'
        '<table class="sheet"><tr><th>Quarter</th><th>Card</th><th>Choice</th>' + head + "</tr>"
        + body + "</table></section>"
    )


def cards_html(content: Content, cards: Sequence[Card], lang: str = "en", *, handouts: bool = True) -> str:
    """The printable deck: how to play on paper, role handouts, a tally sheet, the cards."""
    body = [
        "<header>",
        "<h1>Multi-Vector: the printable deck</h1>",
        f"<p>{len(cards)} cards"
        + (f", {len(content.roles)} role handouts" if handouts and content.roles else "")
        + ". Print double-sided if you like; no card is split across pages.</p>",
        "</header>",
        _rules_page(content, lang),
    ]
    if handouts and content.roles:
        body.append('<nav class="noprint"><p>Handouts: '
                    + ", ".join(f'<a href="#role-{esc(r.id)}">{text(r.name, lang)}</a>' for r in content.roles)
                    + "</p></nav>")
        body.extend(role_handout(content, role, lang) for role in content.roles)
    body.append(_tally_sheet(content, lang))
    body.append('<section class="page"><h2>The cards</h2><div class="deck">')
    body.extend(_card_box(content, card, lang) for card in cards)
    body.append("</div></section>")
    return page("Multi-Vector: the printable deck", "\n".join(body), DECK_CSS)


def handouts_html(content: Content, roles: Sequence[Role] | None = None, lang: str = "en") -> str:
    """Only the role handouts (for the facilitator mode and the report's appendix)."""
    chosen = list(content.roles if roles is None else roles)
    body = ["<h1>Multi-Vector: role handouts</h1>"] + [role_handout(content, role, lang) for role in chosen]
    return page("Multi-Vector: role handouts", "\n".join(body), DECK_CSS)
