"""The hint level and the history note are remembered between runs, like the language:
a choice made on a screen is kept in the player's settings file (game.base.prefs) and a
new run starts with it; a command-line flag is for that run only."""

from __future__ import annotations

import json

from game.tui.screens.game import GameScreen


def _settings(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


async def test_choices_on_screens_are_where_the_next_run_starts(make_app, tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    monkeypatch.setenv("MULTIVECTOR_SETTINGS", str(path))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#hints-exact").value = True
        app.screen.query_one("#history-each").value = False
        await pilot.pause()  # the radio set hears of its new choice
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
    assert _settings(path) == {"hints": "exact", "history": False}

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert again.session.settings.hints == "exact" and again.session.settings.history is False
        await pilot.press("h")  # the hint level, cycled in the game
        await pilot.pause()
        assert again.session.settings.hints == "none"
    assert _settings(path) == {"hints": "none", "history": False}


async def test_a_flag_on_the_command_line_is_for_its_run_only(make_app, tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"lang": "kk", "hints": "none", "history": True}), encoding="utf-8")
    monkeypatch.setenv("MULTIVECTOR_SETTINGS", str(path))
    app = make_app(hints="exact", history=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.settings.hints == "exact" and app.session.settings.history is False
    assert _settings(path) == {"lang": "kk", "hints": "none", "history": True}  # untouched


async def test_a_damaged_or_strange_settings_file_gives_the_defaults(make_app, tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    monkeypatch.setenv("MULTIVECTOR_SETTINGS", str(path))
    for text in ("{not json", json.dumps({"hints": "all of them", "history": "yes"}), "[1, 2]"):
        path.write_text(text, encoding="utf-8")
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert (app.session.settings.hints, app.session.settings.history) == ("dots", True), text
