"""The simulation kernel: the engine's rules on a mutable state, for playing many games fast.

The engine (:mod:`game.engine.rules`) builds a new immutable :class:`GameState` and a
turn report every turn, because undo, saves and replays need the snapshots; the
simulator throws both away, and that allocation was most of the engine's cost (issue
#21). The kernel plays the same rules on one mutable :class:`KState`:

- the content is compiled once (per :class:`Content` object, in a module-level weak
  cache, never in ``Content._derived``) into flat tables: each choice's effect with
  rivalry as ``(meter index, change)`` pairs, conditions as small closures, the draw's
  greatest-weight tables per scenario and (turn, date), situations, lingering ticks,
  follow-ups, fatal ends and margins per meter value;
- the random stream is the engine's (SplitMix64 of :mod:`game.engine.rng`, in C where
  the install compiled it: :mod:`game.sim.splitmix`), and
  the draw consumes it exactly as ``rules._draw`` does (the greatest-weight table with
  :data:`DRAW_TRIES` tries, then the exact scan and weighted pick), so the same seed
  deals the same cards;
- no history, decisions or report are kept unless ``record=True`` is asked for (the
  balance score needs only a running sum and minimum of the turns' margins).

It agrees with the engine game by game (``tests/test_kernel.py``), and
:meth:`Kernel.to_state` turns a recorded kernel game into the engine's ``GameState``.
What it does not do: injects (the classroom's), undo, saves. Those stay the engine's.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any
from math import isfinite
from operator import getitem as _getitem

from game.engine import rng as _rng
from game.engine.model import METER_MAX, METER_MIN, VICTORY, Condition, Content
from game.engine.rules import _SPREAD_SALT, RuleError, effect_with_rivalry, set_aside_cards
from game.engine.state import ActiveLingering, Decision, GameState, PendingFollowUp, round_half_away
from game.sim.splitmix import draw as _draw_step, step as _step

# The engine's draw: this many picks from the greatest-weight table before the exact
# scan (rules._DRAW_TRIES), and the same bound on the slices kept per scenario. The
# agreement tests would catch a change on either side.
DRAW_TRIES = 32
_SLICES_MAX = 1024

_SAFE = 50  # a margin is capped here, as in the engine's balance score


# --- compiled content ---------------------------------------------------------------

# A compiled condition: whether it holds in a kernel game.
_Check = Callable[["KState"], bool]


def _compile_condition(cond: Condition, index: dict[str, int], bits: dict[str, int],
                       windows: bool = True) -> _Check | None:
    """A closure ``check(ks) -> bool`` for ``cond``, or None when it always holds.

    ``index`` gives each meter's position, ``bits`` each situation's bit in
    ``KState.situations`` (an id it lacks gets a bit no game sets).

    With ``windows=False`` the turn and date windows and the scenario list are left
    out: the draw's slices and scenario decks have already tested those.
    """
    checks: list[_Check] = []
    # Each closure reads its own local (a cell), so the closures share no variable.
    if cond.meters:
        ranges = tuple((index[m], low, high) for m, low, high in cond.meters)

        def meters_hold(ks: KState) -> bool:
            meters = ks.meters
            for i, low, high in ranges:
                if not low <= meters[i] <= high:
                    return False
            return True

        checks.append(meters_hold)
    flags, not_flags = cond.flags, cond.not_flags
    never = 1 << len(bits)
    situations = sum({bits.get(sid, never) for sid in cond.situations})
    not_situations = sum({bits.get(sid, never) for sid in cond.not_situations})
    if flags:
        checks.append(lambda ks: flags <= ks.flags)
    if not_flags:
        checks.append(lambda ks: not_flags.isdisjoint(ks.flags))
    if situations:
        checks.append(lambda ks: ks.situations & situations == situations)
    if not_situations:
        checks.append(lambda ks: not ks.situations & not_situations)
    if windows and cond.turns is not None:
        first_turn, last_turn = cond.turns
        checks.append(lambda ks: first_turn <= ks.turn <= last_turn)
    if windows and cond.dates is not None:
        first_date, last_date = cond.dates
        checks.append(lambda ks: first_date <= ks.date <= last_date)
    scenarios = cond.scenarios
    if windows and scenarios is not None:
        checks.append(lambda ks: ks.scenario in scenarios)
    if cond.counters:
        counter_ranges = cond.counters

        def counters_hold(ks: KState) -> bool:
            counters = ks.counters
            for name, low, high in counter_ranges:
                if not low <= counters.get(name, 0) <= high:
                    return False
            return True

        checks.append(counters_hold)
    if cond.any_of:
        # A part with no checks always holds, and so does the any:.
        compiled = [_compile_condition(part, index, bits) for part in cond.any_of]
        alternatives = tuple(part for part in compiled if part is not None)
        if len(alternatives) == len(compiled):
            checks.append(lambda ks: any(part(ks) for part in alternatives))
    if cond.chance is not None:
        chance, key = cond.chance, cond.chance_key
        checks.append(lambda ks: _rng.roll(ks.seed, ks.turn, key) < chance)
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda ks: a(ks) and b(ks)
    parts = tuple(checks)
    return lambda ks: all(check(ks) for check in parts)


# _CLAMP[v + d] is v + d clamped to the meters' range, for v in it and -100 <= d <= 100
# (a negative index wraps to the zeros at the end): one subscript instead of two
# comparisons on the turn's hottest loop. A change beyond 100 either way clamps as 100
# does, so the applied changes are capped there (_capped) and the table covers them all.
_CLAMP = tuple(range(METER_MIN, METER_MAX + 1)) + (METER_MAX,) * 100 + (METER_MIN,) * 100
assert METER_MIN == 0 and METER_MAX == 100  # the table's layout; the engine's meters too


def _capped(pairs) -> tuple[tuple[int, int], ...]:
    """``(meter index, change)`` pairs with each change capped to [-100, 100]: the same
    meters after clamping, and every sum within ``_CLAMP``."""
    return tuple((i, -100 if d < -100 else 100 if d > 100 else d) for i, d in pairs)


class _KChoice:
    """A choice as the turn applies it."""

    __slots__ = ("effects", "apply", "set_flags", "clear_flags", "followups", "lingering", "counters", "plain")

    def __init__(self, effects, set_flags, clear_flags, followups, lingering, counters=()) -> None:
        self.effects = effects  # ((meter index, change), ...), rivalry included, no zeros
        self.apply = _capped(effects)  # the same, for _CLAMP
        self.set_flags = set_flags  # frozenset or None
        self.clear_flags = clear_flags  # frozenset or None
        self.followups = followups  # ((card id, delay), ...)
        self.lingering = lingering  # (_KLingering, ...)
        self.counters = counters  # ((counter, amount), ...), no zeros
        # Nothing but meters moves: the turn's common case, one test instead of five.
        self.plain = not (set_flags or clear_flags or followups or lingering or counters)


class _KLingering:
    """A lingering effect's meter and its ticks, worked out once with the engine's rounding."""

    __slots__ = ("meter", "meter_id", "amount", "turns", "ticks")

    def __init__(self, meter: int, meter_id: str, amount: int, turns: int) -> None:
        self.meter, self.meter_id, self.amount, self.turns = meter, meter_id, amount, turns
        # ActiveLingering.next_tick for each elapsed count, the same expression.
        self.ticks = tuple(round_half_away(amount * (turns - elapsed) / turns) for elapsed in range(turns))


class _KCard:
    """A card's draw rules and choices."""

    __slots__ = ("id", "index", "choices", "once", "cooldown", "weight", "turns", "dates", "rest", "mods",
                 "moves")

    def __init__(self, card, index: int, meters: dict[str, int], bits: dict[str, int], content: Content,
                 lingering_specs: dict, scenario_id: str | None = None) -> None:
        self.id = card.id
        self.index = index
        self.once = card.once
        self.cooldown = card.cooldown
        self.weight = card.weight
        self.turns = card.when.turns
        self.dates = card.when.dates
        # The condition less its windows and scenario list (the draw checks those).
        self.rest = _compile_condition(card.when, meters, bits, windows=False)
        self.mods = tuple((_compile_condition(m.when, meters, bits), m.multiply) for m in card.weight_if)
        # Whether eligibility or weight can change with the meters (the lookahead's split).
        self.moves = card.when.reads_meters or any(m.when.reads_meters for m in card.weight_if)
        choices = []
        for choice in card.choices:
            delta = effect_with_rivalry(content, choice.effects, scenario_id)
            effects = tuple((meters[m], d) for m, d in delta.items() if d)
            linger = []
            for spec in choice.lingering:
                key = (spec.meter, spec.amount, spec.turns)
                found = lingering_specs.get(key)
                if found is None:
                    found = lingering_specs[key] = _KLingering(meters[spec.meter], *key)
                linger.append(found)
            choices.append(_KChoice(
                effects,
                frozenset(choice.set_flags) or None,
                frozenset(choice.clear_flags) or None,
                tuple((f.card, f.delay) for f in choice.followups),
                tuple(linger),
                choice.add_counters,
            ))
        self.choices = tuple(choices)


