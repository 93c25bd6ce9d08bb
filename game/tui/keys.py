"""The keys that mean the same on every screen of the game: one home for each, so a
key never does one thing on the game screen and another on the ending or the title."""

from __future__ import annotations

from textual.binding import Binding

from game.base.i18n import N_

SAVE = Binding("s", "app.save", N_("Save"))
LOAD = Binding("l", "app.load", N_("Load"))
HELP = Binding("question_mark", "app.help", N_("Help"), key_display="?")
QUIT = Binding("q", "app.request_quit", N_("Quit"))


def glossary(show: bool = True) -> Binding:
    return Binding("g", "app.glossary", N_("Glossary"), show=show)


def commands(show: bool = True) -> Binding:
    """The command palette, on ``:`` as well as Textual's ctrl+p."""
    return Binding("colon", "app.command_palette", N_("Commands"), key_display=":", show=show)
