"""The rules of a turn: start a game, deal a card, take a choice, end the game.

All functions are pure: they take a :class:`~game.engine.model.Content` and a
:class:`~game.engine.state.GameState` and return new values, never touching the old.

A turn, as :func:`choose` plays it:

1. the choice's effects, plus the rivalry spill-over of every gain, move the meters;
2. its flags are set and cleared, its follow-ups scheduled, its lingering effects begun;
3. lingering effects tick and fade; ongoing situations apply their per-turn effects;
4. meters are clamped to 0..100; a meter at a fatal end ends the game;
5. situations start and stop on their thresholds;
6. if the term is over the game is won and graded, otherwise time advances a quarter
   and the next card is dealt: a follow-up that has come due first, else a weighted
   draw among eligible cards, else a fallback card.

A choice that schedules a follow-up ``in: 0`` keeps the quarter open: that card is
dealt next, on the same turn and date, and steps 3 and 6 (lingering effects, situation
drift, the end of the term) wait for the quarter's last card. A fatal end still ends
the game at once. A same-quarter follow-up out of its card's dates is dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from math import isfinite

from game.engine import rng
from game.engine.deck import choose_aside, open_cards
from game.engine.model import (
    METER_MAX, METER_MIN, VICTORY, Card, Choice, Condition, Content, Ending, Scenario, Threshold,
)
from game.engine.state import (
    ActiveLingering,
    Decision,
    GameState,
    PendingFollowUp,
    build,
    evolve,
    round_half_away,
)

# A choice's effects: (meter id, amount) pairs, a meter possibly more than once.
_Effects = Iterable[tuple[str, int]]


class RuleError(ValueError):
    """A request the rules cannot carry out (a choice out of range, a finished game)."""


@dataclass(frozen=True)
class Forecast:
    """What taking one choice does to the meters this turn, exactly as :func:`choose`
    will play it (the turn is played on a copy).

    ``direct`` is the choice's own effects and ``rivalry`` the spill-over of its gains
    (together ``immediate``, before clamping); ``lingering`` and ``situation_effects`` are
    what running lingering effects and ongoing situations add this turn; ``changes`` is
    the net move of every meter over the whole turn, after clamping: what the meters
    will show. ``ending`` is the ending the turn brings (a fatal end, or the victory on
    the last turn of the term), else None.
    """

    card: str
    choice: int
    direct: Mapping[str, int]
    rivalry: Mapping[str, int]
    immediate: Mapping[str, int]
    lingering: Mapping[str, int]
    situation_effects: Mapping[str, int]
    changes: Mapping[str, int]
    situations_started: tuple[str, ...]
    situations_ended: tuple[str, ...]
    followups_scheduled: tuple[PendingFollowUp, ...]
    ending: str | None


@dataclass(frozen=True)
class TurnReport(Forecast):
    """What a turn did (its :class:`Forecast`, now fact) and what came next."""

    next_card: str | None
    next_is_followup: bool


# --- starting ---------------------------------------------------------------------


_SPREAD_SALT = 0x5354415254  # "START": the spread's generator is not the draw's


def start_meters(content: Content, scenario: Scenario, seed: int) -> dict[str, int]:
    """The meters a game of ``scenario`` with ``seed`` starts with: the scenario's values
    (else each meter's own), each meter of its ``start_spread`` moved by an offset in
    ``[-spread, +spread]``.

    The offsets come from a generator of their own, seeded by the game's seed, so a
    spread does not shift the draw; they are drawn in the order ``start_spread`` names
    the meters, so the order of the meters in the content does not change them.
    """
    meters = {meter.id: scenario.meters.get(meter.id, meter.start) for meter in content.meters}
    state = rng.seed_state(seed ^ _SPREAD_SALT)
    for meter_id, spread in scenario.start_spread.items():
        state, z = rng.next_u64(state)
        meters[meter_id] += z % (2 * spread + 1) - spread
    return {meter_id: _clamp(value) for meter_id, value in meters.items()}


def new_game(content: Content, scenario_id: str | None = None, seed: int = 0) -> GameState:
    """A new game of ``scenario_id`` (default scenario if ``None``) with its first card:
    the scenario's opening card if it has one, else a draw."""
    scenario = content.default_scenario if scenario_id is None else content.scenarios[scenario_id]
    meters = start_meters(content, scenario, seed)
    state = GameState(
        scenario=scenario.id,
        seed=seed,
        turn=1,
        date=scenario.start,
        meters=meters,
        flags=frozenset(scenario.flags),
        situations=(),
        pending=(),
        lingering=(),
        last_dealt={},
        card=None,
        card_is_followup=False,
        card_is_injected=False,
        rng=rng.seed_state(seed),
        decisions=(),
        history=(dict(meters),),
    )
    state = evolve(state, situations=_update_situations(content, state.situations, meters)[0])
    if scenario.opening is not None:
        return _put_card(state, scenario.opening, followup=False)
    return _deal(content, state)


# --- conditions and the draw ------------------------------------------------------


def condition_holds(condition: Condition, state: GameState) -> bool:
    """Whether every part of ``condition`` holds in ``state``."""
    meters = state.meters
    for meter_id, low, high in condition.meters:
        if not low <= meters[meter_id] <= high:
            return False
    if condition.flags and not condition.flags <= state.flags:
        return False
    if condition.not_flags and not condition.not_flags.isdisjoint(state.flags):
        return False
    if condition.situations and not condition.situations.issubset(state.situations):
        return False
    if condition.not_situations and not condition.not_situations.isdisjoint(state.situations):
        return False
    if condition.turns is not None and not condition.turns[0] <= state.turn <= condition.turns[1]:
        return False
    if condition.dates is not None and not condition.dates[0] <= state.date <= condition.dates[1]:
        return False
    if condition.scenarios is not None and state.scenario not in condition.scenarios:
        return False
    if condition.counters:
        counters = state.counters
        for name, low, high in condition.counters:
            if not low <= counters.get(name, 0) <= high:
                return False
    if condition.any_of and not any(condition_holds(part, state) for part in condition.any_of):
        return False
    if condition.chance is not None and not rng.roll(state.seed, state.turn, condition.chance_key) < condition.chance:
        return False
    return True


def scenario_deck(content: Content, scenario_id: str) -> tuple[tuple[Card, ...], tuple[Card, ...]]:
    """``(drawable, fallbacks)``: the cards the scenario can draw, and its fallback cards.

    Follow-up-only cards are in neither list; cards whose tags the scenario excludes or
    whose ``scenarios`` condition leaves it out are dropped once here, not every turn.
    """
    return content.derived(("deck", scenario_id), lambda: _make_deck(content, scenario_id))


def _make_deck(content: Content, scenario_id: str) -> tuple[tuple[Card, ...], tuple[Card, ...]]:
    scenario = content.scenarios[scenario_id]
    drawable: list[Card] = []
    fallbacks: list[Card] = []
    for card in content.cards.values():
        if card.followup_only or scenario.exclude_tags.intersection(card.tags):
            continue
        if card.when.scenarios is not None and scenario_id not in card.when.scenarios:
            continue
        (fallbacks if card.fallback else drawable).append(card)
    return tuple(drawable), tuple(fallbacks)


def card_weight(content: Content, scenario: Scenario, card: Card, state: GameState) -> float:
    """A card's draw weight in ``state``: its weight, conditional multipliers, focus."""
    weight = card.weight
    for modifier in card.weight_if:
        if condition_holds(modifier.when, state):
            weight *= modifier.multiply
    if scenario.focus:
        for tag in card.tags:
            weight *= scenario.focus.get(tag, 1.0)
    return weight


def is_eligible(card: Card, state: GameState) -> bool:
    """Whether ``card`` may be drawn now (conditions, ``once``, cooldown)."""
    last = state.last_dealt.get(card.id)
    if last is not None and (card.once or state.turn - last <= card.cooldown):
        return False
    return condition_holds(card.when, state)


# The draw does not test every card every turn. Each scenario's deck is cut once per
# (turn, date) into the cards whose turn and date windows hold then (a "slice"), and the
# slice carries a cumulative table of each card's *greatest possible* weight: its weight
# and focus times every multiplier above 1. A draw picks a card from that table, and
# keeps it with probability actual weight / greatest weight (0 if the card is not
# eligible, or is set aside for the game); after _DRAW_TRIES refusals it falls back to the exact scan of the slice.
# Every attempt keeps card c with probability w(c) / total, so the card kept has exactly
# the distribution of the scan, w(c) / sum(w); the fall-back scan has it too. One random
# number serves both the pick and the keep: where it lands inside the card's stretch of
# the table is uniform, and the card is kept if it lands in the first w(c) of it.
_DRAW_TRIES = 32
_SLICES_MAX = 1024  # (turn, date) pairs kept per scenario; far more than a term has


class _Slice:
    """The cards of a scenario's deck whose turn and date windows hold at one (turn, date)."""

    __slots__ = ("cards", "table", "ends", "total")

    def __init__(self, cards: tuple[Card, ...], tops: dict[str, float]) -> None:
        self.cards = cards  # load order: the exact scan walks these
        table, ends, running = [], [], 0.0
        for card in cards:
            top = tops[card.id]
            if top > 0:
                running += top
                table.append(card)
                ends.append(running)  # card i's stretch of the table: ends[i - 1] to ends[i]
        self.table = tuple(table)
        self.ends = ends
        self.total = running if isfinite(running) else 0.0  # 0: always scan


class _Draw:
    """A scenario's deck prepared for the draw: greatest weights and slices."""

    __slots__ = ("scenario", "drawable", "fallbacks", "tops", "slices")

    def __init__(self, content: Content, scenario_id: str) -> None:
        self.scenario = content.scenarios[scenario_id]
        self.drawable, self.fallbacks = scenario_deck(content, scenario_id)
        focus = self.scenario.focus
        tops = {}
        for card in self.drawable:
            top = abs(card.weight)
            for modifier in card.weight_if:
                top *= max(1.0, abs(modifier.multiply))
            for tag in card.tags:
                top *= abs(focus.get(tag, 1.0))
            tops[card.id] = top
        self.tops = tops
        self.slices: dict[tuple[int, int], _Slice] = {}

    def at(self, turn: int, date: int) -> _Slice:
        found = self.slices.get((turn, date))
        if found is None:
            cards = []
            for card in self.drawable:
                when = card.when
                if when.turns is not None and not when.turns[0] <= turn <= when.turns[1]:
                    continue
                if when.dates is not None and not when.dates[0] <= date <= when.dates[1]:
                    continue
                cards.append(card)
            if len(self.slices) >= _SLICES_MAX:
                self.slices.clear()
            found = self.slices[(turn, date)] = _Slice(tuple(cards), self.tops)
        return found


def _draw_index(content: Content, scenario_id: str) -> _Draw:
    return content.derived(("draw", scenario_id), lambda: _Draw(content, scenario_id))


class _Aside:
    """A scenario's open cards (``deck.open_cards``) and the sets of the games lately
    started (a game asks at every draw; a simulation starts thousands)."""

    __slots__ = ("share", "pool", "by_seed")

    def __init__(self, content: Content, scenario_id: str) -> None:
        scenario = content.scenarios[scenario_id]
        targets = frozenset(f.card for card in content.cards.values() for choice in card.choices for f in choice.followups)
        self.share = 0.0 if scenario.set_aside is None else scenario.set_aside.share
        self.pool = open_cards(scenario, scenario_deck(content, scenario_id)[0], targets) if self.share > 0 else ()
        self.by_seed: dict[int, frozenset[str]] = {}

    def of(self, seed: int) -> frozenset[str]:
        if not self.pool:
            return _NONE_ASIDE
        found = self.by_seed.get(seed)
        if found is None:
            if len(self.by_seed) >= _SLICES_MAX:
                self.by_seed.clear()
            found = self.by_seed[seed] = choose_aside(self.share, self.pool, seed)
        return found


_NONE_ASIDE: frozenset[str] = frozenset()


def set_aside_cards(content: Content, scenario_id: str, seed: int) -> frozenset[str]:
    """The ids of the cards a game of ``scenario_id`` with ``seed`` never draws: its
    ``set_aside`` share of the open cards (``game.engine.deck``); empty without one.
    (A follow-up or an injected card is dealt all the same: only the draw skips them.)"""
    if content.scenarios[scenario_id].set_aside is None:
        return _NONE_ASIDE
    return content.derived(("aside", scenario_id), lambda: _Aside(content, scenario_id)).of(seed)


def open_card_ids(content: Content, scenario_id: str) -> tuple[str, ...]:
    """The ids of the cards a game of ``scenario_id`` may set aside (none without
    ``set_aside``), in load order."""
    return tuple(card.id for card in content.derived(("aside", scenario_id), lambda: _Aside(content, scenario_id)).pool)


def _scan(content: Content, scenario: Scenario, cards: Iterable[Card], state: GameState) -> list[tuple[Card, float]]:
    result = []
    aside = set_aside_cards(content, state.scenario, state.seed)
    for card in cards:
        if card.id not in aside and is_eligible(card, state):
            weight = card_weight(content, scenario, card, state)
            if weight > 0:
                result.append((card, weight))
    return result


def window_cards(content: Content, scenario_id: str, turn: int, date: int) -> tuple[Card, ...]:
    """The scenario's drawable cards whose turn and date windows hold at ``(turn, date)``,
    in load order: every card a draw could deal then, and usually far fewer than the
    deck. (Whether each is eligible still depends on the rest of the state.)"""
    return _draw_index(content, scenario_id).at(turn, date).cards


def eligible_cards(content: Content, state: GameState) -> list[tuple[Card, float]]:
    """The cards a weighted draw could deal now, with their weights (load order)."""
    draw = _draw_index(content, state.scenario)
    return _scan(content, draw.scenario, draw.at(state.turn, state.date).cards, state)


def draw_probabilities(content: Content, state: GameState) -> list[tuple[str, float]]:
    """What the next weighted draw would deal, with probabilities (for lookahead bots).

    Exact: the draw deals each card with exactly this probability. Ignores due
    follow-ups; callers check ``state.pending`` first.
    """
    candidates = eligible_cards(content, state)
    if not candidates:
        _, fallbacks = scenario_deck(content, state.scenario)
        candidates = [(card, max(card.weight, 1e-9)) for card in fallbacks]
    total = sum(weight for _, weight in candidates)
    return [(card.id, weight / total) for card, weight in candidates]


def _weighted_pick(candidates: list[tuple[Card, float]], rng_state: int) -> tuple[Card, int]:
    rng_state, x = rng.next_float(rng_state)
    total = sum(weight for _, weight in candidates)
    target = x * total
    running = 0.0
    for card, weight in candidates:
        running += weight
        if target < running:
            return card, rng_state
    return candidates[-1][0], rng_state


def _draw(content: Content, state: GameState) -> tuple[Card, int]:
    """A weighted draw among the eligible cards (else a fallback): ``(card, rng state)``."""
    draw = _draw_index(content, state.scenario)
    deck = draw.at(state.turn, state.date)
    rng_state = state.rng
    total = deck.total
    if total > 0:
        table, ends = deck.table, deck.ends
        last = len(table) - 1
        scenario = draw.scenario
        aside = set_aside_cards(content, state.scenario, state.seed)
        for _ in range(_DRAW_TRIES):
            rng_state, x = rng.next_float(rng_state)
            target = x * total
            i = bisect_right(ends, target)
            if i > last:  # x * total rounded up to total
                i = last
            card = table[i]
            if card.id not in aside and is_eligible(card, state):
                weight = card_weight(content, scenario, card, state)
                if weight > 0 and target - (ends[i - 1] if i else 0.0) < weight:
                    return card, rng_state
    candidates = _scan(content, draw.scenario, deck.cards, state)
    if not candidates:
        if not draw.fallbacks:
            raise RuleError(f"scenario {state.scenario!r} has no fallback card")
        candidates = [(card, max(card.weight, 1e-9)) for card in draw.fallbacks]
    return _weighted_pick(candidates, rng_state)


def followup_in_date(content: Content, card_id: str, date: int) -> bool:
    """Whether a follow-up of ``card_id`` may be dealt at ``date``: a card is dealt only
    while its ``when.dates`` window holds, as a follow-up too (one that comes due outside
    it is dropped, not kept for later)."""
    window = content.cards[card_id].when.dates
    return window is None or window[0] <= date <= window[1]


def _deal(content: Content, state: GameState) -> GameState:
    """Put the next card on the table: a due follow-up, else a draw, else a fallback.

    A due follow-up whose card's dates no longer (or not yet) hold is dropped."""
    pending = state.pending
    while pending:
        first = None
        for p in pending:  # the earliest due; the first scheduled among equals
            if p.due <= state.turn and (first is None or p.due < first.due):
                first = p
        if first is None:
            break
        rest = list(pending)
        rest.remove(first)
        pending = tuple(rest)
        if followup_in_date(content, first.card, state.date):
            return _put_card(state, first.card, followup=True, pending=pending)
    if pending is not state.pending:
        state = evolve(state, pending=pending)
    card, rng_state = _draw(content, state)
    return _put_card(state, card.id, followup=False, rng_state=rng_state)


def _quarter_goes_on(content: Content, pending: tuple[PendingFollowUp, ...], date: int) -> bool:
    """Whether a same-quarter follow-up in ``pending`` can still be dealt at ``date``."""
    for p in pending:
        if p.same_quarter and followup_in_date(content, p.card, date):
            return True
    return False


def _deal_same_quarter(content: Content, state: GameState) -> GameState:
    """Deal the first same-quarter follow-up that its card's dates allow (dropping those
    before it that they do not); the turn and date stay. The caller knows there is one."""
    pending = list(state.pending)
    for p in state.pending:
        if p.same_quarter:
            pending.remove(p)
            if followup_in_date(content, p.card, state.date):
                return _put_card(state, p.card, followup=True, pending=tuple(pending))
    raise RuleError("no same-quarter follow-up to deal")  # pragma: no cover - see _quarter_goes_on


def quarter_step(state: GameState) -> int:
    """How many decisions of this quarter came before the card on the table (0 for its
    first card; more after same-quarter follow-ups)."""
    step = 0
    for decision in reversed(state.decisions):
        if decision.turn != state.turn:
            break
        step += 1
    return step


def _put_card(
    state: GameState,
    card_id: str,
    *,
    followup: bool,
    injected: bool = False,
    pending: tuple[PendingFollowUp, ...] | None = None,
    rng_state: int | None = None,
) -> GameState:
    last_dealt = dict(state.last_dealt)
    last_dealt[card_id] = state.turn
    return evolve(
        state,
        card=card_id,
        card_is_followup=followup,
        card_is_injected=injected,
        last_dealt=last_dealt,
        pending=state.pending if pending is None else pending,
        rng=state.rng if rng_state is None else rng_state,
    )


def inject(content: Content, state: GameState, card_id: str) -> GameState:
    """Replace the card on the table with ``card_id`` (a classroom facilitator's inject).

    The replaced card is not counted as dealt; the injected one is marked as such in the
    decision record. The random generator is not touched, so later draws are unchanged.
    """
    if state.over:
        raise RuleError("the game is over")
    if card_id not in content.cards:
        raise RuleError(f"no card {card_id!r}")
    last_dealt = dict(state.last_dealt)
    if state.card is not None and not state.card_is_followup:
        last_dealt.pop(state.card, None)
    pending = state.pending
    if state.card_is_followup and state.card is not None:
        # Put the displaced follow-up back so that it still arrives (in this quarter,
        # if it was one of its same-quarter follow-ups).
        pending = (PendingFollowUp(state.card, state.turn, "inject", quarter_step(state) > 0),) + pending
    state = evolve(state, last_dealt=last_dealt, pending=pending)
    return _put_card(state, card_id, followup=False, injected=True)


# --- effects ----------------------------------------------------------------------


def effect_with_rivalry(content: Content, effects: _Effects, scenario_id: str | None = None) -> dict[str, int]:
    """A choice's effects plus the rivalry spill-over of every gain (not clamped), with
    the rivalry of ``scenario_id`` (the content's default rivalry for ``None``)."""
    direct, rivalry = _split_effect(content.rivalry_of(scenario_id), effects)
    return _add(direct, rivalry)


def _split_effect(matrix: Mapping[str, Mapping[str, float]], effects: _Effects) -> tuple[dict[str, int], dict[str, int]]:
    """``(direct, rivalry)``: a choice's own effects, and what its gains cost the rivals."""
    direct: dict[str, int] = {}
    rivalry: dict[str, int] = {}
    for meter_id, amount in effects:
        direct[meter_id] = direct.get(meter_id, 0) + amount
        if amount > 0:
            for rival, factor in matrix.get(meter_id, {}).items():
                spill = round_half_away(amount * factor)
                if spill:
                    rivalry[rival] = rivalry.get(rival, 0) - spill
    return direct, rivalry


def _add(first: Mapping[str, int], second: Mapping[str, int]) -> dict[str, int]:
    total = dict(first)
    for meter_id, amount in second.items():
        total[meter_id] = total.get(meter_id, 0) + amount
    return total


def _clamp(value: int) -> int:
    return METER_MIN if value < METER_MIN else METER_MAX if value > METER_MAX else value


class _Facts:
    """What the turn needs about a content set, worked out once (cached on the content):
    every choice's effect split into its own part and the rivalry's (per scenario where
    a scenario brings its own rivalry), the situations' thresholds and the victory
    ending as plain tuples."""

    __slots__ = ("content", "effects", "own_rivalry", "situations", "drift", "margins", "victory")

    def __init__(self, content: Content) -> None:
        self.content = content
        # card id (or (scenario id, card id) under a scenario's own rivalry) -> per
        # choice (direct, rivalry, immediate)
        self.effects: dict[object, tuple[tuple[dict[str, int], dict[str, int], dict[str, int]], ...]] = {}
        self.own_rivalry = frozenset(s.id for s in content.scenarios.values() if s.rivalry is not None)
        # A threshold as (meter, low, high): crossed when the meter is below low or above high.
        self.situations = tuple(
            (s.id, *_bounds(s.starts), *_bounds(s.ends)) for s in content.situations
        )
        self.drift = {s.id: tuple(s.per_turn.items()) for s in content.situations}
        self.margins = tuple((m.id, m.high_ending is not None) for m in content.meters)
        victory = [e.id for e in content.endings.values() if e.kind == VICTORY]
        self.victory = victory[0] if victory else None

    def effects_of(self, card: Card, scenario_id: str) -> tuple[tuple[dict[str, int], dict[str, int], dict[str, int]], ...]:
        key: object = (scenario_id, card.id) if scenario_id in self.own_rivalry else card.id
        found = self.effects.get(key)
        if found is None:
            matrix = self.content.rivalry_of(scenario_id)
            parts = []
            for choice in card.choices:
                direct, rivalry = _split_effect(matrix, choice.effects)
                parts.append((direct, rivalry, _add(direct, rivalry)))
            found = self.effects[key] = tuple(parts)
        return found


def _bounds(threshold: Threshold) -> tuple[str, float, float]:
    if threshold.below is not None:
        return threshold.meter, threshold.below, _INF
    if threshold.above is not None:
        return threshold.meter, -_INF, threshold.above
    return threshold.meter, -_INF, _INF


_INF = float("inf")


def _facts(content: Content) -> _Facts:
    return content.derived("facts", lambda: _Facts(content))


def _update_situations(
    content: Content, active: tuple[str, ...], meters: Mapping[str, int]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``(active, started, ended)`` after checking every situation's thresholds."""
    started: list[str] = []
    ended: list[str] = []
    result: list[str] = []
    for situation_id, s_meter, s_low, s_high, e_meter, e_low, e_high in _facts(content).situations:
        if situation_id in active:
            value = meters[e_meter]
            if value < e_low or value > e_high:
                ended.append(situation_id)
            else:
                result.append(situation_id)
        else:
            value = meters[s_meter]
            if value < s_low or value > s_high:
                started.append(situation_id)
                result.append(situation_id)
    return tuple(result), tuple(started), tuple(ended)


# --- the turn -----------------------------------------------------------------------


class _Turn:
    """A choice played out on a copy of the state: everything :func:`forecast` tells and
    :func:`choose` needs to make the next state. The one place a turn's rules live."""

    __slots__ = ("card", "choice", "picked", "direct", "rivalry", "immediate", "meters", "flags",
                 "counters", "scheduled", "lingering", "lingering_applied", "situation_effects", "situations",
                 "started", "ended", "ending", "victory", "before", "pending", "same_quarter")

    card: Card
    choice: int
    picked: Choice
    direct: dict[str, int]
    rivalry: dict[str, int]
    immediate: dict[str, int]
    meters: dict[str, int]
    flags: frozenset[str]
    scheduled: tuple[PendingFollowUp, ...]
    lingering: tuple[ActiveLingering, ...]
    lingering_applied: dict[str, int]
    situation_effects: dict[str, int]
    situations: tuple[str, ...]
    started: tuple[str, ...]
    ended: tuple[str, ...]
    ending: str | None
    victory: bool
    before: Mapping[str, int]
    counters: Mapping[str, int]
    pending: tuple[PendingFollowUp, ...]
    same_quarter: bool

    def forecast_fields(self) -> dict[str, object]:
        before, meters = self.before, self.meters
        return dict(
            card=self.card.id,
            choice=self.choice,
            direct=self.direct,
            rivalry=self.rivalry,
            immediate=self.immediate,
            lingering=self.lingering_applied,
            situation_effects=self.situation_effects,
            changes={m: v - before[m] for m, v in meters.items() if v != before[m]},
            situations_started=self.started,
            situations_ended=self.ended,
            followups_scheduled=self.scheduled,
            ending=self.ending,
        )


def _resolve(content: Content, state: GameState, choice: int) -> _Turn:
    """Steps 1-5 of the turn (see the module docstring) for ``choice``, on copies."""
    card = current_card(content, state)
    if not 0 <= choice < len(card.choices):
        raise RuleError(f"choice {choice + 1} is not one of 1..{len(card.choices)}")
    facts = _facts(content)
    picked = card.choices[choice]
    turn = _Turn()
    turn.card, turn.choice, turn.picked, turn.before = card, choice, picked, state.meters
    meters = dict(state.meters)

    turn.direct, turn.rivalry, immediate = facts.effects_of(card, state.scenario)[choice]
    turn.immediate = immediate
    for meter_id, amount in immediate.items():
        value = meters[meter_id] + amount
        meters[meter_id] = METER_MIN if value < METER_MIN else METER_MAX if value > METER_MAX else value

    flags = state.flags
    if picked.set_flags or picked.clear_flags:
        flags = (flags | frozenset(picked.set_flags)) - frozenset(picked.clear_flags)
    turn.flags = flags
    turn.counters = state.counters
    if picked.add_counters:
        counters = dict(state.counters)
        for name, amount in picked.add_counters:
            counters[name] = counters.get(name, 0) + amount
        turn.counters = {name: value for name, value in counters.items() if value}
    turn.scheduled = ()
    turn.pending = state.pending
    if picked.followups:
        turn.scheduled = tuple(PendingFollowUp(f.card, state.turn + f.delay, card.id, f.delay == 0)
                               for f in picked.followups)
        turn.pending = state.pending + turn.scheduled
    # Another card comes this quarter: the quarter's end (steps 3 and 6) waits for it.
    turn.same_quarter = _quarter_goes_on(content, turn.pending, state.date)
    lingering = state.lingering
    if picked.lingering:
        lingering += tuple(ActiveLingering(l.meter, l.amount, l.turns, 0, card.id) for l in picked.lingering)

    lingering_applied: dict[str, int] = {}
    still_lingering: list[ActiveLingering] = []
    for effect in lingering:
        if turn.same_quarter:
            still_lingering.append(effect)
            continue
        tick = effect.next_tick()
        if tick:
            lingering_applied[effect.meter] = lingering_applied.get(effect.meter, 0) + tick
            meters[effect.meter] = _clamp(meters[effect.meter] + tick)
        if effect.elapsed + 1 < effect.turns:
            still_lingering.append(evolve(effect, elapsed=effect.elapsed + 1))
    turn.lingering, turn.lingering_applied = tuple(still_lingering), lingering_applied

    situation_effects: dict[str, int] = {}
    if state.situations and not turn.same_quarter:
        active = state.situations
        for situation_id, *_ in facts.situations:
            if situation_id in active:
                for meter_id, amount in facts.drift[situation_id]:
                    situation_effects[meter_id] = situation_effects.get(meter_id, 0) + amount
                    meters[meter_id] = _clamp(meters[meter_id] + amount)
    turn.situation_effects = situation_effects
    turn.situations, turn.started, turn.ended = _update_situations(content, state.situations, meters)
    turn.meters = meters

    ending = content.fatal_ending(meters)
    turn.victory = False
    if ending is None and not turn.same_quarter and state.turn >= content.scenarios[state.scenario].turns:
        if facts.victory is None:
            raise LookupError("content has no victory ending")
        ending, turn.victory = facts.victory, True
    turn.ending = ending
    return turn


def choose(content: Content, state: GameState, choice: int) -> tuple[GameState, TurnReport]:
    """Take choice ``choice`` (0-based) on the card on the table and play out the turn."""
    turn = _resolve(content, state, choice)
    meters = turn.meters
    decision = build(
        Decision,
        turn=state.turn,
        date=state.date,
        card=turn.card.id,
        choice=choice,
        followup=state.card_is_followup,
        injected=state.card_is_injected,
    )
    history = state.history + (meters,)
    changes = dict(
        meters=meters,
        flags=turn.flags,
        counters=turn.counters,
        situations=turn.situations,
        pending=turn.pending,
        lingering=turn.lingering,
        decisions=state.decisions + (decision,),
        history=history,
        card=None,
        card_is_followup=False,
        card_is_injected=False,
    )
    facts = _facts(content)
    if turn.victory:
        score = _balance_score(facts, history)
        grade = content.grade_for(score)
        state = evolve(state, ending=turn.ending, score=score, grade=grade.id if grade else None, **changes)
    elif turn.ending is not None:
        state = evolve(state, ending=turn.ending, decisive_card=turn.card.id,
                       score=_balance_score(facts, history), **changes)
    elif turn.same_quarter:
        state = _deal_same_quarter(content, evolve(state, **changes))
    else:
        if any(p.same_quarter for p in turn.pending):  # those that could not come: dropped
            changes["pending"] = tuple(p for p in turn.pending if not p.same_quarter)
        state = _deal(content, evolve(state, turn=state.turn + 1, date=state.date + 1, **changes))
    report = build(TurnReport, **turn.forecast_fields(), next_card=state.card,
                   next_is_followup=state.card_is_followup)
    return state, report


def forecast(content: Content, state: GameState, choice: int) -> Forecast:
    """Exactly what choice ``choice`` (0-based) on the card on the table will do this
    turn: every meter's net move (rivalry, lingering effects, situations, clamping) and
    the ending it brings. :func:`choose` plays the same turn, so its report agrees."""
    return build(Forecast, **_resolve(content, state, choice).forecast_fields())


def forecasts(content: Content, state: GameState) -> tuple[Forecast, ...]:
    """The :func:`forecast` of every choice on the card on the table, in order."""
    return tuple(forecast(content, state, index) for index in range(len(current_card(content, state).choices)))


def current_card(content: Content, state: GameState) -> Card:
    """The card on the table; :class:`RuleError` once the game is over."""
    if state.over or state.card is None:
        raise RuleError("the game is over")
    return content.cards[state.card]


def final_ending(content: Content, state: GameState) -> Ending:
    """The ending a finished game reached; :class:`RuleError` while it is in play."""
    if state.ending is None:
        raise RuleError("the game is not over")
    return content.endings[state.ending]


def play(content: Content, scenario_id: str | None, seed: int, choices: Iterable[int]) -> GameState:
    """Replay ``choices`` (0-based) from a new game; stops early if the game ends.

    Raises :class:`RuleError` for a choice out of range.
    """
    state = new_game(content, scenario_id, seed)
    for choice in choices:
        if state.over:
            break
        state, _ = choose(content, state, choice)
    return state


# --- replay -------------------------------------------------------------------------


class ReplayError(RuleError):
    """A record the content cannot replay; ``turn`` is where it parts from the game."""

    def __init__(self, turn: int, message: str) -> None:
        self.turn = turn
        super().__init__(message)


def replay_states(
    content: Content, scenario_id: str, seed: int, choices: Iterable[int],
    injects: Iterable[Inject] = (),
) -> Iterator[GameState]:
    """Replay a game from its record: yield the state at the start, then for each turn
    the state once that turn's injects are on the table, then the state after its choice;
    a last state with the injects of the turn the record stops on.

    ``injects`` are ``(turn, card_id)`` pairs, dealt in order before that turn's choice,
    or ``(turn, card_id, step)`` for a later card of a quarter: the card after ``step``
    decisions of that turn (same-quarter follow-ups). Raises :class:`ReplayError` when
    the content cannot play the record (no such scenario or card, a choice out of range,
    more choices than the game has turns).
    """
    if scenario_id not in content.scenarios:
        raise ReplayError(1, f"the content has no scenario {scenario_id!r}")
    by_slot: dict[tuple[int, int], list[str]] = {}
    for inject_record in injects:
        turn, card_id = inject_record[0], inject_record[1]
        slot = inject_record[2] if len(inject_record) == 3 else 0
        by_slot.setdefault((turn, slot), []).append(card_id)
    try:
        state = new_game(content, scenario_id, seed)
    except RuleError as error:
        raise ReplayError(1, str(error)) from None
    yield state
    for choice in choices:
        if state.over:
            raise ReplayError(state.turn + 1, f"the replayed game ended on turn {state.turn} ({state.ending}) "
                                              "but the record has more choices")
        turn = state.turn
        state = _inject_all(content, state, by_slot.pop((turn, quarter_step(state)), []))
        yield state
        try:
            state, _ = choose(content, state, choice)
        except RuleError as error:
            raise ReplayError(turn, f"choice {choice + 1} cannot be taken on card {state.card!r}: {error}") from None
        yield state
    if not state.over:
        state = _inject_all(content, state, by_slot.pop((state.turn, quarter_step(state)), []))
        yield state
    if by_slot:
        turn, at = min(by_slot)
        where = f"turn {turn}" if not at else f"card {at + 1} of turn {turn}"
        raise ReplayError(turn, f"the record injects {by_slot[turn, at][0]!r} on {where}, "
                                "which the game never reaches")


def _inject_all(content: Content, state: GameState, cards: list[str]) -> GameState:
    for card_id in cards:
        try:
            state = inject(content, state, card_id)
        except RuleError as error:
            raise ReplayError(state.turn, f"cannot inject {card_id!r}: {error}") from None
    return state


Inject = tuple[int, str] | tuple[int, str, int]
"""An inject of a record: ``(turn, card)``, or ``(turn, card, step)`` for a card after
``step`` decisions of its quarter."""


def injects_of(state: GameState) -> tuple[Inject, ...]:
    """The injects of a game, read from its decisions: ``(turn, card)``, or ``(turn,
    card, step)`` for a card after ``step`` decisions of its quarter (see
    :func:`replay_states`)."""
    injects: list[Inject] = []
    step = 0
    for index, d in enumerate(state.decisions):
        step = step + 1 if index and state.decisions[index - 1].turn == d.turn else 0
        if d.injected:
            injects.append((d.turn, d.card, step) if step else (d.turn, d.card))
    return tuple(injects)


def rebuild(content: Content, state: GameState) -> list[GameState]:
    """Every state of ``state``'s game, replayed from its seed, choices and injects: the
    state before each decision (its card on the table), then the state itself.

    Raises :class:`ReplayError` when the replay parts from ``state`` (another content,
    an edited game): the caller decides what a game without its past may do.
    """
    states: list[GameState] = []
    replayed = replay_states(content, state.scenario, state.seed, state.choices_made, injects_of(state))
    current = next(replayed)
    for decision in state.decisions:
        current = next(replayed)
        if current.card != decision.card:
            raise ReplayError(decision.turn, f"the replay deals {current.card!r}, the game has {decision.card!r}")
        states.append(current)
        current = next(replayed)
    for current in replayed:
        pass
    if current != state:
        raise ReplayError(state.turn, "the replay does not reproduce the game's state")
    states.append(current)
    return states


# --- explaining a game ----------------------------------------------------------------


@dataclass(frozen=True)
class Decisive:
    """The decision that pushed the meter that ended a game furthest toward its end."""

    decision: Decision
    meter: str
    amount: int


def decisive_decision(content: Content, state: GameState) -> Decisive | None:
    """For a lost game, the decision whose choice (with rivalry) moved the fatal meter
    most toward the end it reached; None for a game not lost or without such a move."""
    meter = content.meter_of_ending(state.ending)
    if meter is None:
        return None
    toward_high = meter.high_ending == state.ending and meter.low_ending != state.ending
    facts = _facts(content)
    best: Decisive | None = None
    for decision in state.decisions:
        card = content.cards.get(decision.card)
        if card is None or not 0 <= decision.choice < len(card.choices):
            continue
        amount = facts.effects_of(card, state.scenario)[decision.choice][2].get(meter.id, 0)
        signed = amount if toward_high else -amount
        if signed > 0 and (best is None or signed >= (best.amount if toward_high else -best.amount)):
            best = Decisive(decision, meter.id, amount)
    return best


# --- scoring ----------------------------------------------------------------------


def balance_score(content: Content, history: Sequence[Mapping[str, int]]) -> int:
    """The balance struck over a game, 0..100.

    Each snapshot's margin is the smallest distance of any meter from a fatal end (out of
    50). The score averages the mean margin and the worst one, so a term that held the
    middle throughout scores high and one that survived by a hair scores low.
    """
    return _balance_score(_facts(content), history)


def _balance_score(facts: _Facts, history: Sequence[Mapping[str, int]]) -> int:
    snapshots = history[1:] or history
    margins = []
    for snap in snapshots:
        worst = 50
        for meter_id, fatal_high in facts.margins:
            value = snap[meter_id]
            margin = value - METER_MIN
            if fatal_high and METER_MAX - value < margin:
                margin = METER_MAX - value
            if margin < worst:
                worst = margin
        margins.append(worst)
    mean = sum(margins) / len(margins)
    worst = min(margins)
    return round_half_away(100 * (mean + worst) / 2 / 50)
