"""Your record: games finished and won, the endings seen, the best balance per
scenario, achievements (game/saves/record.py keeps it; this screen only shows it)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from game.base.i18n import N_, _

from game.saves.errors import SaveError
from game.saves.record import describe, load_record, record_path
from game.tui.session import Session
from game.tui.widgets.dialog import SessionDialog, TextDialog


def record_text(session: Session) -> Text:
    """The record's sections, each under a heading (a damaged record says so first)."""
    text = Text()
    try:
        record, warning = load_record(record_path(session.folder()))
    except SaveError as error:
        return Text(_("The record cannot be read: {error}").format(error=error))
    if warning:
        text.append(warning + "\n\n", "italic")
    for position, (heading, lines) in enumerate(describe(session.content, record, session.settings.lang)):
        if position:
            text.append("\n\n")
        text.append(heading, "bold underline")
        for line in lines:
            text.append("\n")
            if line.startswith("  ★"):
                text.append(line, "bold")
            elif line.startswith("  ? ? ?") or line.startswith("  ☆"):
                text.append(line, "dim")
            else:
                text.append(line)
    return text


class RecordScreen(TextDialog, SessionDialog[None]):
    BINDINGS = [Binding("r", "dismiss", N_("Close"), show=False)]
    BOX_ID, HEADING = "record-box", N_("Your record")

    def body(self) -> Static:
        return Static(record_text(self.session), id="record", markup=False)
