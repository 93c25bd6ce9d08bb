"""The simulation kernel agrees with the engine game by game, and so does the simulator.

The kernel (game.sim.kernel) replays the engine's rules on a mutable state; these tests
play the same seeds and choices on both and compare the whole engine state after every
turn (Kernel.to_state builds it): cards dealt, choices allowed, meters, flags,
situations, pending follow-ups, lingering effects, turn, date, the random generator,
ending, score and grade. Over every scenario of the base game, over random toy decks
(Hypothesis), and bot by bot for the kernel policies. Deterministic: fixed seeds, and
Hypothesis under the derandomized ``ci`` profile.
"""

from __future__ import annotations

import gc
import json
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import (
    Card,
    Choice,
    Condition,
    FollowUp,
    Lingering,
    RuleError,
    Situation,
    Threshold,
    WeightModifier,
    choose,
    new_game,
    rules,
)
from game.engine.model import SetAside
from game.loading import load_or_raise
from game.sim import kernel as kernel_module
from game.sim.kernel import DRAW_TRIES, Kernel, compiled_for
from game.sim.kernel_bots import kernel_player, kernel_policy, lookahead_scores
from game.sim.simulator import play_one, run_simulation
from game.sim.strategies import lookahead_scores as engine_lookahead_scores
from game.sim.strategies import strategy_names
from tests.conftest import CONTENT
from tests.minicontent import mini_content

REPO = Path(__file__).resolve().parent.parent
seeds = st.integers(min_value=0, max_value=2**32)  # as in test_engine_properties


def play_both(content, scenario_id, seed, pick) -> int:
    """Play one game on the engine and on the kernel with the choices ``pick(turn, n)``
    returns; assert the states equal after every turn. The number of turns played."""
    kernel = Kernel(content)
    state = new_game(content, scenario_id, seed)
    ks = kernel.new_game(scenario_id, seed, record=True)
    turns = 0
    while True:
        assert kernel.to_state(ks) == state, (scenario_id, seed, turns)
        assert ks.over == state.over and ks.card == state.card
        if state.over:
            return turns
        count = len(content.cards[state.card].choices)
        assert kernel.choices(ks) == count
        choice = pick(turns, count)
        state, _ = choose(content, state, choice)
        kernel.choose(ks, choice)
        turns += 1


def test_the_kernel_draws_as_the_engine_does():
    assert DRAW_TRIES == rules._DRAW_TRIES and kernel_module._SLICES_MAX == rules._SLICES_MAX


@pytest.mark.parametrize("scenario_index", [0, 1, 2])
def test_random_games_of_every_base_scenario_agree_turn_by_turn(base_content, scenario_index):
    # 700 games per scenario, 2,100 in all: a few seconds.
    scenario_id = sorted(base_content.scenarios)[scenario_index]
    endings = set()
    for seed in range(700):
        chooser = random.Random(seed)
        play_both(base_content, scenario_id, seed, lambda turn, n: chooser.randrange(n))
        endings.add(Kernel(base_content).play(scenario_id, seed, kernel_policy(base_content, "random")).ending)
    assert len(endings) > 3  # the games went many ways, not one


def test_content_of_eight_meters_or_more_updates_without_the_packed_table(base_content):
    # The packed table counts meters in 3-bit fields; with 8 meters or more it is left
    # out and the turn takes its two passes. Played here on the base game, the table
    # dropped by hand (a copy of the content: compiled tables of its own).
    content = replace(base_content, cards=dict(base_content.cards))
    assert compiled_for(content).packed  # six meters: the table is there
    compiled_for(content).packed = ()
    for seed in range(150):
        chooser = random.Random(seed)
        play_both(content, content.default_scenario.id, seed, lambda turn, n: chooser.randrange(n))


def test_a_kernel_game_without_records_ends_as_the_recorded_one(base_content):
    kernel = Kernel(base_content)
    for seed in range(50):
        plain, recorded = kernel.new_game(None, seed), kernel.new_game(None, seed, record=True)
        while not plain.over:
            choice = (seed + plain.turn) % kernel.choices(plain)
            kernel.choose(plain, choice)
            kernel.choose(recorded, choice)
        final = kernel.to_state(recorded)
        assert (plain.ending, plain.score, plain.grade, plain.decisive_card, plain.turns_played) == (
            final.ending, final.score, final.grade, final.decisive_card, len(final.decisions))
        assert plain.meters == [final.meters[m] for m in base_content.meter_ids]
        with pytest.raises(ValueError):
            kernel.to_state(plain)


