"""Dialogs: save under a name, load a save, the journal, and "quit?"."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.base.i18n import N_, _, date_label
from game.engine import describe_date
from game.tui.footer import Footer
from game.tui.modal import ModalScreen
from game.tui.session import IRONMAN_REWIND, SaveError, Session
from game.base.text import printable
from game.tui.widgets.dialog import SessionDialog, TextDialog, button_row, dialog_title
from game.tui.widgets.journal import Journal


def _when(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return date_label(value)
    return str(value)


def _saved_at(value) -> str:
    if value is None:
        return ""
    try:  # the save reader drops absurd times; a date at the edge of the calendar stays blank here too
        if hasattr(value, "strftime"):
            if getattr(value, "tzinfo", None) is not None:
                value = value.astimezone()  # saves keep UTC; the player reads local time
            return value.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, (int, float)):
            import datetime

            return datetime.datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError, OSError):
        return ""
    return str(value)[:16].replace("T", " ")


def save_prompt(session: Session, info) -> Text:
    """Two lines: the save's name, then where the game stands and when it was saved."""
    autosaved = bool(info.autosave)
    text = Text()
    text.append(_("Autosave") if autosaved else printable(info.slot), "bold")
    error = info.error
    if error:
        text.append(f" ({printable(info.slot)})" if autosaved else "")
        text.append("\n  " + _("cannot be read: {error}").format(error=printable(error)), "italic")
        return text
    parts = []
    scenario = session.content.scenarios.get(info.scenario or "")
    when = _when(info.date)
    if when:
        parts.append(when)
    if info.over:
        parts.append(_("finished"))
    elif info.turn is not None:
        parts.append(_("quarter {turn}").format(turn=info.turn))
    if scenario is not None:
        parts.append(session.text(scenario.name))
    elif info.scenario:
        parts.append(_("scenario {scenario} (not in this content)").format(scenario=printable(info.scenario)))
    saved = _saved_at(info.saved_at)
    if saved:
        parts.append(_("saved {when}").format(when=saved))
    text.append("\n  " + " · ".join(parts), "dim")
    return text


def listed(prompt: Text) -> Group:
    """A save's prompt for a list: the lines under its name stay indented when they wrap
    (a narrow dialog broke "saved 2026-12-07 21:21:43" back to the left edge)."""
    first, *rest = prompt.split("\n")
    under = [Padding(line[2:] if line.plain.startswith("  ") else line, (0, 0, 0, 2)) for line in rest]
    return Group(first, *under)


