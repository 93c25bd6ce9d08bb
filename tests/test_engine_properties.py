"""Hypothesis properties of the rules, on the tiny content and on the base deck."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.engine import METER_MAX, METER_MIN, choose, new_game, play
from tests.minicontent import mini_content

MINI = mini_content(turns=16)
seeds = st.integers(min_value=0, max_value=2**32)
choice_lists = st.lists(st.integers(min_value=0, max_value=2), max_size=40)


def _play_clamped(content, seed, picks):
    """Play ``picks`` (clamped to each card's choices) and yield every state."""
    state = new_game(content, seed=seed)
    yield state
    for pick in picks:
        if state.over:
            return
        state, _ = choose(content, state, pick % len(content.cards[state.card].choices))
        yield state


@given(seeds, choice_lists)
def test_meters_stay_within_bounds(seed, picks):
    for state in _play_clamped(MINI, seed, picks):
        assert all(METER_MIN <= v <= METER_MAX for v in state.meters.values())


@given(seeds, choice_lists)
def test_same_seed_and_choices_same_game(seed, picks):
    first = list(_play_clamped(MINI, seed, picks))
    second = list(_play_clamped(MINI, seed, picks))
    assert first == second


@given(seeds, st.lists(st.integers(min_value=0, max_value=2), min_size=200, max_size=200))
def test_a_game_ends_by_its_term(seed, picks):
    states = list(_play_clamped(MINI, seed, picks))
    last = states[-1]
    assert last.over
    assert len(last.decisions) <= MINI.scenarios["s"].turns


@given(seeds, choice_lists)
def test_followups_arrive_on_their_turn(seed, picks):
    states = list(_play_clamped(MINI, seed, picks))
    for state in states:
        for pending in state.pending:
            assert pending.due >= state.turn  # nothing overdue is left waiting
    # every scheduled follow-up is dealt on its due turn unless the game ended first
    for before, after in zip(states, states[1:]):
        due_now = [p for p in after.pending if p.due == after.turn]
        if not after.over and due_now:
            raise AssertionError("a due follow-up was left pending")


@given(seeds, choice_lists)
def test_history_records_every_turn(seed, picks):
    for state in _play_clamped(MINI, seed, picks):
        assert len(state.history) == len(state.decisions) + 1
        assert state.history[-1] == state.meters


@given(seeds, choice_lists)
def test_lingering_effects_fade_out(seed, picks):
    for state in _play_clamped(MINI, seed, picks):
        for effect in state.lingering:
            assert 0 < effect.elapsed < effect.turns or effect.elapsed == 0
            assert abs(effect.next_tick()) <= abs(effect.amount)


@given(seeds, st.lists(st.integers(min_value=0, max_value=2), max_size=25))
def test_base_deck_replays_exactly(base_content, seed, picks):
    states = list(_play_clamped(base_content, seed, picks))
    choices = states[-1].choices_made
    assert play(base_content, None, seed, choices) == states[-1]
    for state in states:
        assert all(METER_MIN <= v <= METER_MAX for v in state.meters.values())
