"""Long lines in dialogs wrap where a reader expects: the journal keeps a meter's name
with its number (it once let Rich break "Elite loyalty -4" anywhere, as it had no width
yet when mounted), and a save's details stay indented under its name."""

from __future__ import annotations

import re

import pytest

from tests.tui.helpers import screen_text

# A line of the dialog that begins with a number alone: its meter's name ended the line before.
ORPHAN_NUMBER = re.compile(r"│\s+[+-]\d+\b")
# A game leaning on Moscow: by its eighth quarter situations run on and move every meter.
CHOICES = "11323221"


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_journal_keeps_each_meter_with_its_number(make_app, size):
    app = make_app(seed=849483)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        for key in CHOICES:
            await pilot.press(key, "enter")
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(app)
        assert "Journal" in text and "Elite loyalty" in text
        assert not ORPHAN_NUMBER.search(text), text


async def test_a_saves_details_stay_indented_under_its_name(make_app):
    app = make_app(seed=849483)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "enter", "s", "enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        left = next(line.index("Load a saved game") for line in lines if "Load a saved game" in line)
        inside = [line[left:] for line in lines]
        details = [line for line in inside if "saved 20" in line or re.match(r"\s*\d\d:\d\d:\d\d", line)]
        assert len(details) >= 4 and all(line.startswith("  ") for line in details), "\n".join(inside)


async def test_a_keys_description_that_wraps_stays_in_its_column(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark", *["pagedown"] * 6)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(line for line in lines if "save under a name" in line)
        rest = next(line for line in lines if "autosaved)" in line)
        assert "save under a name" in first and "autosaved)" not in first  # it does wrap at 80
        column = first.index("save under a name")
        # Nothing but the box's border and blanks before the description's column, text at it.
        assert rest[:column].strip(" │") == "" and rest[column] != " ", "\n".join(lines)