def test_bad_choices_and_finished_games_are_refused_as_by_the_engine():
    content = mini_content()
    kernel = Kernel(content)
    ks = kernel.new_game(None, 1)
    with pytest.raises(RuleError):
        kernel.choose(ks, 7)
    with pytest.raises(RuleError):
        kernel.choose(ks, -1)
    while not ks.over:
        kernel.choose(ks, 0)
    with pytest.raises(RuleError):
        kernel.choose(ks, 0)
    assert ks.meter("north") == ks.meters[0]


def test_the_compiled_tables_belong_to_one_content_object():
    content = mini_content()
    derived = set(content._derived)
    assert compiled_for(content) is compiled_for(content)
    Kernel(content).play(None, 3, kernel_policy(content, "random"))
    assert set(content._derived) - derived <= {("deck", "s"), "facts"}  # none of the kernel's own
    copy = replace(content, cards=dict(content.cards))
    assert compiled_for(copy) is not compiled_for(content)
    gc.collect()  # contents other tests left in cycles go now, not in the count below
    before = len(kernel_module._COMPILED)
    del copy
    gc.collect()
    assert len(kernel_module._COMPILED) == before - 1


# --- random toy decks ---------------------------------------------------------------

METERS = ("north", "south", "people")
START = mini_content().scenarios["s"].start
FLAGS = ("f1", "f2", "north_deal")


COUNTERS = ("c1", "c2")
# The mini content's unrest, a random one the toy decks add, and one no content has.
SITUATIONS = ("unrest", "thaw", "ghost")


def _threshold(draw) -> Threshold:
    level = draw(st.integers(5, 95))
    meter = draw(st.sampled_from(METERS))
    return Threshold(meter, below=level) if draw(st.booleans()) else Threshold(meter, above=level)


def _situation(draw) -> Situation:
    """A situation that may start on one meter and end on another, or cross both
    thresholds at one value (the kernel tests those one by one), drifting or not."""
    drift = {m: draw(st.integers(-3, 3)) for m in draw(st.lists(st.sampled_from(METERS), unique=True, max_size=2))}
    return Situation("thaw", "Thaw", _threshold(draw), _threshold(draw), per_turn=drift)


def _conditions(draw, depth: int = 0) -> Condition:
    meters = ()
    if draw(st.booleans()):
        low = draw(st.integers(0, 60))
        meters = ((draw(st.sampled_from(METERS)), low, draw(st.integers(low, 100))),)
    turns = None
    if draw(st.integers(0, 3)) == 0:
        first = draw(st.integers(1, 8))
        turns = (first, draw(st.integers(first, 12)))
    window = None
    if draw(st.integers(0, 3)) == 0:  # the mini scenario starts on date START
        first = START + draw(st.integers(0, 8))
        window = (first, draw(st.integers(first, START + 12)))
    counters = ()
    if draw(st.integers(0, 2)) == 0:
        low = draw(st.integers(-2, 2))
        counters = ((draw(st.sampled_from(COUNTERS)), low, draw(st.integers(low, 4))),)
    any_of = ()
    if depth < 2 and draw(st.integers(0, 3)) == 0:  # any:, nested at most twice
        any_of = tuple(_conditions(draw, depth + 1) for _ in range(draw(st.integers(1, 3))))
    return Condition(
        meters=meters,
        flags=frozenset(draw(st.sets(st.sampled_from(FLAGS), max_size=1))),
        not_flags=frozenset(draw(st.sets(st.sampled_from(FLAGS), max_size=1))),
        situations=frozenset(draw(st.sets(st.sampled_from(SITUATIONS), max_size=1))),
        not_situations=frozenset(draw(st.sets(st.sampled_from(SITUATIONS), max_size=1))),
        turns=turns,
        dates=window,
        counters=counters,
        any_of=any_of,
        chance=draw(st.sampled_from([None, 0.0, 0.3, 0.5, 0.7, 1.0])),
        chance_key=draw(st.integers(0, 2**32)),
    )


def _followup(draw, targets, now_ok: bool) -> FollowUp:
    """A follow-up to one of ``targets``, some in the same quarter (in: 0). Only the
    mini deck's cards and x.card0 are targets, and x.card0 only schedules the mini
    deck's, none of which schedule any in: 0: no circle (the loader refuses those)."""
    card = draw(st.sampled_from(targets))
    now = card != "x.card0" or now_ok
    return FollowUp(card, draw(st.integers(0 if now else 1, 3)))


