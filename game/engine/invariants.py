"""Does a saved state fit the loaded content? (meters, cards, scenario, endings...)

A state that passed the format checks may still name a card the content lacks, miss a
meter, or hold an impossible turn count: a hand edit, or a save from other content. The
engine assumes none of that happens, so it is checked here before a state reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.engine.model import METER_MAX, METER_MIN, Content
from game.engine.state import GameState


def state_problem(content: Content, state: GameState) -> str | None:
    """The first way ``state`` does not fit ``content`` (one line), or None."""
    meter_ids = set(content.meter_ids)
    if state.scenario not in content.scenarios:
        return f"no scenario {state.scenario!r}"
    scenario = content.scenarios[state.scenario]

    problem = _meters_problem(state.meters, meter_ids, "meters")
    if problem:
        return problem
    if len(state.history) != len(state.decisions) + 1:
        return f"history has {len(state.history)} entries for {len(state.decisions)} decisions (needs one more)"
    for index, snapshot in enumerate(state.history):
        problem = _meters_problem(snapshot, meter_ids, f"history[{index}]")
        if problem:
            return problem

    if state.turn > scenario.turns:
        return f"turn {state.turn} is past the end of the term ({scenario.turns} turns)"
    # Each decision is on its predecessor's turn (a same-quarter follow-up, or a card
    # injected in its place) or the next one.
    last_turn = state.decisions[-1].turn if state.decisions else 0
    if state.over:
        if state.ending not in content.endings:
            return f"no ending {state.ending!r}"
        if state.card is not None:
            return "a finished game has a card on the table"
        if last_turn != state.turn:
            return f"a game that ended on turn {state.turn} has its last decision on turn {last_turn}"
    else:
        if state.card is None:
            return "a game in progress has no card on the table"
        if state.card not in content.cards:
            return f"no card {state.card!r}"
        if last_turn not in (state.turn - 1, state.turn):
            return f"turn {state.turn} follows {len(state.decisions)} decisions, the last on turn {last_turn}"
        if last_turn == state.turn and not (state.card_is_followup or state.card_is_injected):
            return f"a second card of turn {state.turn} is neither a same-quarter follow-up nor injected"
        if state.card_is_followup and state.card_is_injected:
            return "the card on the table is both a follow-up and injected"
    if state.date != scenario.start + state.turn - 1:
        return f"date does not match turn {state.turn} of the scenario"

    previous = 0
    for index, decision in enumerate(state.decisions):
        where = f"decisions[{index}]"
        if decision.turn not in (previous + 1, previous) or decision.turn < 1:
            return f"{where} is for turn {decision.turn}, expected {previous + 1}"
        if decision.turn == previous and not (decision.followup or decision.injected):
            return f"{where} repeats turn {decision.turn} but is not a same-quarter follow-up"
        previous = decision.turn
        if decision.date != scenario.start + decision.turn - 1:
            return f"{where} has the wrong date"
        card = content.cards.get(decision.card)
        if card is None:
            return f"{where}: no card {decision.card!r}"
        if decision.choice >= len(card.choices):
            return f"{where}: card {card.id!r} has no choice {decision.choice + 1}"
    situation_ids = {s.id for s in content.situations}
    for situation in state.situations:
        if situation not in situation_ids:
            return f"no situation {situation!r}"
    if len(set(state.situations)) != len(state.situations):
        return "a situation is listed twice"
    for item in state.pending:
        if item.card not in content.cards:
            return f"a follow-up names no card {item.card!r}"
    for effect in state.lingering:
        if effect.meter not in meter_ids:
            return f"a lingering effect names no meter {effect.meter!r}"
    for card_id, turn in state.last_dealt.items():
        if card_id not in content.cards:
            return f"last_dealt names no card {card_id!r}"
        if turn > state.turn:
            return f"card {card_id!r} was dealt on turn {turn}, after this one"
    if state.grade is not None and state.grade not in {g.id for g in content.grades}:
        return f"no grade {state.grade!r}"
    if state.decisive_card is not None and state.decisive_card not in content.cards:
        return f"the decisive card {state.decisive_card!r} does not exist"
    return None


def _meters_problem(meters: Mapping[str, int], meter_ids: set[str], where: str) -> str | None:
    have = set(meters)
    missing = sorted(meter_ids - have)
    if missing:
        return f"{where} lacks meter {missing[0]!r}"
    extra = sorted(have - meter_ids)
    if extra:
        return f"{where} has an unknown meter {extra[0]!r}"
    for meter_id, value in meters.items():
        if not METER_MIN <= value <= METER_MAX:
            return f"{where}.{meter_id} = {value} is outside {METER_MIN}..{METER_MAX}"
    return None
