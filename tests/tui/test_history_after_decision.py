"""What really happened, after each decision: shown under what moved when the card has a
note, not at all when it has none, and not when the player turned it off."""

from __future__ import annotations

from dataclasses import replace

from game.engine import History, tr
from game.tui.screens.game import OUTCOME, GameScreen
from tests.tui.helpers import screen_text


def _without_history(content):
    cards = {card_id: replace(card, history=History()) for card_id, card in content.cards.items()}
    return replace(content, cards=cards)


async def _decide(pilot, key: str = "1") -> None:
    await pilot.press("enter", key)
    await pilot.pause()
    assert pilot.app.screen.phase == OUTCOME


async def test_the_note_follows_a_decision_on_a_card_with_one(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await _decide(pilot)
        card = deck.content.cards[app.session.last_report.card]
        text = screen_text(app)
        assert "What really happened" in text
        assert " ".join(tr(card.history.note).split()[:4]) in " ".join(text.split())
        assert "Source:" in text and tr(card.history.source).split()[0] in text
        assert "For discussion" not in text  # the question is for the ending and the debrief


async def test_nothing_follows_a_decision_on_a_card_without_a_note(make_app, deck):
    content = _without_history(deck.content)
    app = make_app(content=content, files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await _decide(pilot)
        assert "What really happened" not in screen_text(app)
        assert not app.screen.query_one("#card-history").display
        assert not app.screen.query_one("#card-source").display


async def test_the_palette_turns_it_off_at_once_and_a_save_keeps_it_off(make_app, deck, saves):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await _decide(pilot)
        assert "What really happened" in screen_text(app)
        await pilot.press("colon", *"really happened off")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.settings.history is False
        assert isinstance(app.screen, GameScreen) and app.screen.phase == OUTCOME
        assert "What really happened" not in screen_text(app)  # the outcome on the desk drops it
        path = app.session.save("pure")
    from game.tui.session import Session

    other = Session(deck.content, files=deck.files, saves_folder=saves)
    assert other.settings.history is True  # on by default
    other.load(path)
    assert other.settings.history is False


async def test_the_setup_screen_starts_a_game_without_it(make_app, deck):
    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        box = app.screen.query_one("#history-each")
        assert box.value is True
        box.value = False
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.session.settings.history is False
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.phase == OUTCOME and "What really happened" not in screen_text(app)


def test_no_history_on_the_command_line_starts_the_app_without_it():
    import argparse

    from game.cli import build_parser

    args = build_parser().parse_args(["play", "--no-history"])
    assert isinstance(args, argparse.Namespace) and args.no_history is True
    assert build_parser().parse_args(["play"]).no_history is False


async def test_the_palette_ticks_the_settings_in_force(make_app, deck):
    from game.tui.commands import GameCommands

    app = make_app(content=deck.content, files=deck.files)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()

        def ticked() -> list[str]:
            provider = GameCommands(app.screen)
            return [name for name, _help, _call in provider._commands() if name.endswith("✓")]

        assert ticked() == ["Hints: dots  ✓", "“What really happened” after each decision: on  ✓"]
        app.session.settings.history = False
        app.session.settings.hints = "exact"
        assert ticked() == ["Hints: exact  ✓", "“What really happened” after each decision: off  ✓"]
