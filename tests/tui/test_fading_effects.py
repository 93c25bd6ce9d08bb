"""What ran on names its source truly: a choice's own fading effect starts to tick on the
quarter it is taken, so on the first quarter it is "this choice", not "earlier choices"."""

from __future__ import annotations

from tests.tui.helpers import screen_text

LATIN_FIRST = 107  # a seed whose first card is home.latin_alphabet (its first answer lingers)


async def test_a_choices_own_fading_effect_is_not_called_earlier(make_app, loaded):
    app = make_app(seed=LATIN_FIRST)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.state.card == "home.latin_alphabet"
        assert loaded.content.cards["home.latin_alphabet"].choices[0].lingering
        await pilot.press("1")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "fading effects of this choice" in text, text
        assert "earlier choices" not in text
