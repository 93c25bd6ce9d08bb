"""The core loop's bugs, each played through Pilot: new game from the ending, keys typed
ahead, saving over another game, toasts, the status after a loss, focus, Esc, autosaves."""

from __future__ import annotations

import json

from textual import events

from game.engine import play
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import CHOOSE, OUTCOME, GameScreen
from game.tui.screens.title import TitleScreen
from tests.tui.helpers import screen_text


def footer_text(app) -> str:
    return screen_text(app).splitlines()[-1]


async def type_ahead(pilot, *keys: str) -> None:
    """Send ``keys`` as a fast typist does: all queued before the first is handled."""
    app = pilot.app
    queued = []
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        queued.append(event)
    for event in queued:
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def test_n_on_the_ending_starts_a_new_game(make_app, deck):
    app = make_app(content=deck.content, files=deck.files, scenario="crisis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "enter", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "New game" in footer_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert not app.session.state.over and not app.session.state.decisions


async def test_keys_typed_during_an_outcome_never_choose_on_the_next_card(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_ahead(pilot, "1", "1", "1")
        game = app.screen
        assert len(app.session.state.decisions) == 1 and game.phase == OUTCOME
        # Enter goes on; the keys typed before the next card was up are dropped.
        await type_ahead(pilot, "enter", "enter", "2", "space", "1")
        assert len(app.session.state.decisions) == 1 and game.phase == CHOOSE
        # Keys typed once the card is up count as before.
        await pilot.press("2")
        await pilot.pause()
        assert len(app.session.state.decisions) == 2


async def test_the_footer_offers_choices_on_the_card_only(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "1-3" in footer_text(app)
        await pilot.press("1")
        await pilot.pause()
        footer = footer_text(app)
        assert "1-3" not in footer and "Choose" not in footer and "Continue" in footer


async def test_the_footer_counts_the_choices_of_the_card_shown(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        counts = set()
        for _quarter in range(6):
            count = len(app.session.card.choices)
            counts.add(count)
            footer = footer_text(app)
            assert f"1-{count}" in footer and "1-" + str(5 - count) not in footer, footer
            await pilot.press("2", "enter")
            await pilot.pause()
            if app.session.state.over:
                break
        assert counts == {2, 3}  # both kinds of card were seen


async def test_a_same_quarter_followup_is_said_to_come_this_quarter(make_app, deck):
    from dataclasses import replace

    from game.engine import FollowUp

    pipeline = deck.content.cards["test.pipeline"]
    sign = replace(pipeline.choices[0], followups=(FollowUp("test.loan_due", 0),))
    cards = dict(deck.content.cards)
    cards["test.pipeline"] = replace(pipeline, choices=(sign,) + pipeline.choices[1:])
    app = make_app(content=replace(deck.content, cards=cards), files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.card == "test.pipeline"
        await pilot.press("1")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "later quarter" not in text
        assert "consequences this very quarter" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.card == "test.loan_due"


async def test_saving_over_another_games_save_asks_first(make_app, deck, saves):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        app.session.save("mine")
        first = (saves / "mine.save.json").read_bytes()
        # Saving again to the same slot, the same game: no question.
        await pilot.press("2", "enter", "s")
        await pilot.pause()
        app.screen.query_one("#slot").value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        second = (saves / "mine.save.json").read_bytes()
        assert second != first
        # Another game: asked, with what the old save holds; "no" keeps it.
        app.request_start(seed=99)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#slot").value = "mine"
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Replace the save" in text and "quarter 3" in text and "seed 7" in text
        await pilot.press("n")
        await pilot.pause()
        assert (saves / "mine.save.json").read_bytes() == second
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert json.loads((saves / "mine.save.json").read_text())["seed"] == 99


async def test_no_toast_covers_the_answers_when_a_consequence_arrives(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.clear_notifications()  # a "Loading the deck…" from a slow start is not the point
        for _ in range(2):
            await pilot.press("1", "enter")
        await pilot.pause()
        assert app.session.state.card_is_followup
        assert not list(app._notifications)
        assert "⟲ A delayed consequence of “A pipeline to" in screen_text(app)


async def test_after_an_early_loss_the_status_says_the_game_is_over(make_app, deck):
    app = make_app(content=deck.content, files=deck.files, scenario="crisis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "2", "enter", "2")
        await pilot.pause()
        assert app.session.state.over and app.session.turns_left() == 0
        status = screen_text(app).splitlines()[0]
        assert "game over after 2 of 6 quarters" in status
        assert "last quarter" not in status and "to go" not in status


async def test_tab_on_the_setup_screen_never_stops_on_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        for _ in range(8):
            await pilot.press("tab")
            assert app.focused is not None and app.focused.id != "setup-box"


async def test_escape_from_the_glossary_opened_in_help_returns_to_help(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert "Glossary" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "How to play" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_source_urls_stay_whole_on_the_ending(make_app, loaded):
    content = loaded.content
    url = "https://www.rferl.org/a/kazakh-president-china-visit/30144424.html"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        state = play(content, None, 7, [0] * 40)
        app.session.adopt(state)
        app.show_ending()
        await pilot.pause()
        screen = app.screen
        # Show a card with a long URL as the decisive one.
        card = next(c for c in content.cards.values() if url in c.history.source)
        screen.show_history(card.id, None)
        await pilot.pause()
        screen.query_one("#source").scroll_visible(animate=False, top=True)
        await pilot.pause()
        assert url in screen_text(app)


async def test_autosaves_belong_to_a_game(make_app, deck, saves):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "1", "enter")
        await pilot.pause()
        first_game = app.session.game_id
        app.request_start(seed=8)
        await pilot.pause()
        for _ in range(6):
            if app.session.state.over:
                break
            await pilot.press("2", "enter")
        await pilot.pause()
        second_game = app.session.game_id
        second_state = app.session.state
    assert first_game != second_game
    names = [p.name for p in saves.iterdir() if "autosave" in p.name]
    assert any(first_game in name for name in names)  # not pushed out by the second game
    assert sum(second_game in name for name in names) <= 5
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.session.state == second_state and app.session.game_id == second_game

