"""Metamorphic properties of the engine: change the content in a way whose effect on
the games is known in advance, and check the games change exactly so.

- **Renaming the powers** (their meter ids, and with them their endings, rivalry rows
  and columns, every effect, condition, threshold, start value and goal that names
  them) renames the games and nothing else: the same cards dealt seed for seed, the
  meters renamed, the matching ending; the symmetric bots (random, balancer) play the
  same games and each single-vector bot plays as the bot of its old name did. Also
  with the meters' order changed (a power's *number*): then only a turn on which two
  meters reach a fatal end together may end otherwise (the first meter in content
  order decides: Content.fatal_ending).
- **A card no scenario can deal** (its ``scenarios`` name none, its dates lie outside
  every term, a follow-up nobody schedules) changes no game, seed for seed, in the
  engine and in the kernel: it must not even shift the draw's random stream.
- **Effects scaled by zero** (choices, lingering effects, situations' per-turn
  effects) make every game of every bot a survival.

On the base game (every scenario) and on the random toy decks of tests/test_kernel.py;
Hypothesis under the derandomized ``ci`` profile, a few seconds each.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import Card, Choice, Condition, Content, choose, new_game, state_problem
from game.engine.model import VICTORY
from game.engine.rules import scenario_deck
from game.engine.state import evolve
from game.sim.kernel import Kernel
from game.sim.kernel_bots import kernel_player
from game.sim.simulator import GameResult, dealable_cards, play_one
from game.sim.strategies import strategy_names
from tests.conftest import CONTENT
from tests.minicontent import mini_content
from tests.test_kernel import toy_decks

seeds = st.integers(min_value=0, max_value=2**32)
picks = st.lists(st.integers(0, 3), min_size=1, max_size=12)


def _base():
    # The session fixture cannot be used under @given; the loader's cache makes this cheap.
    from game.loading import load_or_raise

    global _BASE
    if _BASE is None:
        _BASE = load_or_raise(CONTENT)
    return _BASE


_BASE = None


# --- renaming the meters ------------------------------------------------------------


def ending_names(content: Content, names: Mapping[str, str]) -> dict[str, str]:
    """The endings' renaming that goes with the meters' ``names`` (old id -> new id):
    a meter renamed to another meter's id takes that meter's endings (its low end the
    other's low end, its high end the other's high end); renamed to a fresh id, its
    endings get fresh ids too."""
    result = {}
    for meter in content.meters:
        new = names.get(meter.id, meter.id)
        if new == meter.id:
            continue
        known = {m.id: m for m in content.meters}
        target = known.get(new)
        result[meter.low_ending] = target.low_ending if target else f"{new}.low"
        if meter.high_ending is not None:
            assert target is None or target.high_ending is not None, "a power maps to a power"
            result[meter.high_ending] = target.high_ending if target else f"{new}.high"
    assert len(set(result.values())) == len(result)
    return result


def rename_meters(content: Content, names: Mapping[str, str]) -> Content:
    """``content`` with every meter id renamed by ``names`` (a bijection; ids not in it
    stay), through every place the model names a meter, and the meters' endings with
    them (:func:`ending_names`). The meters keep their places in ``content.meters``."""
    new_ids = [names.get(m, m) for m in content.meter_ids]
    if len(set(new_ids)) != len(new_ids):
        raise ValueError("the renaming must be one to one")
    ends = ending_names(content, names)

    def m(meter_id):
        return names.get(meter_id, meter_id)

    def e(ending_id):
        return ends.get(ending_id, ending_id)

    def ranges(triples):
        return tuple((m(k), low, high) for k, low, high in triples)

    def matrix(rows):
        return None if rows is None else {m(a): {m(b): f for b, f in row.items()} for a, row in rows.items()}

    def cond(c: Condition) -> Condition:
        return replace(c, meters=ranges(c.meters), any_of=tuple(cond(p) for p in c.any_of))

    def choice(ch: Choice) -> Choice:
        return replace(ch, effects=tuple((m(k), v) for k, v in ch.effects),
                       lingering=tuple(replace(l, meter=m(l.meter)) for l in ch.lingering))

    def card(c: Card) -> Card:
        return replace(c, when=cond(c.when), weight_if=tuple(replace(w, when=cond(w.when)) for w in c.weight_if),
                       choices=tuple(choice(ch) for ch in c.choices))

    def balance(targets):
        # A scenario's own target on a single-vector bot names the bot by its meter.
        return {(f"survival.{m(k.removeprefix('survival.'))}" if k.startswith("survival.") else k): v
                for k, v in targets.items()}

    return replace(
        content,
        meters=tuple(replace(x, id=m(x.id), low_ending=e(x.low_ending),
                             high_ending=None if x.high_ending is None else e(x.high_ending))
                     for x in content.meters),
        endings={e(k): replace(v, id=e(k)) for k, v in content.endings.items()},
        rivalry=matrix(content.rivalry),
        situations=tuple(replace(s, starts=replace(s.starts, meter=m(s.starts.meter)),
                                 ends=replace(s.ends, meter=m(s.ends.meter)),
                                 per_turn={m(k): v for k, v in s.per_turn.items()})
                         for s in content.situations),
        scenarios={k: replace(s, meters={m(x): v for x, v in s.meters.items()}, rivalry=matrix(s.rivalry),
                              start_spread={m(x): v for x, v in s.start_spread.items()},
                              balance=balance(s.balance))
                   for k, s in content.scenarios.items()},
        cards={k: card(c) for k, c in content.cards.items()},
        roles=tuple(replace(r, goals=tuple(replace(g, meters=ranges(g.meters)) for g in r.goals),
                            envoy_of=None if r.envoy_of is None else m(r.envoy_of))
                    for r in content.roles),
        cast={k: replace(c, greetings=tuple(replace(g, when=cond(g.when)) for g in c.greetings))
              for k, c in content.cast.items()},
    )


def in_order(content: Content, order) -> Content:
    """``content`` with its meters in ``order`` (meter ids): each power's number changes."""
    return replace(content, meters=tuple(content.meter(meter_id) for meter_id in order))


