"""The player's settings: no engine, no Textual.

Kept apart from :mod:`game.tui.session` so that the title screen can start without
importing the engine (the content, and with it the engine, loads after the first frame).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.base.i18n import N_
from game.base.prefs import read_settings, remember

HINT_LEVELS = ("none", "dots", "exact")
# Shown through _() where used: the level's one word, and its longer name.
HINT_WORDS = {"none": N_("none"), "dots": N_("dots"), "exact": N_("exact")}
HINT_NAMES = {
    "none": N_("none"),
    "dots": N_("dots (which meters move, and how much)"),
    "exact": N_("exact numbers (classroom)"),
}

@dataclass
class Settings:
    hints: str = "dots"
    lang: str = "en"
    # "What really happened" under the outcome of each decision (off: the pure game).
    history: bool = True

    def as_meta(self) -> dict[str, Any]:
        return {"hints": self.hints, "lang": self.lang, "history": self.history, "ui": "tui"}

    def update_from_meta(self, meta: dict[str, Any]) -> None:
        hints = meta.get("hints")
        if hints in HINT_LEVELS:
            self.hints = hints
        lang = meta.get("lang")
        if isinstance(lang, str) and 0 < len(lang) <= 16:
            self.lang = lang
        history = meta.get("history")
        if isinstance(history, bool):  # saves from before the setting keep the default
            self.history = history


def remembered(hints: str | None = None, history: bool | None = None) -> tuple[str, bool]:
    """The hint level and history setting a new game starts with: those asked for on
    the command line, else those the player chose last time, else dots and on."""
    saved = read_settings() if hints not in HINT_LEVELS or history is None else {}
    level = hints if hints in HINT_LEVELS else saved.get("hints")
    shown = history if history is not None else saved.get("history")
    return (level if isinstance(level, str) and level in HINT_LEVELS else "dots",
            shown if isinstance(shown, bool) else True)


def remember_choice(settings: Settings) -> None:
    """Keep the player's hint level and history setting for the next start (a choice
    made on a screen, never a command-line flag). A file that cannot be written is no
    reason to stop the game: the choice then lasts this run only."""
    try:
        remember(hints=settings.hints, history=settings.history)
    except OSError:
        pass
