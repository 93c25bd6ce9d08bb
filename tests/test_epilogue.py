"""The epilogue: the decisions that shaped a term, its close calls, and which kind of
ending it was."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.engine import DANGER_MARGIN, forecasts, rebuild
from game.saves.epilogue import (
    BALANCED,
    DRIFT,
    LOSS,
    LUCKY,
    brushes,
    epilogue,
    shaping_count,
    shaping_decisions,
)
from tests.tui.helpers import random_game


@pytest.fixture(scope="module")
def won(base_content):
    """A won 20-quarter term of the base game (the balancer's way: the seed is fixed)."""
    for seed in range(40):
        state = random_game(base_content, seed)
        if base_content.endings[state.ending].kind == "victory":
            return state
    raise AssertionError("no random game of 40 survived")


def test_the_recap_names_three_to_five_decisions():
    assert [shaping_count(n) for n in (1, 2, 3, 8, 12, 16, 20, 36)] == [1, 2, 3, 3, 3, 4, 5, 5]


def test_the_shaping_decisions_are_where_the_roads_parted_most(base_content, won):
    chosen = shaping_decisions(base_content, won)
    assert len(chosen) == 5
    assert [s.index for s in chosen] == sorted(s.index for s in chosen)
    # By hand: how far the road taken parted from the nearest other, each quarter.
    states = rebuild(base_content, won)
    parted = []
    for index, decision in enumerate(won.decisions):
        roads = [road.changes for road in forecasts(base_content, states[index])]
        taken = roads[decision.choice]
        parted.append(min(sum(abs(taken.get(m, 0) - other.get(m, 0)) for m in set(taken) | set(other))
                          for i, other in enumerate(roads) if i != decision.choice))
    assert [s.parted for s in chosen] == [parted[s.index] for s in chosen]
    assert min(s.parted for s in chosen) >= max(p for i, p in enumerate(parted)
                                                if i not in {s.index for s in chosen})


def _with_history(content, state, history, ending="term_complete"):
    return replace(state, history=tuple(history), ending=ending, meters=dict(history[-1]))


def test_a_calm_win_is_balanced(base_content, won):
    calm = {m.id: 50 for m in base_content.meters}
    state = _with_history(base_content, won, [calm] * len(won.history))
    told = epilogue(base_content, state)
    assert told.kind == BALANCED and told.brushes == () and told.drift_meter is None


def test_a_win_that_nearly_failed_is_lucky(base_content, won):
    calm = {m.id: 50 for m in base_content.meters}
    history = [calm] * len(won.history)
    history[5] = dict(calm, public=3)
    told = epilogue(base_content, _with_history(base_content, won, history))
    assert told.kind == LUCKY
    assert [(b.meter, b.value, b.index, b.failed) for b in told.brushes] == [("public", 3, 5, False)]


def test_a_win_leaning_toward_one_power_is_a_drift(base_content, won):
    calm = {m.id: 50 for m in base_content.meters}
    history = [calm] * (len(won.history) - 1) + [dict(calm, moscow=78, beijing=72)]
    told = epilogue(base_content, _with_history(base_content, won, history))
    assert told.kind == DRIFT and told.drift_meter == "moscow"
    # 78 is 22 points from the end: near enough to lean, not in danger.
    assert 100 - 78 > DANGER_MARGIN and told.brushes == ()


def test_a_loss_names_every_meter_that_failed_first(base_content):
    state = next(s for s in (random_game(base_content, seed) for seed in range(40))
                 if base_content.endings[s.ending].kind == "loss")
    told = epilogue(base_content, state)
    assert told.kind == LOSS
    assert told.brushes[0].failed and base_content.meter(told.brushes[0].meter).ending_meter(state.ending)
    for brush in brushes(base_content, state):
        assert brush.margin <= DANGER_MARGIN or brush.failed


def test_an_edited_game_is_still_told(base_content, won):
    # A save the content cannot replay: measured by what each quarter moved.
    edited = replace(won, seed=won.seed + 1)
    chosen = shaping_decisions(base_content, edited)
    assert len(chosen) == 5 and all(s.parted == s.moved for s in chosen)
