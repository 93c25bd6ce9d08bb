"""The monkey in the classroom: random keys (votes, overrides, rationales, injects, pauses,
undo, ending early), clicks, resizes and the clock jumping ahead must never raise, and
the class's game must stay valid. Shorter than the game's monkey; the same environment
variables make it longer (see tests/test_monkey_tui.py).
"""

from __future__ import annotations

import os
import random

import pytest

from game.engine import METER_MAX, METER_MIN
from tests.test_monkey_tui import SEEDS, monkey

STEPS = int(os.environ.get("MULTIVECTOR_MONKEY_STEPS", "1000")) * 2 // 5

CLASSROOM_KEYS = ["1", "2", "3", "0", "backspace", "down", "up", "tab", "shift+tab", "enter", "f", "r", "space",
                  "p", "plus", "equals_sign", "u", "i", "x", "e", "q", "y", "n", "escape", "a", "c", "ctrl+p",
                  "pagedown", "pageup", "home", "end", "left", "right", "delete", "ctrl+c", "ctrl+q"]
TEAMS = ("foreign_ministry", "security_council", "economy_ministry", "civil_society")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def check_class(app, content) -> None:
    session = app.session
    if session is None:
        return
    state = session.state
    assert set(state.meters) == {m.id for m in content.meters}
    assert all(METER_MIN <= v <= METER_MAX for v in state.meters.values()), state.meters
    assert len(state.history) == len(state.decisions) + 1
    assert len(state.decisions) <= session.settings.turns
    if state.over:
        assert state.card is None and state.ending in content.endings
    else:
        assert state.card in content.cards
    assert set(session.picks) == set(session.settings.teams)
    assert all(pick is None or 0 <= pick < 3 for pick in session.picks.values())


@pytest.mark.parametrize("seed", SEEDS)
async def test_the_monkey_never_breaks_the_class(base_content, seed, tmp_path, monkeypatch):
    from game.tui.classroom.app import SessionScreen, create_classroom_app
    from game.classroom.session import Settings

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    clock = Clock()
    settings = Settings(seed=seed, scenario=base_content.default_scenario.id, turns=8, teams=TEAMS, minutes=2,
                        group="Monkeys")
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="monkeys", fingerprint="",
                               clock=clock, wall=clock)
    exits: list[object] = []
    app.exit = lambda *args, **kwargs: exits.append(args)  # type: ignore[method-assign]
    rnd = random.Random(seed)

    def check() -> None:
        if rnd.random() < 0.05:  # the discussion runs over: time passes, the timer fires
            clock.now += rnd.choice((5, 30, 130))
            screen = next((s for s in app.screen_stack if isinstance(s, SessionScreen)), None)
            if screen is not None and screen.is_mounted:
                screen.tick()
        check_class(app, base_content)

    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        done = await monkey(app, pilot, rnd, STEPS, CLASSROOM_KEYS, check)
    assert app._exception is None
    assert done["keys"] > STEPS and done["clicks"] and done["resizes"], done
    assert app.session.state.decisions or exits, "the monkey never played"
