"""The end of a game: how it ended, the balance struck, the meters over the whole game,
and the decisive card with what really happened in history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from game.base.i18n import N_, _, date_label, ngettext
from game.engine import DANGER_MARGIN, VICTORY, GameState, decisive_decision
from game.tui import keys
from game.tui.footer import Footer
from game.saves.epilogue import LOSS, Epilogue, epilogue
from game.saves.record import Update, news
from game.tui import render
from game.engine.rules import final_ending
from game.tui.session import Session
from game.tui.widgets.card import paragraphs
from game.tui.widgets.chart import MeterChart
from game.tui.widgets.history import CardHistory
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled


class Recap(Styled, Static):
    """The decisions that shaped the term (drawn once mounted: it takes the theme's colours)."""

    COMPONENT_CLASSES = COMPONENT_CLASSES

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)


class EndingScreen(Screen):
    BINDINGS = [
        Binding("n", "app.new_game", N_("New game")),
        Binding("t", "app.title", N_("Title")),
        Binding("u", "app.undo", N_("Undo")),
        Binding("j", "app.journal", N_("Journal")),
        keys.SAVE,
        Binding("r", "app.record", N_("Record")),
        keys.HELP,
        keys.commands(show=False),
        keys.QUIT,
    ]

    def __init__(self, session: Session, update: Update | None = None) -> None:
        super().__init__()
        self.session = session
        self.update_of_record = update
        self._epilogue: Epilogue | None = None

    def compose(self) -> ComposeResult:
        session = self.session
        state = session.state
        content = session.content
        ending = final_ending(content, state)
        won = ending.kind == VICTORY
        with VerticalScroll(id="ending"):
            heading = _("Term complete") if won else _("Game over")
            yield Static(Text(heading), id="ending-heading", classes="-won" if won else "-lost")
            title = session.text(ending.title)
            if title.strip().lower() not in (heading.lower(), "term complete" if won else "game over"):
                yield Static(Text(title), id="ending-title")
            with Horizontal(id="ending-columns"):
                with Vertical(id="ending-left"):
                    yield Static(self._summary(), id="ending-summary")
                    news = self._record_news()
                    if news.plain:
                        yield Static(news, id="record-news")
                    yield Static(self._ending_text(ending), id="ending-text")
                    yield Static(_("The decisions that shaped your term"), classes="section", markup=False)
                    yield Recap(id="shaping")
                    yield Static(self._brushes_heading(), classes="section", markup=False)
                    yield Static(self._brushes(), id="brushes", markup=False)
                    yield Static(_("The meters over your term"), classes="section", markup=False)
                    yield MeterChart(content.meters, list(state.history), session.settings.lang,
                                     first_date=session.scenario.start, id="chart")
                with Vertical(id="ending-right"):
                    yield Static(id="decisive-heading", classes="section", markup=False)
                    yield Static(id="decisive", markup=False)
                    yield Static(id="history", markup=False)
            yield Static(id="source", classes="citation", markup=False)
        yield Footer(show_command_palette=False)

    @property
    def epilogue(self) -> Epilogue:
        if self._epilogue is None:
            self._epilogue = epilogue(self.session.content, self.session.state)
        return self._epilogue

    def _ending_text(self, ending) -> Text:
        """The ending's text, then its closing words for the way this term went."""
        session = self.session
        text = Text(paragraphs(session.text(ending.text)))
        told = self.epilogue
        closing = ending.epilogues.get(told.kind) if told.kind != LOSS else None
        if closing:
            text.append("\n\n")
            text.append(paragraphs(session.text(closing)), "italic")
        if told.drift_meter is not None:
            value = session.state.history[-1][told.drift_meter]
            text.append("\n\n" + _("{meter} ended the term at {value} of 100.").format(
                meter=session.meter_name(told.drift_meter), value=value), "bold")
        return text

    def _shaping(self) -> Text:
        session = self.session
        text = Text()
        shaping = self.epilogue.shaping
        if not shaping:
            return Text(_("No decision was taken."))
        styles = self.query_one("#shaping", Recap).mv_styles()
        for position, step in enumerate(shaping):
            decision = step.decision
            card = session.content.cards.get(decision.card)
            if position:
                text.append("\n")
            text.append(f"{date_label(decision.date)}  ", "dim")
            text.append(session.card_title(decision.card), "bold")
            if card is not None and 0 <= decision.choice < len(card.choices):
                text.append("\n  ▸ " + session.text(card.choices[decision.choice].label))
            width = self._recap_width()
            moved = render.changes_text(session.content, step.changes, session.settings.lang,
                                        styles, width=width - 2 if width else None)
            text.append("\n  ")
            text.append_text(render.hanging(moved, 2))
        return text

    def _recap_width(self) -> int | None:
        width = self.query_one("#shaping", Recap).content_size.width
        return width - 2 if width > 12 else None

    def _brushes_heading(self) -> str:
        brushes = self.epilogue.brushes
        if any(b.failed for b in brushes):
            return _("What failed, and what nearly did")
        return _("What nearly failed") if brushes else _("Close calls")

    def _brushes(self) -> Text:
        session = self.session
        state = session.state
        brushes = self.epilogue.brushes
        if not brushes:
            return Text(_("None: no meter ever came within {margin} points of an end.").format(margin=DANGER_MARGIN))
        text = Text()
        for position, brush in enumerate(brushes):
            if position:
                text.append("\n")
            name = session.meter_name(brush.meter)
            when = _date_of(state, brush.index)
            text.append(name, "bold")
            moved = (_(" fell to {value} in {when}") if brush.value < 50 else _(" rose to {value} in {when}"))
            text.append(moved.format(value=brush.value, when=when))
            if brush.failed:
                text.append(_(": a fatal end."))
            else:
                text.append(ngettext(", {n} point from a fatal end.", ", {n} points from a fatal end.",
                                     brush.margin).format(n=brush.margin))
        return text

    def _record_news(self) -> Text:
        """What this game added to the player's record: a first ending, a best, achievements."""
        update = self.update_of_record
        text = Text()
        if update is None or not (update.counted or update.new_ending):
            return text
        notes, earned = news(update, self.session.text(self.session.scenario.name), self.session.settings.lang)
        if self.session.daily:
            notes.append(_("Daily game of {date}: compare with anyone who played it (seed {seed}).").format(
                date=self.session.daily, seed=self.session.state.seed))
        text.append(" ".join(notes))
        for title, words in earned:
            text.append("\n★ ", "bold")
            text.append(title, "bold")
            text.append(f": {words}")
        if text.plain:
            text.append("\n" + _("(r: your record)"), "dim")
        return text

    def _summary(self) -> Text:
        session = self.session
        state = session.state
        content = session.content
        scenario = session.scenario
        text = Text()
        played = len(state.decisions)
        last = state.decisions[-1].date if state.decisions else state.date
        text.append(_("{date} · {played} of {turns} quarters · ").format(date=date_label(last), played=played,
                                                                          turns=scenario.turns))
        score = state.score if state.score is not None else 0
        text.append(_("balance struck: {score} of 100").format(score=score), "bold")
        if final_ending(content, state).kind == VICTORY:
            grade = content.grade_for(score)
            if grade is not None:
                text.append("\n")
                text.append(session.text(grade.title), "bold")
                grade_text = " ".join(session.text(grade.text).split())
                if grade_text:
                    text.append(f": {grade_text}")
        return text

    def on_mount(self) -> None:
        self.query_one("#ending").focus()
        self.call_after_refresh(lambda: self.query_one("#shaping", Recap).update(self._shaping()))
        session = self.session
        state = session.state
        won = final_ending(session.content, state).kind == VICTORY
        found = None if won else decisive_decision(session.content, state)
        card_id = found.decision.card if found is not None else (session.turning_point() if won else state.decisive_card)
        self.show_history(card_id, found, heading=_("The quarter that moved most") if won else _("The decisive card"))

    def show_history(self, card_id: str | None, found=None, heading: str | None = None) -> None:
        """The card that decided the game (``found``: the engine's decisive decision) and its history."""
        session = self.session
        state = session.state
        heading_widget = self.query_one("#decisive-heading", Static)
        decisive = self.query_one("#decisive", Static)
        history = self.query_one("#history", Static)
        shown = card_id is not None and card_id in session.content.cards
        heading_widget.display = decisive.display = history.display = shown
        if not shown or card_id is None:
            self.query_one("#source", Static).display = False
            return
        heading_widget.update(Text(heading if heading is not None else _("The decisive card")))
        card = session.content.cards[card_id]
        decision = found.decision if found is not None else next(
            (d for d in reversed(state.decisions) if d.card == card_id), None)
        text = Text()
        text.append(session.text(card.title), "bold")
        if decision is not None:
            text.append(f"  {date_label(decision.date)}", "dim")
            if 0 <= decision.choice < len(card.choices):
                text.append("\n" + _("You chose:") + " ")
                text.append(session.text(card.choices[decision.choice].label), "italic")
        if found is not None:
            amount = f"+{found.amount}" if found.amount > 0 else str(found.amount)
            text.append("\n" + _("{meter} {amount}: the largest push toward this end").format(
                meter=session.meter_name(found.meter), amount=amount), "dim")
        decisive.update(text)
        told = CardHistory.of(card, session.text)
        sources = self.query_one("#source", Static)
        sources.display = bool(told.source)
        # Full width under the columns, so that a web address has room to show whole.
        sources.update(told.source_lines(_("Source of “What really happened”:") + " ") or "")
        body = told.body(missing=_("This card carries no historical note."))
        history.update(body)


def _date_of(state: GameState, index: int) -> str:
    """The date of ``state.history[index]``: the start, or just after the index-th decision."""
    if index == 0 or not state.decisions:
        return date_label(state.decisions[0].date if state.decisions else state.date)
    return date_label(state.decisions[min(index, len(state.decisions)) - 1].date)