class SaveDialog(SessionDialog[None]):
    BINDINGS = [Binding("escape", "dismiss", N_("Cancel"))]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.existing: list[str] = []
        self.infos: list = []

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box", classes="dialog"):
            yield dialog_title(_("Save the game"))
            yield Label(_("Name of the save:"), classes="field-label")
            yield Input(self._default_name(), id="slot", compact=True, max_length=64)
            yield Static(id="save-message", markup=False)
            yield Label(_("Saves already made (pick one to replace it):"), id="save-list-label",
                        classes="field-label")
            yield OptionList(id="save-list", compact=True)
            yield button_row((_("Save"), "save", "primary"), (_("Cancel"), "cancel", "default"))
        yield Footer(show_command_palette=False)

    def _default_name(self) -> str:
        session = self.session
        if session.last_slot:
            return session.last_slot
        if session.settings.lang == "en":
            date = describe_date(session.state.date).lower().replace(" ", "-")
            return f"{session.state.scenario.split('_')[0]}-{date}"
        # In Russian or Kazakh the name is made of the words the player reads (a slot
        # name may be any letters): "транзит-3-кв-2019", "транзит-2019-ж-3-тоқсан".
        words = session.text(session.scenario.name).split()[:1] + date_label(session.state.date).split()
        return "-".join(word.strip(".()").lower() for word in words if word.strip(".()"))

    def on_mount(self) -> None:
        options: list[Option] = []
        try:
            saves = [info for info in self.session.list_saves() if not info.autosave]
        except SaveError as error:
            saves = []
            self._message(str(error))
        for info in saves:
            self.existing.append(str(info.slot))
            self.infos.append(info)
            options.append(Option(listed(save_prompt(self.session, info)), id=f"slot-{len(options)}"))
        listing = self.query_one("#save-list", OptionList)
        listing.add_options(options)
        listing.display = bool(options)
        self.query_one("#save-list-label", Label).display = bool(options)
        slot = self.query_one("#slot", Input)
        slot.focus()
        slot.select_all()
        self._check_name(slot.value)

    def _message(self, message: str, error: bool = True) -> None:
        widget = self.query_one("#save-message", Static)
        widget.set_class(error, "-error")
        widget.update(Text(printable(message)))

    @on(Input.Changed, "#slot")
    def _changed(self, event: Input.Changed) -> None:
        self._check_name(event.value)

    def _check_name(self, name: str) -> None:
        problem = self.session.slot_problem(name.strip()) if name.strip() else None
        if problem:
            self._message(problem[:1].upper() + problem[1:] + ".")
        elif name.strip() in self.existing:
            self._message(_("Saving replaces the save “{name}”.").format(name=name.strip()), error=False)
        else:
            self._message("")

    @on(OptionList.OptionSelected, "#save-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        index = int((event.option.id or "slot-0").removeprefix("slot-"))
        slot = self.query_one("#slot", Input)
        slot.value = self.existing[index]
        slot.focus()

    @on(Input.Submitted, "#slot")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        name = self.query_one("#slot", Input).value.strip()
        if not name:
            self._message(_("Give the save a name."))
            return
        other = self._other_game(name)
        if other is not None:
            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(name)

            self.app.push_screen(ConfirmReplace(save_prompt(self.session, other), other), answered)
            return
        self._write(name)

    def _other_game(self, name: str):
        """The listed save called ``name`` if it holds another game than this one, else None."""
        if name not in self.existing:
            return None
        info = self.infos[self.existing.index(name)]
        if info.error:
            return info
        from game.saves.store import read_save

        try:
            saved = read_save(info.path)  # the file alone: its meta says which game it holds
        except SaveError:
            return info
        return None if self.session.holds_this_game(saved) else info

    def _write(self, name: str) -> None:
        try:
            self.session.save(name)
        except SaveError as error:
            self._message(str(error))
            return
        self.app.notify(_("Saved as “{name}”.").format(name=printable(name)), markup=False)
        self.dismiss()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss()


class YesNo(ModalScreen[bool]):
    """A question with a #yes and a #no button (and keys bound to ``answer``)."""

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ConfirmReplace(YesNo):
    """Saving over a save of another game: what it holds, and yes or no (no by default)."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Replace")),
        Binding("n", "answer(False)", N_("Keep it")),
        Binding("escape", "answer(False)", N_("Keep it"), show=False),
    ]

    def __init__(self, described: Text, info) -> None:
        super().__init__()
        self.described = described
        self.info = info

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(_("It holds another game:") + "\n")
        text.append_text(self.described)
        if self.info.seed is not None:
            text.append(" · " + _("seed {seed}").format(seed=self.info.seed), "dim")
        text.append("\n\n" + _("Replacing it loses that game for good."))
        with Vertical(id="replace-box", classes="dialog"):
            yield dialog_title(_("Replace the save “{name}”?").format(name=printable(self.info.slot)))
            yield Static(text, id="replace-text")
            yield button_row((_("Keep it"), "no", "primary"), (_("Replace"), "yes", "error"))
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()


class LoadDialog(SessionDialog[Path | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.paths: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box", classes="dialog"):
            yield dialog_title(_("Load a saved game"))
            yield OptionList(id="load-list", compact=True)
            yield Static(id="load-message", markup=False)
            yield button_row((_("Load"), "load", "primary"), (_("Cancel"), "cancel", "default"))
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        message = self.query_one("#load-message", Static)
        failed = False
        try:
            saves = self.session.list_saves()
        except SaveError as error:
            saves, failed = [], True
            message.update(Text(printable(error)))
        # Named saves first, then autosaves; newest first within each group.
        def newest_first(infos):
            return sorted(infos, key=lambda i: _saved_at(i.saved_at), reverse=True)

        ordered = newest_first([i for i in saves if not i.autosave]) + \
            newest_first([i for i in saves if i.autosave])
        listing = self.query_one("#load-list", OptionList)
        for info in ordered:
            self.paths.append(Path(info.path))
            prompt = save_prompt(self.session, info)
            refused = self.session.rewinds_ironman(info)
            if refused:
                prompt.append("\n  " + _(IRONMAN_REWIND), "italic")
            listing.add_option(Option(listed(prompt), id=f"save-{len(self.paths) - 1}",
                                      disabled=bool(info.error) or refused))
        if not ordered and not failed:
            message.update(Text(_("No saves yet. Press s during a game to save it under a name.")))
        listing.focus()
        first = next((i for i, info in enumerate(ordered) if not info.error), None)
        listing.highlighted = first

    @on(OptionList.OptionSelected, "#load-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[int((event.option.id or "save-0").removeprefix("save-"))])

    @on(Button.Pressed, "#load")
    def _load(self) -> None:
        listing = self.query_one("#load-list", OptionList)
        if listing.highlighted is None:
            self.query_one("#load-message", Static).update(Text(_("Pick a save first.")))
            return
        listing.action_select()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class JournalScreen(TextDialog, SessionDialog[None]):
    BINDINGS = [Binding("j", "dismiss", N_("Close"), show=False)]
    BOX_ID, HEADING = "journal-box", N_("Journal")

    def body(self) -> Journal:
        return Journal(self.session, outcomes=True, id="journal-full")


class ConfirmQuit(YesNo):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Quit")),
        Binding("q", "answer(True)", N_("Quit"), show=False),
        Binding("n", "answer(False)", N_("Stay")),
        Binding("escape", "answer(False)", N_("Stay"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box", classes="dialog"):
            yield dialog_title(_("Quit Multi-Vector?"))
            yield Static(_("Your game is autosaved every quarter: Continue on the title screen picks it up."),
                         id="quit-text", markup=False)
            yield button_row((_("Quit"), "yes", "error"), (_("Stay"), "no", "default"))
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()
