"""Strategy bots: each picks a choice seeing exactly what a player with exact hints sees.

A strategy is a function ``(content, state, rng_state) -> (choice, rng_state)``. It sees
the card on the table and each choice's immediate effect on the meters (the
``immediate`` part of :func:`game.engine.forecast`: the choice's effects and the
rivalry, clamped). No bot sees a choice's lingering effects, the follow-ups it schedules
or the flags it sets. The lookahead bot also uses
what a careful player can know about the next quarter: the follow-ups already promised
(``state.pending``), the draw probabilities of the deck, and the per-turn effects of
the situations under way (the game shows them while they last).

For speed the bots do not call the forecast per choice: :class:`Model` computes every
choice's effect with rivalry once per content, and tables of each meter's margin and
fatal ends from the engine's :class:`~game.engine.model.Meter` (a test checks that the
two agree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from game.engine import Content, GameState, current_card, rng
from game.engine.model import METER_MAX, METER_MIN, Card
from game.engine.state import evolve  # dataclasses.replace without its cost: this runs every turn
from game.engine.rules import (
    card_weight,
    draw_probabilities,
    effect_with_rivalry,
    followup_in_date,
    is_eligible,
    scenario_deck,
    set_aside_cards,
    window_cards,
)

Strategy = Callable[[Content, GameState, int], tuple[int, int]]

# The value of a state in which some meter sits at a fatal end: far below any living
# state, so that no amount of comfort elsewhere buys a risk of losing.
DEATH = -1_000_000.0
_SAFE = 50  # a meter this far from every fatal end is as safe as it gets


@dataclass(frozen=True)
class Model:
    """What the bots precompute about one content set.

    ``deltas[card_id][choice]`` is the choice's effect with rivalry as ``(meter index,
    change)`` pairs; ``penalty[i][v]`` is the cost of meter ``i`` standing at ``v``, and
    ``fatal[i][v]`` whether ``v`` ends the game. ``drift[situation_id]`` is a
    situation's per-turn effect in the same form (the game shows it while it lasts).
    """

    meter_ids: tuple[str, ...]
    deltas: dict[str, tuple[tuple[tuple[int, int], ...], ...]]
    drift: dict[str, tuple[tuple[int, int], ...]]
    penalty: tuple[tuple[float, ...], ...]
    fatal: tuple[tuple[bool, ...], ...]
    cache: dict = field(default_factory=dict, compare=False, repr=False)


def _penalty(margin: int) -> float:
    # Squared distance from the middle of the safe band: convex, so the bot spreads risk
    # over all meters instead of letting one drift toward an edge. A domestic meter
    # above the middle costs nothing (it has no fatal high end).
    if margin <= 0:
        return -DEATH
    gap = _SAFE - margin
    return float(gap * gap)


def model_for(content: Content, scenario_id: str | None = None) -> Model:
    """The bots' precomputed view of ``content`` (kept with the content), with the
    rivalry of ``scenario_id`` where that scenario brings its own."""
    scenario = content.scenarios.get(scenario_id) if scenario_id is not None else None
    if scenario is None or scenario.rivalry is None:
        return content.derived(("game.sim", "model"), lambda: _make_model(content))
    return content.derived(("game.sim", "model", scenario_id), lambda: _make_model(content, scenario_id))


def _make_model(content: Content, scenario_id: str | None = None) -> Model:
    meter_ids = content.meter_ids
    index = {meter_id: i for i, meter_id in enumerate(meter_ids)}
    deltas = {}
    for card in content.cards.values():
        per_choice = []
        for choice in card.choices:
            delta = effect_with_rivalry(content, choice.effects, scenario_id)
            per_choice.append(tuple((index[m], d) for m, d in delta.items() if d))
        deltas[card.id] = tuple(per_choice)
    drift = {
        situation.id: tuple((index[m], d) for m, d in situation.per_turn.items() if d)
        for situation in content.situations
    }
    penalty, fatal = [], []
    for meter in content.meters:
        penalty.append(tuple(_penalty(meter.margin(v)) for v in range(METER_MAX + 1)))
        fatal.append(tuple(meter.fatal_end(v) is not None for v in range(METER_MAX + 1)))
    return Model(meter_ids, deltas, drift, tuple(penalty), tuple(fatal))


def meters_after(model: Model, values: list[int], delta) -> list[int]:
    """The meters after a choice's immediate effect, clamped as the engine clamps."""
    result = list(values)
    for i, change in delta:
        value = result[i] + change
        result[i] = METER_MIN if value < METER_MIN else METER_MAX if value > METER_MAX else value
    return result


