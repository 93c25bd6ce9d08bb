"""A monkey at the keyboard and the mouse: thousands of seeded random keys, clicks and
resizes (down to 20x5) must never raise, and the game must stay a valid game throughout.

Keys and clicks go in as a terminal sends them, through the driver. Keys come several at
a time, as a fast typist or a held key sends them, without waiting for the screen in
between: the races a patient script never meets (Enter twice on the load list used to
leave an empty screen and then crash). Half the clicks wait for the screen to be drawn,
half land at once. Resizes go through Pilot.

Sized for CI (about 30 s on two cores). A longer run, for before a release:

    MULTIVECTOR_MONKEY_STEPS=20000 MULTIVECTOR_MONKEY_SEEDS=1,2,3,4 \\
        python -m pytest -q tests/test_monkey_tui.py tests/test_monkey_classroom.py

After every burst the game's state is checked: meters complete and in range, the card
on the table dealt from the content, one history entry per decision plus the start, the
term respected. Quitting is recorded and ignored, so that the monkey keeps playing.
"""

from __future__ import annotations

import os
import random
import string

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import _get_mouse_message_arguments

from game.engine import METER_MAX, METER_MIN, VICTORY
from game.loading import load_content
from tests.conftest import CONTENT

STEPS = int(os.environ.get("MULTIVECTOR_MONKEY_STEPS", "700"))
SEEDS = [int(s) for s in os.environ.get("MULTIVECTOR_MONKEY_SEEDS", "11").split(",")]

# Every key the game binds, the keys widgets use, and some it ignores.
GAME_KEYS = ["1", "2", "3", "enter", "space", "escape", "u", "h", "j", "s", "l", "g", "question_mark", "colon",
             "q", "y", "n", "t", "c", "x", "f2", "pageup", "pagedown", "up", "down", "left", "right", "tab",
             "shift+tab", "home", "end", "backspace", "delete", "ctrl+p", "ctrl+c", "ctrl+q", "f1", "f10", "0",
             "plus", "minus", "equals_sign", "i", "e", "r", "f", "p", "ctrl+z", "ctrl+s", "ctrl+l"]
TYPED = list(string.ascii_letters + string.digits + " .-_/\\:[]") + ["é", "ж", "ү", "中"]
_CHARACTERS = {"space": " ", "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f",
               "question_mark": "?", "colon": ":", "plus": "+", "minus": "-", "equals_sign": "="}


def key_event(key: str) -> events.Key:
    """The event a terminal driver posts for ``key``."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    return events.Key(key, key if len(key) == 1 else _CHARACTERS.get(key))


def send(app, event) -> None:
    event.set_sender(app)
    app._driver.send_message(event)


def click_events(app, x: int, y: int) -> list:
    """A press and a release, as a terminal sends them (the app makes the Click)."""
    arguments = _get_mouse_message_arguments(app.screen, (x, y), button=1)
    return [events.MouseDown(**arguments), events.MouseUp(**arguments)]


def check_game(app, content) -> None:
    """The rules' invariants on whatever game the app holds."""
    session = getattr(app, "session", None)
    if session is None or not session.started:
        return
    state = session.state
    assert set(state.meters) == {m.id for m in content.meters}
    assert all(METER_MIN <= v <= METER_MAX for v in state.meters.values()), state.meters
    scenario = content.scenarios[state.scenario]
    assert len(state.history) == len(state.decisions) + 1
    assert len(state.decisions) <= scenario.turns
    if state.over:
        assert state.card is None and state.ending in content.endings
        if content.endings[state.ending].kind == VICTORY:
            assert len(state.decisions) == scenario.turns
    else:
        assert state.card in content.cards and len(content.cards[state.card].choices) >= 2


async def monkey(app, pilot, rnd: random.Random, steps: int, keys: list[str], check) -> dict[str, int]:
    """Keys in bursts, clicks and resizes at random; check after every step."""
    done = {"keys": 0, "clicks": 0, "resizes": 0}
    width, height = app.size
    for _ in range(steps):
        roll = rnd.random()
        if roll < 0.90:
            for _ in range(rnd.choice((1, 1, 1, 2, 3, 5))):
                send(app, key_event(rnd.choice(keys) if rnd.random() < 0.85 else rnd.choice(TYPED)))
                done["keys"] += 1
        elif roll < 0.97:
            if rnd.random() < 0.5:  # on what is drawn, or at once, on a screen still changing
                await pilot.pause()
            for event in click_events(app, rnd.randrange(width), rnd.randrange(height)):
                send(app, event)
            done["clicks"] += 1
        else:
            # Mostly playable sizes, sometimes tiny ones, down to 20x5.
            if rnd.random() < 0.6:
                width, height = rnd.randint(80, 160), rnd.randint(24, 50)
            else:
                width, height = rnd.randint(20, 100), rnd.randint(5, 30)
            await pilot.resize_terminal(width, height)
            done["resizes"] += 1
        await pilot._wait_for_screen()
        assert app._exception is None, app._exception
        check()
    await pilot.pause()
    assert app._exception is None, app._exception
    check()
    return done


@pytest.fixture(scope="module")
def loaded():
    result = load_content(CONTENT)
    assert result.ok
    return result


@pytest.mark.parametrize("seed", SEEDS)
async def test_the_monkey_never_breaks_the_game(loaded, seed, tmp_path, monkeypatch):
    from game.tui.app import create_app

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "env-saves"))
    content = loaded.content
    app = create_app(content=content, files=loaded.files, seed=seed, saves_dir=tmp_path / "saves", theme="steppe")
    exits: list[object] = []
    app.exit = lambda *args, **kwargs: exits.append(args)  # type: ignore[method-assign]
    rnd = random.Random(seed)
    decisions = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # into a game, so that most keys play it
        done = await monkey(app, pilot, rnd, STEPS, GAME_KEYS, lambda: check_game(app, content))
        if app.session is not None and app.session.started:
            decisions = len(app.session.state.decisions)
    assert app._exception is None
    assert done["keys"] > STEPS and done["clicks"] and done["resizes"], done
    assert decisions or exits, "the monkey never played"
