"""Content's derived-index cache belongs to one Content object, whatever copies are made."""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace

import pytest

from game.engine import eligible_cards, new_game, scenario_deck
from tests.minicontent import mini_content


def test_a_replaced_copy_starts_with_an_empty_cache():
    content = mini_content()
    new_game(content, seed=1)  # fills the cache: decks, draw tables
    assert content._derived
    fewer = replace(content, cards={k: v for k, v in content.cards.items() if k != "a.north_deal"})
    assert fewer._derived == {} and fewer._derived is not content._derived
    drawable, _ = scenario_deck(fewer, "s")
    assert "a.north_deal" not in {card.id for card in drawable}
    state = new_game(fewer, seed=1)
    assert "a.north_deal" not in {card.id for card, _ in eligible_cards(fewer, state)}
    assert "a.north_deal" in {card.id for card in scenario_deck(content, "s")[0]}


def test_the_cache_is_not_an_argument():
    content = mini_content()
    with pytest.raises(ValueError):
        replace(content, _derived={})
    with pytest.raises(TypeError):
        type(content)(content.meters, content.endings, content.scenarios, content.cards, _derived={})


def test_pickles_and_copies_leave_the_cache_behind():
    content = mini_content()
    new_game(content, seed=1)
    for twin in (pickle.loads(pickle.dumps(content)), copy.deepcopy(content), copy.copy(content)):
        assert twin == content
        assert twin._derived == {} and twin._derived is not content._derived
        assert new_game(twin, seed=5) == new_game(content, seed=5)