def value_of(model: Model, values: list[int]) -> float:
    """How well balanced the meters are: 0 at best, lower is worse, DEATH if lost."""
    total = 0.0
    for i, value in enumerate(values):
        if model.fatal[i][value]:
            return DEATH
        total -= model.penalty[i][value]
    return total


def _values(model: Model, state: GameState) -> list[int]:
    return [state.meters[m] for m in model.meter_ids]


def _choice_count(content: Content, state: GameState) -> int:
    return len(current_card(content, state).choices)


def _deltas(content: Content, model: Model, state: GameState) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The model's deltas of each choice on the card on the table."""
    return model.deltas[current_card(content, state).id]


def _best(scores: Sequence[float]) -> int:
    """The index of the highest score; the first one on ties (a fixed rule)."""
    best = 0
    for i in range(1, len(scores)):
        if scores[i] > scores[best]:
            best = i
    return best


# --- the bots ---------------------------------------------------------------------


def random_strategy(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
    """Pick uniformly at random."""
    rng_state, x = rng.next_float(rng_state)
    return int(x * _choice_count(content, state)), rng_state


def vector_strategy(meter_id: str) -> Strategy:
    """Always take the choice that does most for ``meter_id`` (first one on ties)."""

    def pick(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
        model = model_for(content, state.scenario)
        i = model.meter_ids.index(meter_id)
        values = _values(model, state)
        scores = [meters_after(model, values, d)[i] for d in _deltas(content, model, state)]
        return _best(scores), rng_state

    pick.__name__ = f"{meter_id}_strategy"
    return pick


def balancer_strategy(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
    """Take the choice that leaves every meter nearest the middle of its safe band."""
    model = model_for(content, state.scenario)
    values = _values(model, state)
    scores = [value_of(model, meters_after(model, values, d)) for d in _deltas(content, model, state)]
    return _best(scores), rng_state


def next_deal(content: Content, state: GameState, values: list[int]) -> list[tuple[str, float]]:
    """What the next turn would deal if the meters stood at ``values``, with probabilities.

    A follow-up already promised and due comes first, as in the engine; otherwise the
    deck's draw probabilities in the next quarter. The flags and follow-ups the pending
    choice would add are unknown to the player, so they are left out.
    """
    turn = state.turn + 1
    due = [p for p in state.pending if p.due <= turn and followup_in_date(content, p.card, state.date + 1)]
    if due:
        return [(min(due, key=lambda p: p.due).card, 1.0)]
    model = model_for(content, state.scenario)
    imagined = replace(
        state,
        turn=turn,
        date=state.date + 1,
        meters=dict(zip(model.meter_ids, values)),
        card=None,
    )
    return draw_probabilities(content, imagined)


def situation_drift(model: Model, state: GameState) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The per-turn effects of the situations under way, in the order the engine applies them."""
    return tuple(model.drift[s] for s in state.situations if model.drift.get(s))


def outcome(model: Model, values: list[int], delta, drift) -> list[int]:
    """The meters at the end of a turn: the choice's effect, then the situations' drift
    (lingering effects are hidden from the player, so they are left out)."""
    result = meters_after(model, values, delta)
    for per_turn in drift:
        result = meters_after(model, result, per_turn)
    return result


def expected_value(content: Content, state: GameState, values: list[int], plies: int, drift=()) -> float:
    """The expected balance after ``values`` when the best choice is taken on each of the
    next ``plies`` cards: an expectimax over the possible deals."""
    model = model_for(content, state.scenario)
    now = value_of(model, values)
    if now == DEATH or plies <= 0:
        return now
    if state.turn >= content.scenarios[state.scenario].turns:
        return now  # the term ends with this choice: nothing more can go wrong
    total = 0.0
    for card_id, probability in next_deal(content, state, values):
        ahead = _dealt(state, card_id) if plies > 1 else state
        best = DEATH
        for delta in model.deltas[card_id]:
            after = outcome(model, values, delta, drift)
            if plies > 1:
                score = expected_value(content, ahead, after, plies - 1, drift)
            else:
                score = value_of(model, after)
            if score > best:
                best = score
        total += probability * best
    return total


def _dealt(state: GameState, card_id: str) -> GameState:
    """The state a turn later with ``card_id`` dealt (for looking two plies ahead)."""
    turn = state.turn + 1
    pending = list(state.pending)
    due = [p for p in pending if p.due <= turn]
    if due:
        pending.remove(min(due, key=lambda p: p.due))
    last_dealt = dict(state.last_dealt)
    last_dealt[card_id] = turn
    return replace(state, turn=turn, date=state.date + 1, card=card_id, pending=tuple(pending),
                   last_dealt=last_dealt)


_INF = float("inf")


def _cost_tables(model: Model, drift) -> list[list[float]]:
    """``cost[i][v]``: the penalty of meter ``i`` left at ``v`` by a choice, once the
    situations' ``drift`` has moved it on; infinite where the turn ends the game."""
    key = ("cost", drift)
    tables = model.cache.get(key)
    if tables is None:
        later: dict[int, list[int]] = {}
        for per_turn in drift:
            for i, change in per_turn:
                later.setdefault(i, []).append(change)
        tables = []
        for i in range(len(model.meter_ids)):
            row = []
            for value in range(METER_MAX + 1):
                for change in later.get(i, ()):
                    value = min(METER_MAX, max(METER_MIN, value + change))
                row.append(_INF if model.fatal[i][value] else model.penalty[i][value])
            tables.append(row)
        model.cache[key] = tables
    return tables


def _reply_values(model: Model, after: list[int], drift, deal) -> float:
    """The weighted sum, over the cards of ``deal`` (``(card_id, weight)`` pairs), of the
    best balance a choice on that card reaches from meters ``after``, the situations'
    ``drift`` applied as the engine applies it. Only the meters a choice touches are
    looked up again: this is the inner loop of the lookahead."""
    deltas = model.deltas
    cost = _cost_tables(model, drift)
    settled = [cost[i][v] for i, v in enumerate(after)]
    if _INF in settled:
        # A meter is on the edge unless the very next choice pulls it back: the slow path.
        return sum(
            weight * max(value_of(model, outcome(model, after, delta, drift)) for delta in deltas[card_id])
            for card_id, weight in deal
        )
    start = -sum(settled)
    # rows[i][change]: what moving meter i by ``change`` from where it stands does to the
    # balance (settled[i] minus the new cost), or None where that loses the game.
    gain_rows = _gain_rows(model, drift)
    rows = [gain_rows[i][v] for i, v in enumerate(after)]
    expected = 0.0
    for card_id, weight in deal:
        best = None
        for delta in deltas[card_id]:
            score = 0.0
            for i, change in delta:
                gain = rows[i][change]
                if gain is None:
                    break
                score += gain
            else:
                if best is None or score > best:
                    best = score
        # Whole numbers held in floats: start + (a + b) is start + a + b, to the bit.
        expected += weight * (DEATH if best is None else start + best)
    return expected


def _gain_rows(model: Model, drift) -> list[list[dict[int, float | None]]]:
    """``rows[i][v][change]``: the balance gained by moving meter ``i`` from ``v`` by
    ``change`` (a change some choice of the deck makes), the situations' ``drift`` applied
    as in :func:`_cost_tables`; None where the move loses the game. Worked out once per
    meter and per drift on that meter (shared between the sets of situations that move
    it alike), so that the lookahead's inner loop is one lookup per change."""
    key = ("gains", drift)
    rows = model.cache.get(key)
    if rows is None:
        cost = _cost_tables(model, drift)
        changes = model.cache.get("changes")
        if changes is None:
            found: list[set[int]] = [set() for _ in model.meter_ids]
            for per_choice in model.deltas.values():
                for delta in per_choice:
                    for i, change in delta:
                        found[i].add(change)
            changes = model.cache["changes"] = [sorted(c) for c in found]
        rows = []
        for i, row in enumerate(cost):
            meter_key = ("gain-row", i, tuple(row))
            by_value = model.cache.get(meter_key)
            if by_value is None:
                by_value = []
                for v in range(METER_MAX + 1):
                    here = row[v]
                    gains: dict[int, float | None] = {}
                    for change in changes[i]:
                        after = v + change
                        c = row[METER_MIN if after < METER_MIN else METER_MAX if after > METER_MAX else after]
                        gains[change] = None if c == _INF else (here - c if here != _INF else 0.0)
                    by_value.append(gains)
                model.cache[meter_key] = by_value
            rows.append(by_value)
        model.cache[key] = rows
    return rows


def lookahead_scores(content: Content, state: GameState) -> list[float]:
    """Each choice's expected balance one deal ahead: what ``lookahead`` maximises.

    The same figures as :func:`expected_scores` with one ply (a test checks it), found
    faster: the cards whose eligibility cannot depend on the meters are weighed once per
    turn instead of once per choice, and each reply is scored incrementally.
    """
    model = model_for(content, state.scenario)
    scenario = content.scenarios[state.scenario]
    values = _values(model, state)
    drift = situation_drift(model, state)
    last_turn = state.turn >= scenario.turns
    turn = state.turn + 1
    due = [p for p in state.pending if p.due <= turn and followup_in_date(content, p.card, state.date + 1)]
    imagined = evolve(state, turn=turn, date=state.date + 1, card=None)
    aside = set_aside_cards(content, state.scenario, state.seed)  # never drawn in this game
    steady: list[tuple[str, float]] = []
    moving: tuple[Card, ...] = ()
    fallbacks: tuple[tuple[Card, float], ...] = ()
    if due:
        steady = [(min(due, key=lambda p: p.due).card, 1.0)]
    else:
        steady_cards, moving, fallbacks = _steady_and_moving(content, model, state.scenario, turn, state.date + 1)
        for card in steady_cards:
            if card.id not in aside and is_eligible(card, imagined):
                weight = card_weight(content, scenario, card, imagined)
                if weight > 0:
                    steady.append((card.id, weight))
    scores = []
    for delta in _deltas(content, model, state):
        after = outcome(model, values, delta, drift)
        now = value_of(model, after)
        if now == DEATH or last_turn:
            scores.append(now)
            continue
        deal = list(steady)
        if moving:
            ahead = evolve(imagined, meters=dict(zip(model.meter_ids, after)))
            for card in moving:
                if card.id not in aside and is_eligible(card, ahead):
                    weight = card_weight(content, scenario, card, ahead)
                    if weight > 0:
                        deal.append((card.id, weight))
        if not deal:
            deal = [(card.id, weight) for card, weight in fallbacks]
        total = sum(weight for _, weight in deal)
        scores.append(_reply_values(model, after, drift, deal) / total)
    return scores


def _steady_and_moving(
    content: Content, model: Model, scenario_id: str, turn: int, date: int
) -> tuple[tuple[Card, ...], tuple[Card, ...], tuple[tuple[Card, float], ...]]:
    """``(steady, moving, fallbacks)``: the scenario's drawable cards that a draw at
    ``(turn, date)`` could deal (their turn and date windows hold) whose eligibility and
    weight never depend on the meters, those that may, and its fallbacks with weights."""
    key = ("split", scenario_id, turn, date)
    cached = model.cache.get(key)
    if cached is None:
        _, fallbacks = scenario_deck(content, scenario_id)
        drawable = window_cards(content, scenario_id, turn, date)

        def moves(card: Card) -> bool:
            return card.when.reads_meters or any(m.when.reads_meters for m in card.weight_if)

        cached = (
            tuple(card for card in drawable if not moves(card)),
            tuple(card for card in drawable if moves(card)),
            tuple((card, max(card.weight, 1e-9)) for card in fallbacks),
        )
        model.cache[key] = cached
    return cached


def expected_scores(content: Content, state: GameState, plies: int) -> list[float]:
    """Each choice's expected balance ``plies`` deals ahead, by plain expectimax."""
    model = model_for(content, state.scenario)
    values = _values(model, state)
    drift = situation_drift(model, state)
    return [
        expected_value(content, state, outcome(model, values, d, drift), plies, drift)
        for d in _deltas(content, model, state)
    ]


def lookahead_strategy(plies: int = 1) -> Strategy:
    """Maximise the expected balance over the next ``plies`` possible deals."""

    def pick(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
        if plies == 1:
            return _best(lookahead_scores(content, state)), rng_state
        return _best(expected_scores(content, state, plies)), rng_state

    pick.__name__ = f"lookahead{plies}_strategy"
    return pick


def strategy_names(content: Content) -> list[str]:
    """The bots for ``content``: random, one per vector meter, the balancer, the lookahead.

    For the base game that is random, moscow, beijing, washington, balancer, lookahead;
    a total conversion with other powers gets a single-vector bot for each of them.
    """
    vectors = [meter.id for meter in content.meters if meter.is_vector]
    return ["random", *vectors, "balancer", "lookahead"]


def get_strategy(content: Content, name: str) -> Strategy:
    """The bot called ``name`` (one of :func:`strategy_names`); KeyError if none."""
    if name in FIXED_STRATEGIES:
        return FIXED_STRATEGIES[name]
    for meter in content.meters:
        if meter.is_vector and meter.id == name:
            return vector_strategy(name)
    raise KeyError(name)


FIXED_STRATEGIES: dict[str, Strategy] = {
    "random": random_strategy,
    "balancer": balancer_strategy,
    "lookahead": lookahead_strategy(1),
    "lookahead2": lookahead_strategy(2),
}
