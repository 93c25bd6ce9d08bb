"""Every meter's name reads whole beside its bar at the smallest size, in each language
(Russian's "Доверие общества" was cut to "Доверие общест…" at 80 and 100 columns)."""

from __future__ import annotations

import pytest

from game.engine import tr
from tests.tui.helpers import screen_text


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
async def test_meter_names_are_whole_at_80x24(make_app, loaded, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        for meter in loaded.content.meters:
            assert f"│ {tr(meter.name, lang)} " in text, text
