"""A scenario's set_aside: each game, from its seed, leaves a share of the open cards
(not events, follow-up targets or consequences) out of its draw, the same share of each
theme; the engine and the kernel agree; the loader checks the field; the simulator
reports how much two games have in common."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest

from game.engine import choose, new_game
from game.engine.deck import choose_aside, open_cards
from game.engine.model import SetAside
from game.engine.rules import open_card_ids, scenario_deck, set_aside_cards
from game.loading import load_content
from game.sim.kernel import Kernel
from game.sim.kernel_bots import kernel_policy
from game.sim.stats import variety
from tests.test_kernel import play_both
from tests.test_loader import MINI, write

ASIDE = SetAside(0.4)


def _aside(content, set_aside=ASIDE):
    return replace(content, scenarios={k: replace(s, set_aside=set_aside) for k, s in content.scenarios.items()})


@pytest.fixture(scope="module")
def aside_content(base_content):
    return _aside(base_content)


def _themes(cards):
    return Counter(card.tags[0] if card.tags else "" for card in cards)


def test_without_the_field_nothing_is_set_aside(base_content):
    for scenario_id, scenario in base_content.scenarios.items():
        if scenario.set_aside is None:
            assert set_aside_cards(base_content, scenario_id, 7) == frozenset()
            assert open_card_ids(base_content, scenario_id) == ()


def test_open_cards_leave_out_events_follow_ups_and_consequences(aside_content):
    targets = {f.card for card in aside_content.cards.values() for ch in card.choices for f in ch.followups}
    for scenario_id, scenario in aside_content.scenarios.items():
        first, last = scenario.start, scenario.start + scenario.turns - 1
        drawable, _ = scenario_deck(aside_content, scenario_id)
        pool = set(open_card_ids(aside_content, scenario_id))
        assert pool and pool < {card.id for card in drawable}
        for card in drawable:
            dates = card.when.dates
            event = dates is not None and min(dates[1], last) - max(dates[0], first) + 1 <= 8
            consequence = not card.when.flags <= scenario.flags
            kept = event or consequence or card.id in targets or card.id == scenario.opening
            assert (card.id in pool) == (not kept), card.id


def test_each_theme_loses_its_share_and_the_seed_fixes_which(aside_content):
    scenario_id = "transition_2019"
    pool = [aside_content.cards[c] for c in open_card_ids(aside_content, scenario_id)]
    themes = _themes(pool)
    seen = Counter()
    for seed in range(300):
        aside = set_aside_cards(aside_content, scenario_id, seed)
        assert aside == choose_aside(0.4, pool, seed) and aside <= {card.id for card in pool}
        per_theme = _themes(aside_content.cards[c] for c in aside)
        for theme, n in themes.items():
            assert int(0.4 * n) <= per_theme[theme] <= int(0.4 * n) + 1, (seed, theme)
        seen.update(aside)
    # Every open card is set aside in some games and kept in others, near 40% of them.
    assert set(seen) == {card.id for card in pool}
    assert all(0.25 < seen[card.id] / 300 < 0.55 for card in pool), seen
    assert len({set_aside_cards(aside_content, scenario_id, seed) for seed in range(300)}) == 300


def test_the_order_of_the_cards_does_not_change_the_pick(aside_content):
    pool = [aside_content.cards[c] for c in open_card_ids(aside_content, "qantar_2022")]
    for seed in range(50):
        assert choose_aside(0.3, pool, seed) == choose_aside(0.3, list(reversed(pool)), seed)


def test_a_card_set_aside_is_never_drawn(aside_content):
    # Only the draw skips them: the games below have no follow-ups onto open cards.
    for scenario_id in aside_content.scenarios:
        for seed in range(60):
            aside = set_aside_cards(aside_content, scenario_id, seed)
            state = new_game(aside_content, scenario_id, seed)
            chooser = random.Random(seed)
            dealt = [state.card]
            while not state.over:
                state, _ = choose(aside_content, state, chooser.randrange(len(aside_content.cards[state.card].choices)))
                dealt.append(state.card)
            assert aside.isdisjoint(dealt), (scenario_id, seed, aside & set(dealt))


def test_the_set_aside_does_not_use_the_draws_numbers(base_content, aside_content):
    """Each draw takes the same random numbers with or without the field: the first deal
    of a game differs only where the plain game's first card is set aside."""
    same = 0
    for seed in range(200):
        plain, varied = new_game(base_content, "transition_2019", seed), new_game(aside_content, "transition_2019", seed)
        if plain.card not in set_aside_cards(aside_content, "transition_2019", seed):
            assert (varied.card, varied.rng) == (plain.card, plain.rng)
            same += 1
    assert 0 < same < 200