@st.composite
def toy_decks(draw):
    """The mini content (tests/minicontent.py) with a few random cards added: effects,
    flags, counters, follow-ups (some in the same quarter, some to a card with dates,
    dropped out of them), lingering effects, conditions with turn and date windows,
    counters, chances and nested any:, multipliers, once and cooldowns, a scenario focus, an opening card, random rivalry and a scenario's own rivalry,
    cards set aside; every path of the draw gets its turn."""
    base = mini_content(turns=draw(st.integers(3, 14)))
    existing = ["a.bill_due", "a.protest", "a.quiet"]
    cards = dict(base.cards)
    for k in range(draw(st.integers(1, 6))):
        choices = []
        for _ in range(draw(st.integers(2, 3))):
            meters = draw(st.lists(st.sampled_from(METERS), unique=True, max_size=3))
            choices.append(Choice(
                "c",
                tuple((m, draw(st.integers(-15, 15))) for m in meters),
                set_flags=tuple(draw(st.sets(st.sampled_from(FLAGS), max_size=1))),
                clear_flags=tuple(draw(st.sets(st.sampled_from(FLAGS), max_size=1))),
                followups=tuple(_followup(draw, existing + ["x.card0"], now_ok=k > 0)
                                for _ in range(draw(st.integers(0, 1)))),
                lingering=tuple(Lingering(draw(st.sampled_from(METERS)), draw(st.integers(-6, 6)),
                                          draw(st.integers(1, 4))) for _ in range(draw(st.integers(0, 1)))),
                add_counters=tuple((name, draw(st.sampled_from([-1, 1, 2])))
                                   for name in draw(st.lists(st.sampled_from(COUNTERS), unique=True, max_size=2))),
            ))
        modifiers = tuple(
            WeightModifier(_conditions(draw), draw(st.sampled_from([0.0, 0.25, 2.0, 5.0, 1000.0])))
            for _ in range(draw(st.integers(0, 2)))
        )
        card_id = f"x.card{k}"
        cards[card_id] = Card(
            card_id, "t", "aide", "t", tuple(choices),
            tags=tuple(draw(st.sets(st.sampled_from(["hot", "cold"]), max_size=2))),
            when=_conditions(draw),
            weight=draw(st.sampled_from([0.0, 0.5, 1.0, 3.0, 10.0, 40.0])),
            weight_if=modifiers,
            once=draw(st.booleans()),
            cooldown=draw(st.integers(0, 4)),
        )
    scenario = replace(base.scenarios["s"], focus={"hot": draw(st.sampled_from([0.5, 1.0, 3.0]))},
                       opening=draw(st.sampled_from([None, "a.protest", "x.card0"])),
                       rivalry=draw(st.sampled_from([None, {}, {"north": {"people": 0.3}, "people": {"south": 0.2}}])),
                       set_aside=draw(st.sampled_from([None, SetAside(0.5, 0), SetAside(0.9, 2)])))
    rivalry = {"north": {"south": draw(st.sampled_from([0.0, 0.25, 0.5]))},
               "south": {"north": draw(st.sampled_from([0.0, 0.35, 0.5])), "people": 0.1}}
    situations = base.situations + ((_situation(draw),) if draw(st.booleans()) else ())
    return replace(base, cards=cards, scenarios={"s": scenario}, rivalry=rivalry, situations=situations)


@settings(max_examples=40)
@given(toy_decks(), seeds, st.lists(st.integers(0, 2), min_size=1, max_size=20))
def test_random_decks_agree_with_the_engine(content, seed, picks):
    for offset in range(3):
        play_both(content, "s", seed + offset, lambda turn, n: picks[turn % len(picks)] % n)


def test_refused_draws_fall_back_to_the_scan_as_in_the_engine():
    # The greatest weight is 1000 times the weight: nearly every try is refused, so the
    # 32 tries run out and the exact scan deals (test_engine_draw's own deck).
    base = mini_content()
    rare = Card("x.rare", "r", "aide", "t", (Choice("a", (("people", -1),)), Choice("b", (("north", -1),))),
                weight=1, weight_if=(WeightModifier(Condition(flags=frozenset({"boom"})), 1000.0),), cooldown=0)
    content = replace(base, cards={**base.cards, "x.rare": rare})
    for seed in range(200):
        play_both(content, "s", seed, lambda turn, n: turn % n)


