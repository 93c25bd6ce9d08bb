"""The journal dialog lays out what each decision moved by whole items: a meter's name
and its number never fall on two lines (it once let Rich break "Elite loyalty -4" anywhere,
as it had no width yet when mounted)."""

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
