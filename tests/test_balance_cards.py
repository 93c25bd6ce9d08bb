"""Card-level balance properties, on every scenario of the base game.

- No choice gives more of everything than another choice of its card, by the engine's
  forecast from states reached by play (rivalry, lingering and situations included).
- From any state reached by play with every meter in a safe band, every card the
  scenario can deal offers at least one choice that does not lose the game at once.
- No answer is the lookahead's pick in more than DOMINANT_SHARE of the deals of its
  card. A card dealt on the first turns (a scenario's opening and its same-quarter
  follow-ups) meets different states only through the scenario's start_spread: without
  one, a fixed rule answers it the same way in every game.

Each property is also shown to fail on a deliberately broken copy of the content.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import Card, Choice, choose, new_game
from game.loading import load_or_raise
from game.sim.simulator import dealable_cards, run_simulation
from game.sim.targets import dead_end_cards, dominant_picks, dominating_choices
from tests.conftest import CONTENT

BASE = load_or_raise(CONTENT)
SCENARIOS = sorted(BASE.scenarios)
SAFE_BAND = (20, 80)  # every meter at least 20 from a fatal end (domestic: at least 20)
DOMINANT_SHARE = 0.95
LOOKAHEAD_GAMES, LOOKAHEAD_SEED = 400, 77

seeds = st.integers(min_value=0, max_value=2**32 - 1)
picks = st.lists(st.integers(min_value=0, max_value=2), max_size=20)


def _states(content, scenario_id, seed, choices):
    """Every state of a game played with ``choices`` (each taken modulo the card's answers)."""
    state = new_game(content, scenario_id, seed)
    yield state
    for pick in choices:
        if state.over:
            return
        state, _ = choose(content, state, pick % len(content.cards[state.card].choices))
        yield state


def _no_dominating_choice(content, scenario_id, seed, choices):
    for state in _states(content, scenario_id, seed, choices):
        if not state.over:
            assert dominating_choices(content, state) == [], (scenario_id, dict(state.meters))


def _no_dead_end(content, scenario_id, seed, choices):
    cards = dealable_cards(content, scenario_id)
    for state in _states(content, scenario_id, seed, choices):
        if not state.over and all(SAFE_BAND[0] <= v <= SAFE_BAND[1] for v in state.meters.values()):
            assert dead_end_cards(content, state, cards) == [], (scenario_id, dict(state.meters))


@given(st.sampled_from(SCENARIOS), seeds, picks)
def test_no_choice_gives_more_of_everything_than_another(scenario_id, seed, choices):
    _no_dominating_choice(BASE, scenario_id, seed, choices)


@given(st.sampled_from(SCENARIOS), seeds, st.lists(st.integers(0, 2), max_size=8))
def test_from_a_safe_state_every_card_has_a_way_out(scenario_id, seed, choices):
    _no_dead_end(BASE, scenario_id, seed, choices)


def _dominant(content, scenario_id) -> set[str]:
    summary = run_simulation(content, ["lookahead"], LOOKAHEAD_GAMES, LOOKAHEAD_SEED, scenario_id,
                             processes=1)["lookahead"]
    return {f"{d.card}#{d.choice + 1}" for d in dominant_picks(content, summary.picks, share=DOMINANT_SHARE)}


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_answer_is_the_lookaheads_every_time(scenario_id):
    dominant = _dominant(BASE, scenario_id)
    assert dominant == set(), f"answers the lookahead takes in {DOMINANT_SHARE:.0%}+ of their deals: {sorted(dominant)}"


# --- the properties fail on broken content -------------------------------------------


def _with_card(content, card: Card):
    return replace(content, cards={**content.cards, card.id: card})


GIFT = Card("broken.gift", "A gift", "aide", "Everyone is pleased.", (
    Choice("Take it", (("moscow", 2), ("beijing", 2), ("washington", 2), ("public", 3), ("elites", 3),
                       ("economy", 3))),
    Choice("Refuse it", (("public", -2),)),
), weight=10_000, cooldown=0)

DOOM = Card("broken.doom", "Doom", "aide", "Nothing you do helps.", (
    Choice("This", (("public", -100),)),
    Choice("That", (("economy", -100),)),
), weight=10_000, cooldown=0)


def test_an_answer_that_raises_every_meter_is_caught():
    broken = _with_card(BASE, GIFT)
    with pytest.raises(AssertionError):
        _no_dominating_choice(broken, "transition_2019", 1, [0, 0, 0])


def test_a_card_with_no_way_out_is_caught():
    broken = _with_card(BASE, DOOM)
    with pytest.raises(AssertionError):
        _no_dead_end(broken, "transition_2019", 1, [0, 0, 0])


WINDFALL = Card("broken.windfall", "A windfall", "aide", "Oil money, no strings.", (
    Choice("Spend it at home", (("public", 5), ("economy", 6))),
    Choice("Give it away", (("public", -4), ("economy", -5))),
), weight=20)


def test_a_new_dominant_answer_is_caught():
    broken = _with_card(BASE, WINDFALL)
    assert "broken.windfall#1" in _dominant(broken, "transition_2019")
