"""``multivector classroom``: the facilitator's screen, made for a projector.

One card at a time in large, high-contrast type; a countdown readable from the back of
the room; each team's pick entered with one key; the decision taken by majority, by a
designated decider or by the facilitator, or by default when time runs out. Every step
goes to the session log as it happens, and the save is rewritten after every decision,
so a closed laptop loses nothing. The rules of the session live in
:class:`game.classroom.session.ClassSession`; this module only shows it and takes keys.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Digits, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.base.i18n import N_, _, date_label, ngettext
from game.classroom import sessionlog as slog
from game.classroom.htmlkit import moves_words, signed
from game.classroom.session import ClassSession, Settings, team_role
from game.base.text import escape_controls, printable
from game.engine import Content, RuleError, forecast, tr
from game.engine.rules import final_ending
from game.tui.footer import Footer
from game.tui.theme import PROJECTOR
from game.tui.modal import ModalScreen, ScreenGuards
from game.tui.screens.too_small import SizeGuard, TooSmallScreen
from game.tui.settings import HINT_WORDS
from game.tui.widgets.dialog import TextDialog, dialog_title
from game.tui.widgets.history import CardHistory
from game.tui.widgets.meters import MeterPanel

if TYPE_CHECKING:  # aiohttp is imported only to serve the students' pages
    from aiohttp.web import AppRunner

ACCENT, OK, WARN, ERROR, MUTED = "#FFD700", "#40FF80", "#FFA500", "#FF4040", "#C8C8C8"
HINTS = ("exact", "none")
METHOD_WORDS = {"majority": N_("majority vote"), "decider": N_("the designated decider"),
                "facilitator": N_("the facilitator"), "rotate": N_("each team in turn")}


def method_words(method: str) -> str:
    return _(METHOD_WORDS[method]) if method in METHOD_WORDS else method


def moved_table(content: Content, before: Mapping[str, int], after: Mapping[str, int], lang: str = "en") -> Text:
    """Each meter the decision moved, before and after, in columns a projector's back row
    can follow: ``Public trust   52 → 47   −5``; a meter now in danger says so in words."""
    text = Text(_("What moved:") + "\n", style="bold")
    moved = [m for m in content.meters if after[m.id] != before[m.id]]
    if not moved:
        text.append("  " + _("nothing") + "\n")
        return text
    width = max(len(tr(m.name, lang)) for m in moved)
    for meter in moved:
        change = after[meter.id] - before[meter.id]
        text.append(f"  {tr(meter.name, lang).ljust(width)}  {before[meter.id]:>3} → ")
        text.append(f"{after[meter.id]:>3}", style="bold")
        text.append(f"   {signed(change)}", style=f"bold {ACCENT}")
        if meter.in_danger(after[meter.id]):
            text.append("   " + _("DANGER"), style=f"bold reverse {ERROR}")
        text.append("\n")
    return text


class Saver:
    """Writes the session's save (and, at the end, its report) through game.saves."""

    def __init__(self, folder: Path | None, slot: str, fingerprint: str) -> None:
        self.folder, self.slot, self.fingerprint = folder, slot, fingerprint
        self.path: Path | None = None
        self.report: Path | None = None

    def save(self, session: ClassSession) -> str | None:
        """Save now; the problem in one line, or None."""
        if self.folder is None:
            return None
        from game.saves.errors import SaveError
        from game.saves.store import write_save

        try:
            self.path = write_save(self.folder, self.slot, session.rules, session.state,
                                   fingerprint=self.fingerprint, meta=session.meta())
        except SaveError as error:
            return _("cannot save: {error}").format(error=error)
        return None

    @property
    def teacher_link(self) -> Path | None:
        return Path(self.folder) / f"{self.slot}.teacher.html" if self.folder is not None else None

    def write_teacher_link(self, url: str, phone_url: str | None = None) -> None:
        """A page beside the save with the link to the facilitator's view: the teacher opens
        it on their own computer (a double click), the class never sees the link. With
        ``phone_url`` (the students' network is served) it gives the address a phone or a
        second laptop on that network opens too."""
        target = self.teacher_link
        if target is None:
            return
        from game.base.files import atomic_write
        from game.classroom.htmlkit import esc, page

        body = (f"<h1>{esc(_('The facilitator’s view'))}</h1><p>"
                + esc(_("Open this link on your own computer, not on the projector:"))
                + f' <a href="{esc(url)}" id="here">{esc(url)}</a></p>')
        if phone_url:
            body += ("<p>" + esc(_("On your phone or another laptop on the same network, open:"))
                     + f' <a href="{esc(phone_url)}" id="phone">{esc(phone_url)}</a></p>')
        body += ("<p>" + esc(_("It works while the classroom app runs. Keep this file to yourself: the link opens "
                               "the forecasts and the historical notes, and runs the session.")) + "</p>")
        try:
            atomic_write(target, page(_("Multi-Vector: facilitator’s view"), body).encode("utf-8"))
        except OSError:
            pass  # the projector still works; the docs say where the link would be

    def write_report(self, session: ClassSession, lang: str = "en") -> str | None:
        if self.folder is None:
            return None
        from game.classroom.debrief import build_debrief
        from game.classroom.report_html import report_html

        debrief = build_debrief(session.content, session.state, name=session.settings.group or self.slot,
                                meta=session.meta(), log=slog.SessionRead(records=list(session.records)),
                                lang=lang)
        from game.base.files import atomic_write

        target = Path(self.folder) / f"{self.slot}.report.html"
        try:
            atomic_write(target, (report_html([debrief]) + "\n").encode("utf-8"))
        except OSError as error:
            return _("cannot write the report: {error}").format(error=error.strerror or error)
        self.report = target
        return None