class _KSlice:
    """The deck's cards whose turn and date windows hold at one (turn, date): the
    engine's ``rules._Slice`` with kernel cards."""

    __slots__ = ("cards", "entries", "ends", "total", "steady", "moving")

    def __init__(self, cards: tuple, tops: dict[int, float], plain: dict[int, float]) -> None:
        self.cards = cards
        table, ends, running = [], [], 0.0
        for card in cards:
            top = tops[card.index]
            if top > 0:
                running += top
                table.append(card)
                ends.append(running)
        # What the draw's loop reads of each card of the table, unpacked in one step:
        # the card, its id, how many turns after its last deal it stays barred (the
        # cooldown; for a once card, for ever), its condition less the windows, its
        # weight where no multiplier can change it (the deck's plain weight), else None,
        # and where its stretch of the table starts. The last entry comes twice: a pick
        # that rounds up to the total lands on it, as the engine's clamp to the last.
        inf = float("inf")
        entries = [(card, card.id, inf if card.once else card.cooldown, card.rest,
                    None if card.mods else plain[card.index], ends[n - 1] if n else 0.0)
                   for n, card in enumerate(table)]
        self.entries = tuple(entries + entries[-1:])
        self.ends = ends
        self.total = running if isfinite(running) else 0.0
        self.steady = tuple(card for card in cards if not card.moves)
        self.moving = tuple(card for card in cards if card.moves)


