"""Helpers for the Textual app's tests (this module holds no tests)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from game.engine import Ending, Meter

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SNAPSHOT_CONTENT = REPO / "tests" / "tui" / "content"
THEME = "steppe"


def screen_text(app) -> str:
    """The text on the terminal as the player sees it (the top screen, no colours)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def with_extra_vectors(content, names: list[str]):
    """The content plus one vector meter per name (a mod adding powers such as Ankara)."""
    meters = list(content.meters)
    endings = dict(content.endings)
    for name in names:
        meter_id = name.lower()
        meters.append(Meter(meter_id, name, "vector", 50, f"{meter_id}_hostile", f"{meter_id}_client",
                            description=f"Relations with {name}."))
        endings[f"{meter_id}_hostile"] = Ending(f"{meter_id}_hostile", "loss", f"{name} turns away")
        endings[f"{meter_id}_client"] = Ending(f"{meter_id}_client", "loss", f"A client of {name}")
    return replace(content, meters=tuple(meters), endings=endings)


def with_card_text(content, title: str, text: str, label: str):
    """The content with every card's title, text, first label and outcome replaced."""
    cards = {}
    for card_id, card in content.cards.items():
        choices = (replace(card.choices[0], label=label, outcome=text),) + tuple(card.choices[1:])
        cards[card_id] = replace(card, title=title, text=text, choices=choices)
    return replace(content, cards=cards)


async def play_to_ending(pilot, key: str = "1", limit: int = 120) -> int:
    """Press ``key`` on each card and Enter on each outcome until the ending screen shows;
    return the number of presses."""
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.game import OUTCOME

    for presses in range(1, limit + 1):
        on_outcome = getattr(pilot.app.screen, "phase", None) == OUTCOME
        await pilot.press("enter" if on_outcome else key)  # waits until the key has been handled
        if not isinstance(pilot.app.screen, EndingScreen):
            continue
        await pilot.pause()
        return presses
    raise AssertionError(f"no ending after {limit} presses of {key!r}")


async def play_by_actions(app, pilot, pick=lambda quarter: 0) -> int:
    """Play the game on the screen to its end through the game screen's own actions
    (what keys 1-3 and Enter call), without waiting for a frame between the quarters;
    answer ``pick(quarter)`` (taken modulo the card's choices). Return the quarters played.

    Keys cost Pilot two idle waits each (a tenth of a second or more); the game's key
    handling is tested by the tests that press them (test_app's whole game by keys)."""
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.game import CHOOSE, GameScreen

    quarters = 0
    while isinstance(app.screen, GameScreen):
        screen = app.screen
        if app.session.state.over:  # the ending is on its way: let the app show it
            if screen.phase != CHOOSE:
                screen.action_continue()
            await pilot.pause()
            continue
        if screen.phase == CHOOSE:
            count = len(app.session.content.cards[app.session.state.card].choices)
            screen.action_pick(pick(quarters) % count)
            quarters += 1
        else:
            screen.action_continue()
    await pilot.pause()
    assert isinstance(app.screen, EndingScreen)
    return quarters


def random_game(content, seed: int, scenario: str | None = None):
    """A finished game of random answers, the answers drawn from ``random.Random(seed)``."""
    import random

    from game.engine import choose, new_game

    rng = random.Random(seed)
    state = new_game(content, scenario, seed)
    while not state.over:
        state, _report = choose(content, state, rng.randrange(len(content.cards[state.card].choices)))
    return state


async def show_ending_of(pilot, state) -> None:
    """Put the finished game ``state`` on the app's ending screen."""
    await pilot.pause()
    pilot.app.session.adopt(state)
    pilot.app.show_ending()
    await pilot.pause()
    await pilot.pause()
