"""Radio buttons and check boxes whose state reads without colour.

Textual draws every radio button with a dot and every check box with an X, on or off,
and tells them apart by colour alone: with ``NO_COLOR``, on a monochrome screen or to a
player who does not see the colours, "dots" and "none" look the same. These draw the
mark only when on, and keep Textual's colours.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class _MarkedWhenOn:
    """Shows ``MARK`` inside the button while on, a blank while off."""

    MARK = "X"
    value: bool

    def _show_mark(self) -> None:
        # The instance's own BUTTON_INNER hides the class's, which Textual draws.
        self.BUTTON_INNER = self.MARK if self.value else " "

    def on_mount(self) -> None:
        self._show_mark()

    def watch_value(self) -> None:
        self._show_mark()
        super().watch_value()  # type: ignore[misc]


class MarkedRadioButton(_MarkedWhenOn, RadioButton):
    """A radio button whose dot shows only when it is the one chosen."""

    MARK = "●"


class MarkedCheckbox(_MarkedWhenOn, Checkbox):
    """A check box whose X shows only when it is ticked."""