# Fields that hold names of other kinds (tags, flags, texts), where a string equal to
# a meter id is no reference to the meter.
_NOT_METERS = {"tags", "flags", "not_flags", "set_flags", "clear_flags", "exclude_tags", "focus", "speaker",
               "name", "title", "text", "label", "outcome", "description", "note", "source", "question",
               "brief", "role", "voice", "full", "term"}


def _strings(value, path=()):
    """Every string in a content value, with the field path that leads to it."""
    if isinstance(value, str):
        yield path, value
    elif is_dataclass(value):
        for f in fields(value):
            if not f.name.startswith("_"):
                yield from _strings(getattr(value, f.name), path + (f.name,))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key, path + ("<key>",))
            yield from _strings(item, path + ("<value>",))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _strings(item, path)


def check_renaming(content: Content, renamed: Content, names: Mapping[str, str]) -> None:
    """What the loader guarantees of any content, for the renamed one: every meter,
    ending, card and scenario it names exists; and nothing still names an old meter
    (with fresh ``names``, any old id left is a reference the renaming missed)."""
    meter_ids = set(renamed.meter_ids)
    assert len(meter_ids) == len(renamed.meters)
    for meter in renamed.meters:
        assert meter.low_ending in renamed.endings
        assert meter.high_ending is None or meter.high_ending in renamed.endings
    owners = [renamed.meter_of_ending(e) for e in renamed.endings]
    assert {m.id for m in owners if m is not None} == meter_ids
    for matrix in [renamed.rivalry] + [s.rivalry for s in renamed.scenarios.values() if s.rivalry]:
        assert set(matrix) | {b for row in matrix.values() for b in row} <= meter_ids
    for s in renamed.situations:
        assert {s.starts.meter, s.ends.meter, *s.per_turn} <= meter_ids
    for s in renamed.scenarios.values():
        assert set(s.meters) <= meter_ids and set(s.start_spread) <= meter_ids
    gone = set(names) - set(names.values())
    for path, text in _strings(renamed):
        if text in gone:
            assert set(path) & _NOT_METERS, f"{'.'.join(path)} still names {text!r}"
    # And the renaming missed no meter reference: the same count of them, place by place.
    assert _reference_count(renamed, set(renamed.meter_ids)) == _reference_count(content, set(content.meter_ids))


def _reference_count(content: Content, meter_ids: set[str]) -> int:
    return sum(1 for path, text in _strings(content) if text in meter_ids and not set(path) & _NOT_METERS)


def renamed_state(state, names: Mapping[str, str], ends: Mapping[str, str]):
    """``state`` as the renamed content plays it: meters renamed, ending renamed."""
    def meters(values):
        return {names.get(k, k): v for k, v in values.items()}

    return evolve(state, meters=meters(state.meters), history=tuple(meters(h) for h in state.history),
                  lingering=tuple(replace(l, meter=names.get(l.meter, l.meter)) for l in state.lingering),
                  ending=ends.get(state.ending, state.ending))


