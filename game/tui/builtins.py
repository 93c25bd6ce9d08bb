"""Textual's own words a player can reach, in the player's language.

Textual writes its command palette's system commands and the ctrl+c hint in English.
The app takes these from here instead: the same commands, translated, less the two
whose screens Textual alone draws in English (the key panel, which the game's own help
replaces, and the SVG screenshot with its notices).
"""

from __future__ import annotations

from collections.abc import Iterable

from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from game.base.i18n import _

if TYPE_CHECKING:  # the mixin's methods run on an App
    from textual.app import App

    _AppBase = App[Any]
else:
    _AppBase = object


class TranslatedBuiltins(_AppBase):
    """Mixed into the App, before ``App`` itself."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Theme"), _("Change the colours of the game"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Close the game (it is autosaved every quarter)"), self.action_quit)
        if screen.maximized is not None:
            yield SystemCommand(_("Minimize"), _("Give the panel its usual size back"), screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(_("Maximize"), _("Show the focused panel on the whole screen"),
                                screen.action_maximize)

    def action_help_quit(self) -> None:
        """ctrl+c does not quit a Textual app: say which key does, as Textual would."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit", "app.request_quit", "menu('quit')"):
                self.notify(_("Press {key} to quit the game").format(key=key), title=_("Quit?"), markup=False)
                return