class _KDeck:
    """A scenario's deck: drawable cards, fallbacks, focus, greatest weights, slices."""

    __slots__ = ("scenario", "drawable", "fallbacks", "fallback_weights", "focus", "tops", "slices", "turns",
                 "meter_index", "by_turn", "plain", "by_id", "start", "spread")

    def __init__(self, compiled: _Compiled, content: Content, scenario_id: str) -> None:
        scenario = content.scenarios[scenario_id]
        self.scenario = scenario
        self.turns = scenario.turns
        self.meter_index = compiled.meter_index
        # The kernel cards of this scenario: the shared ones, or, under a rivalry of the
        # scenario's own, cards whose effects carry that rivalry.
        self.by_id = compiled.by_id
        if scenario.rivalry is not None:
            self.by_id = {
                card.id: _KCard(card, i, compiled.meter_index, compiled.bits, content, compiled.lingering_specs,
                                scenario_id)
                for i, card in enumerate(content.cards.values())
            }
        drawable: list[_KCard] = []
        fallbacks: list[_KCard] = []
        for card in content.cards.values():  # rules.scenario_deck, with kernel cards
            if card.followup_only or scenario.exclude_tags.intersection(card.tags):
                continue
            if card.when.scenarios is not None and scenario_id not in card.when.scenarios:
                continue
            (fallbacks if card.fallback else drawable).append(self.by_id[card.id])
        self.drawable = tuple(drawable)
        self.fallbacks = tuple(fallbacks)
        self.fallback_weights = tuple(max(card.weight, 1e-9) for card in fallbacks)
        # The scenario's focus factors in tag order, the 1.0s left out (an exact no-op).
        focus = scenario.focus
        self.focus = {}
        tops = {}
        for kcard in drawable:
            card = content.cards[kcard.id]
            self.focus[kcard.index] = tuple(focus[t] for t in card.tags if t in focus and focus[t] != 1.0)
            top = abs(card.weight)
            for modifier in card.weight_if:
                top *= max(1.0, abs(modifier.multiply))
            for tag in card.tags:
                top *= abs(focus.get(tag, 1.0))
            tops[kcard.index] = top
        self.tops = tops
        # The weight of each card without multipliers, focus applied in the engine's
        # order: the whole weight of a card that has no weight_if.
        self.plain = {}
        for kcard in drawable:
            weight = kcard.weight
            for factor in self.focus[kcard.index]:
                weight *= factor
            self.plain[kcard.index] = weight
        self.slices: dict[tuple[int, int], _KSlice] = {}
        # A kernel game's date is always the start date plus turn - 1 (no injects move
        # it), so the kernel finds its slice by turn alone.
        self.by_turn: list[_KSlice | None] = [None] * (scenario.turns + 2)
        # rules.start_meters as flat tables: the scenario's values in meter order, and
        # each start_spread as (meter index, width, spread) in the order it names them.
        self.start = tuple(scenario.meters.get(meter.id, meter.start) for meter in content.meters)
        self.spread = tuple((compiled.meter_index[m], 2 * s + 1, s) for m, s in scenario.start_spread.items())

    def at(self, turn: int, date: int) -> _KSlice:
        found = self.slices.get((turn, date))
        if found is None:
            cards = []
            for kcard in self.drawable:
                turns, dates = kcard.turns, kcard.dates
                if turns is not None and not turns[0] <= turn <= turns[1]:
                    continue
                if dates is not None and not dates[0] <= date <= dates[1]:
                    continue
                cards.append(kcard)
            if len(self.slices) >= _SLICES_MAX:
                self.slices.clear()
                self.by_turn = [None] * len(self.by_turn)
            found = self.slices[(turn, date)] = _KSlice(tuple(cards), self.tops, self.plain)
        return found

    def weight(self, card: _KCard, ks: KState) -> float:
        """``rules.card_weight``: the weight, the multipliers that hold, the focus, in
        the engine's order of multiplication (floats: the order matters)."""
        weight = card.weight
        for check, multiply in card.mods:
            if check is None or check(ks):
                weight *= multiply
        for factor in self.focus[card.index]:
            weight *= factor
        return weight


