"""Across games: the ending adds the game to the record, the title shows the record,
ironman games have no undo and no saves of their own, and the daily game's seed comes
from the date."""

from __future__ import annotations

from textual.widgets import Checkbox

from game.saves.record import daily_seed, load_record, record_path, today
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.record import RecordScreen
from tests.tui.helpers import play_to_ending, random_game, screen_text, show_ending_of


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_ending_adds_the_game_to_the_record_once(make_app, deck, saves):
    app = make_app(content=deck.content, files=deck.files, scenario="crisis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await play_to_ending(pilot, "2")
        assert isinstance(app.screen, EndingScreen)
        assert "A new ending for your gallery." in screen_text(app)
        record, _warning = load_record(record_path(saves))
        assert record.played == 1 and record.endings == {app.session.state.ending: 1}
        # The same game's ending shown again (from the title, Continue) is not counted again.
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert load_record(record_path(saves))[0].played == 1
        assert "A new ending" not in screen_text(app)


async def test_the_record_opens_from_the_title(make_app, loaded, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_ending_of(pilot, random_game(loaded.content, 1))
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        text = screen_text(app)
        assert "Your record" in text and "Games finished: 1" in text and "1 of 10 seen" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RecordScreen)


async def test_an_ironman_game_has_no_undo_and_no_save(make_app):
    app = make_app(ironman=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.session.ironman
        footer = footer_text(app)
        assert "Undo" not in footer and "Save" not in footer
        status = screen_text(app).splitlines()[0]
        # Narrow, the hint level gives way so that the quarter count stays whole.
        assert "ironman" in status and "to go" in status and "hints" not in status
        await pilot.press("u", "s")
        await pilot.pause()
        assert len(app.session.state.decisions) == 1 and isinstance(app.screen, GameScreen)
        # The autosave keeps it, ironman and all: continued, it still has no undo.
        app.session.ironman = False
        app.session.load(app.session.latest_autosave().path)
        assert app.session.ironman and not app.session.can_undo


async def test_an_ironman_game_cannot_go_back_through_its_older_autosaves(make_app, saves):
    from game.saves.errors import SaveError
    from game.saves.store import autosave_paths
    from game.tui.screens.dialogs import LoadDialog

    app = make_app(ironman=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "enter", "1", "enter", "1", "enter")
        await pilot.pause()
        assert len(app.session.state.decisions) == 3
        ring = autosave_paths(saves)
        assert len(ring) >= 3
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        listing = app.screen.query_one("#load-list")
        options = [listing.get_option_at_index(i) for i in range(listing.option_count)]
        assert [o.disabled for o in options] == [False] + [True] * (len(options) - 1)
        assert "latest autosave only" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await pilot.pause()
        # Nor by another way in (a path typed, --load): refused, and the game stays where it was.
        try:
            app.session.load(ring[0])
        except SaveError as error:
            assert "latest autosave" in error.reason
        else:
            raise AssertionError("an ironman game's older autosave was loaded")
        assert len(app.session.state.decisions) == 3
        app.session.load(ring[-1])
        assert len(app.session.state.decisions) == 3 and app.session.ironman


async def test_the_setup_screen_starts_an_ironman_game(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#ironman", Checkbox).value = True
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.session.ironman


async def test_the_daily_game_is_seeded_by_the_date(make_app, loaded):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        state = app.session.state
        assert state.seed == daily_seed(today()) and app.session.daily == today()
        assert state.scenario == loaded.content.default_scenario.id
        assert f"daily game {today()}" in screen_text(app).splitlines()[0]


async def test_daily_on_the_command_line_starts_today_s_game(make_app):
    from game.cli import build_parser

    args = build_parser().parse_args(["--daily", "--ironman"])
    assert args.daily and args.ironman
    app = make_app(daily=True, ironman=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.daily == today() and app.session.ironman


async def test_the_setup_screen_reads_without_colour(make_app, monkeypatch):
    """With NO_COLOR every choice on the setup screen shows by a mark alone: a ▶ before
    the chosen scenario, a dot in the chosen hint level only, an X only while ironman
    is ticked (Textual tells them apart by colour)."""
    from textual.widgets import OptionList, RadioButton

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()

        def lines() -> list[str]:
            return [line.strip(" │") for line in screen_text(app).splitlines()]

        def marked() -> list[str]:
            return [line[2:].split("  ")[0] for line in lines() if line.startswith("▶ ")]

        def marks() -> list[str]:
            return [line[:3] for line in lines() if "▐" in line]

        names = {s.id: app.session.text(s.name) for s in app.session.content.scenarios.values()}
        assert marked() == [names[app.screen.scenario]]
        options = app.screen.query_one("#scenarios", OptionList)
        options.highlighted = (options.highlighted + 1) % options.option_count
        await pilot.pause()
        assert marked() == [names[app.screen.scenario]] and app.screen.scenario == options.highlighted_option.id

        chosen = app.session.settings.hints
        buttons = list(app.screen.query(RadioButton))
        assert [b.id for b in buttons if b.value] == [f"hints-{chosen}"]
        assert marks().count("▐●▌") == 1 and marks()[-1] == "▐ ▌"  # one dot; ironman not ticked
        other = next(b for b in buttons if not b.value)
        await pilot.click(other)
        await pilot.pause()
        assert other.value and marks()[buttons.index(other)] == "▐●▌" and marks().count("▐●▌") == 1
        app.screen.query_one("#ironman", Checkbox).value = True
        await pilot.pause()
        assert marks()[-1] == "▐X▌"
