"""The card on the desk, what the last choice did, and the choices themselves."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.base.i18n import _
from game.tui.widgets.history import CardHistory


def paragraphs(text: str) -> str:
    """Folded YAML text as paragraphs: single newlines become spaces."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n")]
    return "\n\n".join(block for block in blocks if block)


class CardPanel(VerticalScroll):
    """The card being decided, or the outcome of the card just decided."""

    def compose(self):
        yield Static(id="card-speaker", markup=False)
        yield Static(id="card-badge", markup=False)
        yield Static(id="card-greeting", markup=False)
        yield Static(id="card-title", markup=False)
        yield Static(id="card-text", markup=False)
        yield Static(id="card-extra", markup=False)
        yield Static(id="card-history", markup=False)
        # A citation: shown as published, so an English source keeps its English title.
        yield Static(id="card-source", classes="citation", markup=False)
        yield Static(id="card-context", markup=False)

    def show_context(self, context: Text | None) -> None:
        """Background for a roomy screen: the last quarter, what is still in play."""
        widget = self.query_one("#card-context", Static)
        widget.set_class(not (context and context.plain), "-empty")
        widget.update(context or Text())

    def _set(self, badge: Text | None, title: Text, body: Text, extra: Text | None) -> None:
        for widget_id, value in (("card-badge", badge), ("card-extra", extra)):
            widget = self.query_one(f"#{widget_id}", Static)
            widget.display = bool(value and value.plain)
            widget.update(value or Text())
        self.query_one("#card-title", Static).update(title)
        self.query_one("#card-text", Static).update(body)
        self.scroll_home(animate=False)

    def show_card(self, speaker: str, role: str, title: str, text: str, badge: str | None,
                  greeting: Text | None = None, person: str = "") -> None:
        """``speaker`` is the post ("Foreign Minister"), ``person`` the name of whoever
        holds it ("" for none): the border reads "Person, Post · role" where it fits."""
        self.remove_class("-outcome")
        self.query_one("#card-history", Static).display = False
        self.query_one("#card-source", Static).display = False
        # The border's title is cut where it does not fit: a role too long for it goes
        # on a line of its own over the badge, where it wraps whole; so does the post of
        # a speaker named with it ("Name, Head of ...") when even the speaker is too long.
        room = self.size.width - 6 if self.size.width else 0
        below = []
        if person and (not room or len(person) + 2 + len(speaker) <= room):
            speaker = f"{person}, {speaker}"
        elif person:
            speaker, below = person, [speaker]
        border = Text(speaker)
        if role and len(speaker) + 3 + len(role) <= room:
            border.append(f" · {role}")
        elif role:
            below.append(role)
        role_line = Text(" · ".join(below), "italic") if below else None
        self.border_title = border
        speaker_widget = self.query_one("#card-speaker", Static)
        speaker_widget.display = role_line is not None
        speaker_widget.update(role_line or Text())
        greeting_widget = self.query_one("#card-greeting", Static)
        greeting_widget.display = bool(greeting and greeting.plain)
        greeting_widget.update(greeting or Text())
        self._set(Text(badge) if badge else None, Text(title), Text(paragraphs(text)), None)

    def show_outcome(self, when: str, label: str, outcome: str, moved: Text, notes: list[str],
                     history: CardHistory | None = None) -> None:
        """``history``: what really happened, shown under what moved (None: nothing)."""
        self.add_class("-outcome")
        # No question for discussion here: in play there is no one to discuss it with, and
        # it would stand between the player and the next card. The ending and the
        # classroom's debrief ask it.
        told = history.body(question=False) if history is not None else Text()
        source = history.source_lines() if history is not None and told.plain else None
        for widget_id, value in (("card-history", told if told.plain else None), ("card-source", source)):
            widget = self.query_one(f"#{widget_id}", Static)
            widget.display = value is not None
            widget.update(value if value is not None else Text())
        self.query_one("#card-speaker", Static).display = False
        self.query_one("#card-greeting", Static).display = False
        self.border_title = Text(_("{when} · your decision").format(when=when))
        extra = Text()
        extra.append_text(moved)
        for note in notes:
            extra.append("\n" + note)
        body = Text(paragraphs(outcome) if outcome.strip() else _("It is done."))
        self._set(None, Text(label), body, extra)

    def fit_greeting(self) -> None:
        """The greeting gives way when the card needs its rows (it is colour, the card is the
        decision).

        Called after a refresh, which Textual runs on whichever screen is current by
        then: after a game's last quarter that is the ending, and this panel's screen is
        gone with its widgets, so there is nothing left to fit.
        """
        found = self.query("#card-greeting").results(Static)
        greeting = next(found, None)
        if greeting is None:
            return
        if greeting.display and self.max_scroll_y > 0:
            greeting.display = False


class ChoiceList(OptionList):
    """Numbered choices with the advisor's hint under each; Enter or a click takes one.

    Each option is one ``Text`` with a hanging indent done by hand (a Rich table per
    option did the same at several times the cost of every redraw).
    """

    def on_mouse_move(self, event: events.MouseMove) -> None:
        # The pointer highlights like the arrows do, so the meters show the hints of the
        # answer under it (as Reigns shows them while a card is dragged).
        option = event.style.meta.get("option")
        if option is not None and option != self.highlighted:
            self.highlighted = option

    def set_choices(self, items: list[tuple[Text, Text | None]], width: int) -> None:
        options = []
        for number, (label, hint) in enumerate(items, start=1):
            prompt = Text()
            prompt.append(str(number), "bold")
            prompt.append(" ")
            prompt.append_text(_hang(label, width))
            if hint is not None and hint.plain:
                for line in hint.split("\n"):
                    prompt.append("\n  ")
                    prompt.append_text(line)
            options.append(Option(prompt, id=f"choice-{number}"))
        self._replace(options)

    def set_continue(self, label: str) -> None:
        prompt = Text()
        prompt.append("▶ " + label, "bold")
        self._replace([Option(prompt, id="continue")])

    def _replace(self, options: list[Option]) -> None:
        self.clear_options()
        self.add_options(options)
        self.highlighted = 0 if options else None


def _hang(label: Text, width: int) -> Text:
    """``label`` wrapped to ``width - 2`` cells, later lines indented by two."""
    lines = textwrap.wrap(label.plain, max(10, width - 2)) or [""]
    return Text("\n  ").join(Text(line, style=label.style) for line in lines)