# --- dialogs --------------------------------------------------------------------------


class Confirm(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", N_("Yes")), Binding("n,escape", "answer(False)", N_("No"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield dialog_title(Text(self.question))
            yield Static(_("y  yes      n  no"), classes="dialog-help")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class RationaleDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield dialog_title(_("Why? One line for the record"))
            yield Input(self.current, placeholder=_("e.g. We cannot afford to anger Moscow before winter"),
                        max_length=300, id="rationale")
            yield Static(_("enter  keep      escape  cancel"), classes="dialog-help")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InjectDialog(ModalScreen[str | None]):
    """Pick any card of the deck to put on the table (type to filter)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel")), Binding("down", "move(1)", show=False),
                Binding("up", "move(-1)", show=False)]

    def __init__(self, content: Content, lang: str, problem_of: Callable[[str], str | None] = lambda _: None) -> None:
        super().__init__()
        self.content, self.lang = content, lang
        self.problem_of = problem_of  # why a card does not fit the game now, or None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield dialog_title(_("Inject a card: it replaces the card on the table. Cards that fit the game "
                           "now come first; the others say why not"))
            yield Input(placeholder=_("type to filter by title or id"), id="filter")
            yield OptionList(id="cards")
            yield Static(_("enter  inject      escape  cancel"), classes="dialog-help")

    def on_mount(self) -> None:
        self.fill("")

    def fill(self, text: str) -> None:
        wanted = text.lower().strip()
        options = self.query_one("#cards", OptionList)
        options.clear_options()
        unfit = []
        for card in self.content.cards.values():
            title = " ".join(tr(card.title, self.lang).split())
            if wanted and wanted not in title.lower() and wanted not in card.id:
                continue
            problem = self.problem_of(card.id)
            if problem is None:
                options.add_option(Option(Text(f"{title}  ({card.id})"), id=card.id))
            else:
                unfit.append(Option(Text(_("{title}  ({id}): does not fit, {problem}").format(
                    title=title, id=card.id, problem=problem), style=MUTED), id=card.id))
        for option in unfit:
            options.add_option(option)
        if options.option_count:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#cards", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Changed, "#filter")
    def filtered(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#filter")
    def take_first(self) -> None:
        options = self.query_one("#cards", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TimeUp(ModalScreen[str | None]):
    """0:00: the class hears a bell and sees the clock flash; the teacher chooses. Nothing
    is decided until a key says so."""

    BINDINGS = [Binding("enter", "answer('take')", N_("Take it")),
                Binding("plus,equals_sign", "answer('extend')", N_("+1 min")),
                Binding("f", "answer('decide')", N_("Decide yourself")),
                Binding("escape", "answer(None)", N_("Keep talking"))]

    def __init__(self, standing: str) -> None:
        super().__init__()
        self.standing = standing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="time-up"):
            yield dialog_title(_("TIME IS UP"))
            yield Static(Text(self.standing))
            yield Static(_("enter  take it      +  one more minute      f  decide yourself      "
                           "escape  keep talking (the clock stays at 0:00)"), classes="dialog-help")

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)


class OutcomeScreen(ModalScreen[None]):
    """What the decision did, read aloud before the next card is shown; beside it what
    really happened (the card's note and source) and, across the foot, its question for
    discussion: the prompt for the class once it has decided. The teacher's switch (h)
    hides the history, here and for the cards to come."""

    BINDINGS = [Binding("enter,space", "close", N_("Next card")),
                Binding("h", "app.history", N_("History"), show=False)]

    def __init__(self, body: Text, history: CardHistory | None = None, shown: bool = True) -> None:
        """``history``: the card's, None for a card without a note (nothing to show)."""
        super().__init__()
        body.rstrip()  # the question's margin is the gap below the columns
        self.body, self.history, self.shown = body, history, shown

    def compose(self) -> ComposeResult:
        history = self.history
        with VerticalScroll(classes="dialog wide", id="outcome"):
            # Two columns, not one below the other: the decision and the history both fit a
            # projector's 100x30 without scrolling, and each column stays short to read.
            with Horizontal(id="outcome-columns"):
                yield Static(self.body, id="outcome-body")
                if history is not None:
                    with Vertical(id="outcome-history"):
                        yield Static(history.body(question=False), id="history-note")
                        source = history.source_lines()
                        if source is not None:
                            yield Static(source, id="history-source")
            if history is not None and history.question:
                yield Static(history.question_line(), id="history-question")
            yield Static(id="outcome-help", classes="dialog-help")

    def on_mount(self) -> None:
        self.show_history(self.shown)

    def on_resize(self) -> None:
        self.show_history(self.shown)

    def show_history(self, on: bool) -> None:
        self.shown = on
        for widget in self.query("#outcome-history, #history-question, #history-source"):
            widget.display = on
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """The source gives way first when the window is short (the teacher's page and the
        debrief report keep it); what still does not fit scrolls, and the help says so."""
        found = self.query("#outcome").results(VerticalScroll)
        outcome = next(found, None)
        if outcome is None:  # closed before the refresh came
            return
        source = next(self.query("#history-source").results(Static), None)
        if source is not None and source.display and outcome.max_scroll_y > 0:
            source.display = False
            self.call_after_refresh(self.fit)
            return
        help_line = _("enter  next card")
        if self.history is not None:
            help_line += "      " + (_("h  hide what really happened") if self.shown
                                     else _("h  show what really happened"))
        if outcome.max_scroll_y > 0:
            help_line += "      " + _("↑↓  more")
        self.query_one("#outcome-help", Static).update(help_line)

    def action_close(self) -> None:
        self.dismiss(None)


# --- the screens ----------------------------------------------------------------------


class EndScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", N_("Quit")), Binding("u", "app.undo_last", N_("Undo the last decision"))]

    def __init__(self, body: Text) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Static(self.body, id="end-body"), id="end")
        yield Footer()


class KeysScreen(TextDialog):
    """Every key of the projector, read from its bindings (so the list cannot drift from
    what the keys do), those the session cannot use now left out. The clock holds
    behind it as behind any dialog."""

    BINDINGS = [Binding("question_mark", "dismiss", N_("Close"), key_display="?", show=False)]
    BOX_ID, HEADING = "keys-box", N_("Keys")

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            action = binding.action.removeprefix("app.")
            name, _args = action.partition("(")[::2]
            if screen.check_action(name, ()) is False:
                continue
            shown = " / ".join(self._key(key.strip()) for key in binding.key.split(","))
            if self.rows and self.rows[-1][1] == _(binding.description):  # 1, 2, 3: one row
                shown = f"{self.rows.pop()[0]} / {shown}"
            self.rows.append((shown, _(binding.description)))

    def _key(self, key: str) -> str:
        return self.app.get_key_display(Binding(key, ""))

    def body(self) -> Widget:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for key, description in self.rows:
            table.add_row(key, description)
        return Static(table, id="keys-table")


class SessionScreen(Screen):
    """The projector view: the card, the clock, the meters and the teams' picks."""

    BINDINGS = [
        # 1-3 pick the answer for the team in focus (hidden: the projector shows them)
        *(Binding(str(n + 1), f"pick({n})", N_("Pick"), show=False) for n in range(3)),
        Binding("0,backspace", "pick(-1)", N_("Clear"), show=False),
        Binding("down,tab", "team(1)", N_("Next team"), show=False),
        Binding("up,shift+tab", "team(-1)", N_("Previous team"), show=False),
        # First of the footer: a projector's footer cuts the last keys, and this lists them all.
        Binding("question_mark", "keys", N_("Keys"), key_display="?"),
        Binding("enter", "decide", N_("Decide")),
        Binding("f", "facilitator", N_("Facilitator decides")),
        Binding("r", "rationale", N_("Rationale")),
        Binding("space,p", "pause", N_("Pause")),
        Binding("plus,equals_sign", "extend", N_("+1 min")),
        Binding("u", "undo", N_("Undo")),
        Binding("i", "inject", N_("Inject")),
        Binding("h", "app.history", N_("History")),
        Binding("x", "hints", N_("Hints")),
        Binding("v", "reveal", N_("Reveal votes")),
        Binding("m", "show_message", N_("Lobbying")),
        Binding("e", "end", N_("End early")),
        Binding("q", "quit", N_("Quit")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.team_index = 0
        self.facilitator_pending = False
        self.rationale = ""
        self._timer_shown: tuple | None = None
        self._held: object | None = None  # the timer paused because a dialog covers the clock
        self.last_message = ""

    @property
    def session(self) -> ClassSession:
        return self.app.session  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters) -> bool | None:
        # The secret ballot and the envoys' messages come from the students' devices:
        # without them these keys would do nothing, and a projector's footer has no room
        # for keys that do nothing.
        if action in ("reveal", "show_message"):
            return self.session.store is not None
        return True

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="main"):
            with VerticalScroll(id="card"):
                yield Static(id="card-title")
                yield Static(id="card-who")
                yield Static(id="card-text")
                yield Static(id="choices")
            with Vertical(id="side"):
                with Horizontal(id="timer-box"):
                    yield Digits("0:00", id="timer")
                yield Static(id="timer-state")
                yield MeterPanel(self.session.content.meters, self.app.lang, id="meters")  # type: ignore[attr-defined]
                yield Static(id="votes")
        yield Static(id="message")
        yield Footer()

    def on_mount(self) -> None:
        self.show_card()
        self.set_interval(0.25, self.tick)
        link = self.app.saver.teacher_link  # type: ignore[attr-defined]
        if getattr(self.app, "teacher_url", None) and link is not None and link.is_file():
            # Where the link is, not the link: the class may read this line.
            from game.base.paths import shown_path

            self.message(_("Your own page (votes, forecasts, history, and the controls): open {path} on your own screen.").format(
                path=shown_path(link)))

    def on_screen_suspend(self) -> None:
        # A dialog (or the palette) hides the clock: it stops with it, unlogged, since the
        # facilitator did not choose to pause.
        timer = self.session.timer
        if timer.running:
            timer.pause()
            self._held = timer

    def on_screen_resume(self) -> None:
        if self._held is not None and self._held is self.session.timer and not self.session.over:
            self.session.timer.resume()
        self._held = None
        self.tick()

    # --- drawing ----------------------------------------------------------------------

    def show_card(self) -> None:
        session, app = self.session, self.app
        lang = app.lang  # type: ignore[attr-defined]
        state = session.state
        settings = session.settings
        status = Text()
        status.append(" " + _("Decision {number} of {turns}").format(number=len(state.decisions) + 1,
                                                                    turns=settings.turns) + " ",
                      style="bold reverse")
        status.append("  " + _("{date}   seed {seed}   decided by {method}").format(
            date=date_label(state.date), seed=settings.seed, method=method_words(settings.decide)))
        if session.decider is not None:
            status.append(" " + _("(this card: {team})").format(team=self._role_name(session.decider)))
        if settings.group:
            status.append(f"   {settings.group}", style="bold")
        join = getattr(self.app, "join_url", None)
        if join and session.store is not None:
            status.append("   " + _("JOIN {address}  CODE {code}").format(address=join, code=session.store.code),
                          style=f"bold {ACCENT}")
        self.query_one("#status", Static).update(status)
        card = session.card
        if card is None:
            return
        tags = []
        if state.card_is_injected:
            tags.append(_("INJECTED BY THE FACILITATOR"))
        if state.card_is_followup:
            tags.append(_("DELAYED CONSEQUENCE"))
        title = Text(" ".join(tr(card.title, lang).split()).upper(), style=f"bold {ACCENT}")
        if tags:
            title.append("   " + " · ".join(tags), style="reverse")
        self.query_one("#card-title", Static).update(title)
        speaker = session.rules.cast.get(card.speaker)
        self.query_one("#card-who", Static).update(Text(tr(speaker.name, lang) if speaker else card.speaker,
                                                        style="italic"))
        paragraphs = [" ".join(p.split()) for p in tr(card.text, lang).strip().split("\n\n")]
        self.query_one("#card-text", Static).update(Text("\n\n".join(paragraphs)))
        self.show_choices()
        history = list(state.history)
        extras = {}
        if len(history) >= 2:
            for meter in session.rules.meters:
                change = history[-1][meter.id] - history[-2][meter.id]
                if change:
                    extras[meter.id] = Text(signed(change), style="bold")
        self.query_one(MeterPanel).show(dict(state.meters), history, extras)
        self.show_votes()
        self.tick()

    def show_choices(self) -> None:
        session, lang = self.session, self.app.lang  # type: ignore[attr-defined]
        card = session.card
        if card is None:
            return
        hints = self.app.hints  # type: ignore[attr-defined]
        text = Text()
        for index, choice in enumerate(card.choices):
            text.append(f"\n {index + 1} ", style="bold reverse")
            text.append(" " + " ".join(tr(choice.label, lang).split()), style="bold")
            if hints == "exact":
                moves = forecast(session.rules, session.state, index).changes
                text.append(f"\n     {moves_words(session.rules, moves, lang)}", style=MUTED)
            text.append("\n")
        self.query_one("#choices", Static).update(text)

    def _role_name(self, team: str) -> str:
        """A team's name as the class knows it (a role, or a named team and its role)."""
        return self.session.team_name(team, self.app.lang)  # type: ignore[attr-defined]

    def show_votes(self) -> None:
        session = self.session
        text = Text(_("TEAMS  ↑↓ team · 1-3 pick") + "\n", style="bold")
        for index, team in enumerate(session.settings.teams):
            pick = session.picks.get(team)
            marker = "▶ " if index == self.team_index else "  "
            # The pick first, so picks line up; then the whole name, never cut (it wraps).
            shown = "–" if pick is None else str(pick + 1) if session.revealed else "✓"
            line = Text(marker)
            line.append(shown, style="bold")
            line.append(f"  {self._role_name(team)}")
            if index == self.team_index:
                line.stylize("reverse")
            text.append_text(line)
            text.append("\n")
        proposal, method = session.proposed()
        if not session.revealed:
            voted = sum(p is not None for p in session.picks.values())
            text.append("→ " + _("secret ballot: {voted} of {teams} voted · v reveals").format(
                voted=voted, teams=len(session.picks)), style=f"bold {WARN}")
        elif proposal is not None and method == "facilitator":
            text.append("→ " + _("the teams' vote: {answer} (enter confirms, f + number decides otherwise)").format(
                answer=proposal + 1), style=f"bold {OK}")
        elif proposal is not None and method == "decider" and session.decider is not None:
            text.append("→ " + _("{team} decides: {answer}").format(team=self._role_name(session.decider),
                                                                  answer=proposal + 1), style=f"bold {OK}")
        elif proposal is not None:
            text.append(f"→ {method_words(method)}: {proposal + 1}", style=f"bold {OK}")
        elif session.decider is not None:
            text.append("→ " + _("waiting for this card's decider: {team}").format(
                team=self._role_name(session.decider)), style=f"bold {WARN}")
        elif any(p is not None for p in session.picks.values()):
            text.append("→ " + _("no majority yet: vote on, or f + number"), style=f"bold {WARN}")
        if session.settings.envoys:
            text.append("\n" + _("Lobbying:") + " " + ", ".join(self._role_name(e) for e in session.settings.envoys),
                        style=MUTED)
        if self.facilitator_pending:
            text.append("\n" + _("FACILITATOR: press 1-3 to decide"), style="bold reverse")
        if self.rationale:
            text.append(f"\n“{self.rationale}”", style="italic")
        self.query_one("#votes", Static).update(text)

    def tick(self) -> None:
        session = self.session
        if session.version != getattr(self, "_version_shown", None):  # votes from devices
            self._version_shown = session.version
            self.show_votes()
        timer = session.timer
        if session.settings.minutes <= 0:
            self.query_one("#timer", Digits).update("--:--")
            return
        # Loud (reversed) unless the clock is simply running.
        loud = not timer.running
        state = _("PAUSED · space goes on") if not timer.running and timer.started else (
            _("space pause · + minute") if timer.running else _("SPACE STARTS THE CLOCK"))
        if timer.started and timer.expired:
            state, loud = _("TIME IS UP · enter decides"), True
        shown = (timer.text(), state, timer.remaining <= 30 and timer.started)
        if shown != self._timer_shown:  # redraw only what changed: the tick runs four times a second
            self._timer_shown = shown
            digits = self.query_one("#timer", Digits)
            digits.update(shown[0])
            digits.set_class(shown[2], "-low")
            self.query_one("#timer-state", Static).update(
                Text(state, style="bold reverse" if loud else ""))
        if timer.running and timer.expired and not session.over and self.app.screen is self:
            self.time_up()

    def time_up(self) -> None:
        """0:00: stop the clock, ring, flash, and let the facilitator choose (a grace
        minute, the standing vote, or their own decision) instead of deciding at once."""
        session = self.session
        session.timer.pause()
        self.app.bell()
        digits = self.query_one("#timer", Digits)
        digits.add_class("-expired")
        self.set_timer(3, lambda: digits.remove_class("-expired"))
        proposal, method = session.proposed()
        voted = sum(p is not None for p in session.picks.values())
        teams = len(session.picks)
        if proposal is None:
            standing = ngettext("{voted} of {n} team voted, with no majority. Enter takes the answer that "
                                "moves the meters least.",
                                "{voted} of {n} teams voted, with no majority. Enter takes the answer that "
                                "moves the meters least.", teams).format(voted=voted, n=teams)
        else:
            standing = ngettext("{voted} of {n} team voted. Enter takes answer {answer} ({method}).",
                                "{voted} of {n} teams voted. Enter takes answer {answer} ({method}).",
                                teams).format(voted=voted, n=teams, answer=proposal + 1, method=method_words(method))

        def answered(value: str | None) -> None:
            if value == "take":
                self.decide(timeout=True)
            elif value == "extend":
                session.extend(60)
                session.timer.resume()
                self.message(_("One more minute."))
            elif value == "decide":
                self.facilitator_pending = True
                self.show_votes()
            self.tick()

        self.app.push_screen(TimeUp(standing), answered)

    def message(self, text: str) -> None:
        self.last_message = text  # the teacher's page repeats it
        self.query_one("#message", Static).update(Text(text))

    # --- keys -------------------------------------------------------------------------

    def action_pick(self, choice: int) -> None:
        session = self.session
        card = session.card
        if card is None:
            return
        if self.facilitator_pending:
            self.facilitator_pending = False
            if 0 <= choice < len(card.choices):
                self.decide(choice=choice)
            else:
                self.show_votes()
            return
        if choice >= len(card.choices):
            self.message(_("This card has choices 1-{count}.").format(count=len(card.choices)))
            return
        teams = session.settings.teams
        session.pick(teams[self.team_index], None if choice < 0 else choice)
        if choice >= 0:
            self.team_index = (self.team_index + 1) % len(teams)
        self.show_votes()

    def action_team(self, step: int) -> None:
        self.team_index = (self.team_index + step) % len(self.session.settings.teams)
        self.show_votes()

    def action_facilitator(self) -> None:
        self.facilitator_pending = not self.facilitator_pending
        self.show_votes()

    def action_decide(self) -> None:
        self.session.reveal()
        proposal, _method = self.session.proposed()
        if proposal is None and self.session.timer.started and self.session.timer.expired:
            self.decide(timeout=True)
            return
        if proposal is None:
            self.message(_("No decision yet: the teams are tied or have not voted. "
                           "Let them vote, or press f and a number to decide yourself."))
            return
        self.decide()

    def decide(self, choice: int | None = None, timeout: bool = False) -> None:
        session, app = self.session, self.app
        card = session.card
        before = dict(session.state.meters)
        try:
            outcome = session.decide(choice, self.rationale, timeout=timeout)
        except RuleError as error:
            self.message(str(error))
            return
        rationale, self.rationale = self.rationale, ""
        self.team_index = 0
        self.facilitator_pending = False
        problem = app.saver.save(session)  # type: ignore[attr-defined]
        lang = app.lang  # type: ignore[attr-defined]
        body = Text()
        label = " ".join(tr(card.choices[outcome.choice].label, lang).split())
        body.append(f"{outcome.headline().upper()}\n\n", style=f"bold {ACCENT}")
        body.append(f"{outcome.choice + 1}. {label}\n\n", style="bold")
        if rationale:  # the reason given, as the record keeps it
            body.append(f"“{rationale}”\n\n", style="italic")
        outcome_text = " ".join(tr(card.choices[outcome.choice].outcome, lang).split())
        if outcome_text:
            body.append(outcome_text + "\n\n")
        body.append_text(moved_table(session.rules, before, session.state.meters, lang))
        if problem:
            body.append(f"\n{problem}\n", style=f"bold {ERROR}")
        def shown(value) -> str:  # a content text, as the session's own screens show it
            return printable(tr(value, lang))

        told = CardHistory.of(card, shown)
        outcome_screen = OutcomeScreen(body, told if told.note else None, session.settings.history)
        # The class reads what happened first; the meters beside it keep their old values
        # until the outcome is closed, then move, each with its change marked.
        if session.over:
            self.app.push_screen(outcome_screen, lambda _: app.finish())  # type: ignore[attr-defined]
        else:
            self.message("")

            def next_card(_closed: None) -> None:
                self.show_card()

            self.app.push_screen(outcome_screen, next_card)

    def action_rationale(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.rationale = " ".join(text.split())
                self.show_votes()

        self.app.push_screen(RationaleDialog(self.rationale), done)

    def action_pause(self) -> None:
        session = self.session
        if session.timer.running:
            session.pause()
        elif session.timer.started:
            session.resume()
        else:
            session.start_discussion()
        self.tick()

    def action_extend(self) -> None:
        if self.session.extend(60):
            self.message(_("One more minute."))
        else:
            self.message(_("This session has no clock (--minutes 0)."))
        self.tick()

    def action_undo(self) -> None:
        session = self.session
        if not session.state.decisions:
            self.message(_("Nothing to undo."))
            return
        last = session.state.decisions[-1]
        if session.undo():
            self.app.saver.save(session)  # type: ignore[attr-defined]
            self.show_card()
            title = " ".join(tr(session.rules.cards[last.card].title, self.app.lang).split())  # type: ignore[attr-defined]
            self.message(_("Undone: decision {number} on “{card}”. Decide again.").format(
                number=len(session.state.decisions) + 1, card=title))

    def action_inject(self) -> None:
        def put(card_id: str) -> None:
            try:
                self.session.inject(card_id)
            except RuleError as error:
                self.message(str(error))
                return
            self.app.saver.save(self.session)  # type: ignore[attr-defined]
            self.show_card()
            self.message(_("Card injected; it is marked as such in the record."))

        def chosen(card_id: str | None) -> None:
            if card_id is None:
                return
            problem = self.session.inject_problem(card_id)
            if problem is None:
                put(card_id)
                return
            self.app.push_screen(Confirm(_("This card does not fit the game now: {problem}. Inject it anyway?").format(
                problem=problem)),
                                 lambda yes: put(card_id) if yes else None)

        self.app.push_screen(InjectDialog(self.session.rules, self.app.lang,  # type: ignore[attr-defined]
                                          self.session.inject_problem), chosen)

    def action_reveal(self) -> None:
        self.session.reveal()
        self.show_votes()

    def action_show_message(self) -> None:
        """Put the next lobbying message from a device on the projector."""
        store = self.session.store
        waiting = store.messages(unshown=True) if store is not None else []
        if store is None or not waiting:
            self.message(_("No lobbying message waiting."))
            return
        first = waiting[0]
        store.mark_shown(first.id)
        more = len(waiting) - 1
        self.message(_("{sender} to {recipient}: “{text}”").format(
            sender=self._role_name(first.sender), recipient=self._role_name(first.recipient),
            text=escape_controls(first.text))
            + ("   " + _("({count} more: m)").format(count=more) if more else ""))

    def action_hints(self) -> None:
        app = self.app
        app.hints = HINTS[(HINTS.index(app.hints) + 1) % len(HINTS)] if app.hints in HINTS else "exact"  # type: ignore[attr-defined]
        self.show_choices()
        level = str(app.hints)  # type: ignore[attr-defined]
        self.message(_("Hints: {level}.").format(level=_(HINT_WORDS.get(level, level))))

    def action_keys(self) -> None:
        self.app.push_screen(KeysScreen(self))

    def action_end(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.session.end_early()
                self.app.finish()  # type: ignore[attr-defined]

        self.app.push_screen(Confirm(_("End the session now and go to the debrief?")), answered)

    def action_quit(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.app.saver.save(self.session)  # type: ignore[attr-defined]  # with the picks typed so far
                self.app.exit()

        saved = _("The session is saved; continue later with --load.") if self.app.saver.folder else ""  # type: ignore[attr-defined]
        self.app.push_screen(Confirm(f"{_('Quit?')} {saved}".strip()), answered)


class ProjectorDesk:
    """The teacher's page's controls (:class:`game.classroom.web.TeacherDesk`) on this
    app. Each runs in the projector screen's own message loop and through the very
    method its key calls, so the log, the SQLite state and the report cannot tell a
    button on the teacher's phone from a key on the projector's keyboard."""

    def __init__(self, app: ClassroomApp) -> None:
        self.app = app

    def _screen(self) -> SessionScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, SessionScreen)), None)

    def phase(self) -> str:
        top, session = self.app.screen, self.app.session
        if isinstance(top, TooSmallScreen):
            return "too-small"
        if isinstance(top, OutcomeScreen):
            return "outcome"
        if session is None or session.over or isinstance(top, EndScreen):
            return "ended"
        if isinstance(top, TimeUp):
            return "time-up"
        return "card" if isinstance(top, SessionScreen) else "busy"

    async def act(self, action: str, form: Mapping[str, str]) -> str:
        done: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def run() -> None:
            try:
                done.set_result(self._act(action, form))
            except Exception as error:  # a bug: the page shows it as a server error, not silence
                done.set_exception(error)

        pump = self._screen() or self.app
        if not pump.call_later(run):
            return _("The projector is closing: nothing was done.")
        return await done

    def _act(self, action: str, form: Mapping[str, str]) -> str:
        phase, screen, top, app = self.phase(), self._screen(), self.app.screen, self.app
        rationale = " ".join(str(form.get("rationale", "")).split())[:300]
        choice = int(form["choice"]) if str(form.get("choice", "")).isdigit() else None
        session = app._started()
        card = session.card
        if choice is not None and (card is None or choice >= len(card.choices)):
            return _("That answer is not on this card.")
        if phase == "too-small":
            return _("The projector's window is too small: enlarge it first. Nothing was done.")
        if phase == "ended" and action == "undo":
            app.action_undo_last()
            return _("The last decision is undone; the card is back on the projector.")
        if phase in ("card", "outcome") and action in ("show-history", "hide-history"):
            if session.settings.history != (action == "show-history"):
                app.action_history()
            return _("What really happened: shown after each decision (h hides it).") if session.settings.history \
                else _("What really happened: hidden, kept for the debrief (h shows it).")
        if phase == "outcome" and action == "next":
            top.action_close()  # type: ignore[attr-defined]
            return _("The end of the session is on the projector.") if session.over \
                else _("The next card is on the projector.")
        if screen is None or phase in ("ended", "outcome", "busy"):
            return _("Not now: the projector shows something else. Nothing was done.")
        if rationale and action in ("decide", "override"):
            screen.rationale = rationale
            screen.show_votes()
        if phase == "time-up":
            answers = {"decide": "take", "extend": "extend", "override": "decide"}
            if action not in answers or (action == "override" and choice is None):
                return _("Time is up: decide, or give one more minute.")
            top.action_answer(answers[action])  # type: ignore[attr-defined]
            if action == "override":  # f, then the number: as on the keyboard
                screen.call_later(screen.action_pick, choice)
            return _("Sent to the projector.")
        screen.last_message = ""
        decisions = len(session.state.decisions)
        if action == "clock":
            screen.action_pause()
            return _("The clock is running.") if session.timer.running else _("The clock is paused.")
        if action == "extend":
            screen.action_extend()
        elif action == "reveal":
            screen.action_reveal()
            return _("The votes are on the projector.")
        elif action == "decide":
            screen.action_decide()
        elif action == "override" and choice is not None:
            screen.facilitator_pending = True
            screen.action_pick(choice)
        elif action == "undo":
            screen.action_undo()
        if len(session.state.decisions) > decisions:
            return _("Decided: the class sees the outcome.")
        return screen.last_message or _("Nothing was done.")


class ClassroomApp(SizeGuard, ScreenGuards, App):
    CSS_PATH = "classroom.tcss"
    TITLE = "Multi-Vector: classroom"
    # In front of a class no palette: it could quit without asking or change the theme.
    ENABLE_COMMAND_PALETTE = False

    @property
    def MIN_SIZE(self) -> tuple[int, int]:  # type: ignore[override]  # SizeGuard's, per session
        """The game's 80x24 fits four teams' rows beside the clock and the meters (measured
        in tmux); each team beyond four takes up to two more rows (a long name wraps at
        that width), the devices' secret-ballot line and the teacher's-page notice three,
        the envoys' line one."""
        session = self.session
        if session is None:
            return 80, 24
        teams = len(session.settings.teams)
        return 80, (24 + 2 * max(0, teams - 4) + (3 if session.store is not None else 0)
                    + (1 if session.settings.envoys else 0))

    def too_small_note(self) -> str:
        # The notice covers the session screen like a dialog, and the clock stops with it
        # (SessionScreen.on_screen_suspend): no card times out while the class cannot see it.
        session = self.session
        if session is None:
            return ""
        lines = [_("The clock stops until the window is large enough again.")] if session.settings.minutes > 0 else []
        if session.store is not None:
            lines.append(_("Votes from the students' devices are still counted."))
        return "\n".join(lines)

    async def action_quit(self) -> None:
        """q on the too-small notice (and ctrl+q): the picks typed so far are saved first,
        as the session screen's own q does after asking."""
        if self.session is not None:
            self.saver.save(self.session)
        self.exit()

    def __init__(self, session_factory: Callable[[], ClassSession], saver: Saver, *, lang: str = "en",
                 hints: str = "exact", web: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.web = web              # (host, port) to serve the students' pages on, or None
        self.join_url: str | None = None
        self.teacher_url: str | None = None
        self._runner: AppRunner | None = None
        self.session_factory = session_factory
        self.saver = saver
        self.lang = lang
        self.hints = hints
        self.session: ClassSession | None = None

    async def on_mount(self) -> None:
        self.register_theme(PROJECTOR)
        self.theme = "projector"
        self.session = self.session_factory()
        self.saver.save(self.session)
        if self.web is not None and self.session.store is not None:
            from game.classroom.web import ClassroomWeb, is_loopback, lan_address, start

            host, port = self.web
            try:
                session = self.session
                pages = ClassroomWeb(lambda: session, self.lang, desk=ProjectorDesk(self))
                self._runner, bound = await start(pages.app(), host, port)
            except OSError as error:  # the port is taken, or the address is not this computer's
                self.exit(return_code=1, message=_("multivector: cannot serve the students' page on {address} "
                                                   "({error}); try another --port").format(
                    address=f"{host}:{port}", error=error.strerror or error))
                return
            shown = lan_address() if host in ("0.0.0.0", "::") else host
            self.join_url = f"http://{shown}:{bound}/"
            # The teacher's own page: its link goes to a file beside the save, never on screen.
            local = "127.0.0.1" if host in ("0.0.0.0", "::") or is_loopback(host) else host
            self.teacher_url = f"http://{local}:{bound}/teacher/{pages.teacher_token}"
            phone = f"{self.join_url}teacher/{pages.teacher_token}" if not is_loopback(host) else None
            self.saver.write_teacher_link(self.teacher_url, phone)
        if self.session.over:
            self.finish()
        else:
            self.push_screen(SessionScreen())  # the clock waits for space: the teacher introduces first
        self.check_size()

    def _started(self) -> ClassSession:
        """The session: asked only once the app has mounted and made it."""
        if self.session is None:
            raise RuntimeError("the session has not started")
        return self.session

    def action_history(self) -> None:
        """h: what really happened after each decision, on or off (the outcome on the
        projector now follows at once). Saved at once, so a resumed session keeps it."""
        session = self.session
        if session is None:
            return
        on = not session.settings.history
        session.show_history(on)
        problem = self.saver.save(session)
        if isinstance(self.screen, OutcomeScreen):
            self.screen.show_history(on)
        screen = next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)
        if screen is not None:
            screen.message(problem or (_("What really happened: shown after each decision (h hides it).") if on else
                                       _("What really happened: hidden, kept for the debrief (h shows it).")))

    def action_undo_last(self) -> None:
        """From the end screen: take back the decision that ended the game."""
        session = self.session
        if session is None or not session.undo():
            return
        self.saver.save(session)
        self.switch_screen(SessionScreen())

    async def on_unmount(self) -> None:
        if self.session is not None and self.session.log is not None:
            self.session.log.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.session is not None and self.session.store is not None:
            self.session.store.close()

    def finish(self) -> None:
        """The game ended or the facilitator stopped it: save, write the report, show it."""
        session = self._started()
        problems = [p for p in (self.saver.save(session), self.saver.write_report(session, self.lang)) if p]
        if isinstance(self.screen, SessionScreen):
            self.switch_screen(EndScreen(self.end_text(problems)))
        else:
            self.push_screen(EndScreen(self.end_text(problems)))

    def end_text(self, problems: list[str]) -> Text:
        from game.classroom.debrief import check_goals
        from game.classroom.deck_html import goal_ranges

        session, lang = self._started(), self.lang
        state, rules = session.state, session.rules
        text = Text()
        if state.over:
            ending = final_ending(rules, state)
            title = " ".join(tr(ending.title, lang).split()).upper()
            prefix = _("TERM COMPLETE") if ending.kind == "victory" else _("GAME OVER")
            text.append(title if title.startswith(prefix) else f"{prefix}: {title}", style=f"bold {ACCENT}")
            text.append("\n\n")
            text.append(" ".join(tr(ending.text, lang).split()) + "\n\n")
            if state.score is not None:
                text.append(_("Balance score {score} of 100").format(score=state.score) + "\n\n", style="bold")
        else:
            count = len(state.decisions)
            text.append(ngettext("SESSION ENDED AFTER {n} DECISION", "SESSION ENDED AFTER {n} DECISIONS",
                                 count).format(n=count) + "\n\n", style=f"bold {ACCENT}")
        text.append(_("THE TEAMS' GOALS") + "\n", style="bold")
        for team in session.settings.teams + session.settings.envoys:
            role = team_role(session.content, session.settings, team, lang)
            if role is None:
                continue
            checks = check_goals(rules, role, state.meters)
            met = sum(c.met for c in checks)
            text.append("\n" + _("{team}: {met} of {total} met").format(team=tr(role.name, lang), met=met,
                                                                        total=len(checks)) + "\n", style="bold")
            for check in checks:
                # A mark and a word, not colour alone: the back row may not tell green from red.
                marks = (_("✔ MET"), _("✘ NOT MET"))
                mark = marks[0] if check.met else marks[1]
                text.append("  " + mark.ljust(max(map(len, marks))) + "  "
                            + " ".join(tr(check.goal.text, lang).split())
                            + f"  ({goal_ranges(rules, check.goal.meters, lang)})\n")
        text.append("\n" + _("Meters at the end:") + " " + ", ".join(f"{tr(m.name, lang)} {state.meters[m.id]}"
                                                        for m in rules.meters) + "\n\n")
        if self.saver.path:
            text.append(_("Saved as {path}").format(path=self.saver.path) + "\n")
            text.append(_("Session log {path}").format(path=slog.log_path_for(self.saver.path)) + "\n")
        if self.saver.report:
            text.append(_("Debrief report {path}").format(path=self.saver.report) + "\n", style="bold")
            text.append(_("Open it in a browser, or print it, for the debrief. Compare groups with: "
                          "multivector report {slot} OTHER-SLOT --format html").format(slot=self.saver.slot) + "\n")
        for problem in problems:
            text.append(problem + "\n", style=f"bold {ERROR}")
        text.append("\n" + _("q  quit"), style="bold")
        if session.state.decisions and not session.ended_early:
            text.append("      " + _("u  undo the last decision"), style="bold")
        return text


def create_classroom_app(content: Content, settings: Settings, *, saves_folder: Path | None = None,
                         slot: str = "class", fingerprint: str = "", clock: Callable[[], float] = time.monotonic,
                         wall: Callable[[], float] = time.time, resume=None, earlier=(), lang: str = "en",
                         hints: str = "exact", resume_picks=None, web: tuple[str, int] | None = None) -> ClassroomApp:
    """The app with everything a test may fix injected (the clocks, the save folder)."""
    saver = Saver(saves_folder, slot, fingerprint)

    def make() -> ClassSession:
        log = store = None
        if saves_folder is not None:
            from game.saves.store import slot_path

            log = slog.SessionLog(slog.log_path_for(slot_path(saves_folder, slot)))
            if web is not None:  # devices vote: their votes live in SQLite beside the save
                from game.classroom.store import SessionStore, store_path_for

                store = SessionStore(store_path_for(slot_path(saves_folder, slot)), settings.teams, settings.envoys)
        return ClassSession(content, settings, log=log, clock=clock, wall=wall, autostart=False,
                            resume_from=resume, earlier=list(earlier), resume_picks=resume_picks, store=store)

    return ClassroomApp(make, saver, lang=lang, hints=hints, web=web)
