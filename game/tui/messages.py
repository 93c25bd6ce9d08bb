"""What the screens ask of the app, as Textual messages.

The app owns the session and the screen stack; a screen never imports it. A screen posts
one of these to the app (``self.app.post_message(NewGame())``) and the app's
``on_<name>`` handler acts on it; a dialog hands back its answer through ``dismiss()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class NewGame(Message):
    """Start a new game; a field left None takes the app's default (the title screen's)."""

    scenario: str | None = None
    seed: int | None = None
    hints: str | None = None
    ironman: bool | None = None
    history: bool | None = None


@dataclass
class DailyGame(Message):
    """Start today's daily game (the same seed for every player on this UTC date)."""


@dataclass
class SetUpGame(Message):
    """Open the new-game setup (scenario, seed, hints)."""


@dataclass
class ContinueGame(Message):
    """Continue the latest autosave."""


@dataclass
class HintsChosen(Message):
    """Show the advisor hints at ``level`` (one of the settings' hint levels)."""

    level: str


@dataclass
class GameChanged(Message):
    """A choice or an undo changed the game on the table: autosave it."""


@dataclass
class GameEnded(Message):
    """The game on the screen is over: show the ending."""


@dataclass
class LanguageChosen(Message):
    """The player picked ``lang`` on the title screen: new games and the session use it."""

    lang: str


@dataclass
class HistoryChosen(Message):
    """Show "What really happened" after each decision (``on``) or not."""

    on: bool