class _Compiled:
    """Everything the kernel needs about one content set, worked out once."""

    def __init__(self, content: Content) -> None:
        # No reference to the content itself: the cache must not keep it alive.
        self.meter_ids = content.meter_ids
        index = {m: i for i, m in enumerate(self.meter_ids)}
        self.meter_index = index
        # Each situation's bit in KState.situations, in content order.
        self.bits = {s.id: 1 << j for j, s in enumerate(content.situations)}
        lingering_specs: dict = {}
        self.lingering_specs = lingering_specs  # shared by the decks' own cards
        self.cards: list[_KCard] = []
        self.by_id: dict[str, _KCard] = {}
        for i, card in enumerate(content.cards.values()):
            kcard = _KCard(card, i, index, self.bits, content, lingering_specs)
            self.cards.append(kcard)
            self.by_id[card.id] = kcard
        # Situations in content order: (id, start meter, low, high, end meter, low, high,
        # drift), a threshold crossed when the meter is below low or above high.
        inf = float("inf")

        def bounds(threshold):
            if threshold.below is not None:
                return index[threshold.meter], threshold.below, inf
            if threshold.above is not None:
                return index[threshold.meter], -inf, threshold.above
            return index[threshold.meter], -inf, inf

        self.situations = tuple(
            (s.id, *bounds(s.starts), *bounds(s.ends), tuple((index[m], d) for m, d in s.per_turn.items() if d))
            for s in content.situations
        )
        # The situations that drift: (id, bit, drift) in content order.
        self.drifts = tuple((s[0], self.bits[s[0]], s[7]) for s in self.situations if s[7])
        self._situation_tables()
        # fatal[i][v]: the ending of meter i standing at v, or None; margin[i][v] its
        # distance from a fatal end capped at 50 (the engine's balance score).
        self.fatal = []
        self.margin = []
        for meter in content.meters:
            high = meter.high_ending
            self.fatal.append(tuple(
                meter.low_ending if v <= METER_MIN else high if v >= METER_MAX and high is not None else None
                for v in range(METER_MAX + 1)))
            self.margin.append(tuple(
                min(v - METER_MIN, METER_MAX - v if high is not None else _SAFE, _SAFE)
                for v in range(METER_MAX + 1)))
        self._packed_tables()
        victory = [e.id for e in content.endings.values() if e.kind == VICTORY]
        self.victory = victory[0] if victory else None
        self.decks: dict[str, _KDeck] = {}
        self.bot_cache: dict = {}  # the kernel bots' tables (game.sim.kernel_bots)

    def _situation_tables(self) -> None:
        """Situation updates by meter value, for the turn's hot path.

        ``KState.situations`` is a bit mask (bit j: the content's situation j). A
        situation that starts and ends on the same meter, with no value crossing both
        thresholds, has a fixed fate at each value of that meter: on (start crossed),
        off (end crossed) or unchanged. ``flips[i][v]`` holds, for meter i at v, the
        bits it turns on, plus those it turns off shifted up by ``shift``. A situation
        belongs to one meter, so the meters' entries have no bit in common and their
        sum is their union: the update is one C-level ``sum(map(...))`` over the meters
        and two masks, instead of a loop of set operations (measured 3x faster).
        Any other situation is tested one by one (``tested``), as the engine does.
        """
        n = len(self.meter_ids)
        shift = len(self.situations) + 1  # the "never" bit of _compile_condition included
        flips = [[0] * (METER_MAX + 1) for _ in range(n)]
        tested = []
        for situation in self.situations:
            sid, s_meter, s_low, s_high, e_meter, e_low, e_high, _ = situation
            bit = self.bits[sid]
            starts = [v < s_low or v > s_high for v in range(METER_MAX + 1)]
            ends = [v < e_low or v > e_high for v in range(METER_MAX + 1)]
            if s_meter != e_meter or any(a and b for a, b in zip(starts, ends)):
                tested.append((bit, *situation[1:7]))
                continue
            row = flips[s_meter]
            for v in range(METER_MAX + 1):
                if starts[v]:
                    row[v] |= bit
                elif ends[v]:
                    row[v] |= bit << shift
        self.flips = tuple(tuple(row) for row in flips)
        self.shift = shift
        self.low = (1 << shift) - 1
        self.tested = tuple(tested)
        # The situations' drift in content order, flattened, per set of situations under
        # way (filled as sets turn up): one loop over (meter, change) pairs a turn.
        self.drift_plans: dict[int, tuple[tuple[int, int], ...]] = {}

    def _packed_tables(self) -> None:
        """``packed[i][v]``: meter i at v's situation flips (``flips``) plus a count of 1
        in the field of its margin, for the turn's one pass over the meters.

        Above the flips' bits (``2 * shift`` of them) lie 51 fields of 3 bits, one per
        margin, the field of margin 50 lowest: summed over the meters (fewer than 8 of
        them) each field counts the meters at that margin without carrying into the
        next, so the highest bit of the sum names the turn's worst margin. One
        ``sum(map(...))`` then does what a sum for the situations and a ``min`` for the
        margin did (the ``min`` compared in Python objects: it was the dearer).
        """
        self.margin_at = 2 * self.shift
        self.packed: tuple[tuple[int, ...], ...] = ()
        if len(self.meter_ids) < 8:
            self.packed = tuple(
                tuple(flip + (1 << (self.margin_at + 3 * (_SAFE - margin))) for flip, margin in zip(flips, margins))
                for flips, margins in zip(self.flips, self.margin))

    def drift_plan(self, active: int) -> tuple[tuple[int, int], ...]:
        """The (meter, change) pairs the situations ``active`` (a mask) apply at a
        quarter's end, in the engine's order (content order, each clamped in turn)."""
        found = self.drift_plans.get(active)
        if found is None:
            found = self.drift_plans[active] = _capped(
                pair for _, bit, drift in self.drifts if bit & active for pair in drift)
        return found

    def deck(self, content: Content, scenario_id: str) -> _KDeck:
        found = self.decks.get(scenario_id)
        if found is None:
            found = self.decks[scenario_id] = _KDeck(self, content, scenario_id)
        return found