def play_pair(content, other, scenario_id, seed, pick, expect, *, ending_ok=None):
    """Play one game on ``content`` and on ``other`` with the same choices, on the
    engine and on the kernel; after every turn the state on ``other`` is
    ``expect(state on content)``. ``ending_ok(state, other_state)`` may excuse an
    ending (the tie-break of two fatal meters). Returns the final states."""
    kernels = Kernel(content), Kernel(other)
    a, b = new_game(content, scenario_id, seed), new_game(other, scenario_id, seed)
    ka, kb = kernels[0].new_game(scenario_id, seed, record=True), kernels[1].new_game(scenario_id, seed, record=True)
    turn = 0
    while True:
        assert state_problem(other, b) is None
        wanted = expect(a)
        if b != wanted and ending_ok is not None and a.over and ending_ok(a, b):
            wanted = evolve(wanted, ending=b.ending, score=b.score, grade=b.grade)
        assert b == wanted, (scenario_id, seed, turn)
        assert kernels[1].to_state(kb) == b and kernels[0].to_state(ka) == a, (scenario_id, seed, turn)
        if a.over:
            return a, b
        choice = pick(turn, len(content.cards[a.card].choices))
        a, _ = choose(content, a, choice)
        b, _ = choose(other, b, choice)
        kernels[0].choose(ka, choice)
        kernels[1].choose(kb, choice)
        turn += 1


def vectors(content: Content) -> list[str]:
    return [meter.id for meter in content.meters if meter.is_vector]


def _swap(content: Content, permutation) -> dict[str, str]:
    return dict(zip(vectors(content), permutation))


BASE_SCENARIOS = ("independence_1991", "middle_2006", "qantar_2022", "transition_2019")


def test_the_scenarios_are_the_base_games():
    assert set(BASE_SCENARIOS) == set(_base().scenarios)


def test_a_fresh_renaming_names_no_old_meter_and_plays_the_same_games():
    content = _base()
    names = {m: f"power{i}" for i, m in enumerate(content.meter_ids)}
    renamed = rename_meters(content, names)
    check_renaming(content, renamed, names)
    ends = ending_names(content, names)
    for scenario_id in BASE_SCENARIOS:
        for seed in range(3):
            chooser = random.Random(seed)
            play_pair(content, renamed, scenario_id, seed, lambda t, n: chooser.randrange(n),
                      lambda s: renamed_state(s, names, ends))


def test_the_reference_check_sees_a_missed_reference():
    # check_renaming is no rubber stamp: a renaming that forgets the situations fails it.
    content = _base()
    names = {m: f"power{i}" for i, m in enumerate(content.meter_ids)}
    renamed = replace(rename_meters(content, names), situations=content.situations)
    with pytest.raises(AssertionError):
        check_renaming(content, renamed, names)


_PERMUTED: dict[tuple[str, ...], tuple] = {}


def _permuted_base(permutation) -> tuple[dict, Content, dict]:
    """``(names, permuted content, endings' names)`` for a permutation of the base
    game's powers, built and checked once (Hypothesis draws each of the six often)."""
    key = tuple(permutation)
    if key not in _PERMUTED:
        content = _base()
        names = _swap(content, permutation)
        permuted = rename_meters(content, names)
        check_renaming(content, permuted, names)
        _PERMUTED[key] = names, permuted, ending_names(content, names)
    return _PERMUTED[key]


@given(st.sampled_from(BASE_SCENARIOS), st.permutations(["moscow", "beijing", "washington"]), seeds, picks)
def test_permuting_the_powers_permutes_every_base_game(scenario_id, permutation, seed, chosen):
    content = _base()
    names, permuted, ends = _permuted_base(permutation)
    a, b = play_pair(content, permuted, scenario_id, seed, lambda t, n: chosen[t % len(chosen)] % n,
                     lambda s: renamed_state(s, names, ends))
    assert [d.card for d in a.decisions] == [d.card for d in b.decisions]  # the same cards dealt


@settings(max_examples=40)
@given(toy_decks(), st.permutations(["north", "south"]), seeds, picks)
def test_permuting_the_powers_permutes_every_toy_game(content, permutation, seed, chosen):
    names = _swap(content, permutation)
    permuted = rename_meters(content, names)
    check_renaming(content, permuted, names)
    ends = ending_names(content, names)
    play_pair(content, permuted, "s", seed, lambda t, n: chosen[t % len(chosen)] % n,
              lambda s: renamed_state(s, names, ends))


def _tie_break(content: Content, other: Content):
    """Excuse an ending where two meters reached a fatal end on the same turn: the
    first in content order decides, and the order is what changed."""
    def ok(a, b) -> bool:
        fatal_a = {m.fatal_end(a.meters[m.id]) for m in content.meters} - {None}
        return len(fatal_a) > 1 and b.ending in {m.fatal_end(b.meters[m.id]) for m in other.meters}
    return ok