@pytest.mark.parametrize("scenario_id", ["transition_2019", "independence_1991", "qantar_2022", "middle_2006"])
def test_the_kernel_sets_aside_what_the_engine_does(aside_content, scenario_id):
    kernel = Kernel(aside_content)
    for seed in range(150):
        chooser = random.Random(seed)
        play_both(aside_content, scenario_id, seed, lambda turn, n: chooser.randrange(n))
        assert kernel.new_game(scenario_id, seed).aside == set_aside_cards(aside_content, scenario_id, seed)
    for name in ("random", "balancer", "lookahead"):  # the bots look at the same deal
        policy = kernel_policy(aside_content, name)
        game = kernel.play(scenario_id, 5, policy)
        assert game.ending is not None


def test_set_aside_loads_and_bad_values_are_refused_with_their_place(tmp_path):
    text = MINI.replace("{id: only, name: Only, start: 2019-Q2, turns: 4}",
                        "{id: only, name: Only, start: 2019-Q2, turns: 4, set_aside: {percent: 30}}")
    result = load_content(write(tmp_path, text))
    assert result.ok, [p.format() for p in result.problems]
    assert result.content.scenarios["only"].set_aside == SetAside(0.3, 8)

    events = load_content(write(tmp_path, text.replace("{percent: 30}", "{percent: 25, event_quarters: 2}")))
    assert events.content.scenarios["only"].set_aside == SetAside(0.25, 2)
    assert load_content(write(tmp_path, text.replace("{percent: 30}", "{percent: 0}"))).content.scenarios[
        "only"].set_aside is None

    for bad, words in (("{percent: 95}", "90"), ("{percnt: 30}", "percent"), ("30", "")):
        broken = load_content(write(tmp_path, text.replace("{percent: 30}", bad)))
        errors = [p for p in broken.problems if p.severity == "error"]
        assert errors and errors[0].line == 8 and errors[0].col > 1, (bad, [p.format() for p in errors])
        assert words in errors[0].message, errors[0].message


def test_variety_counts_the_cards_two_games_share():
    # Three games: {a, b}, {a, c}, {a, b}. Pairs of different games share 2, 1, 1 cards
    # (a, b both; a; a): 4/3 on average, over 2 cards a game.
    figures = variety([3, 2, 1], 3)
    assert figures == {"cards_per_game": 2.0, "in_common": round((4 / 3) / 2, 4), "distinct": 3}
    assert variety([5, 5], 5)["in_common"] == 1.0  # every game dealt the same two cards
    assert variety([1, 1, 1, 1], 4)["in_common"] == 0.0  # no two games share a card
    assert variety([], 0)["in_common"] == 0.0


def test_setting_cards_aside_makes_two_games_share_fewer(base_content, aside_content):
    """In a term that deals most of its open cards (1992's), setting 40% of them aside
    lowers the share of cards two balanced games have in common (about 60% -> 55%)."""
    from game.sim.simulator import run_simulation

    plain_content = _aside(base_content, None)
    figures = []
    for content in (plain_content, aside_content):
        summary = run_simulation(content, ["balancer"], 300, 1, "independence_1991", processes=1)["balancer"]
        figures.append(variety(list(summary.drawn.values()), summary.games)["in_common"])
    before, after = figures
    assert after < before - 0.02, (before, after)
