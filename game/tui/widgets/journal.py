"""The journal: every decision taken so far, newest first, and what it moved."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.widgets import Static

from game.base.i18n import _, date_label
from game.tui import render
from game.tui.session import Session
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled


def journal_text(session: Session, styles, *, outcomes: bool = False, width: int | None = None) -> RenderableType:
    """Every decision, newest first; wrapped lines stay indented under their entry."""
    entries = session.journal()
    if not entries:
        return Text(_("No decisions yet. Each quarter's choice is written down here."), styles["hint"])
    parts: list[RenderableType] = []
    for position, entry in enumerate(reversed(entries)):
        card = session.content.cards.get(entry.card)
        heading = Text()
        if position:
            heading.append("\n")
        heading.append(f"{date_label(entry.date)}  ", styles["hint"])
        if entry.followup:
            heading.append("⟲ ", styles["dots"])
        heading.append(session.card_title(entry.card), "bold")
        parts.append(heading)
        body: list[Text] = []
        if card is not None and 0 <= entry.choice < len(card.choices):
            choice = card.choices[entry.choice]
            body.append(Text("▸ " + session.text(choice.label)))
            outcome = " ".join(session.text(choice.outcome).split())
            if outcomes and outcome:
                body.append(Text(outcome, styles["hint"]))
        body.append(render.changes_text(session.content, entry.changes, session.settings.lang, styles,
                                        width=width - 2 if width else None))
        parts.append(Padding(Group(*body), (0, 0, 0, 2)))
    return Group(*parts)


class Journal(Styled, Static):
    """A column (on wide terminals) or a dialog body listing past decisions."""

    COMPONENT_CLASSES = COMPONENT_CLASSES

    def __init__(self, session: Session, *, outcomes: bool = False, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.session = session
        self.outcomes = outcomes
        self._laid_out_for = -1  # the content width the entries were last broken for

    def on_mount(self) -> None:
        self.refresh_entries()

    def on_resize(self) -> None:
        # Mounted before its first layout, the journal had no width to break lines for
        # and let Rich split "Elite loyalty -4" anywhere: lay it out again for the real one.
        if self.content_size.width != self._laid_out_for:
            self.refresh_entries()

    def refresh_entries(self) -> None:
        # Two cells spare for a scrollbar, should the journal need one.
        self._laid_out_for = self.content_size.width
        width = self.content_size.width - 2 if self.content_size.width > 12 else None
        self.update(journal_text(self.session, self.mv_styles(), outcomes=self.outcomes, width=width))