# Compiled tables by id(content), each beside a weak reference that drops the entry when
# the content goes. (A Content compares by value and holds dicts, so it cannot be a key
# of a WeakKeyDictionary; and Content._derived is the engine's, not ours.)
_COMPILED: dict[int, tuple[weakref.ref, _Compiled]] = {}


def compiled_for(content: Content) -> _Compiled:
    """The kernel's tables for ``content``, built on first use and kept while it lives."""
    key = id(content)
    found = _COMPILED.get(key)
    if found is not None and found[0]() is content:
        return found[1]
    compiled = _Compiled(content)

    def forget(_: object) -> None:
        _COMPILED.pop(key, None)

    _COMPILED[key] = (weakref.ref(content, forget), compiled)
    return compiled


# --- the state ----------------------------------------------------------------------


class KState:
    """A game in progress, changed in place by :meth:`Kernel.choose`.

    ``meters`` is a list in the content's meter order; ``flags`` is a set of ids and
    ``situations`` a bit mask (:meth:`Kernel.situation_ids` names them), ``counters`` a
    dict without zeros; ``card`` is the id of the card on the table (None once over).
    ``pending`` holds ``[card id, due, source, same quarter]`` lists in the engine's
    order, ``lingering`` holds ``[spec, elapsed, source]`` lists. ``turns_played`` counts
    the choices made.
    ``decisions`` and ``history`` are kept only for a game started with ``record=True``.
    """

    __slots__ = ("scenario", "seed", "turn", "date", "meters", "flags", "counters", "situations", "pending", "lingering",
                 "last_dealt", "card", "kcard", "card_is_followup", "rng", "ending", "decisive_card", "score",
                 "grade", "turns_played", "margin_sum", "margin_worst", "decisions", "history", "deck", "aside")

    scenario: str
    seed: int
    turn: int
    date: int
    meters: list[int]
    flags: set[str]
    counters: dict[str, int]
    situations: int  # a bit mask: bit j for the content's situation j (Kernel.situation_ids)
    pending: list[list[Any]]  # [card id, due, source]: a list so the order and due stay editable
    lingering: list[list[Any]]  # [_KLingering, elapsed, source]: elapsed counts up in place
    last_dealt: dict[str, int]
    card: str | None
    kcard: _KCard | None
    card_is_followup: bool
    rng: int
    ending: str | None
    decisive_card: str | None
    score: int | None
    grade: str | None
    turns_played: int
    margin_sum: int
    margin_worst: int
    decisions: list[Decision] | None
    history: list[dict[str, int]] | None
    deck: _KDeck
    aside: frozenset[str]  # the ids of the cards this game never draws (rules.set_aside_cards)

    @property
    def over(self) -> bool:
        return self.ending is not None

    def meter(self, meter_id: str) -> int:
        """The value of meter ``meter_id``."""
        return self.meters[self.deck.meter_index[meter_id]]


Policy = Callable[["Kernel", KState, int], tuple[int, int]]


