"""A glossary entry whose full name begins with its term shows the term once:
"Akim (governor, mayor)", not "Akim · Akim (governor, mayor)"."""

from __future__ import annotations

from game.engine import tr
from tests.tui.helpers import screen_text


async def test_a_term_is_not_shown_twice(make_app, loaded):
    entry = next(e for e in loaded.content.glossary
                 if tr(e.full).startswith(e.term) and tr(e.full) != e.term)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "g")
        await pilot.press(*entry.term)
        await pilot.pause()
        text = screen_text(app)
        assert f"│ {tr(entry.full)} " in text, text
        assert f"{entry.term} · {entry.term}" not in text
