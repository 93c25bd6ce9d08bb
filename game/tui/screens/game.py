"""The game screen: the meters, the card on the desk, the choices, the journal.

A quarter has two steps. First the card: the player picks a choice (1-3, arrows and
Enter, or a click), with advisor hints under each choice and beside the meters. Then
the outcome: what the choice did and what moved, until the player continues (Enter or
space; the numbers choose only on a card). Keys typed before a card or an outcome was
up are dropped (:meth:`GameScreen.drops_key`), so a fast double tap never decides the
next card unread.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import _time, events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static

from game.base.i18n import N_, _, date_label, ngettext
from game.engine import VICTORY, TurnReport, forecast
from game.tui.footer import Footer
from game.tui import keys, render
from game.tui.messages import GameChanged, GameEnded
from game.tui.session import HINT_LEVELS, Session
from game.tui.settings import HINT_WORDS, remember_choice
from game.tui.widgets.card import CardPanel, ChoiceList
from game.tui.widgets.history import CardHistory
from game.tui.widgets.journal import Journal
from game.tui.widgets.meters import MeterPanel
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled

CHOOSE = "choose"
OUTCOME = "outcome"
# Keys that act on what is on the desk: dropped when typed before it was shown.
# A readable measure for the card's text: about 72 columns, whatever the terminal's width.
MEASURE = 72
DESK_KEYS = frozenset({"1", "2", "3", "enter", "space"})

# A word for the first card of a game, on the card itself (no toast: it would vanish).
FIRST_QUARTER_TIPS = {
    "dots": N_("Press 1, 2 or 3. The dots show how much each answer moves a meter, not which way."),
    "exact": N_("Press 1, 2 or 3. The numbers show how each answer moves the meters at once."),
    "none": N_("Press 1, 2 or 3 to answer. ? explains the rules."),
}


class StatusBar(Styled, Horizontal):
    COMPONENT_CLASSES = COMPONENT_CLASSES

    def compose(self) -> ComposeResult:
        yield Static(id="status-left", markup=False)
        yield Static(id="status-right", markup=False)


class GameScreen(Screen):
    BINDINGS = [
        Binding("1", "pick(0)", N_("Choose"), key_display="1-3"),
        Binding("2", "pick(1)", N_("Choose 2"), show=False),
        Binding("3", "pick(2)", N_("Choose 3"), show=False),
        Binding("space", "continue", N_("Continue"), key_display="Enter"),
        # The choices keep the focus; these scroll a card too long for a small terminal.
        Binding("pagedown", "scroll_card(1)", N_("Scroll the card"), show=False, priority=True),
        Binding("pageup", "scroll_card(-1)", N_("Scroll the card"), show=False, priority=True),
        Binding("u", "undo", N_("Undo")),
        Binding("h", "cycle_hints", N_("Hints"), show=False),
        Binding("j", "journal", N_("Journal")),
        keys.SAVE,
        keys.LOAD,
        keys.glossary(show=False),
        keys.HELP,
        keys.commands(),
        keys.QUIT,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.phase = CHOOSE
        self.status_note: str | None = None
        self._choice_lines: tuple[int, bool] | None = None
        self._shown_at = 0.0  # when the card or outcome on the desk was put there
        self._on_desk: tuple[str, int] | None = None

    def check_action(self, action: str, parameters) -> bool | None:
        # The numbers choose on a card only; Enter/space continue from an outcome only:
        # the footer offers what the keys do now.
        if action == "pick":
            return self.phase == CHOOSE
        if action == "continue":
            return self.phase == OUTCOME
        if action == "undo":
            return not self.session.ironman  # no undo in an ironman game: not offered
        return True

    def footer_keys(self, action: str) -> str | None:
        """The footer's keys for ``action`` where they depend on the card: 1-2 or 1-3."""
        if action.startswith("pick(") and self.phase == CHOOSE and not self.session.state.over:
            return f"1-{len(self.session.card.choices)}"
        return None

    def drops_key(self, event: events.Key) -> bool:
        """Whether ``event`` was typed before the card or outcome now shown was up."""
        return event.key in DESK_KEYS and event.time < self._shown_at and self.app.screen is self

    # --- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(id="situations", markup=False)
        # A grid, so that wide terminals can put the choices under the card, between the
        # meters and the journal, while narrow ones give them the full width.
        with Grid(id="desk"):
            yield MeterPanel(self.session.content.meters, self.session.settings.lang, id="meters")
            yield CardPanel(id="card")
            with VerticalScroll(id="journal-column"):
                yield Journal(self.session, id="journal")
            yield ChoiceList(id="choices")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._meters_floor()
        self.query_one("#meters").border_title = _("Meters")
        self.query_one("#journal-column").border_title = _("Journal")
        self.show_state()

    # --- drawing ---------------------------------------------------------------

    @property
    def styles_map(self):
        return self.query_one(StatusBar).mv_styles()

    def show_state(self) -> None:
        """Redraw everything for the current state and phase."""
        session = self.session
        state = session.state
        if state.over and self.phase == CHOOSE:
            self.app.post_message(GameEnded())
            return
        self._status()
        self._situations()
        previous = (self.phase, len(session.states))
        if self.phase == OUTCOME and session.last_report is not None:
            self._outcome(session.last_report)
        else:
            self.phase = CHOOSE
            self._card()
        if previous != self._on_desk:
            # Textual's own clock, the one key events are stamped with.
            self._on_desk = previous
            self._shown_at = _time.get_time()
        self.refresh_bindings()
        self.query_one("#card", CardPanel).show_context(self._briefing() if self.phase == CHOOSE else None)
        journal_column = self.query_one("#journal-column")
        if journal_column.display:
            self.query_one("#journal", Journal).refresh_entries()
        self.query_one("#choices", ChoiceList).focus()
        # The choices' width is known from the last layout, so their height can be set
        # now, sparing a second layout. The first time there is no layout yet: draw again
        # once there is, with lines broken for the real width.
        if self.query_one("#choices", ChoiceList).content_size.width:
            self._fit_choices()
        else:
            self.call_after_refresh(self.refresh_settings)

    def on_resize(self) -> None:
        # Hints are broken into lines for the width there is: redraw them for the new one.
        self._meters_floor()
        self.call_after_refresh(self.refresh_settings)

    def _meters_floor(self) -> None:
        """Tell the meters the least height they get on this screen size.

        Narrow, the choices sit under the meters and take up to half the screen
        (:meth:`_fit_choices`); wide, the meters have the full height.
        """
        meters = self.query_one("#meters", MeterPanel)
        desk = self.size.height - 3  # status, in-play line, footer
        narrow = self.size.width < 120
        choices = max(3, self.size.height // 2) if narrow else 0
        meters.floor_height = max(1, desk - choices - 2)  # the panel's border

    def _fit_choices(self) -> None:
        """Give the choices exactly the lines they need (at most half the screen).

        Set by hand: the grid's automatic row height misjudges wrapped, multi-line
        options.
        """
        choices = self.query_one("#choices", ChoiceList)
        width = choices.content_size.width
        if width <= 0:
            return
        lines = choices.get_content_height(self.size, self.size, width)
        lines = max(1, min(lines, max(3, self.size.height // 2)))
        # Wide and tall (the -wide and -tall breakpoints of app.py), the card is as tall
        # as its text (up to what the choices leave), so the answers follow the text
        # instead of sitting at the foot of the screen.
        wide = self.size.width >= 120 and self.size.height >= 36
        if (lines, wide) != self._choice_lines:
            self._choice_lines = (lines, wide)
            self.query_one("#desk", Grid).styles.grid_rows = f"auto {lines} 1fr" if wide else f"1fr {lines}"
            self.query_one("#card", CardPanel).styles.max_height = max(5, self.size.height - 3 - lines) if wide else None

    def _status(self) -> None:
        session = self.session
        state = session.state
        scenario = session.scenario
        turns = scenario.turns
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(date_label(state.date), "bold")
        if state.over:
            # turns_left() is 0 once over: say so, not "the last quarter of the term".
            won = session.content.endings[state.ending].kind == VICTORY if state.ending else False
            over = (_("term complete after {played} of {turns} quarters") if won else
                    _("game over after {played} of {turns} quarters"))
            left.append(" · " + over.format(played=len(state.decisions), turns=turns))
        else:
            left.append(" · " + _("quarter {turn} of {turns}").format(turn=min(state.turn, turns), turns=turns))
            to_go = session.turns_left()
            left.append(" · " + (_("{count} to go").format(count=to_go) if to_go else _("the last quarter of the term")))
        parts = [_("daily game {date}").format(date=session.daily) if session.daily else "",
                 _("ironman") if session.ironman else "",
                 _("hints: {level}").format(level=_(HINT_WORDS.get(session.settings.hints, session.settings.hints))),
                 _("seed {seed}").format(seed=state.seed), self.status_note or ""]
        # Narrow, the hint level goes first, then the seed: the date and the quarter stay whole.
        room = self.size.width - 2 - len(left.plain) - 2
        for dropped in (2, 3):
            if len(" · ".join(p for p in parts if p)) <= room:
                break
            parts[dropped] = ""
        right = Text(" · ".join(p for p in parts if p), no_wrap=True, overflow="ellipsis")
        self.query_one("#status-left", Static).update(left, layout=False)
        self.query_one("#status-right", Static).update(right)

    def _situations(self) -> None:
        """One line at every size: what runs on by itself, and what it costs a quarter.

        Ongoing situations with their per-quarter effects, then the lingering effects of
        earlier choices as the net change they bring next quarter; shortened to the
        names where the full line does not fit. Always shown, so the desk keeps one
        height (and the meters one bar length) from quarter to quarter.
        """
        session = self.session
        state = session.state
        widget = self.query_one("#situations", Static)
        styles = self.styles_map
        lang = session.settings.lang
        full = Text(no_wrap=True, overflow="ellipsis")
        short = Text(no_wrap=True, overflow="ellipsis")
        for text in (full, short):
            text.append(_("In play:") + " ", "bold")
        parts = 0
        for situation in session.content.situations:
            if situation.id not in state.situations:
                continue
            for text in (full, short):
                text.append(" · " if parts else "")
                text.append(session.situation_name(situation.id))
            if situation.per_turn:
                full.append(" (")
                full.append_text(render.changes_text(session.content, situation.per_turn, lang, styles))
                full.append(" " + _("a quarter") + ")")
            parts += 1
        ticks: dict[str, int] = {}
        for effect in state.lingering:
            ticks[effect.meter] = ticks.get(effect.meter, 0) + effect.next_tick()
        ticks = {meter: amount for meter, amount in ticks.items() if amount}
        if ticks:
            for text in (full, short):
                text.append(" · " if parts else "")
                text.append(_("fading effects") + " ")
            full.append_text(render.changes_text(session.content, ticks, lang, styles))
            full.append(" " + _("next quarter"))
            short.append(ngettext("on {n} meter", "on {n} meters", len(ticks)).format(n=len(ticks)))
            parts += 1
        widget.set_class(not parts, "-calm")
        if not parts:
            full.append(_("nothing runs on by itself; every change comes from your choices"))
            short = full
        width = max(1, self.size.width - 2)
        widget.update(full if len(full.plain) <= width else short)

    def _briefing(self) -> Text:
        """What is still in play, for a roomy screen (the journal beside the card has the
        last quarter's decision: it is not repeated here)."""
        session = self.session
        state = session.state
        styles = self.styles_map
        text = Text()
        in_play = []
        for situation in session.content.situations:
            if situation.id in state.situations:
                line = Text()
                line.append(session.text(situation.name), "bold")
                if situation.per_turn:
                    line.append(" (")
                    line.append_text(render.changes_text(session.content, situation.per_turn,
                                                         session.settings.lang, styles))
                    line.append(" " + _("a quarter") + ")")
                description = " ".join(session.text(situation.description).split())
                if description:
                    line.append(f": {description}")
                in_play.append(line)
        for effect in state.lingering:
            remaining = effect.turns - effect.elapsed
            line = Text(f"{session.meter_name(effect.meter)} ")
            tick = effect.next_tick()
            line.append(render.signed(tick), styles["up" if tick > 0 else "down"])
            line.append(" " + ngettext("next quarter, fading over {n} quarter (after “{card}”)",
                                       "next quarter, fading over {n} quarters (after “{card}”)",
                                       remaining).format(n=remaining, card=session.card_title(effect.source)))
            in_play.append(line)
        if state.pending:
            count = len(state.pending)
            in_play.append(Text(ngettext("{n} earlier decision will come back in a later quarter.",
                                         "{n} earlier decisions will come back in a later quarter.",
                                         count).format(n=count)))
        if in_play:
            if text.plain:
                text.append("\n\n")
            text.append(_("Still in play"), "bold underline")
            for line in in_play:
                text.append("\n• ")
                text.append_text(line)
        return text

    def _meters(self, extras: dict[str, Text]) -> None:
        state = self.session.state
        self.query_one("#meters", MeterPanel).show(state.meters, state.history, extras)

    def _hint_extras(self, index: int | None) -> dict[str, Text]:
        session = self.session
        level = session.settings.hints
        if level == "none" or index is None or self.phase != CHOOSE or session.state.over:
            return {}
        card = session.card
        if not 0 <= index < len(card.choices):
            return {}
        styles = self.styles_map
        extras = {}
        for meter_id, amount in forecast(session.content, session.state, index).changes.items():
            if level == "exact":
                extras[meter_id] = Text(render.signed(amount), styles["up" if amount > 0 else "down"])
            else:
                extras[meter_id] = Text(render.dots(amount), styles["dots"])
        return extras

    def _card(self) -> None:
        session = self.session
        state = session.state
        card = session.card
        member = session.content.cast.get(card.speaker)
        role = session.text(member.role) if member is not None else ""
        badge = None
        if state.card_is_followup:
            source = session.followup_source()
            badge = ("⟲ " + _("A delayed consequence of “{card}”").format(card=session.card_title(source))
                     if source is not None else "⟲ " + _("A delayed consequence"))
        elif not state.decisions:
            tip = FIRST_QUARTER_TIPS.get(session.settings.hints)
            badge = _(tip) if tip else None
        said = session.greeting(card.speaker)
        greeting = None
        if said is not None:
            kind, line = said
            greeting = Text(line, "italic") if kind == "portrait" else Text(f"“{line}”", "italic")
        card_panel = self.query_one("#card", CardPanel)
        card_panel.show_card(session.speaker_name(card.speaker), role, session.text(card.title),
                             session.text(card.text), badge, greeting, person=session.speaker_person(card.speaker))
        self.call_after_refresh(card_panel.fit_greeting)
        styles = self.styles_map
        choices = self.query_one("#choices", ChoiceList)
        # The number column and the list's padding take four cells.
        width = choices.content_size.width or self.size.width - 2
        hint_width = max(20, width - 4)
        items = []
        for index, choice in enumerate(card.choices):
            hint = render.choice_hint(session.content, state, index, session.settings.hints,
                                      session.settings.lang, styles, width=hint_width)
            items.append((Text(session.text(choice.label)), hint))
        choices.set_choices(items, width)
        self._meters(self._hint_extras(0))

    def _outcome(self, report: TurnReport) -> None:
        session = self.session
        card = session.content.cards[report.card]
        choice = card.choices[report.choice]
        styles = self.styles_map
        decided = session.state.decisions[-1]
        notes = []
        for situation_id in report.situations_started:
            notes.append(_("A situation begins: {name}.").format(name=session.situation_name(situation_id)))
        for situation_id in report.situations_ended:
            notes.append(_("A situation ends: {name}.").format(name=session.situation_name(situation_id)))
        # A follow-up due in the same quarter comes as the next card, before the quarter ends.
        if any(f.same_quarter for f in report.followups_scheduled):
            notes.append(_("This will have consequences this very quarter."))
        if any(not f.same_quarter for f in report.followups_scheduled):
            notes.append(_("This will have consequences in a later quarter."))
        if not session.state.over:
            for meter in session.content.meters:
                value = session.state.meters[meter.id]
                if meter.id in report.changes and render.in_danger(meter, value):
                    notes.append(_("Careful: {meter} stands at {value}, close to a fatal end.").format(
                        meter=session.meter_name(meter.id), value=value))
        card_panel = self.query_one("#card", CardPanel)
        # Two cells spare for a scrollbar, should the outcome need one; the text keeps its measure.
        width = min(MEASURE, card_panel.content_size.width - 2) if card_panel.content_size.width else None
        if width is not None:
            width = max(20, width)
        self.query_one("#card", CardPanel).show_outcome(
            date_label(decided.date), session.text(choice.label), session.text(choice.outcome),
            self._moved(report, width), notes,
            CardHistory.of(card, session.text) if session.settings.history else None)
        extras = {}
        for meter_id, amount in report.changes.items():
            arrow = "▲" if amount > 0 else "▼"
            extras[meter_id] = Text(f"{arrow}{abs(amount)}", styles["up" if amount > 0 else "down"])
        self._meters(extras)
        if session.state.over:
            label = _("See how it ends")
        else:
            label = _("Continue to {date}").format(date=date_label(session.state.date))
        self.query_one("#choices", ChoiceList).set_continue(label)

    def _moved(self, report: TurnReport, width: int | None) -> Text:
        """What the quarter moved (net, as the meters show it), then where it came from:
        the choice itself, the rivalry of the powers, and what ran on by itself."""
        session = self.session
        content, lang, styles = session.content, session.settings.lang, self.styles_map

        def line(lead: str, amounts, style) -> Text:
            # Wrapped lines hang under the first item, never under the label.
            indent = len(lead) if width is None or width - len(lead) >= 24 else 4
            items = render.changes_text(content, amounts, lang, styles,
                                        width=None if width is None else width - indent, first=len(lead) - indent)
            text = Text(lead, style)
            text.append_text(render.hanging(items, indent))
            return text

        running: dict[str, int] = {}
        for source in (report.lingering, report.situation_effects):
            for meter_id, amount in source.items():
                running[meter_id] = running.get(meter_id, 0) + amount
        running = {m: a for m, a in running.items() if a}
        text = line(_("What moved:") + " ", report.changes, "bold")
        if not (report.rivalry or running):
            return text  # the choice alone moved the meters: the net line says it all
        # The three sources line up in one column, however long their names are in the
        # language in use.
        sources = ((_("your choice"), report.direct), (_("rivalry"), report.rivalry), (_("ran on"), running))
        column = max(len(name) for name, _amounts in sources)
        for name, amounts in sources:
            lead = "  " + name.ljust(column) + "  "
            if amounts:
                text.append("\n")
                text.append_text(line(lead, amounts, styles["hint"]))
        if running:
            before = session.states[-2].situations if len(session.states) > 1 else ()
            names = [session.situation_name(s.id) for s in content.situations
                     if s.id in before and s.per_turn] if report.situation_effects else []
            if report.lingering:
                names.append(self._lingering_source())
            if names:
                lead = " " * (column + 4)
                wrapped = textwrap.fill("(" + "; ".join(names) + ")", width=max(30, width or 72),
                                        initial_indent=lead, subsequent_indent=lead + " ")
                text.append("\n" + wrapped, styles["hint"])
        return text

    def _lingering_source(self) -> str:
        """Whose fading effects ran on this quarter: a choice's own begin to tick on the
        quarter it is taken, so on the first quarter "earlier choices" would be untrue."""
        session = self.session
        earlier = len(session.states) > 1 and bool(session.states[-2].lingering)
        this = False
        if session.state.decisions:
            decided = session.state.decisions[-1]
            card = session.content.cards.get(decided.card)
            this = card is not None and 0 <= decided.choice < len(card.choices) \
                and bool(card.choices[decided.choice].lingering)
        if this and earlier:
            return _("fading effects of this and earlier choices")
        if this:
            return _("fading effects of this choice")
        return _("fading effects of earlier choices")

    # --- events ------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.phase == CHOOSE:
            self._meters(self._hint_extras(event.option_index))

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.time < self._shown_at:
            return  # Enter typed before this card or outcome was up (see drops_key)
        if self.phase == OUTCOME:
            self.action_continue()
        else:
            self.action_pick(event.option_index)

    # --- actions -----------------------------------------------------------------

    def action_pick(self, index: int) -> None:
        if self.phase == OUTCOME:
            self.action_continue()
            return
        session = self.session
        if session.state.over:
            return
        count = len(session.card.choices)
        if not 0 <= index < count:
            self.notify(_("This card has {count} choices: press 1 to {count}.").format(count=count), severity="warning")
            return
        session.choose(index)
        self.app.post_message(GameChanged())
        self.phase = OUTCOME
        self.show_state()

    def action_continue(self) -> None:
        if self.phase != OUTCOME:
            return
        self.phase = CHOOSE
        session = self.session
        if session.state.over:
            self.app.post_message(GameEnded())
            return
        # No toast for a delayed consequence: the card's badge says it, and a toast
        # would cover the answers.
        self.show_state()

    def action_undo(self) -> None:
        if self.session.ironman:
            self.notify(_("No undo in an ironman game."), severity="warning")
            return
        if not self.session.undo():
            self.notify(_("Nothing to undo: this is the first quarter."), severity="warning")
            return
        self.phase = CHOOSE
        self.app.post_message(GameChanged())
        self.show_state()

    def action_cycle_hints(self) -> None:
        settings = self.session.settings
        settings.hints = HINT_LEVELS[(HINT_LEVELS.index(settings.hints) + 1) % len(HINT_LEVELS)]
        remember_choice(settings)
        # Said in the status line (no toast over the answers).
        self.refresh_settings()

    def refresh_settings(self) -> None:
        """Redraw after a change of hint level or a loaded game."""
        try:
            highlighted = self.query_one("#choices", ChoiceList).highlighted
            self.show_state()
            if self.phase == CHOOSE and highlighted is not None:
                choices = self.query_one("#choices", ChoiceList)
                if highlighted < choices.option_count:
                    choices.highlighted = highlighted
        except NoMatches:  # a change of theme reached a screen already being replaced
            return

    def set_status_note(self, note: str | None) -> None:
        self.status_note = note
        if self.is_mounted:
            self._status()

    def action_scroll_card(self, direction: int) -> None:
        card = self.query_one("#card", CardPanel)
        if direction > 0:
            card.scroll_page_down()
        else:
            card.scroll_page_up()

    def action_journal(self) -> None:
        from game.tui.screens.dialogs import JournalScreen

        self.app.push_screen(JournalScreen(self.session))
