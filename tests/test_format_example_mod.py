"""The example mod of any:, chance:, counters and in: 0 (examples/mods/oil_strikes)
validates, matches the schema, and plays as its README says."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.engine import choose, condition_holds, new_game
from game.loading import load_content
from game.loading import spec as S
from tests.test_kernel import play_both

REPO = Path(__file__).resolve().parent.parent
MOD = REPO / "examples" / "mods" / "oil_strikes"


@pytest.fixture(scope="module")
def content():
    result = load_content(REPO / "content", [MOD])
    assert result.ok and not result.problems, [p.format() for p in result.problems]
    return result.content


def test_the_mod_validates_against_the_schema():
    assert list(jsonschema.Draft202012Validator(S.schema_for_kind("mod")).iter_errors(
        yaml.safe_load((MOD / S.MANIFEST_NAME).read_text(encoding="utf-8")))) == []
    cards = yaml.safe_load((MOD / "cards.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(S.schema_for_kind("content")).iter_errors(cards)) == []


def test_it_uses_every_feature_it_shows(content):
    cards = {card_id: card for card_id, card in content.cards.items() if card_id.startswith("oil_strikes.")}
    assert cards["oil_strikes.walkout"].when.any_of
    assert cards["oil_strikes.solidarity"].when.chance == 0.35
    assert cards["oil_strikes.square"].when.counters == (("strikes", 3, 99),)
    assert any(f.delay == 0 for choice in cards["oil_strikes.walkout"].choices for f in choice.followups)


def _games(content, count):
    """Games of every scenario where the government always takes the hard line on the
    mod's cards (the choice that adds to 'strikes') and plays the rest at random; each
    state as the card comes up, with the state before the last choice."""
    for seed in range(count):
        scenario = sorted(content.scenarios)[seed % len(content.scenarios)]
        state, pick = new_game(content, scenario, seed), random.Random(seed)
        before = None
        while not state.over:
            yield before, state
            card = content.cards[state.card]
            hard = [i for i, c in enumerate(card.choices) if dict(c.add_counters).get("strikes", 0) > 0]
            before = state
            state, _ = choose(content, state, hard[0] if hard else pick.randrange(len(card.choices)))


def test_it_plays_as_its_readme_says(content):
    square = solidarity = rulings = 0
    for before, state in _games(content, 400):
        if state.card == "oil_strikes.court_ruling":
            rulings += 1  # dealt in the quarter of the walkout, right after it
            assert before.card == "oil_strikes.walkout" and (state.turn, state.date) == (before.turn, before.date)
        elif state.card == "oil_strikes.solidarity" and not state.card_is_followup:
            solidarity += 1
            assert state.counters.get("strikes", 0) >= 1
            assert condition_holds(content.cards[state.card].when, state)
        elif state.card == "oil_strikes.square":
            square += 1
            assert state.counters["strikes"] >= 3
    assert rulings and solidarity and square, (rulings, solidarity, square)


def test_the_kernel_plays_the_mod_as_the_engine_does(content):
    for seed in range(40):
        scenario = sorted(content.scenarios)[seed % len(content.scenarios)]
        play_both(content, scenario, seed, lambda turn, n: (seed * 7 + turn) % n)


def test_the_mod_round_trips_through_the_content_cache(monkeypatch, tmp_path):
    # Conditions hold conditions (any:): the cache's JSON must carry them, chances and
    # counters as they are.
    from game.loading import cache
    from tests.test_cache import assert_same, fresh

    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    expected = fresh(monkeypatch, REPO / "content", [MOD])
    encoded = json.loads(json.dumps(cache._encode_result(expected)))
    decoded = cache._decode_result(encoded)
    assert_same(decoded, expected)
    assert decoded.content.cards["oil_strikes.square"].when.any_of  # not lost on the way