@given(st.sampled_from(BASE_SCENARIOS), st.permutations(["moscow", "beijing", "washington"]), seeds, picks)
def test_renumbering_the_powers_permutes_every_base_game_but_a_tie(scenario_id, permutation, seed, chosen):
    # The renamed powers put back in the original order of ids: moscow is meter 0 again
    # but plays what beijing played. Only a simultaneous double fatal end may differ.
    content = _base()
    names, renamed, ends = _permuted_base(permutation)
    permuted = in_order(renamed, content.meter_ids)
    play_pair(content, permuted, scenario_id, seed, lambda t, n: chosen[t % len(chosen)] % n,
              lambda s: renamed_state(s, names, ends), ending_ok=_tie_break(content, permuted))


def _renamed_result(result: GameResult, ends: Mapping[str, str]) -> GameResult:
    return replace(result, ending=ends.get(result.ending, result.ending))


@pytest.mark.parametrize("scenario_id", BASE_SCENARIOS)
def test_permuting_the_powers_changes_no_bots_survival(scenario_id):
    """Game by game: random and the balancer play the same games; the single-vector
    bot of a power's new name plays the games its old name's bot played; so every
    survival rate is the same. (The three-cycle and a swap: every permutation of three
    is a product of them.)"""
    content = _base()
    for permutation in (("beijing", "washington", "moscow"), ("washington", "beijing", "moscow")):
        names = _swap(content, permutation)
        permuted = rename_meters(content, names)
        ends = ending_names(content, names)
        for name in strategy_names(content):
            if name == "lookahead":
                continue  # covered in the test below, on fewer games (it is slower)
            old, new = kernel_player(content, scenario_id, name), kernel_player(permuted, scenario_id,
                                                                                names.get(name, name))
            before = [old(seed) for seed in range(60)]
            after = [new(seed) for seed in range(60)]
            assert after == [_renamed_result(r, ends) for r in before], (scenario_id, permutation, name)


def test_permuting_the_powers_changes_no_lookahead_game():
    content = _base()
    names = _swap(content, ("beijing", "washington", "moscow"))
    permuted = rename_meters(content, names)
    ends = ending_names(content, names)
    for scenario_id in BASE_SCENARIOS:
        old, new = kernel_player(content, scenario_id, "lookahead"), kernel_player(permuted, scenario_id, "lookahead")
        for seed in range(4):
            assert new(seed) == _renamed_result(old(seed), ends), (scenario_id, seed)
        # and on the engine's own bot
        assert play_one(permuted, scenario_id, "balancer", 7) == _renamed_result(
            play_one(content, scenario_id, "balancer", 7), ends)


# --- a card no scenario can deal ------------------------------------------------------


def _never_card(kind: str, card_id: str, content: Content) -> Card:
    meters = content.meter_ids
    choices = (Choice("a", ((meters[0], 30), (meters[-1], -30))), Choice("b", ((meters[1], -40),)))
    last = max(s.start + s.turns for s in content.scenarios.values())
    if kind == "scenario":  # names no scenario (also as a fallback: the loader allows that)
        return Card(card_id, "t", "aide", "t", choices, weight=1000.0, cooldown=0,
                    when=Condition(scenarios=frozenset({"no_such_scenario"})))
    if kind == "fallback":
        return Card(card_id, "t", "aide", "t", choices, fallback=True, weight=1000.0,
                    when=Condition(scenarios=frozenset({"no_such_scenario"})))
    if kind == "after":  # dates after every term
        return Card(card_id, "t", "aide", "t", choices, weight=1000.0, cooldown=0, when=Condition(dates=(last, last + 40)))
    if kind == "before":  # dates before every term
        first = min(s.start for s in content.scenarios.values())
        return Card(card_id, "t", "aide", "t", choices, weight=1000.0, cooldown=0,
                    when=Condition(dates=(first - 40, first - 1)))
    assert kind == "orphan"  # a follow-up card nobody schedules
    return Card(card_id, "t", "aide", "t", choices, followup_only=True)


KINDS = ("scenario", "fallback", "after", "before", "orphan")


def with_card(content: Content, card: Card, position: int) -> Content:
    items = list(content.cards.items())
    items.insert(position % (len(items) + 1), (card.id, card))
    return replace(content, cards=dict(items))


@given(st.sampled_from(BASE_SCENARIOS), st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
       st.integers(0, 10_000), seeds, picks)
