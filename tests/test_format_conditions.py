"""Conditions beyond "all of these": any:, chance: and counters, from YAML to the rules."""

from __future__ import annotations

from dataclasses import replace

from game.engine import (
    Card,
    Choice,
    Condition,
    WeightModifier,
    choose,
    condition_holds,
    draw_probabilities,
    eligible_cards,
    forecast,
    new_game,
    rng,
    rules,
)
from game.loading import load_content
from game.saves.format import decode_state, encode_state
from tests.minicontent import mini_content
from tests.test_loader import MINI, write

CARDS = MINI + """\
  - id: rally
    title: Rally
    speaker: aide
    text: A rally.
    choices:
      - {label: A, effects: {moscow: 1}, add_counters: {protests: 1}}
      - {label: B, effects: {public: 1}, add_counters: {protests: -1}}
  - id: crackdown
    title: Crackdown
    speaker: aide
    text: Enough.
    when:
      counters: {protests: [2, 99]}
      any:
        - {meters: {public: [0, 40]}}
        - any: [{meters: {moscow: [60, 100]}}, {turns: [4, 4]}]
    weight_if:
      - when: {chance: 0.25}
        multiply: 3
    choices:
      - {label: A, effects: {moscow: 2}}
      - {label: B, effects: {public: 2}}
  - id: rumour
    title: Rumour
    speaker: aide
    text: Maybe.
    when: {chance: 0.5}
    choices:
      - {label: A, effects: {moscow: 3}}
      - {label: B, effects: {public: 3}}
"""


def test_any_chance_and_counters_load_into_the_engines_conditions(tmp_path):
    result = load_content(write(tmp_path, CARDS))
    assert result.ok and not result.problems, [p.format() for p in result.problems]
    cards = result.content.cards
    assert cards["rally"].choices[0].add_counters == (("protests", 1),)
    when = cards["crackdown"].when
    assert when.counters == (("protests", 2, 99),)
    assert when.any_of[0] == Condition(meters=(("public", 0, 40),))
    assert when.any_of[1].any_of == (Condition(meters=(("moscow", 60, 100),)), Condition(turns=(4, 4)))
    assert when.reads_meters and not Condition(counters=(("protests", 0, 1),)).reads_meters
    # Each chance gets a key of its own, fixed by where the condition stands.
    rumour, boost = cards["rumour"].when, cards["crackdown"].weight_if[0].when
    assert (rumour.chance, boost.chance) == (0.5, 0.25)
    assert rumour.chance_key != boost.chance_key
    again = load_content(write(tmp_path, CARDS.replace("id: quiet", "id: calm")))
    assert again.content.cards["rumour"].when.chance_key == rumour.chance_key


def test_mistakes_are_pointed_at_with_suggestions(tmp_path):
    bad = (CARDS.replace("counters: {protests: [2, 99]}", "counters: {protest: [2, 99]}")
           .replace("when: {chance: 0.5}", "when: {chance: 1.5}")
           .replace("        - {meters: {public: [0, 40]}}\n", "        - {metres: {public: [0, 40]}}\n"))
    problems = {(p.code, p.line): p for p in load_content(write(tmp_path, bad)).problems}
    never = problems[("counter-never-set", 32)]
    assert never.severity == "warning" and "did you mean 'protests'" in never.message and never.col == 18
    assert problems[("counter-never-used", 25)].severity == "warning"
    assert "did you mean 'meters'" in problems[("unknown-key", 34)].message
    assert problems[("range", 46)].severity == "error"
    assert len(problems) == 4
    empty = load_content(write(tmp_path, CARDS.replace("- any: [{meters: {moscow: [60, 100]}}, {turns: [4, 4]}]",
                                                       "- any: []")))
    [problem] = [p for p in empty.problems if p.severity == "error"]
    assert (problem.code, problem.line, problem.col) == ("count", 35, 16) and "found 0" in problem.message


def _with(*cards, content=None):
    content = content or mini_content()
    return replace(content, cards={**content.cards, **{card.id: card for card in cards}})


def test_any_holds_when_one_part_does_and_the_other_parts_still_count():
    state = new_game(mini_content(), "s", 1)
    low_people = Condition(meters=(("people", 0, 10),))
    flagged = Condition(flags=frozenset({"north_deal"}))
    assert not condition_holds(Condition(any_of=(low_people, flagged)), state)
    assert condition_holds(Condition(any_of=(low_people, Condition())), state)
    either = Condition(any_of=(low_people, flagged))
    assert condition_holds(either, replace(state, flags=frozenset({"north_deal"})))
    both = Condition(not_flags=frozenset({"north_deal"}), any_of=(low_people, flagged))
    assert not condition_holds(both, replace(state, flags=frozenset({"north_deal"})))


