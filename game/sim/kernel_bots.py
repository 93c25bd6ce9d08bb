"""The strategy bots of :mod:`game.sim.strategies`, playing on the kernel's state.

Each policy here makes, turn by turn, the very choice its engine bot makes on the
engine's state (``tests/test_kernel.py`` plays them side by side): the same random
numbers for the random bot, the same exact scores for the others. They reuse the bots'
:class:`~game.sim.strategies.Model` and scoring functions wherever those take plain
lists, and replace only what reads a :class:`GameState`.

A policy is ``policy(kernel, ks, bot_rng) -> (choice, bot_rng)``, like a strategy.
"""

from __future__ import annotations

from itertools import chain
from operator import getitem

from game.engine import Content, rng
from game.engine.model import VICTORY
from game.sim.kernel import Kernel, KState, Policy, _KCard
from game.sim.splitmix import pick as _pick
from game.sim.strategies import (
    DEATH,
    Model,
    _best,
    _cost_tables,
    _gain_rows,
    _reply_values,
    meters_after,
    model_for,
    outcome,
    value_of,
)

_INF = float("inf")


def random_policy(kernel: Kernel, ks: KState, bot_rng: int) -> tuple[int, int]:
    """``random_strategy``: uniform, from the bot's own generator."""
    assert ks.kcard is not None  # a policy is asked only while a card is on the table
    return _pick(bot_rng, len(ks.kcard.choices))


def vector_policy(meter_id: str) -> Policy:
    """``vector_strategy(meter_id)``: the choice that does most for one meter."""

    def pick(kernel: Kernel, ks: KState, bot_rng: int) -> tuple[int, int]:
        i = kernel.compiled.meter_index[meter_id]
        value = ks.meters[i]
        best, best_score = 0, -1
        assert ks.kcard is not None  # a policy is asked only while a card is on the table
        for n, choice in enumerate(ks.kcard.choices):
            after = value
            for j, change in choice.effects:
                if j == i:
                    after = min(100, max(0, value + change))
            if after > best_score:  # the first one on ties
                best, best_score = n, after
        return best, bot_rng

    pick.__name__ = f"{meter_id}_policy"
    return pick


def balancer_policy(kernel: Kernel, ks: KState, bot_rng: int) -> tuple[int, int]:
    """``balancer_strategy``: every meter nearest the middle of its safe band."""
    model = model_for(kernel.content, ks.scenario)
    values = ks.meters
    assert ks.card is not None  # a policy is asked only while a card is on the table
    return _best([value_of(model, meters_after(model, values, d)) for d in model.deltas[ks.card]]), bot_rng


class _Replies:
    """The lookahead's reply tables for one set of situations under way (one drift),
    worked out once per content and drift and kept with the kernel's compiled content.

    ``cost[i][v]`` and the gains are the bots' own (``strategies._cost_tables`` and
    ``_gain_rows``). ``flat[i][v]`` lays meter ``i``'s gains at value ``v`` out as a
    tuple in the order of :func:`_choice_slots`, -inf standing for "loses the game", so
    that a reply choice's score is a sum of plain tuple items (one tuple built per call)
    instead of two lookups and a test for None per change: 1.5x faster.
    """

    __slots__ = ("drift", "cost", "flat")

    def __init__(self, model: Model, drift, changes: list[list[int]]) -> None:
        self.drift = drift
        self.cost = _cost_tables(model, drift)
        gains = _gain_rows(model, drift)
        self.flat = tuple(
            tuple(tuple(_NEG_INF if by_value[change] is None else by_value[change] for change in changes[i])
                  for by_value in gains[i])
            for i in range(len(model.meter_ids))
        )


_NEG_INF = float("-inf")


def _changes(model: Model) -> list[list[int]]:
    """Each meter's distinct changes over every choice of the deck, sorted (the bots' own
    list, ``model.cache["changes"]``, found the same way)."""
    found: list[set[int]] = [set() for _ in model.meter_ids]
    for per_choice in model.deltas.values():
        for delta in per_choice:
            for i, change in delta:
                found[i].add(change)
    return [sorted(c) for c in found]


def _tables(kernel: Kernel, ks: KState) -> dict:
    """The kernel bots' tables for the model of ``ks``'s game: one set per rivalry (the
    content's, or a scenario's own), as :func:`model_for` keeps one model per rivalry."""
    key = ks.scenario if ks.deck.scenario.rivalry is not None else None
    found = kernel.compiled.bot_cache.get(key)
    if found is None:
        found = kernel.compiled.bot_cache[key] = {}
    return found


