"""The Textual app played through Textual's Pilot, as a keyboard or mouse player would."""

from __future__ import annotations

import pytest

from game.engine import forecast, play, tr
from game.tui.app import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.title import TitleScreen
from tests.minicontent import mini_content
from tests.tui.helpers import play_to_ending, screen_text, with_card_text, with_extra_vectors


@pytest.mark.parametrize(("size", "key"), [((80, 24), "1"), ((200, 50), "2")])
async def test_enter_then_1_or_2_again_and_again_reaches_an_ending(make_app, loaded, size, key):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        text = screen_text(app)
        for meter in loaded.content.meters:
            assert tr(meter.name) in text
        assert "Q2 2019" in text and "quarter 1 of 20" in text
        presses = await play_to_ending(pilot, key)
        text = screen_text(app)
        assert "Game over" in text or "Term complete" in text
        assert "balance struck" in text
        decisions = app.session.state.decisions
        assert all(decision.choice == int(key) - 1 for decision in decisions)
        # Every quarter takes two presses: the choice, then past its outcome, so a
        # second press never decides the next card unread.
        assert presses == 2 * len(decisions)


async def test_a_quarter_by_keyboard_and_mouse(make_app, deck):
    """Choose, read the outcome, go on; arrows and Enter; clicks; hints; undo."""
    content = deck.content
    app = make_app(content=content, files=deck.files, hints="exact")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        first = app.session.state
        card = content.cards[first.card]
        moves = forecast(content, first, 0).changes
        meter_id, amount = next(iter(moves.items()))
        assert f"{content.meter(meter_id).name} {amount:+d}" in screen_text(app)  # exact hints

        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        assert "your decision" in text and "What moved:" in text and tr(card.choices[0].label) in text
        assert " ".join(card.choices[0].outcome.split()[:4]) in text
        assert "Continue to Q3 2019" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.turn == 2 and "quarter 2 of 6" in screen_text(app)

        await pilot.press("h")  # exact -> none
        await pilot.pause()
        assert app.session.settings.hints == "none" and "●" not in screen_text(app)
        await pilot.press("h")  # none -> dots
        await pilot.pause()
        assert "●" in screen_text(app)

        await pilot.press("down", "enter")  # the second choice, by arrows and Enter
        await pilot.pause()
        assert app.session.state.decisions[-1].choice == 1
        await pilot.click("#choices", offset=(4, 0))  # the continue line
        await pilot.pause()
        assert app.screen.phase == "choose"
        # Each option is its label and a line of hints: the second starts on line 2.
        await pilot.click("#choices", offset=(4, 2))
        await pilot.pause()
        assert [d.choice for d in app.session.state.decisions] == [0, 1, 1]

        await pilot.press("u")  # back before the click
        await pilot.pause()
        assert len(app.session.state.decisions) == 2 and app.screen.phase == "choose"
        await pilot.press("u", "u")
        await pilot.pause()
        assert app.session.state == first
        await pilot.press("u")  # nothing left: a warning, not a crash
        await pilot.pause()
        assert app.session.state == first


async def test_a_delayed_consequence_is_announced(make_app, deck):
    # In the test deck, signing the pipeline (choice 1 of the first card) brings the
    # loan back two quarters later.
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.card == "test.pipeline"
        for _ in range(2):
            await pilot.press("1", "enter")
        await pilot.pause()
        assert app.session.state.card == "test.loan_due" and app.session.state.card_is_followup
        assert "⟲ A delayed consequence of “A pipeline to" in screen_text(app)


async def test_markup_in_a_card_is_shown_as_text(make_app, loaded):
    content = with_card_text(loaded.content, "[bold]Title[/bold] [red]x[/]",
                             "Text with [b]markup[/b], [link=http://x]a link[/link] and [/] stray.",
                             "Label [i]one[/i]")
    app = make_app(content=content, hints="none")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]Title[/bold] [red]x[/]" in text
        assert "[b]markup[/b]" in text and "[/] stray." in text
        assert "Label [i]one[/i]" in text
        await pilot.press("1")
        await pilot.pause()
        assert "[link=http://x]a link[/link]" in screen_text(app)


@pytest.mark.parametrize(("size", "extra"), [((80, 24), ["Ankara"]), ((80, 24), ["Ankara", "Delhi", "Tehran"]),
                                             ((200, 50), ["Ankara", "Delhi", "Tehran"])])
async def test_every_meter_of_the_content_is_shown(make_app, loaded, size, extra):
    content = with_extra_vectors(loaded.content, extra)
    app = make_app(content=content, hints="none")  # no hints: the names must be the meters' own
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        for meter in content.meters:
            assert tr(meter.name) in text, meter.name
        await pilot.press("?")
        await pilot.pause()
        help_text = app.screen.query_one("#help-text").render()
        assert all(tr(meter.name) in str(help_text) for meter in content.meters)