def test_counters_count_choices_and_leave_out_zeros():
    rally = Card("x.rally", "r", "aide", "t", (
        Choice("up", (("people", -1),), add_counters=(("protests", 1), ("strikes", 2))),
        Choice("down", (("people", 1),), add_counters=(("protests", -1),)),
    ))
    content = _with(rally)
    state = replace(new_game(content, "s", 2), card="x.rally")
    state, _ = choose(content, state, 0)
    assert state.counters == {"protests": 1, "strikes": 2}
    enough = Condition(counters=(("protests", 1, 5),))
    assert condition_holds(enough, state) and not condition_holds(enough, new_game(content, "s", 2))
    state = replace(state, card="x.rally")
    state, _ = choose(content, state, 1)
    assert state.counters == {"strikes": 2}  # protests back at 0: left out
    assert condition_holds(Condition(counters=(("protests", 0, 0),)), state)


def test_counters_save_and_old_saves_load_with_none():
    state = replace(new_game(mini_content(), "s", 3), counters={"protests": 3})
    assert decode_state(encode_state(state)) == state
    old = encode_state(new_game(mini_content(), "s", 3))
    assert "counters" not in old  # a game without counters saves as before
    assert decode_state(old).counters == {}


def test_a_chance_is_rolled_once_a_quarter_without_touching_the_stream():
    content = mini_content()
    maybe = Condition(chance=0.5, chance_key=7)
    state = new_game(content, "s", 4)
    answers = {condition_holds(maybe, replace(state, turn=turn)) for turn in range(1, 40)}
    assert answers == {True, False}  # varies with the turn...
    assert len({condition_holds(maybe, state) for _ in range(5)}) == 1  # ...not with asking
    assert condition_holds(maybe, state) == (rng.roll(state.seed, state.turn, 7) < 0.5)
    assert condition_holds(maybe, replace(state, rng=state.rng + 1)) == condition_holds(maybe, state)
    assert not condition_holds(Condition(chance=0.0), state)
    assert condition_holds(Condition(chance=1.0), state)
    other_key = [condition_holds(Condition(chance=0.5, chance_key=8), replace(state, turn=t)) for t in range(1, 40)]
    assert other_key != [condition_holds(maybe, replace(state, turn=t)) for t in range(1, 40)]


def test_a_chance_holds_about_as_often_as_it_says_and_the_card_comes_then():
    # A card that may come only one quarter in four, and no cooldown: over many games
    # its condition holds in about a quarter of the quarters, and it is dealt only then.
    rare = Card("x.rare", "r", "aide", "t", (Choice("a", (("people", 1),)), Choice("b", (("north", 1),))),
                when=Condition(chance=0.25, chance_key=99), cooldown=0)
    content = _with(rare)
    holds = turns = dealt = 0
    for seed in range(300):
        state = new_game(content, "s", seed)
        while not state.over:
            turns += 1
            holds += condition_holds(rare.when, state)
            if state.card == "x.rare":
                dealt += 1
                assert condition_holds(rare.when, state)  # still, once dealt
            state, _ = choose(content, state, turns % 2)
    assert 0.22 < holds / turns < 0.28 and dealt > 50


def test_the_draw_the_probabilities_and_the_forecast_see_the_same_roll():
    rare = Card("x.rare", "r", "aide", "t", (Choice("a", (("people", 1),)), Choice("b", (("north", 1),))),
                when=Condition(chance=0.5, chance_key=5), weight=1000, cooldown=0)
    boosted = Card("x.boost", "b", "aide", "t", (Choice("a", (("people", 2),)), Choice("b", (("south", 1),))),
                   weight=1, weight_if=(WeightModifier(Condition(chance=0.5, chance_key=6), 1000.0),), cooldown=0)
    content = _with(rare, boosted)
    seen = set()
    for seed in range(60):
        state = new_game(content, "s", seed)
        while not state.over:
            odds = dict(draw_probabilities(content, state))
            roll = rng.roll(state.seed, state.turn, 5) < 0.5
            assert ("x.rare" in odds) == (roll and state.last_dealt.get("x.rare") != state.turn)
            for _ in range(3):  # asking again changes nothing
                assert dict(draw_probabilities(content, state)) == odds
            card, _ = rules._draw(content, state)
            assert card.id in odds  # the draw deals only what the odds list
            seen.add(("x.rare" in odds, card.id == "x.rare"))
            for choice in range(2):
                assert choose(content, state, choice)[1].changes == forecast(content, state, choice).changes
            state, _ = choose(content, state, seed % 2)
    assert {(True, True), (False, False), (True, False)} <= seen


def test_a_chance_takes_nothing_from_the_random_stream():
    # A chance of 1 always holds: the deck plays exactly as without it, the random state
    # included, because the roll is derived, not drawn.
    content = mini_content()
    sure = {card_id: replace(card, when=replace(card.when, chance=1.0, chance_key=3))
            for card_id, card in content.cards.items() if not card.fallback}
    certain = replace(content, cards={**content.cards, **sure})
    for seed in range(30):
        plain, rolled = new_game(content, "s", seed), new_game(certain, "s", seed)
        while not plain.over:
            assert (plain.card, plain.rng, plain.meters) == (rolled.card, rolled.rng, rolled.meters)
            plain, _ = choose(content, plain, seed % 2)
            rolled, _ = choose(certain, rolled, seed % 2)
        assert rolled.ending == plain.ending and rolled.rng == plain.rng
