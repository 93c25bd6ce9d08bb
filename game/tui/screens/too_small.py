"""The notice shown instead of a garbled layout while the terminal is below an app's
minimum size, and the rule that puts it up and takes it down on resize.

One home for both apps: the game (``game.tui.app``, 80x24) and the classroom's
projector (``game.tui.classroom.app``, its own minimum). Each app mixes in
:class:`SizeGuard`, sets ``MIN_SIZE`` and may give ``too_small_note`` a line of its own
(the classroom says what its clock does meanwhile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from game.base.i18n import N_, _

if TYPE_CHECKING:  # the mixin's methods run on an App
    from textual.app import App

    _AppBase = App[Any]
else:
    _AppBase = object


class TooSmallScreen(Screen):
    """Shown instead of a garbled layout while the terminal is below the minimum size."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    #too-small-message { width: auto; max-width: 100%; text-align: center; text-style: bold; }
    """
    BINDINGS = [Binding("q", "app.quit", N_("Quit"))]

    def compose(self):
        from textual.widgets import Static

        yield Static(id="too-small-message", markup=False)

    def on_mount(self) -> None:
        self.show_size()

    def on_resize(self) -> None:
        self.show_size()

    def show_size(self) -> None:
        from textual.widgets import Static

        app = self.app
        width, height = app.size
        least_width, least_height = getattr(app, "MIN_SIZE", SizeGuard.MIN_SIZE)
        note = getattr(app, "too_small_note", lambda: "")()
        self.query_one("#too-small-message", Static).update(
            _("The terminal is too small: {size}.").format(size=f"{width}x{height}") + "\n"
            + _("Multi-Vector needs at least {size}.").format(size=f"{least_width}x{least_height}") + "\n"
            + (note + "\n" if note else "")
            + _("Enlarge the window (or make the font smaller) to play on; q quits.")
        )


class SizeGuard(_AppBase):
    """Mixin for an App: :class:`TooSmallScreen` on top while the terminal is below
    ``MIN_SIZE``, gone when it is large enough again (the screens beneath keep their state)."""

    MIN_SIZE: tuple[int, int] = (80, 24)

    def too_small_note(self) -> str:
        """A line of the app's own for the notice (what goes on meanwhile), or ''."""
        return ""

    def on_resize(self, event) -> None:
        # Runs before Textual's own handler has stored the new size: use the event's.
        self.check_size(event.size)

    def check_size(self, size=None) -> None:
        width, height = size if size is not None else self.size
        least_width, least_height = self.MIN_SIZE
        small = width < least_width or height < least_height
        on_top = isinstance(self.screen, TooSmallScreen) if self.screen_stack else False
        if small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()
