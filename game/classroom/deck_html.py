"""``multivector cards --format html``: the deck as printable cards, with role handouts.

For a session without computers: the facilitator prints the handouts (one page per role)
and the cards (one box per card, never split across pages), reads a card aloud, lets the
teams argue and vote, and keeps the meters on the tally sheet.

Two printouts, for two readers:

- the **facilitator's key** (``for_="facilitator"``): each answer with what it moves at
  once (rivalry included, so nobody does the rivalry arithmetic by hand), its lingering
  effects tick by tick, its follow-ups and outcome, and what really happened; plus the
  tally sheet that keeps the meters, lingering effects and situations;
- the **students' cards** (``for_="students"``): the cards as the class sees them on the
  projector, the answers without any of that, so a printout handed round gives nothing
  away; plus the role handouts, one page each, to hand to each team.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.base.i18n import _, date_label, ngettext, pgettext
from game.classroom.htmlkit import esc, page, paragraphs, signed, source, text
from game.engine import Card, Content, Role, effect_with_rivalry, tr
from game.engine.model import Lingering
from game.engine.state import ActiveLingering

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
.sheet td.wide { min-width: 9rem; }
.banner { border: 3px solid #000; padding: 0.3rem 0.6rem; font-family: Arial, sans-serif; font-weight: bold; }
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
    return ", ".join(parts) or _("nothing at once")


def lingering_ticks(amount: int, turns: int) -> list[int]:
    """What a lingering effect moves, quarter by quarter, by the engine's own fade (the
    first tick lands in the quarter of the decision)."""
    return [ActiveLingering("", amount, turns, k, "").next_tick() for k in range(turns)]


def lingering_text(content: Content, linger: Lingering, lang: str = "en") -> str:
    """``Economy −3, −2, −1 over this quarter and the next 2``."""
    name = _meter_names(content, lang).get(linger.meter, linger.meter)
    ticks = ", ".join(signed(t) for t in lingering_ticks(linger.amount, linger.turns))
    more = linger.turns - 1
    when = _("this quarter") if more == 0 else _("this quarter and the next {count}").format(count=more) \
        if more > 1 else _("this quarter and the next")
    return _("{meter} {ticks} over {when}").format(meter=name, ticks=ticks, when=when)


def _card_box(content: Content, card: Card, lang: str, key: bool = True) -> str:
    """One card. ``key``: with what each answer moves, its outcome and the history;
    without (the students' cards), the card as the class sees it before deciding."""
    speaker = content.cast.get(card.speaker)
    who = tr(speaker.name, lang) if speaker else card.speaker
    role = tr(speaker.role, lang) if speaker and speaker.role else ""
    tags = []
    if card.followup_only:
        tags.append(f'<span class="tag">{esc(_("follow-up"))}</span>')
    if card.fallback:
        tags.append(f'<span class="tag">{esc(_("quiet quarter"))}</span>')
    if card.when.dates:
        first, last = card.when.dates
        era = date_label(first) if first == last else _("{first} to {last}").format(
            first=date_label(first), last=date_label(last))
        tags.append(f'<span class="tag">{esc(era)}</span>')
    parts = [f'<article class="card" id="card-{esc(card.id)}">',
             f'<span class="id">{esc(card.id)}</span>']
    if tags:
        parts.append(" ".join(tags))
    parts.append(f"<h3>{text(card.title, lang)}</h3>")
    parts.append(f'<p class="who">{esc(who)}{" — " + esc(role) if role else ""}</p>')
    parts.append(paragraphs(card.text, lang))
    parts.append("<ol>")
    if not key:
        parts.extend(f"<li><strong>{text(choice.label, lang)}</strong></li>" for choice in card.choices)
        parts.append("</ol></article>")
        return "\n".join(part for part in parts if part)
    for choice in card.choices:
        extra = []
        for followup in choice.followups:
            target = content.cards.get(followup.card)
            title = tr(target.title, lang) if target else followup.card
            extra.append(esc(ngettext("brings “{card}” in {n} quarter", "brings “{card}” in {n} quarters",
                                      followup.delay).format(card=title, n=followup.delay)))
        for linger in choice.lingering:
            extra.append(esc(_("lingering: {effect}").format(effect=lingering_text(content, linger, lang))))
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
            parts.append(f"<p><strong>{esc(_('What really happened.'))}</strong> {text(history.note, lang)}</p>")
        if tr(history.source, lang).strip():
            parts.append(f'<p class="small">{esc(_("Source:"))} {source(history.source, lang)}</p>')
        if tr(history.question, lang).strip():
            parts.append(f"<p><strong>{esc(_('Debrief question.'))}</strong> {text(history.question, lang)}</p>")
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
            out.append(_("{meter} {value} or less").format(meter=name, value=high))
        elif high >= 100 or (high == 99 and content.meter(meter_id).fatal_high):
            out.append(_("{meter} {value} or more").format(meter=name, value=low))
        else:
            out.append(f"{name} {low}\u2013{high}")
    return ", ".join(out)


def role_handout(content: Content, role: Role, lang: str = "en") -> str:
    """One role's handout: the brief and the private goals, one printed page."""
    if role.envoy_of:
        power = _meter_names(content, lang).get(role.envoy_of, role.envoy_of)
        kind = esc(_("Envoy of {power}: you lobby the teams; you do not vote.").format(power=power))
    else:
        kind = esc(_("Advisory team: you argue, then vote on every card."))
    goals = "".join(
        f"<li>{text(goal.text, lang)}"
        + (' <span class="muted small">(' + esc(_("{ranges} at the end").format(
            ranges=goal_ranges(content, goal.meters, lang))) + ')</span>'
           if goal.meters else "")
        + "</li>"
        for goal in role.goals
    )
    return (
        f'<section class="handout page" id="role-{esc(role.id)}">'
        f'<p class="tag">{esc(_("Role handout"))}</p>'
        f"<h2>{text(role.name, lang)}</h2>"
        f"<p><em>{kind}</em></p>"
        f"{paragraphs(role.brief, lang)}"
        + (f'<div class="goals"><h3>{esc(_("Your private goals"))}</h3><p class="small">'
           + esc(_("Keep these to your team. They are checked on the meters when the term ends."))
           + f"</p><ul>{goals}</ul></div>" if goals else "")
        + "</section>"
    )


def _rules_page(content: Content, lang: str, key: bool) -> str:
    scenario = content.default_scenario
    rows = []
    for meter in content.meters:
        start = scenario.meters.get(meter.id, meter.start)
        fatal = _("0 and 100") if meter.fatal_high else "0"
        rows.append(f"<tr><td>{text(meter.name, lang)}</td><td class='num'>{start}</td><td>{fatal}</td></tr>")
    names = _meter_names(content, lang)
    rivalry = "; ".join(
        esc(_("a gain with {power} costs {costs}").format(power=names.get(a, a), costs=", ".join(
            _("{percent}% of it with {power}").format(percent=round(f * 100), power=names.get(b, b))
            for b, f in rivals.items())))
        for a, rivals in content.rivalry.items()
    )
    keeping = esc(_("Apply the numbers printed under the chosen answer to the tally sheet: they already include "
                    "the rivalry between the powers; then the lingering effects and situations under way, as the "
                    "tally sheet says. A follow-up card arrives the number of quarters later that the answer says.")
                  if key else
                  _("The facilitator keeps the meters on the tally sheet, from the facilitator's key: what each "
                    "answer moves is not printed here, just as the projector does not show it."))
    return (
        '<section class="keep">'
        f"<h2>{esc(_('Playing on paper'))}</h2>"
        "<p>" + esc(_("Deal one card per quarter. Read it aloud; let the teams argue for the time you set; then "
                      "each team votes and the majority decides (or the facilitator, or a designated decider)."))
        + f" {keeping} "
        + esc(_("A meter that reaches a fatal end loses the game. After the last quarter, check each "
                "team's private goals, then read the historical notes together.")) + "</p>"
        + "<h3>" + esc(_("Starting values ({scenario}, {turns} quarters)").format(
            scenario=" ".join(tr(scenario.name, lang).split()), turns=scenario.turns)) + "</h3>"
        + f"<table><tr><th>{esc(_('Meter'))}</th><th class='num'>{esc(pgettext('starting value', 'Start'))}</th>"
        f"<th>{esc(_('Fatal at'))}</th></tr>"
        + "".join(rows) + "</table>"
        + (f"<p class='small'>{esc(_('Rivalry:'))} {rivalry}.</p>" if rivalry else "")
        + "</section>"
    )


def _threshold(content: Content, threshold, lang: str) -> str:
    name = _meter_names(content, lang).get(threshold.meter, threshold.meter)
    if threshold.below is not None:
        return _("{meter} below {value}").format(meter=name, value=threshold.below)
    return _("{meter} above {value}").format(meter=name, value=threshold.above)


def _tally_sheet(content: Content, lang: str) -> str:
    """The meters quarter by quarter, with the lingering effects and situations that move
    them besides the answers, and the order a turn applies them in (the engine's)."""
    scenario = content.default_scenario
    head = "".join(f"<th>{text(m.name, lang)}</th>" for m in content.meters)
    start = "".join(f"<td class='num'>{scenario.meters.get(m.id, m.start)}</td>" for m in content.meters)
    blank = "".join("<td></td>" for _ in content.meters)
    body = f"<tr><td>{esc(_('start'))}</td><td></td><td></td>{start}<td class='wide'></td><td class='wide'></td></tr>" + "".join(
        f"<tr><td class='num'>{n}</td><td></td><td></td>{blank}<td class='wide'></td><td class='wide'></td></tr>"
        for n in range(1, scenario.turns + 1)
    )
    situations = "".join(
        f"<tr><td>{text(s.name, lang)}</td><td>{esc(_threshold(content, s.starts, lang))}</td>"
        f"<td>{esc(_threshold(content, s.ends, lang))}</td>"
        f"<td>{esc(', '.join(f'{_meter_names(content, lang).get(m, m)} {signed(v)}' for m, v in s.per_turn.items()))}"
        "</td><td class='wide'></td></tr>"
        for s in content.situations
    )
    tracker = "".join("<tr><td class='wide'></td><td></td><td class='wide'></td><td class='wide'></td></tr>"
                      for _ in range(4))
    return (
        f'<section class="page"><h2>{esc(_("Tally sheet"))}</h2>'
        "<p class='small'>" + esc(_(
            "Each quarter, in this order: (1) the numbers under the chosen answer; (2) this "
            "quarter's tick of every lingering effect under way (cross it off); (3) the per-quarter effect of "
            "every situation in force; then no meter goes below 0 or above 100, a meter at a fatal end loses "
            "the game, and situations start or stop on the values now reached.")) + "</p>"
        '<table class="sheet"><tr>' + _heads(_("Quarter"), _("Card"), _("Choice")) + head
        + _heads(_("Lingering under way"), _("Situations in force")) + "</tr>" + body + "</table>"
        + (f"<h3>{esc(_('Situations'))}</h3><table class='sheet'><tr>"
           + _heads(_("Situation"), _("Starts when"), _("Ends when"), _("Each quarter while in force"),
                    _("In force (quarters)")) + "</tr>" + situations + "</table>"
           if content.situations else "")
        + f"<div class='keep'><h3>{esc(_('Lingering effects under way'))}</h3><p class='small'>"
        + esc(_("Copy each from the key when its answer is chosen; apply one tick a quarter, the first in the "
                "quarter it was chosen.")) + "</p>"
        "<table class='sheet'><tr>" + _heads(_("From card"), _("Meter"), _("Ticks (cross off)"), _("Quarters"))
        + "</tr>"
        + tracker + "</table></div></section>"
    )


def _heads(*names: str) -> str:
    return "".join(f"<th>{esc(name)}</th>" for name in names)


AUDIENCES = ("facilitator", "students")


def cards_html(content: Content, cards: Sequence[Card], lang: str = "en", *, handouts: bool = True,
               for_: str = "facilitator", paper: str = "a4") -> str:
    """The printable deck. ``for_="facilitator"``: the key (how to play on paper, handouts,
    the tally sheet, the cards with every answer's effects and history); ``"students"``:
    the rules, the handouts and the cards with their answers only."""
    if for_ not in AUDIENCES:
        raise ValueError(for_)
    key = for_ == "facilitator"
    title = _("Multi-Vector: the facilitator's key") if key else _("Multi-Vector: the cards")
    counted = ngettext("{n} card", "{n} cards", len(cards)).format(n=len(cards))
    if handouts and content.roles:
        counted = _("{cards}, {handouts} (one page each: give each team its own)").format(
            cards=counted, handouts=ngettext("{n} role handout", "{n} role handouts",
                                             len(content.roles)).format(n=len(content.roles)))
    body = [
        "<header>",
        f"<h1>{esc(title)}</h1>",
        ('<p class="banner">' + esc(_("For the facilitator: every answer's effects and what really happened. "
                                      "Keep it from the teams; print the students' cards with --for students."))
         + "</p>" if key else ""),
        "<p>" + esc(_("{counted}. Print double-sided if you like; no card is split across pages.").format(
            counted=counted)) + "</p>",
        "</header>",
        _rules_page(content, lang, key),
    ]
    if handouts and content.roles:
        body.append(f'<nav class="noprint"><p>{esc(_("Handouts:"))} '
                    + ", ".join(f'<a href="#role-{esc(r.id)}">{text(r.name, lang)}</a>' for r in content.roles)
                    + "</p></nav>")
        body.extend(role_handout(content, role, lang) for role in content.roles)
    if key:
        body.append(_tally_sheet(content, lang))
    body.append(f'<section class="page"><h2>{esc(_("The cards"))}</h2><div class="deck">')
    body.extend(_card_box(content, card, lang, key) for card in cards)
    body.append("</div></section>")
    return page(title, "\n".join(p for p in body if p), DECK_CSS, paper)


def handouts_html(content: Content, roles: Sequence[Role] | None = None, lang: str = "en", paper: str = "a4") -> str:
    """Only the role handouts (for the facilitator mode and the report's appendix)."""
    chosen = list(content.roles if roles is None else roles)
    title = _("Multi-Vector: role handouts")
    body = [f"<h1>{esc(title)}</h1>"] + [role_handout(content, role, lang) for role in chosen]
    return page(title, "\n".join(body), DECK_CSS, paper)
