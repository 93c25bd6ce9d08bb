"""A whole game in Kazakh and Russian leaves no English word on any screen reached.

The check is on words of Latin letters: the game in Cyrillic shows none but key names
(enter, esc, ctrl+p), the digits' hint marks and a few names written in Latin letters
everywhere (OPEC+, CPC...), which the allow-list names.
"""

from __future__ import annotations

import re

import pytest

from game.base.i18n import using
from tests.tui.helpers import play_by_actions, screen_text

# Words in Latin letters a Russian or Kazakh reader sees in Latin letters too: key
# names (the terminal's keys carry these names), acronyms written so in either language.
# Multi-Vector is the game's name, written so in every language.
ALLOWED = {"Multi", "Vector", "enter", "esc", "escape", "ctrl", "tab", "PgUp", "PgDn", "F1", "OPEC", "CPC", "Caspian", "UTC"}
# A single letter is a key (s, l, q) and is left out.
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def english_words(text: str) -> set[str]:
    return {word for word in LATIN_WORD.findall(text)
            if word not in ALLOWED and word.lower() not in {a.lower() for a in ALLOWED}}


async def uncited_text(app, pilot) -> str:
    """The screen's text without its citations (``.citation``): a source is cited as
    published, and an article in English keeps its English title in every language."""
    hidden = [widget for screen in app.screen_stack for widget in screen.query(".citation") if widget.visible]
    for widget in hidden:
        widget.visible = False
    await pilot.pause()
    text = screen_text(app)
    for widget in hidden:
        widget.visible = True
    return text


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_whole_game_shows_no_english(make_app, language):
    from game.tui.screens.ending import EndingScreen

    seen: dict[str, set[str]] = {}

    async def visit(key: str, where: str, back: str | None = "escape") -> None:
        await pilot.press(key)
        await pilot.pause()
        # Notices (toasts) are drawn on a layer of their own: read them from the app.
        notices = " ".join(f"{notice.title} {notice.message}" for notice in app._notifications)
        found = english_words(await uncited_text(app, pilot) + " " + notices)
        if found:
            seen[where] = found
        if back:
            await pilot.press(back)
            await pilot.pause()

    with using(language):
        app = make_app(lang=language, hints="dots")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for key, where in (("question_mark", "help"), ("g", "glossary"), ("ctrl+p", "palette"),
                               ("n", "setup"), ("r", "record")):
                await visit(key, where)
            await visit("enter", "game", back=None)
            await visit("1", "outcome", back=None)
            for key, where in (("s", "save dialog"), ("j", "journal"), ("question_mark", "game help"),
                               ("q", "quit dialog"), ("colon", "game palette"), ("ctrl+c", "ctrl+c notice")):
                await visit(key, where)
            await visit("enter", "next card", back=None)
            await visit("l", "load dialog")
            await play_by_actions(app, pilot)  # the rest of the game, to its ending
            assert isinstance(app.screen, EndingScreen)
            if english_words(screen_text(app)):
                seen["ending"] = english_words(screen_text(app))
            await visit("r", "ending's record", back=None)
    assert not seen, seen
