"""What really happened: a card's historical note as the screens show it.

One home for the note, its source and its discussion question, so that the decision
screen (after each choice) and the ending (for the decisive card) read alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Group
from rich.text import Text

from game.base.i18n import _
from game.engine import Card
from game.tui.render import source_text


@dataclass(frozen=True)
class CardHistory:
    """A card's history in the player's language, each text on one line."""

    note: str
    source: str
    question: str

    @classmethod
    def of(cls, card: Card, text: Callable[[object], str]) -> CardHistory:
        """``text`` turns a content text into a safe string (``Session.text``)."""
        history = card.history
        return cls(*(" ".join(text(value).split()) for value in (history.note, history.source, history.question)))

    def body(self, *, question: bool = True, missing: str | None = None) -> Text:
        """The heading and the note (and the question for discussion, where wanted).

        Empty for a card with no note unless ``missing`` says what to show instead.
        """
        text = Text()
        if not self.note and missing is None:
            return text
        text.append(_("What really happened") + "\n", "bold")
        text.append(self.note or missing or "")
        if question and self.question:
            text.append("\n\n")
            text.append_text(self.question_line())
        return text

    def question_line(self) -> Text:
        """The question for discussion with its label, alone (empty for none): where a
        screen shows it apart from the note, as the classroom's projector does."""
        text = Text()
        if self.question:
            text.append(_("For discussion:") + " ", "bold")
            text.append(self.question)
        return text

    def source_lines(self, label: str | None = None) -> Group | None:
        """The source, each web address on a line of its own (None for no source)."""
        return source_text(self.source, label) if self.source else None