def test_chances_counters_any_and_same_quarter_followups_agree_with_the_engine():
    # A deck where each of them decides what is dealt: a chance on a card and on a
    # multiplier, a counter that choices raise and lower, an any: over meters and a
    # nested any: over a counter and a flag; follow-ups in the same quarter, with
    # lingering effects waiting for the quarter's end, one of them dropped out of its
    # dates.
    base = mini_content(turns=16)
    start = base.scenarios["s"].start
    now = (Choice("a", (("people", -2),), followups=(FollowUp("x.soon", 0), FollowUp("x.dated", 0)),
                  lingering=(Lingering("south", -3, 2),)),
           Choice("b", (("south", 2),), followups=(FollowUp("a.protest", 0),)))
    two = (Choice("a", (("people", 1),), add_counters=(("c1", 1),)),
           Choice("b", (("north", 2),), add_counters=(("c1", -1), ("c2", 1))))
    cards = {
        "x.rumour": Card("x.rumour", "r", "aide", "t", two, when=Condition(chance=0.4, chance_key=11),
                         weight=40, cooldown=0),
        "x.boost": Card("x.boost", "b", "aide", "t", two, weight=2, cooldown=1,
                        weight_if=(WeightModifier(Condition(chance=0.5, chance_key=12), 30.0),)),
        "x.counted": Card("x.counted", "c", "aide", "t", two, weight=60, cooldown=0,
                          when=Condition(counters=(("c1", 2, 9),), any_of=(
                              Condition(meters=(("people", 0, 50),)),
                              Condition(any_of=(Condition(counters=(("c2", 1, 9),)),
                                                Condition(flags=frozenset({"north_deal"}))))))),
        "x.now": Card("x.now", "n", "aide", "t", now, weight=30, cooldown=1),
        "x.soon": Card("x.soon", "s", "aide", "t", two, followup_only=True),
        "x.dated": Card("x.dated", "d", "aide", "t", two, followup_only=True,
                        when=Condition(dates=(start + 5, start + 9))),
    }
    content = replace(base, cards={**base.cards, **cards})
    for seed in range(150):
        play_both(content, "s", seed, lambda turn, n: (seed + turn) % n)
    for name in ("random", "balancer", "lookahead"):
        play = kernel_player(content, "s", name)
        for seed in range(20):
            assert play(seed) == play_one(content, "s", name, seed), (name, seed)


