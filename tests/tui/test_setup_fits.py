"""The setup screen fits the smallest terminal the game plays in (80x24): the scenarios'
heading, the chosen scenario and the Start button show together. It used to scroll to
Start and hide the first scenario, the one chosen, while its description showed."""

from __future__ import annotations

import pytest

from game.engine import tr
from game.tui.screens.setup import SetupScreen
from tests.tui.helpers import screen_text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_the_setup_screen_shows_all_at_80x24(make_app, loaded, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        text = screen_text(app)
        for scenario in loaded.content.scenarios.values():
            assert tr(scenario.name, lang) in text, text
        box = app.screen.query_one("#setup-box")
        assert box.max_scroll_y == 0, text  # nothing hidden above or below
        assert app.screen.query_one("#start").region.height > 0