async def test_a_three_meter_content_plays_to_its_end(make_app):
    content = mini_content(turns=3)
    app = make_app(content=content, files=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert all(name in text for name in ("North", "South", "People"))
        await play_to_ending(pilot, "1")


async def test_too_small_terminal_says_so_and_recovers(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert "too small" in text and "60x20" in text and f"{MIN_WIDTH}x{MIN_HEIGHT}" in text
        await pilot.press("1")  # keys do nothing behind the notice
        await pilot.pause()
        assert not app.session.state.decisions
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert "Journal" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_starting_too_small(make_app):
    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_save_and_load_with_named_slots(make_app, deck, saves):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
        saved_state = app.session.state
        await pilot.press("s")
        await pilot.pause()
        slot = app.screen.query_one("#slot")
        slot.value = "../escape"  # not a name: explained in the dialog, nothing written
        await pilot.press("enter")
        await pilot.pause()
        assert "slot name" in screen_text(app) and not any("escape" in p.name for p in saves.iterdir())
        slot.value = "first try"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert any(p.name.startswith("first try") for p in saves.iterdir())
        await pilot.press("1", "enter")
        await pilot.pause()
        assert app.session.state != saved_state
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "first try" in text and "Autosave" in text
        await pilot.press("enter")  # named saves come first
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state == saved_state
        assert app.session.can_undo  # the undo list is rebuilt from the save's choices


async def test_autosave_every_turn_and_continue(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "1")
        await pilot.pause()
        state = app.session.state
        assert "autosaved" in screen_text(app)
    autosaves = [p for p in saves.iterdir() if "autosave" in p.name]
    assert len(autosaves) == 2

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "quarter 3" in screen_text(app)  # the Continue line
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state == state


async def test_load_from_the_command_line(make_app, saves):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "enter")
        await pilot.pause()
        app.session.save("class-a")
        state = app.session.state
    app = make_app(load="class-a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state == state
    app = make_app(load="no-such-save")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 1 and "no save" in app.problems[0]


async def test_help_glossary_and_journal(make_app, loaded):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "How to play" in text
        await pilot.press("escape", "g")
        await pilot.pause()
        first = loaded.content.glossary[0]
        assert first.term in screen_text(app)
        await pilot.press(*"CSTO")
        await pilot.pause()
        text = screen_text(app)
        assert "CSTO" in text
        if "csto" not in f"{first.term} {first.full} {first.text}".lower():
            assert f"│ {first.term} " not in text  # the filter hid the first term
        await pilot.press("escape", "j")
        await pilot.pause()
        decided = loaded.content.cards[app.session.state.decisions[0].card]
        assert tr(decided.title) in screen_text(app)


async def test_command_palette_then_quit_asks_first(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "colon")
        await pilot.pause()
        await pilot.press(*"hints exact")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.settings.hints == "exact"
        await pilot.press("q")
        await pilot.pause()
        assert "Quit Multi-Vector?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_ending_screen_shows_the_decisive_card_and_its_history(make_app, loaded):
    content = loaded.content
    lost = next(s for s in (play(content, None, seed, [0] * 40) for seed in range(60))
                if s.over and content.endings[s.ending].kind == "loss")
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        app.session.adopt(lost)
        app.show_ending()
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = screen_text(app)
        from game.engine import decisive_decision

        decisive = decisive_decision(content, lost)
        card = content.cards[decisive.decision.card if decisive else lost.decisive_card]
        assert "Game over" in text and tr(content.endings[lost.ending].title) in text
        assert "The decisive card" in text and tr(card.title) in text
        assert "What really happened" in text
        assert tr(card.history.note).split()[0] in text
        await pilot.press("u")  # take the fatal choice back
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and not app.session.state.over


async def test_setup_screen_picks_seed_and_hints(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#seed").value = "12345"
        app.screen.query_one("#hints-exact").value = True
        app.screen.query_one("#start").scroll_visible(animate=False)  # four scenarios: below the fold at 80x24
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state.seed == 12345 and app.session.settings.hints == "exact"


async def test_no_color(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.no_color
        assert "Moscow" in screen_text(app)


async def test_content_errors_close_the_app_with_every_problem(tmp_path):
    from game.tui.app import create_app

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "meters.yaml").write_text("meters: [\n", encoding="utf-8")
    app = create_app(content_dir=bad, saves_dir=tmp_path / "saves", theme="steppe")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the deck is read a moment after the title shows
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert any("meters.yaml:" in line for line in app.problems)
    assert "multivector validate" in app.problems[-1]


async def test_unknown_scenario_is_a_usage_error(make_app):
    app = make_app(scenario="transition_2091")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 2 and "no scenario 'transition_2091'" in app.problems[0]


async def test_content_loads_in_the_background_and_enter_waits_for_it(tmp_path):
    from game.tui.app import create_app
    from tests.tui.helpers import CONTENT

    app = create_app(content_dir=CONTENT, seed=3, saves_dir=tmp_path / "saves", theme="steppe")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # before the deck is read: the start waits for it
        for _ in range(200):
            if app.session is not None:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.session.state.seed == 3


async def test_theme_from_the_environment_and_the_game_theme_by_default(make_app, monkeypatch):
    app = make_app(theme=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "steppe"
    monkeypatch.setenv("TEXTUAL_THEME", "nord")
    app = make_app(theme=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_terminal_controls_in_texts_never_reach_the_terminal(make_app, deck, saves):
    # The loader refuses them in content, but a hand-built deck or a save file's name
    # must not be able to clear the screen or retitle the window either.
    content = with_card_text(deck.content, "Evil\x1b[2J title\x07", "Text \x1b]0;pwned\x07 and \x9b31m red",
                             "Label\x1b[5m")
    saves.mkdir(parents=True, exist_ok=True)
    (saves / "bad\x1b[2Jname.save.json").write_text("{}", encoding="utf-8")
    app = make_app(content=content, files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Evil\ufffd[2J title\ufffd" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "bad" in text and "cannot be read" in text and "\x1b" not in text
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg and "\x9b" not in svg


async def test_the_pointer_over_an_answer_shows_its_hints_beside_the_meters(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.hover("#choices", offset=(4, 2))  # the second answer
        await pilot.pause()
        assert app.screen.query_one("#choices").highlighted == 1
        moves = forecast(deck.content, app.session.state, 1).changes
        rows = {row.meter.id: row for row in app.screen.query("MeterRow")}
        for meter_id in rows:
            assert (rows[meter_id].extra is not None and "●" in rows[meter_id].extra.plain) == (meter_id in moves)
