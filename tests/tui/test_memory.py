"""Memory per game: games played one after another in one app do not pile up.

Each game builds a new game screen and a new ending; the old ones must go with all their
widgets. Two causes were found and fixed: a theme watcher each game screen registered on
the app (Textual keeps it, and the screen, until the theme next changes), and Textual's
``StylesCache.get_inner_outer`` cache keeping removed widgets' rendered lines (see
game/tui/textual_fixes.py). A third was a crash, not a leak: the card's greeting is fitted
after a refresh, and Textual runs such a callback on the screen current by then -- after
the last quarter, the ending -- when the game screen's widgets were gone.

The games are played through the screens' own actions (what keys 1-3 and Enter call),
without a frame between the quarters: each game screen and each ending is shown and
drawn, and twenty games take a few seconds each on a busy machine. Memory is counted as
the interpreter's allocated blocks, less those held before the app was made (tracemalloc
would count bytes, but slows the games fivefold).
"""

from __future__ import annotations

import gc
import sys

from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import CHOOSE, GameScreen
from game.tui.screens.title import TitleScreen

GAMES = 20
GROWTH = 1.15  # memory after GAMES games at most this times that after two


def alive(kind) -> int:
    return sum(isinstance(thing, kind) for thing in gc.get_objects())


async def play_out(app, pilot, game_number: int) -> int:
    """Play the game on the screen to its end; return the quarters played."""
    quarters = 0
    while isinstance(app.screen, GameScreen):
        screen = app.screen
        if app.session.state.over:  # the ending is on its way: let the app show it
            if screen.phase != CHOOSE:
                screen.action_continue()
            await pilot.pause()
            continue
        if screen.phase == CHOOSE:
            count = len(app.session.content.cards[app.session.state.card].choices)
            screen.action_pick((quarters + game_number) % count)  # varied, but fixed, choices
            quarters += 1
        else:
            screen.action_continue()
    await pilot.pause()
    assert isinstance(app.screen, EndingScreen)
    return quarters


async def test_games_in_one_app_leave_no_screens_behind(make_app):
    gc.collect()
    before = sys.getallocatedblocks()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        used = {}
        for number in range(1, GAMES + 1):
            if number == 1:
                app.request_start()
            elif number % 7 == 0:  # now and then by way of the title
                await pilot.press("t")
                await pilot.pause()
                assert isinstance(app.screen, TitleScreen)
                app.request_start()
            else:
                await pilot.press("n")  # "New game" on the ending
            await pilot.pause()
            assert isinstance(app.screen, GameScreen)
            assert await play_out(app, pilot, number) > 1
            gc.collect()
            assert alive(GameScreen) == 0 and alive(EndingScreen) == 1, number
            used[number] = sys.getallocatedblocks() - before
    assert used[GAMES] <= GROWTH * used[2], used


async def test_a_change_of_theme_still_redraws_the_game_screen(make_app):
    # Asked by the app now (the screen's own watcher kept every game screen alive).
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.request_start()
        await pilot.pause()
        screen = app.screen
        redrawn = []
        screen.refresh_settings = lambda: redrawn.append(app.theme)
        app.theme = "nord"
        await pilot.pause()
        assert redrawn == ["nord"]
