"""The outcome says where each move came from; the card keeps a readable measure and
nothing on the desk is clipped at the sizes players use."""

from __future__ import annotations

import re

import pytest

from game.engine import forecast, tr
from game.tui.screens.game import MEASURE, OUTCOME
from game.tui.widgets.card import CardPanel, ChoiceList
from tests.tui.helpers import random_game, screen_text, show_ending_of

SIZES = [(80, 24), (100, 30), (120, 24), (120, 40), (200, 50)]


def _choice_with_rivalry(app) -> int:
    session = app.session
    for index in range(len(session.card.choices)):
        if forecast(session.content, session.state, index).rivalry:
            return index
    raise AssertionError("the first card has no choice that sets off the rivalry")


async def test_the_outcome_splits_the_choice_from_the_rivalry(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        index = _choice_with_rivalry(app)
        expected = forecast(app.session.content, app.session.state, index)
        await pilot.press(str(index + 1))
        await pilot.pause()
        assert app.screen.phase == OUTCOME
        lines = screen_text(app).splitlines()
        rivalry = next(line for line in lines if "rivalry" in line)
        for meter_id, amount in expected.rivalry.items():
            name = tr(app.session.content.meter(meter_id).name)
            assert f"{name} {amount:+d}" in rivalry
        assert any("your choice" in line for line in lines)


async def test_what_ran_on_by_itself_is_told_apart(make_app, deck):
    # The small deck's "crisis" scenario starts with a situation that costs every quarter.
    app = make_app(content=deck.content, files=deck.files, scenario="crisis")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.situations, "the test wants a situation running"
        await pilot.press("1")
        await pilot.pause()
        report = app.session.last_report
        assert report.situation_effects
        text = screen_text(app)
        assert "ran on" in text
        assert app.session.situation_name(app.session.states[-2].situations[0]) in text


@pytest.mark.parametrize("size", SIZES)
async def test_nothing_on_the_desk_is_clipped(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        session = app.session
        card = app.screen.query_one("#card", CardPanel)
        choices = app.screen.query_one("#choices", ChoiceList)
        assert card.max_scroll_y == 0, f"the card scrolls at {size}"
        assert choices.max_scroll_y == 0, f"the choices scroll at {size}"
        member = session.content.cast[session.card.speaker]
        assert tr(member.role) in screen_text(app), "the speaker's role is cut"
        # So is a speaker named with a post ("Name, Head of the ... Administration"):
        # every word is on the screen, none cut short where the border ends.
        speaker = session.card.speaker
        cut = [word for word in f"{session.speaker_person(speaker)} {session.speaker_name(speaker)}".split()
               if word not in screen_text(app)]
        assert not cut, f"the speaker is cut at {size}: {cut}"
        # The card's text keeps a readable measure however wide the terminal.
        assert app.screen.query_one("#card-text").size.width <= MEASURE + 2


async def test_the_card_does_not_repeat_the_journal_at_120x40(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        text = screen_text(app)
        title = app.session.card_title(app.session.state.decisions[-1].card)
        assert "Last quarter" not in text
        assert text.count(title.split()[0] + " " + title.split()[1]) <= 1


@pytest.mark.parametrize("wanted", ["victory", "loss"])
async def test_the_ending_tells_its_own_term(make_app, loaded, wanted):
    from game.saves.epilogue import KINDS, epilogue, shaping_count

    content = loaded.content
    # Random games with fixed seeds, until one ends as wanted.
    state = next(s for s in (random_game(content, seed) for seed in range(60))
                 if content.endings[s.ending].kind == wanted)
    told = epilogue(content, state)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await show_ending_of(pilot, state)
        shaping = str(app.screen.query_one("#shaping").render())
        assert len(told.shaping) == shaping_count(len(state.decisions))
        for step in told.shaping:
            assert app.session.card_title(step.decision.card) in shaping
        brushes = str(app.screen.query_one("#brushes").render())
        for brush in told.brushes:
            assert app.session.meter_name(brush.meter) in brushes
        text = " ".join(str(app.screen.query_one("#ending-text").render()).split())
        epilogues = content.endings[state.ending].epilogues
        for kind in KINDS:
            if kind in epilogues:
                shown = " ".join(tr(epilogues[kind]).split())[:40] in text
                assert shown == (kind == told.kind), kind


def _with_longest_history(content):
    """Every card carrying the longest note and source of the deck (web addresses and all)."""
    from dataclasses import replace

    longest = max(content.cards.values(), key=lambda card: len(tr(card.history.note)) + len(tr(card.history.source)))
    return replace(content, cards={card_id: replace(card, history=longest.history)
                                   for card_id, card in content.cards.items()})


@pytest.mark.parametrize("size", SIZES)
async def test_the_history_after_a_decision_leaves_the_way_on_visible(make_app, loaded, size):
    content = _with_longest_history(loaded.content)
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "1")
        await pilot.pause()
        text = screen_text(app)
        assert "▶ Continue to" in text and "Enter Continue" in text, f"no way on at {size}"
        assert "What really happened" in text, f"the history is out of sight at {size}"
        card = app.screen.query_one("#card", CardPanel)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y
        text = screen_text(app)
        assert "▶ Continue to" in text and "Enter Continue" in text
        # Each web address of the source on a line of its own, whole or cut short, never broken.
        source = tr(content.cards[app.session.last_report.card].history.source)
        for url in re.findall(r"https?://\S+", source):
            url = url.rstrip(".,;)")
            line = next((line for line in text.splitlines() if url[:30] in line), None)
            assert line is not None, f"{url} is not on the screen at {size}"
            assert url in line or "…" in line
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.phase != OUTCOME, "Enter no longer continues"
