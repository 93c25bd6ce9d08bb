"""A Hypothesis state machine plays the base deck the way people do: new games, choices,
undo, saving and loading, and checks the rules' invariants after every step.

Invariants: every meter stays within 0..100; a game in progress always has a card with
choices on the table (no soft-lock) and a finished one has an ending; a follow-up that
has come due is dealt before any drawn card; a drawn card was one the draw could deal;
the game ends by its term; a seed plus the choices reproduces the state; a save loads
back as the very same state.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.engine import METER_MAX, METER_MIN, VICTORY, choose, draw_probabilities, new_game, play
from game.loading import load_or_raise
from game.saves.store import read_save, write_save
from tests.conftest import CONTENT

BASE = load_or_raise(CONTENT)
FINGERPRINT = "stateful-test"
seeds = st.integers(min_value=0, max_value=2**63 - 1)
scenarios = st.sampled_from(sorted(BASE.scenarios))


class PlayedGame(RuleBasedStateMachine):
    content = BASE

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="multivector-stateful-"))
        self.undo_stack = []
        self.state = None

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- rules ----------------------------------------------------------------------

    @initialize(seed=seeds, scenario=scenarios)
    def start(self, seed, scenario):
        self.new_game(seed, scenario)

    @rule(seed=seeds, scenario=scenarios)
    def new_game(self, seed, scenario):
        # Always runnable, so a finished game never leaves the machine without a move.
        self.state = new_game(self.content, scenario, seed)
        self.undo_stack = []

    @precondition(lambda self: self.state is not None and not self.state.over)
    @rule(picks=st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=8))
    def choose(self, picks):
        # Several turns per step, so that games often run to their end.
        for pick in picks:
            if self.state.over:
                break
            self.choose_one(pick)

    def choose_one(self, pick):
        before = self.state
        card = self.content.cards[before.card]
        after, report = choose(self.content, before, pick % len(card.choices))
        assert report.card == before.card and len(after.decisions) == len(before.decisions) + 1
        if not after.over:
            if after.card_is_followup:
                promised = before.pending + report.followups_scheduled
                assert any(p.card == after.card and p.due <= after.turn for p in promised)
            else:
                # The draw saw this state, before the dealt card was marked as dealt.
                at_draw = replace(after, last_dealt=before.last_dealt, card=None)
                assert after.card in [card_id for card_id, _ in draw_probabilities(self.content, at_draw)]
        self.undo_stack.append(before)
        self.state = after

    @precondition(lambda self: bool(self.undo_stack))
    @rule()
    def undo(self):
        self.state = self.undo_stack.pop()

    @rule()
    def save_and_load(self):
        path = write_save(self.folder, "slot", self.content, self.state, fingerprint=FINGERPRINT)
        saved = read_save(path, self.content, FINGERPRINT)
        assert saved.state == self.state
        assert saved.verified is True and not saved.warnings
        self.state = saved.state

    @rule()
    def draw(self):
        """The deal is deterministic: the seed and the choices deal exactly this game, and
        the next draw's probabilities form a distribution over real cards."""
        state = self.state
        assert play(self.content, state.scenario, state.seed, state.choices_made) == state
        if not state.over:
            odds = draw_probabilities(self.content, replace(state, turn=state.turn + 1, date=state.date + 1))
            assert odds and abs(sum(p for _, p in odds) - 1.0) < 1e-9
            assert all(p > 0 and card_id in self.content.cards for card_id, p in odds)

    # --- invariants -----------------------------------------------------------------

    @invariant()
    def meters_within_bounds(self):
        assert set(self.state.meters) == set(self.content.meter_ids)
        assert all(METER_MIN <= v <= METER_MAX for v in self.state.meters.values())

    @invariant()
    def no_soft_lock(self):
        state = self.state
        if state.over:
            assert state.card is None and state.ending in self.content.endings
        else:
            assert state.card in self.content.cards
            assert len(self.content.cards[state.card].choices) >= 2

    @invariant()
    def due_follow_ups_come_first(self):
        state = self.state
        if not state.over and any(p.due <= state.turn for p in state.pending):
            assert state.card_is_followup  # a due follow-up is never passed over for a draw

    @invariant()
    def the_game_ends_by_its_term(self):
        state = self.state
        term = self.content.scenarios[state.scenario].turns
        # Count quarters, not decisions: a same-quarter follow-up (in: 0) is a second
        # decision in one turn (Qantar's opening brings two).
        turns = {decision.turn for decision in state.decisions}
        assert state.turn <= term and all(1 <= turn <= term for turn in turns)
        assert len(state.history) == len(state.decisions) + 1
        if state.over and self.content.endings[state.ending].kind == VICTORY:
            assert turns == set(range(1, term + 1))


TestPlayedGame = PlayedGame.TestCase
TestPlayedGame.settings = settings(stateful_step_count=40)