class Kernel:
    """The rules of :mod:`game.engine.rules` on a mutable :class:`KState`.

    ``k = Kernel(content); ks = k.new_game(scenario_id, seed); k.choose(ks, 0)``.
    """

    def __init__(self, content: Content) -> None:
        self.content = content
        self.compiled = compiled_for(content)
        self.meter_ids = self.compiled.meter_ids

    # -- starting and dealing ------------------------------------------------------

    def new_game(self, scenario_id: str | None = None, seed: int = 0, record: bool = False) -> KState:
        """A new game of ``scenario_id`` (default scenario if None) with its first card."""
        content = self.content
        c = self.compiled
        scenario = content.default_scenario if scenario_id is None else content.scenarios[scenario_id]
        deck = c.deck(content, scenario.id)
        ks = KState()
        ks.scenario = scenario.id
        ks.seed = seed
        ks.turn = 1
        ks.date = scenario.start
        ks.meters = self._start_meters(deck, seed)
        ks.flags = set(scenario.flags)
        ks.counters = {}
        ks.situations = 0
        ks.pending = []
        ks.lingering = []
        ks.last_dealt = {}
        ks.card = None
        ks.kcard = None
        ks.card_is_followup = False
        ks.rng = _rng.seed_state(seed)
        ks.ending = ks.decisive_card = ks.score = ks.grade = None
        ks.turns_played = 0
        ks.margin_sum = 0
        ks.margin_worst = _SAFE
        ks.deck = deck
        ks.aside = set_aside_cards(content, scenario.id, seed)
        ks.decisions = [] if record else None
        ks.history = [dict(zip(self.meter_ids, ks.meters))] if record else None
        self._update_situations(ks)
        if scenario.opening is not None:  # rules.new_game: dealt without a draw
            ks.card = scenario.opening
            ks.kcard = deck.by_id[scenario.opening]
            ks.last_dealt[scenario.opening] = 1
        else:
            self._deal(ks)
        return ks

    @staticmethod
    def _start_meters(deck: _KDeck, seed: int) -> list[int]:
        """``rules.start_meters`` in meter order: the same offsets from the same stream."""
        meters = list(deck.start)
        if deck.spread:
            state = _rng.seed_state(seed ^ _SPREAD_SALT)
            for i, width, spread in deck.spread:
                state, z = _step(state)
                meters[i] += z % width - spread
        return [_clamp(value) for value in meters]

    def _update_situations(self, ks: KState) -> None:
        """Start and stop situations on their thresholds (``rules._update_situations``)."""
        c = self.compiled
        flips = sum(map(_getitem, c.flips, ks.meters))
        ks.situations = (ks.situations | (flips & c.low)) & ~(flips >> c.shift)
        if c.tested:
            self._update_tested(ks)

    def _update_tested(self, ks: KState) -> None:
        """The situations that have no table by meter value, tested one by one."""
        meters = ks.meters
        active = ks.situations
        for bit, s_meter, s_low, s_high, e_meter, e_low, e_high in self.compiled.tested:
            if active & bit:
                value = meters[e_meter]
                if value < e_low or value > e_high:
                    active &= ~bit
            else:
                value = meters[s_meter]
                if value < s_low or value > s_high:
                    active |= bit
        ks.situations = active

    def _deal(self, ks: KState) -> None:
        """A due follow-up first (the earliest, the first scheduled among equals; one out
        of its card's dates dropped), else the draw."""
        pending = ks.pending
        turn = ks.turn
        while pending:
            first = None
            for p in pending:
                if p[1] <= turn and (first is None or p[1] < first[1]):
                    first = p
            if first is None:
                break
            pending.remove(first)
            card_id = first[0]
            kcard = ks.deck.by_id[card_id]
            dates = kcard.dates
            if dates is not None and not dates[0] <= ks.date <= dates[1]:
                continue  # rules.followup_in_date: out of its dates, dropped
            ks.card = card_id
            ks.kcard = kcard
            ks.card_is_followup = True
            ks.last_dealt[card_id] = turn
            return
        self._draw(ks)

    def _deal_same_quarter(self, ks: KState) -> None:
        """``rules._deal_same_quarter``: the first same-quarter follow-up its card's
        dates allow (those before it that they do not, dropped); turn and date stay."""
        pending = ks.pending
        for p in list(pending):
            if p[3]:
                pending.remove(p)
                kcard = ks.deck.by_id[p[0]]
                dates = kcard.dates
                if dates is None or dates[0] <= ks.date <= dates[1]:
                    ks.card = p[0]
                    ks.kcard = kcard
                    ks.card_is_followup = True
                    ks.last_dealt[p[0]] = ks.turn
                    return
        raise RuleError("no same-quarter follow-up to deal")  # pragma: no cover - choose checked

    def _draw(self, ks: KState) -> None:
        """``rules._draw``: the same picks from the same random numbers; the card drawn
        is dealt."""
        deck = ks.deck
        turn = ks.turn
        piece = deck.by_turn[turn]
        if piece is None:
            piece = deck.by_turn[turn] = deck.at(turn, ks.date)
        state = ks.rng
        total = piece.total
        last_dealt = ks.last_dealt
        aside = ks.aside
        if total > 0:
            entries, ends = piece.entries, piece.ends
            for _ in range(DRAW_TRIES):
                state, target, at = _draw_step(state, total, ends)  # the kernel's hottest line
                card, card_id, barred, rest, weight, start = entries[at]
                seen = last_dealt.get(card_id)
                if seen is not None and turn - seen <= barred:
                    continue
                if rest is not None and not rest(ks):
                    continue
                if weight is None:
                    weight = deck.weight(card, ks)
                # A card set aside for the game is refused last (the engine refuses it
                # first: the same attempts fail), so the test costs once a draw, not once
                # an attempt.
                if weight > 0 and target - start < weight and card_id not in aside:
                    ks.rng = state
                    ks.card = card_id
                    ks.kcard = card
                    ks.card_is_followup = False
                    last_dealt[card_id] = turn
                    return
        card = self._pick_scanned(ks, piece, state)
        ks.card = card.id
        ks.kcard = card
        ks.card_is_followup = False
        last_dealt[card.id] = turn

    def _pick_scanned(self, ks: KState, piece: _KSlice, state: int) -> _KCard:
        """The draw's exact scan and weighted pick, after the table's tries (or with an
        empty table): one number from ``state``."""
        deck = ks.deck
        candidates = self._scan(ks, piece.cards)
        if not candidates:
            if not deck.fallbacks:
                raise RuleError(f"scenario {ks.scenario!r} has no fallback card")
            candidates = list(zip(deck.fallbacks, deck.fallback_weights))
        state, x = _rng.next_float(state)
        ks.rng = state
        target = x * sum(weight for _, weight in candidates)
        running = 0.0
        for card, weight in candidates:
            running += weight
            if target < running:
                return card
        return candidates[-1][0]

    def _scan(self, ks: KState, cards) -> list[tuple[_KCard, float]]:
        """The eligible cards of a slice with their weights, in load order."""
        deck = ks.deck
        result = []
        for card in cards:
            if self.eligible(card, ks):
                weight = deck.weight(card, ks)
                if weight > 0:
                    result.append((card, weight))
        return result

    @staticmethod
    def eligible(card: _KCard, ks: KState) -> bool:
        """``rules.is_eligible`` for a card of a slice (its windows hold there), and not
        set aside for the game."""
        seen = ks.last_dealt.get(card.id)
        if seen is not None and (card.once or ks.turn - seen <= card.cooldown):
            return False
        return (card.rest is None or card.rest(ks)) and card.id not in ks.aside

    # -- the turn ------------------------------------------------------------------

    def choices(self, ks: KState) -> int:
        """How many choices the card on the table has."""
        if ks.kcard is None:
            raise RuleError("the game is over")
        return len(ks.kcard.choices)

    def choose(self, ks: KState, choice: int) -> None:
        """Take choice ``choice`` (0-based) and play out the turn, as ``rules.choose``."""
        card = ks.kcard
        if card is None or ks.ending is not None:
            raise RuleError("the game is over")
        choices = card.choices
        if not 0 <= choice < len(choices):
            raise RuleError(f"choice {choice + 1} is not one of 1..{len(choices)}")
        picked = choices[choice]
        c = self.compiled
        meters = ks.meters
        clamp = _CLAMP
        for i, amount in picked.apply:
            meters[i] = clamp[meters[i] + amount]
        pending = ks.pending  # the list itself: follow-ups scheduled now join it in place
        # The common turn moves meters only: no flags, counters, follow-ups or lingering.
        same = False if picked.plain and not pending and not ks.lingering else self._rest_of_choice(ks, card, picked)

        active = ks.situations
        if active and not same:
            plan = c.drift_plans.get(active)
            if plan is None:
                plan = c.drift_plan(active)
            for i, amount in plan:
                meters[i] = clamp[meters[i] + amount]
        # _update_situations, inlined, and the turn's worst margin: one pass over the
        # meters where the packed table fits (_Compiled._packed_tables).
        if c.packed:
            flips = sum(map(_getitem, c.packed, meters))
            worst = _SAFE - ((flips >> c.margin_at).bit_length() - 1) // 3
        else:
            flips = sum(map(_getitem, c.flips, meters))
            worst = min(map(_getitem, c.margin, meters))
        ks.situations = (active | (flips & c.low)) & ~(flips >> c.shift)  # the margins lie above: no effect
        if c.tested:
            self._update_tested(ks)

        turn = ks.turn
        if ks.decisions is not None:
            self._record(ks, card, choice)
        ks.turns_played += 1
        # The balance score's running figures: the turn's worst margin, summed and kept.
        # A margin is 0 exactly where a meter stands at a fatal end, so only then is the
        # ending looked for (the first meter's, in content order, as the engine does).
        ks.margin_sum += worst
        if worst < ks.margin_worst:
            ks.margin_worst = worst
            if worst == 0:
                self._end(ks, next(e for e in map(_getitem, c.fatal, meters) if e is not None), card)
                return
        elif worst == 0:
            self._end(ks, next(e for e in map(_getitem, c.fatal, meters) if e is not None), card)
            return
        if same:
            self._deal_same_quarter(ks)
        elif turn < ks.deck.turns:
            ks.turn = turn + 1
            ks.date += 1
            if pending:
                for p in pending:
                    if p[3]:  # a same-quarter follow-up that could not come: dropped
                        ks.pending = pending = [p for p in pending if not p[3]]
                        break
                self._deal(ks)
            else:  # the usual case: no follow-up can be due
                self._draw(ks)
        else:
            self._end(ks, None, card)

    def _rest_of_choice(self, ks: KState, card: _KCard, picked: _KChoice) -> bool:
        """What a choice does beside its meters, in the engine's order: flags, counters,
        follow-ups, lingering effects (added, then ticking unless the quarter goes on).
        Whether a same-quarter follow-up keeps the quarter open."""
        if picked.set_flags is not None:
            ks.flags |= picked.set_flags
        if picked.clear_flags is not None:
            ks.flags -= picked.clear_flags
        if picked.counters:
            counters = ks.counters
            for name, amount in picked.counters:
                value = counters.get(name, 0) + amount
                if value:
                    counters[name] = value
                else:
                    del counters[name]
        pending = ks.pending
        if picked.followups:
            turn = ks.turn
            pending.extend([card_id, turn + delay, card.id, delay == 0] for card_id, delay in picked.followups)
        # rules._quarter_goes_on: a same-quarter follow-up still to come keeps the
        # quarter open, and its end (lingering ticks, drift, the term's end) waits.
        same = False
        if pending:
            by_id, date = ks.deck.by_id, ks.date
            for p in pending:
                if p[3]:
                    dates = by_id[p[0]].dates
                    if dates is None or dates[0] <= date <= dates[1]:
                        same = True
                        break
        lingering = ks.lingering
        if picked.lingering:
            lingering.extend([spec, 0, card.id] for spec in picked.lingering)
        if lingering and not same:
            meters = ks.meters
            kept = []
            for effect in lingering:
                spec, elapsed = effect[0], effect[1]
                tick = spec.ticks[elapsed]
                if tick:
                    value = meters[spec.meter] + tick
                    meters[spec.meter] = 0 if value < 0 else 100 if value > 100 else value
                if elapsed + 1 < spec.turns:
                    effect[1] = elapsed + 1
                    kept.append(effect)
            ks.lingering = kept
        return same

    def _record(self, ks: KState, card: _KCard, choice: int) -> None:
        """A recorded game's decision and meters after the turn (``record=True``)."""
        assert ks.decisions is not None and ks.history is not None
        ks.decisions.append(Decision(ks.turn, ks.date, card.id, choice, ks.card_is_followup, False))
        ks.history.append(dict(zip(self.meter_ids, ks.meters)))

    def _end(self, ks: KState, ending: str | None, card: _KCard) -> None:
        """The game is over: ``ending`` (None: the term served, the victory), its score."""
        ks.card = None
        ks.kcard = None
        ks.card_is_followup = False
        if ending is None:
            if self.compiled.victory is None:
                raise LookupError("content has no victory ending")
            ks.ending = self.compiled.victory
            ks.score = self._score(ks)
            grade = self.content.grade_for(ks.score)
            ks.grade = grade.id if grade else None
        else:
            ks.ending = ending
            ks.decisive_card = card.id
            ks.score = self._score(ks)

    @staticmethod
    def _score(ks: KState) -> int:
        """``rules._balance_score`` from the running sum and minimum of the margins."""
        mean = ks.margin_sum / ks.turns_played
        return round_half_away(100 * (mean + ks.margin_worst) / 2 / 50)

    def play(self, scenario_id: str | None, seed: int, policy: Policy, bot_seed: int | None = None) -> KState:
        """A whole game: ``policy(kernel, ks, bot_rng) -> (choice, bot_rng)`` picks every turn.

        The bot's generator starts from ``bot_seed`` (default: the simulator's, derived
        from ``seed``), as :func:`game.sim.simulator.play_one` starts it.
        """
        ks = self.new_game(scenario_id, seed)
        bot_rng = _rng.seed_state(_rng.derive_seed(seed, 1) if bot_seed is None else bot_seed)
        choose = self.choose
        while ks.ending is None:
            choice, bot_rng = policy(self, ks, bot_rng)
            choose(ks, choice)
        return ks

    # -- the engine's view -----------------------------------------------------------

    def situation_ids(self, ks: KState) -> tuple[str, ...]:
        """The ids of the situations under way in ``ks``, in content order."""
        bits = self.compiled.bits
        return tuple(sid for sid in bits if bits[sid] & ks.situations)

    def to_state(self, ks: KState) -> GameState:
        """The engine's :class:`GameState` for a game started with ``record=True``: equal,
        field by field, to the state the engine reaches with the same seed and choices."""
        if ks.decisions is None or ks.history is None:
            raise ValueError("to_state needs a game started with record=True")
        return GameState(
            scenario=ks.scenario,
            seed=ks.seed,
            turn=ks.turn,
            date=ks.date,
            meters=dict(zip(self.meter_ids, ks.meters)),
            flags=frozenset(ks.flags),
            situations=self.situation_ids(ks),
            pending=tuple(PendingFollowUp(card, due, source, same) for card, due, source, same in ks.pending),
            lingering=tuple(ActiveLingering(spec.meter_id, spec.amount, spec.turns, elapsed, source)
                            for spec, elapsed, source in ks.lingering),
            last_dealt=dict(ks.last_dealt),
            card=ks.card,
            card_is_followup=ks.card_is_followup,
            card_is_injected=False,
            rng=ks.rng,
            decisions=tuple(ks.decisions),
            history=tuple(ks.history),
            ending=ks.ending,
            decisive_card=ks.decisive_card,
            score=ks.score,
            grade=ks.grade,
            counters=dict(ks.counters),
        )


def _clamp(value: int) -> int:
    return METER_MIN if value < METER_MIN else METER_MAX if value > METER_MAX else value