# Where no choice changes more meters than this, every choice's slots are padded to this
# many with position 0 (which holds 0.0), and reply_values adds them up unrolled, with
# no inner loop: 1.25x faster. Six: the base game's meters.
_UNROLLED = 6


def _choice_slots(cache: dict, model: Model) -> dict[str, tuple]:
    """``slots[card_id]``: per choice, the positions of its gains in the flat tuple that
    :func:`reply_values` builds (position 0 holds 0.0, the rest meter by meter), padded
    to :data:`_UNROLLED` positions where all fit (``cache["unrolled"]`` says so)."""
    found = cache.get("slots")
    if found is None:
        changes = cache["changes"] = _changes(model)
        offsets, offset = [], 1
        for per_meter in changes:
            offsets.append(offset)
            offset += len(per_meter)
        slot = [{change: offsets[i] + n for n, change in enumerate(per_meter)} for i, per_meter in enumerate(changes)]
        widest = max((len(delta) for per_choice in model.deltas.values() for delta in per_choice), default=0)
        unrolled = cache["unrolled"] = widest <= _UNROLLED
        pad = _UNROLLED if unrolled else 0
        found = cache["slots"] = {
            card_id: tuple((*(slot[i][change] for i, change in delta), *(0,) * (pad - len(delta)))
                           for delta in per_choice)
            for card_id, per_choice in model.deltas.items()
        }
    return found


def _replies_for(kernel: Kernel, cache: dict, model: Model, active: int) -> _Replies:
    """The reply tables for the situations ``active`` (a ``KState.situations`` mask),
    kept once per content, rivalry and set of situations under way."""
    found = cache.get(active)  # the mask as it stands: one int lookup a turn
    if found is None:
        # Sets that drift alike share one table (keyed by the drifting ones).
        compiled = kernel.compiled
        key = ("replies", tuple(sid for sid, bit, _ in compiled.drifts if bit & active))
        found = cache.get(key)
        if found is None:
            _choice_slots(cache, model)
            # situation_drift: the per-turn effects under way, in content order.
            drift = tuple(model.drift[sid] for sid in key[1] if model.drift.get(sid))
            found = cache[key] = _Replies(model, drift, cache["changes"])
        cache[active] = found
    return found


def reply_values(model: Model, tables: _Replies, slots: dict, after: list[int], deal,
                 unrolled: bool = False) -> float:
    """``strategies._reply_values`` from tables at hand: the same figure to the bit.

    Every gain is a whole number held in a float, so a choice's sum is exact in any
    order (padding adds 0.0), and -inf marks a loss as None did; the weighted sum over
    the deal, the one sum where order matters, runs in the deal's order as there.
    ``unrolled``: the slots are padded to six (:func:`_choice_slots`).
    """
    settled = list(map(getitem, tables.cost, after))
    if _INF in settled:
        return _reply_values(model, after, tables.drift, deal)
    start = -sum(settled)
    gains = tuple(chain(_ZERO, *map(getitem, tables.flat, after)))
    expected = 0.0
    if unrolled:
        for card_id, weight in deal:
            best = _NEG_INF
            for a, b, c, d, e, f in slots[card_id]:
                score = gains[a] + gains[b] + gains[c] + gains[d] + gains[e] + gains[f]
                if score > best:
                    best = score
            expected += weight * (DEATH if best == _NEG_INF else start + best)
        return expected
    for card_id, weight in deal:
        best = _NEG_INF
        for choice in slots[card_id]:
            score = 0.0
            for k in choice:
                score += gains[k]
            if score > best:
                best = score
        expected += weight * (DEATH if best == _NEG_INF else start + best)
    return expected


_ZERO = (0.0,)


