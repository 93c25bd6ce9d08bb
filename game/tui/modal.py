"""Textual's ModalScreen, dismissed only while it is the screen on top.

Textual 8.2.8's ``Screen.dismiss`` pops whatever screen is on top of the stack, whoever
asks. Two events queued for one dialog before the first is handled — Enter twice on the
load list, Enter then Escape, a click on Cancel with a key in flight — dismiss it twice:
the second pops the game screen beneath, leaving an empty screen, and the next screen
change crashes the app ("pop from empty list"). Found by tests/test_monkey_tui.py; a
fast typist meets it too. Every dialog of the game and the classroom derives from this
class instead, so a dialog that has already gone ignores the later requests.

:class:`ScreenGuards` does the same for the apps: a dialog is not opened over itself, and
Textual's command palette is replaced by the safe one of :mod:`game.tui.palette`.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen as _TextualModalScreen

import game.tui.textual_fixes  # noqa: F401  (applied on import, for every app of the game)

ResultType = TypeVar("ResultType")

if TYPE_CHECKING:  # the mixin's methods run on an App, and call App's through super()
    from textual.app import App

    _AppBase = App[Any]
else:
    _AppBase = object


class ModalScreen(_TextualModalScreen[ResultType]):
    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:  # already dismissed, or covered by another screen
            return AwaitComplete.nothing()
        return super().dismiss(result)


class ScreenGuards(_AppBase):
    """Mixin for an App (before ``App`` in its bases): screens that keys cannot pile up."""

    async def on_event(self, event) -> None:
        # A screen may drop keys typed before it showed what they would act on (the
        # game screen: keys typed ahead during an outcome never choose on the next card).
        # Asked again when the key comes back up from the focused widget, the moment
        # its bindings run: keys queued behind an earlier one are judged after it acted.
        from textual import events

        if isinstance(event, events.Key) and self.screen_stack:
            drops = getattr(self.screen, "drops_key", None)
            if drops is not None and drops(event):
                return
        try:
            await super().on_event(event)
        except AttributeError as error:
            # Textual 8.2.8 starts a text selection on a mouse press over the widget found
            # at that spot, and fails when the widget was removed since the last frame
            # (its parent is None in Screen._forward_event). The press is dropped, as if
            # it had landed a moment later on what replaced the widget.
            from textual import events

            frames = traceback.extract_tb(error.__traceback__)
            if isinstance(event, events.MouseDown) and frames and frames[-1].name == "_forward_event":
                return
            raise

    # Textual overloads push_screen on the literal value of wait_for_dismiss; one plain
    # signature stands for both here, as it passes the call on unchanged.
    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False):  # type: ignore[override]
        # A dialog already open is not opened again over itself: a key pressed twice
        # before the first one shows would stack two, and dialogs stacked without end
        # (help, palette, help...) exhaust the renderer, which draws each one's background.
        if (not wait_for_dismiss and isinstance(screen, _TextualModalScreen)
                and any(type(open_screen) is type(screen) for open_screen in self.screen_stack)):
            return AwaitComplete.nothing()
        return super().push_screen(screen, callback, wait_for_dismiss)  # type: ignore[call-overload]  # as above

    def action_command_palette(self) -> None:
        # Textual's palette, safe against keys that arrive faster than it draws; without
        # Textual's fixed id, which a palette still closing would hold (DuplicateIds).
        from game.tui.palette import SafeCommandPalette

        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            from game.base.i18n import _

            self.push_screen(SafeCommandPalette(placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        # The palette's "Theme" command, through the same safe palette.
        from textual.theme import ThemeProvider

        from game.tui.palette import SafeCommandPalette

        from game.base.i18n import _

        self.push_screen(SafeCommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))
