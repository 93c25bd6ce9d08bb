"""What every dialog of the game and the classroom is built from: its title, its row
of buttons, and the dialog that shows one scrolling text (help, record, journal).

One home for them, so that a dialog looks and answers the same wherever it opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Static

from game.base.i18n import N_, _
from game.tui.footer import Footer
from game.tui.modal import ModalScreen

if TYPE_CHECKING:
    from game.tui.session import Session

ResultType = TypeVar("ResultType")


def dialog_title(text) -> Static:
    """A dialog's heading (plain text: content and names never pass as markup)."""
    return Static(text, classes="dialog-title", markup=False)


def button_row(*buttons: tuple[str, str, str]) -> Horizontal:
    """A dialog's row of compact buttons from ``(label, id, variant)``, in that order."""
    return Horizontal(*(Button(label, id=id_, variant=variant, compact=True)  # type: ignore[arg-type]
                        for label, id_, variant in buttons), classes="buttons")


class SessionDialog(ModalScreen[ResultType]):
    """A dialog about the game in play (``session``; None before the deck is loaded)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class TextDialog(ModalScreen[None]):
    """A titled box with one scrolling body, closed by Escape (and by the key that
    opened it, bound in the subclass: Textual adds a subclass's bindings to these).
    Subclasses give ``BOX_ID``, ``HEADING`` (marked with ``N_``) and :meth:`body`."""

    BINDINGS = [Binding("escape", "dismiss", N_("Close"))]
    BOX_ID = "text-box"
    HEADING = ""

    def body(self) -> Widget:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(id=self.BOX_ID, classes="dialog"):
            yield dialog_title(_(self.HEADING))
            yield self.body()
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        # The box takes the focus, so that arrows and PgUp/PgDn scroll it.
        self.query_one(f"#{self.BOX_ID}").focus()
