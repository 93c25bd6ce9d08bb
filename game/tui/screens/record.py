"""Your record: games finished and won, the endings seen, the best balance per
scenario, achievements (game/saves/record.py keeps it; this screen only shows it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.base.i18n import N_, _
from game.tui.footer import Footer

from game.saves.errors import SaveError
from game.saves.record import describe, load_record, record_path
from game.tui.modal import ModalScreen
from game.tui.session import Session


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


class RecordScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", N_("Close")), Binding("r", "dismiss", N_("Close"), show=False)]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="record-box", classes="dialog"):
            yield Static(_("Your record"), classes="dialog-title", markup=False)
            yield Static(record_text(self.session), id="record", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#record-box").focus()
