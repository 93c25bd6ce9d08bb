"""The journal: every decision taken so far, newest first, and what it moved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from game.engine import describe_date
from game.tui import render
from game.tui.session import Session
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled


def journal_text(session: Session, styles, *, outcomes: bool = False) -> Text:
    entries = session.journal()
    if not entries:
        return Text("No decisions yet. Each quarter's choice is written down here.", styles["hint"])
    text = Text()
    for position, entry in enumerate(reversed(entries)):
        if position:
            text.append("\n\n")
        card = session.content.cards.get(entry.card)
        text.append(f"{describe_date(entry.date)}  ", styles["hint"])
        if entry.followup:
            text.append("⟲ ", styles["dots"])
        text.append(session.card_title(entry.card), "bold")
        if card is not None and 0 <= entry.choice < len(card.choices):
            choice = card.choices[entry.choice]
            text.append("\n▸ " + session.text(choice.label))
            if outcomes and session.text(choice.outcome).strip():
                text.append("\n  " + " ".join(session.text(choice.outcome).split()), styles["hint"])
        text.append("\n  ")
        text.append_text(render.changes_text(session.content, entry.changes, session.settings.lang, styles))
    return text


class Journal(Styled, Static):
    """A column (on wide terminals) or a dialog body listing past decisions."""

    COMPONENT_CLASSES = COMPONENT_CLASSES

    def __init__(self, session: Session, *, outcomes: bool = False, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.session = session
        self.outcomes = outcomes

    def on_mount(self) -> None:
        self.refresh_entries()

    def refresh_entries(self) -> None:
        self.update(journal_text(self.session, self.mv_styles(), outcomes=self.outcomes))
