"""The engine's fast record copies give exactly what the dataclass machinery gives."""

from __future__ import annotations

from dataclasses import replace

from game.engine import ActiveLingering, Decision, TurnReport, new_game
from game.engine.state import build, evolve
from tests.minicontent import mini_content


def test_evolve_is_replace():
    state = new_game(mini_content(), seed=3)
    changed = evolve(state, turn=7, meters={"north": 1, "south": 2, "people": 3}, card=None)
    assert changed == replace(state, turn=7, meters={"north": 1, "south": 2, "people": 3}, card=None)
    assert type(changed) is type(state)
    assert state.turn == 1 and state.card is not None  # the original is untouched
    assert evolve(state) == state and evolve(state) is not state
    effect = ActiveLingering("north", -3, 3, 0, "a.card")
    assert evolve(effect, elapsed=1) == replace(effect, elapsed=1)


def test_build_is_the_constructor():
    fields = dict(turn=1, date=8000, card="a.protest", choice=2, followup=False, injected=True)
    assert build(Decision, **fields) == Decision(**fields)
    assert hash(build(Decision, **fields)) == hash(Decision(**fields))
    report = dict(card="a", choice=0, direct={"north": 1}, rivalry={}, immediate={"north": 1}, changes={}, lingering={}, situation_effects={},
                  situations_started=(), situations_ended=(), followups_scheduled=(), ending=None,
                  next_card="b", next_is_followup=False)
    assert build(TurnReport, **report) == TurnReport(**report)
    assert repr(build(TurnReport, **report)) == repr(TurnReport(**report))