def test_a_card_no_scenario_can_deal_changes_no_base_game(scenario_id, kinds, position, seed, chosen):
    content = _base()
    other = content
    for n, kind in enumerate(kinds):
        other = with_card(other, _never_card(kind, f"zz.never{n}", content), position * (n + 1))
    assert all(f"zz.never{n}" not in dealable_cards(other, s) for s in other.scenarios for n in range(len(kinds)))
    play_pair(content, other, scenario_id, seed, lambda t, n: chosen[t % len(chosen)] % n, lambda s: s)


@settings(max_examples=40)
@given(toy_decks(), st.lists(st.sampled_from(KINDS), min_size=1, max_size=3), st.integers(0, 100), seeds, picks)
def test_a_card_no_scenario_can_deal_changes_no_toy_game(content, kinds, position, seed, chosen):
    other = content
    for n, kind in enumerate(kinds):
        other = with_card(other, _never_card(kind, f"zz.never{n}", content), position * (n + 1))
    for offset in range(2):
        play_pair(content, other, "s", seed + offset, lambda t, n: chosen[t % len(chosen)] % n, lambda s: s)


@pytest.mark.parametrize("scenario_id", BASE_SCENARIOS)
def test_a_card_no_scenario_can_deal_changes_no_bots_game(scenario_id):
    content = _base()
    other = with_card(with_card(content, _never_card("after", "zz.late", content), 3),
                      _never_card("scenario", "zz.nowhere", content), 40)
    for name in ("random", "balancer", "moscow", "lookahead"):
        old, new = kernel_player(content, scenario_id, name), kernel_player(other, scenario_id, name)
        for seed in range(4 if name == "lookahead" else 40):
            assert new(seed) == old(seed), (scenario_id, name, seed)


# --- effects scaled by zero -------------------------------------------------------------


def scaled(content: Content, factor: int) -> Content:
    """Every choice's effects and lingering effects, and every situation's per-turn
    effect, times ``factor``."""
    def choice(ch: Choice) -> Choice:
        return replace(ch, effects=tuple((m, v * factor) for m, v in ch.effects),
                       lingering=tuple(replace(l, amount=l.amount * factor) for l in ch.lingering))

    return replace(
        content,
        cards={k: replace(c, choices=tuple(choice(ch) for ch in c.choices)) for k, c in content.cards.items()},
        situations=tuple(replace(s, per_turn={m: v * factor for m, v in s.per_turn.items()})
                         for s in content.situations),
    )


def _survives(content: Content, scenario_id: str, result: GameResult) -> None:
    assert result.won, (scenario_id, result.ending)
    assert result.turns >= content.scenarios[scenario_id].turns


@pytest.mark.parametrize("scenario_id", BASE_SCENARIOS)
def test_effects_scaled_by_zero_make_every_base_game_a_survival(scenario_id):
    content = scaled(_base(), 0)
    for name in strategy_names(content):
        play = kernel_player(content, scenario_id, name)
        for seed in range(3 if name == "lookahead" else 30):
            _survives(content, scenario_id, play(seed))
    state = new_game(content, scenario_id, 5)
    start = state.meters  # the game's own start (a scenario's start_spread varies it by seed)
    chooser = random.Random(5)
    while not state.over:
        state, _ = choose(content, state, chooser.randrange(len(content.cards[state.card].choices)))
        assert state.meters == start  # nothing moves a meter
    assert content.endings[state.ending].kind == VICTORY


def test_the_unscaled_base_game_loses_games_the_scaled_one_wins():
    # The property above says something: the same games lose without the scaling.
    content = _base()
    play = kernel_player(content, "transition_2019", "moscow")
    assert not all(play(seed).won for seed in range(30))


@settings(max_examples=40)
@given(toy_decks(), seeds)
def test_effects_scaled_by_zero_make_every_toy_game_a_survival(content, seed):
    content = scaled(content, 0)
    for name in strategy_names(content):
        _survives(content, "s", kernel_player(content, "s", name)(seed))
        if name != "lookahead":
            _survives(content, "s", play_one(content, "s", name, seed))


def test_scenario_deck_leaves_out_a_card_that_names_no_scenario():
    # The reason the draw tables do not move for such a card: it is in no deck at all.
    content = _base()
    other = with_card(content, _never_card("scenario", "zz.nowhere", content), 0)
    for scenario_id in BASE_SCENARIOS:
        assert scenario_deck(other, scenario_id) == scenario_deck(content, scenario_id)


def test_mini_content_is_a_toy_deck_base():
    # The toy decks' powers are north and south: the permutation tests above swap them.
    assert vectors(mini_content()) == ["north", "south"]