def test_situations_in_conditions_and_across_meters_agree_with_the_engine():
    # Cards that need a situation and cards barred by one, a situation that starts on
    # one meter and ends on another (tested one by one), one whose thresholds overlap,
    # and drift: the kernel keeps situations as bits, the engine as ids.
    base = mini_content(turns=16)
    swing = (Choice("down", (("people", -9), ("south", 7))), Choice("up", (("people", 8), ("north", -6))))
    cards = {
        "x.calm": Card("x.calm", "c", "aide", "t", swing, weight=50, cooldown=0,
                       when=Condition(not_situations=frozenset({"unrest"}))),
        "x.tense": Card("x.tense", "t", "aide", "t", swing, weight=50, cooldown=0,
                        when=Condition(situations=frozenset({"unrest", "thaw"}))),
        "x.cold": Card("x.cold", "o", "aide", "t", swing, weight=20, cooldown=0,
                       weight_if=(WeightModifier(Condition(not_situations=frozenset({"thaw", "flood"})), 4.0),)),
    }
    situations = base.situations + (
        Situation("thaw", "Thaw", Threshold("south", above=55), Threshold("north", below=40), per_turn={"people": 2}),
        Situation("flood", "Flood", Threshold("people", below=60), Threshold("people", above=40),
                  per_turn={"south": -1}),
    )
    content = replace(base, cards={**base.cards, **cards}, situations=situations)
    for seed in range(150):
        play_both(content, "s", seed, lambda turn, n: (seed // 3 + turn // 2) % n)


def test_games_start_where_the_engine_starts_them(base_content):
    """The kernel's start meters are rules.start_meters, spread and clamp included: every
    base scenario, and spreads that push meters past both ends, over many seeds."""
    base = mini_content()
    wide = replace(base.scenarios["s"], meters={"north": 2, "south": 99, "people": 50},
                   start_spread={"people": 60, "north": 5, "south": 3})
    cases = [(base_content, sid) for sid in base_content.scenarios]
    cases.append((replace(base, scenarios={"s": wide}), "s"))
    for content, scenario_id in cases:
        kernel = Kernel(content)
        scenario = content.scenarios[scenario_id]
        for seed in [*range(300), 2**40 + 7, 2**64 - 1, -5]:
            started = kernel.new_game(scenario_id, seed).meters
            assert dict(zip(kernel.meter_ids, started)) == rules.start_meters(content, scenario, seed), seed


def test_the_clamp_table_clamps_every_change_as_the_engine_does():
    clamp = kernel_module._CLAMP
    for value in range(0, 101):
        for change in range(-250, 251):
            (_, capped), = kernel_module._capped([(0, change)])
            assert clamp[value + capped] == min(100, max(0, value + change)), (value, change)


# --- the bots and the simulator -------------------------------------------------------


@pytest.mark.parametrize("make", [mini_content, None], ids=["mini", "base"])
def test_every_kernel_bot_plays_the_engine_bots_games(base_content, make):
    content = make() if make else base_content
    for scenario_id in content.scenarios:
        for name in strategy_names(content):
            play = kernel_player(content, scenario_id, name)
            for seed in range(12 if name == "lookahead" else 40):
                assert play(seed) == play_one(content, scenario_id, name, seed), (scenario_id, name, seed)


def test_the_kernel_lookahead_scores_are_the_engines_to_the_bit(base_content):
    kernel = Kernel(base_content)
    for seed in range(30):
        ks = kernel.new_game(None, seed, record=True)
        while not ks.over:
            state = kernel.to_state(ks)
            scores = lookahead_scores(kernel, ks)
            assert scores == engine_lookahead_scores(base_content, state)
            kernel.choose(ks, max(range(len(scores)), key=scores.__getitem__))


@pytest.mark.parametrize("unrolled", [True, False], ids=["unrolled", "looped"])
def test_both_ways_of_adding_up_replies_give_the_engines_scores(monkeypatch, unrolled):
    # The kernel lookahead adds a reply's gains unrolled where every choice changes at
    # most six meters, in a loop otherwise (a content with more meters): both, to the bit.
    from game.sim import kernel_bots

    if not unrolled:
        monkeypatch.setattr(kernel_bots, "_UNROLLED", 0)
    content = load_or_raise(CONTENT)  # a content object of its own: its tables are built here
    kernel = Kernel(content)
    for seed in range(8):
        ks = kernel.new_game(None, seed, record=True)
        while not ks.over:
            scores = lookahead_scores(kernel, ks)
            assert scores == engine_lookahead_scores(content, kernel.to_state(ks))
            kernel.choose(ks, max(range(len(scores)), key=scores.__getitem__))
        assert kernel_bots._tables(kernel, ks)["unrolled"] is unrolled


def test_a_bot_without_a_kernel_policy_is_played_on_the_engine(base_content):
    assert kernel_policy(base_content, "lookahead2") is None
    assert kernel_player(base_content, None, "lookahead2") is None
    content = mini_content()  # the two-ply search is slow on the base deck
    kernel_run = run_simulation(content, ["lookahead2"], 20, 5, processes=1)
    engine_run = run_simulation(content, ["lookahead2"], 20, 5, processes=1, engine=True)
    assert kernel_run["lookahead2"].as_json(content, []) == engine_run["lookahead2"].as_json(content, [])


def test_the_simulator_reports_the_same_through_kernel_and_engine(base_content):
    names = strategy_names(base_content)
    for scenario_id in base_content.scenarios:
        kernel_run = run_simulation(base_content, names, 100, 9, scenario_id, processes=1)
        engine_run = run_simulation(base_content, names, 100, 9, scenario_id, processes=1, engine=True)
        cards = list(base_content.cards)
        for name in names:
            assert kernel_run[name].as_json(base_content, cards) == engine_run[name].as_json(base_content, cards)
            assert kernel_run[name].picks == engine_run[name].picks


def test_simulate_json_is_byte_identical_with_engine_flag():
    outputs = []
    for extra in ([], ["--engine"]):
        out = subprocess.run([sys.executable, "-m", "game", "simulate", "--strategy", "all", "--games", "200",
                              "--seed", "4", "--json", "--no-mods", *extra],
                             capture_output=True, text=True, cwd=REPO, check=True)
        lines = [line for line in out.stdout.splitlines() if '"games_per_second"' not in line]
        outputs.append("\n".join(lines))
        assert "lookahead" in json.loads(out.stdout)
    assert outputs[0] == outputs[1]
