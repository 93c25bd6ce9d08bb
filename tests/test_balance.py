"""The balance targets of docs/balance.md, on the base deck and its default scenario.

Samples are sized for CI and the seed is fixed, so every figure is deterministic. A
target holds only when its 95% Wilson interval clears it: the sample must show the
property with room to spare, not merely land near it. The full check (2,000 games per
strategy, seed 1) is the documented command in docs/balance.md:

    multivector simulate --strategy all --games 2000 --seed 1

The reachability target (every dealable card drawn in at least 0.5% of random games)
is judged on the same 2,000 random games as the other random-play targets.
"""

from __future__ import annotations

import pytest

from game.sim import targets
from game.sim.simulator import dealable_cards, run_simulation
from game.sim.stats import wilson_interval

SEED = 20_251  # not the seed the knobs were tuned on (1 and 99), so this is a fresh sample
GAMES = {"random": 2000, "moscow": 300, "beijing": 300, "washington": 300, "balancer": 400, "lookahead": 400}
SINGLES = ("moscow", "beijing", "washington")


@pytest.fixture(scope="module")
def report(base_content):
    scenario = base_content.default_scenario.id
    ids = dealable_cards(base_content, scenario)
    result = {}
    for games in sorted(set(GAMES.values())):
        names = [name for name, n in GAMES.items() if n == games]
        for name, summary in run_simulation(base_content, names, games, SEED, scenario).items():
            result[name] = summary.as_json(base_content, ids)
    return result


def interval(row: dict) -> tuple[float, float]:
    return wilson_interval(row["survived"], row["games"])


def test_random_play_survives_between_5_and_30_percent(report):
    low, high = interval(report["random"])
    assert targets.RANDOM_SURVIVAL[0] <= low and high <= targets.RANDOM_SURVIVAL[1], (low, high)


@pytest.mark.parametrize("power", SINGLES)
def test_leaning_on_one_power_loses(report, power):
    _, high = interval(report[power])
    assert high < targets.SINGLE_VECTOR_MAX, high


def test_the_balancer_survives_between_55_and_90_percent(report):
    low, high = interval(report["balancer"])
    assert targets.BALANCER_SURVIVAL[0] <= low and high <= targets.BALANCER_SURVIVAL[1], (low, high)


def test_balancing_beats_the_best_single_vector_play_by_30_points(report):
    best_high = max(interval(report[power])[1] for power in SINGLES)
    low, _ = interval(report["balancer"])
    assert low - best_high >= targets.BALANCER_LEAD, (low, best_high)


def test_the_lookahead_does_at_least_as_well_as_the_balancer(report):
    # Same games (same seeds) for both: a paired comparison, not two separate samples.
    assert report["lookahead"]["survived"] >= report["balancer"]["survived"]
    assert report["lookahead"]["games"] == report["balancer"]["games"]


def test_no_meter_dominates_the_losses_of_random_play(base_content, report):
    row = report["random"]
    losses = row["games"] - row["survived"]
    for meter in base_content.meters:
        low, high = wilson_interval(row["losses_by_meter"][meter.id], losses)
        assert targets.METER_LOSS_SHARE[0] <= low and high <= targets.METER_LOSS_SHARE[1], (meter.id, low, high)


def test_random_play_rarely_loses_in_the_first_four_turns(report):
    row = report["random"]
    early = round(row["early_loss_rate"] * row["games"])
    _, high = wilson_interval(early, row["games"])
    assert high <= targets.EARLY_LOSS_MAX, high


def test_every_dealable_card_is_drawn_in_enough_random_games(base_content, report):
    # A card written but (almost) never dealt is a card nobody plays: each one must show
    # up in at least 0.5% of random games, provably so (the interval's low end).
    row = report["random"]
    rare = {}
    for card_id in targets.reachable_cards(base_content, base_content.default_scenario.id):
        drawn = row["cards"][card_id]["drawn"]
        low, _ = wilson_interval(drawn, row["games"])
        if low < targets.CARD_DRAWN_MIN:
            rare[card_id] = drawn
    assert rare == {}, rare


def test_every_choice_costs_something(base_content):
    assert targets.free_choices(base_content, base_content.default_scenario.id) == []


def test_no_two_choices_of_a_card_have_the_same_effects(base_content):
    assert targets.duplicate_choices(base_content, base_content.default_scenario.id) == []


def test_the_report_checks_agree_with_these_tests(base_content, report):
    """``simulate`` prints the same verdicts these tests reach."""
    checks = targets.check_report(base_content, base_content.default_scenario.id, report)
    failing = [c.name for c in checks if not c.passed]
    assert failing == []


# --- the target rules themselves, on made-up reports ------------------------------


def _row(survived: int, games: int, **extra) -> dict:
    low, high = wilson_interval(survived, games)
    row = {"games": games, "survived": survived, "survival_rate": survived / games, "ci95": [low, high],
           "endings": {}, "losses_by_meter": {}, "median_turns": 20, "early_loss_rate": 0.0, "cards": {}}
    row.update(extra)
    return row


def test_a_share_target_needs_its_whole_interval_inside(base_content):
    scenario = base_content.default_scenario.id
    by_name = lambda report: {c.name: c.passed for c in targets.check_report(base_content, scenario, report)}  # noqa: E731
    inside = by_name({"balancer": _row(1440, 2000)})  # 72% [70%-74%]
    assert inside["the balancer survives 55%-90%"]
    edge = by_name({"balancer": _row(178, 200)})  # 89%, but the interval reaches past 90%
    assert not edge["the balancer survives 55%-90%"]
    lucky = by_name({"balancer": _row(1900, 2000)})
    assert not lucky["the balancer survives 55%-90%"]


def test_free_and_duplicate_choices_are_named():
    from dataclasses import replace

    from game.engine import Card, Choice
    from tests.minicontent import mini_content

    mini = mini_content()
    free = Card("a.free", "Free", "x", "", (Choice("Gift", (("people", 3),)), Choice("Same", (("people", 3),))))
    content = replace(mini, cards={**mini.cards, free.id: free})
    assert targets.free_choices(content, "s") == ["a.free#1", "a.free#2"]
    assert targets.duplicate_choices(content, "s") == ["a.free#2 = #1"]


def test_dominant_choices_are_the_ones_a_bot_nearly_always_takes():
    from collections import Counter

    from tests.minicontent import mini_content

    mini = mini_content()
    picks = Counter({("a.north_deal", 0): 96, ("a.north_deal", 1): 4, ("a.protest", 2): 50, ("a.protest", 0): 50,
                     ("a.south_deal", 1): 10})
    assert targets.dominant_choices(mini, picks) == ["a.north_deal#1 (96/100)"]  # a.south_deal: too few deals
