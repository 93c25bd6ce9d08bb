"""Snapshots of the app's screens at fixed sizes, with a fixed seed and a fixed deck.

The deck is tests/tui/content (four powers, two domestic meters), so the snapshots move
only when the app changes, never when the real deck does. Update them after a deliberate
change with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from game.engine import play
from game.tui.app import create_app
from tests.tui.helpers import THEME


@pytest.fixture
def app_for(deck, tmp_path):
    def make(**options):
        options.setdefault("seed", 7)
        return create_app(content=deck.content, files=deck.files, saves_dir=tmp_path / "saves", theme=THEME,
                          **options)

    return make


def test_title_screen(snap_compare, app_for):
    assert snap_compare(app_for(), terminal_size=(80, 24))


def test_game_screen_80x24(snap_compare, app_for):
    assert snap_compare(app_for(), press=["enter"], terminal_size=(80, 24))


def test_outcome_80x24(snap_compare, app_for):
    assert snap_compare(app_for(), press=["enter", "1"], terminal_size=(80, 24))


def test_game_screen_200x50(snap_compare, app_for):
    # The second quarter: the journal, the last quarter and what is still in play.
    assert snap_compare(app_for(), press=["enter", "1", "enter"], terminal_size=(200, 50))


def test_help_screen(snap_compare, app_for):
    assert snap_compare(app_for(), press=["enter", "question_mark"], terminal_size=(80, 24))


def test_game_over_80x24(snap_compare, app_for):
    assert snap_compare(app_for(scenario="crisis"), press=["enter", "2", "enter", "2", "enter"],
                        terminal_size=(80, 24))


def test_term_complete_200x50(snap_compare, app_for, deck):
    async def finished(pilot):
        # The term played out with the engine (a key-by-key game is tested elsewhere).
        await pilot.pause()
        pilot.app.session.adopt(play(deck.content, None, 7, [0] * 6))
        pilot.app.show_ending()

    assert snap_compare(app_for(), run_before=finished, terminal_size=(200, 50))


def _with_a_situation(deck):
    async def adopt(pilot):
        # Seed 4, the second answer five times: street protests are on (one line at every size).
        await pilot.pause()
        pilot.app.session.start(None, 4)
        pilot.app.session.adopt(play(deck.content, None, 4, [1] * 5))
        pilot.app.show_game()
        await pilot.pause()
        await pilot.pause()  # the choices are fitted once their width is known
        assert pilot.app.session.state.situations

    return adopt


def test_game_screen_with_a_situation_80x24(snap_compare, app_for, deck):
    assert snap_compare(app_for(seed=4), run_before=_with_a_situation(deck), terminal_size=(80, 24))


def test_game_screen_with_a_situation_120x40(snap_compare, app_for, deck):
    assert snap_compare(app_for(seed=4), run_before=_with_a_situation(deck), terminal_size=(120, 40))