def lookahead_scores(kernel: Kernel, ks: KState) -> list[float]:
    """``strategies.lookahead_scores`` on a kernel state: each choice's expected balance
    one deal ahead. The next deal is weighed on an imagined state a quarter later (the
    meters as they stand for the cards that ignore them, as each choice leaves them for
    the others), with the kernel's compiled conditions instead of the engine's."""
    model = model_for(kernel.content, ks.scenario)
    values = ks.meters
    assert ks.card is not None  # asked only while a card is on the table
    cache = _tables(kernel, ks)
    tables = _replies_for(kernel, cache, model, ks.situations)
    slots = cache["slots"]
    unrolled = cache["unrolled"]
    drift = tables.drift
    last_turn = ks.turn >= ks.deck.turns
    turn = ks.turn + 1
    date = ks.date + 1
    by_id = ks.deck.by_id
    due = [p for p in ks.pending if p[1] <= turn and _in_dates(by_id[p[0]], date)]
    imagined = _imagine(ks, turn, date)
    deck = ks.deck
    steady: list[tuple[str, float]] = []
    moving: tuple[_KCard, ...] = ()
    fallbacks: tuple[_KCard, ...] = ()
    if due:
        steady = [(min(due, key=lambda p: p[1])[0], 1.0)]
    elif not last_turn:
        piece = deck.at(turn, imagined.date)
        moving, fallbacks = piece.moving, deck.fallbacks
        last_dealt = ks.last_dealt
        aside = ks.aside
        for card in piece.steady:  # Kernel.eligible and _KDeck.weight, inlined: ~45 cards a turn
            seen = last_dealt.get(card.id)
            if seen is not None and (card.once or turn - seen <= card.cooldown):
                continue
            if card.id in aside:
                continue
            if card.rest is not None and not card.rest(imagined):
                continue
            weight = deck.weight(card, imagined) if card.mods else deck.plain[card.index]
            if weight > 0:
                steady.append((card.id, weight))
    # Without cards that move with the meters the deal, and so its total weight, is the
    # same for every choice: summed once (the engine's sum over the same list).
    fixed_total = sum([weight for _, weight in steady]) if steady and not moving else None
    scores = []
    for delta in model.deltas[ks.card]:
        after = outcome(model, values, delta, drift)
        now = value_of(model, after)
        if now == DEATH or last_turn:
            scores.append(now)
            continue
        if fixed_total is not None:
            scores.append(reply_values(model, tables, slots, after, steady, unrolled) / fixed_total)
            continue
        deal = list(steady)
        if moving:
            imagined.meters = after
            for card in moving:
                if kernel.eligible(card, imagined):
                    weight = deck.weight(card, imagined)
                    if weight > 0:
                        deal.append((card.id, weight))
        if not deal:
            deal = [(card.id, weight) for card, weight in zip(fallbacks, deck.fallback_weights)]
        total = sum(weight for _, weight in deal)
        scores.append(reply_values(model, tables, slots, after, deal, unrolled) / total)
    return scores


def _in_dates(card: _KCard, date: int) -> bool:
    dates = card.dates
    return dates is None or dates[0] <= date <= dates[1]


def _imagine(ks: KState, turn: int, date: int) -> KState:
    """A view of ``ks`` at another turn and date for the conditions (shares its sets)."""
    view = KState()
    view.scenario = ks.scenario
    view.turn = turn
    view.date = date
    view.meters = ks.meters
    view.flags = ks.flags
    view.counters = ks.counters
    view.seed = ks.seed
    view.situations = ks.situations
    view.last_dealt = ks.last_dealt
    view.deck = ks.deck
    view.aside = ks.aside
    return view


def lookahead_policy(kernel: Kernel, ks: KState, bot_rng: int) -> tuple[int, int]:
    """``lookahead_strategy(1)``: the best expected balance one deal ahead."""
    return _best(lookahead_scores(kernel, ks)), bot_rng


def kernel_player(content: Content, scenario_id: str | None, name: str):
    """``play(seed) -> GameResult``: :func:`game.sim.simulator.play_one` through the
    kernel for the bot ``name``, or None where the bot has no kernel policy."""
    from game.sim.simulator import GameResult  # the simulator imports this module

    policy = kernel_policy(content, name)
    if policy is None:
        return None
    kernel = Kernel(content)
    endings = content.endings

    def play(seed: int) -> GameResult:
        ks = kernel.new_game(scenario_id, seed)
        bot_rng = rng.seed_state(rng.derive_seed(seed, 1))
        dealt: list[str] = []
        picks: list[tuple[str, int]] = []
        choose = kernel.choose
        card = ks.card
        while card is not None:  # None once the game is over
            dealt.append(card)
            choice, bot_rng = policy(kernel, ks, bot_rng)
            picks.append((card, choice))
            choose(ks, choice)
            card = ks.card
        assert ks.ending is not None
        return GameResult(ks.ending, endings[ks.ending].kind == VICTORY, ks.turns_played, tuple(dealt),
                          ks.decisive_card, tuple(picks))

    return play


def kernel_policy(content: Content, name: str) -> Policy | None:
    """The kernel policy of the bot called ``name``, or None where only the engine's
    bot exists (e.g. ``lookahead2``, whose deeper search reads engine states)."""
    if name == "random":
        return random_policy
    if name == "balancer":
        return balancer_policy
    if name == "lookahead":
        return lookahead_policy
    for meter in content.meters:
        if meter.is_vector and meter.id == name:
            return vector_policy(name)
    return None
