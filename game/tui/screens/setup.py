"""Set up a new game: the scenario, the seed (shown and editable), the hint level,
whether history follows each decision and whether it is an ironman game."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, OptionList, RadioSet, Static
from textual.widgets.option_list import Option

from game.base.i18n import N_, _, date_label
from game.tui.footer import Footer
from game.tui.messages import NewGame
from game.tui.modal import ModalScreen
from game.tui.session import HINT_LEVELS, HINT_NAMES, Session
from game.tui.widgets.dialog import button_row, dialog_title
from game.tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton

MAX_SEED = 2**63 - 1
SHORT = 28  # terminal rows


class SetupScreen(ModalScreen[NewGame]):
    """Scenario, seed and hints for a new game: dismissed with the :class:`NewGame` to
    start, or with nothing (back)."""

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("f2", "start", N_("Start"), key_display="F2", show=False),
    ]

    def __init__(self, session: Session, scenario: str | None, seed: int) -> None:
        super().__init__()
        self.session = session
        self.scenario = scenario or session.content.default_scenario.id
        self.seed = seed

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="setup-box", classes="dialog"):
            yield dialog_title(_("Set up a new game"))
            yield Label(_("Scenario"), classes="field-label")
            options = [Option(self._heading(scenario_id), id=scenario_id) for scenario_id in session.content.scenarios]
            yield OptionList(*options, id="scenarios", compact=True)
            yield Static(id="scenario-description", markup=False)
            with Horizontal(classes="field-row"):
                yield Label(_("Seed") + " ", classes="field-label")
                yield Input(str(self.seed), id="seed", type="integer", compact=True, max_length=19)
                yield Button(_("New seed"), id="reroll", compact=True)
            yield Static(_("The same seed deals the same deck: give a class one seed to compare choices."),
                         id="seed-help", classes="field-help", markup=False)
            yield Label(_("Advisor hints"), classes="field-label")
            with RadioSet(id="hints", compact=True):
                for level in HINT_LEVELS:
                    yield MarkedRadioButton(_(HINT_NAMES[level]), value=level == session.settings.hints,
                                      id=f"hints-{level}")
            yield MarkedCheckbox(_("“What really happened” after each decision"),
                                 value=session.settings.history, id="history-each", compact=True)
            yield MarkedCheckbox(_("Ironman: no undo, autosave only"),
                           value=bool(getattr(self.app, "new_ironman", False)), id="ironman", compact=True)
            yield button_row((_("Start"), "start", "primary"), (_("Back"), "back", "default"))
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        scenarios = self.query_one("#scenarios", OptionList)
        ids = list(self.session.content.scenarios)
        scenarios.highlighted = ids.index(self.scenario) if self.scenario in ids else 0
        # The box scrolls with the wheel, but is no Tab stop: arrows would do nothing there.
        self.query_one("#setup-box").can_focus = False
        self.query_one("#start", Button).focus()

    def _heading(self, scenario_id: str) -> Text:
        """A scenario's line in the list, a ▶ before the one chosen: the highlight alone is
        a colour, lost with NO_COLOR or on a monochrome screen."""
        scenario = self.session.content.scenarios[scenario_id]
        heading = Text("▶ " if scenario_id == self.scenario else "  ", no_wrap=True, overflow="ellipsis")
        heading.append(self.session.text(scenario.name), "bold")
        heading.append("  " + _("{turns} quarters from {date}").format(
            turns=scenario.turns, date=date_label(scenario.start)), "dim")
        return heading

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _scenario(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.scenario:
            before, self.scenario = self.scenario, event.option.id
            options = self.query_one("#scenarios", OptionList)
            for scenario_id in (before, self.scenario):
                options.replace_option_prompt(scenario_id, self._heading(scenario_id))
        self._describe()

    def on_resize(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """The scenario's description, shortened with an ellipsis to the lines there are."""
        widget = self.query_one("#scenario-description", Static)
        scenario = self.session.content.scenarios.get(self.scenario)
        if scenario is None:
            return
        description = " ".join(self.session.text(scenario.description).split())
        width = widget.content_size.width or 70
        height = self.app.size.height
        # Under SHORT rows the whole box fits only with two lines of description and no
        # help under the seed; else it scrolls to the Start button and hides the
        # scenarios' heading and the first scenario, often the one chosen.
        self.set_class(height < SHORT, "-short")
        lines = 2 if height < SHORT else 4 if height < 36 else 8
        limit = max(20, lines * width - width // 2)
        if len(description) > limit:
            description = description[:limit].rsplit(" ", 1)[0] + " …"
        widget.update(Text(description))

    @on(OptionList.OptionSelected, "#scenarios")
    def _scenario_picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#seed", Input).focus()

    @on(Button.Pressed, "#reroll")
    def _reroll(self) -> None:
        from game.base.seeds import fresh_seed

        self.query_one("#seed", Input).value = str(fresh_seed())

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#seed")
    def action_start(self) -> None:
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text)
        except ValueError:
            self.notify(_("The seed is a whole number, like 7."), severity="warning")
            self.query_one("#seed", Input).focus()
            return
        if not 0 <= seed <= MAX_SEED:
            self.notify(_("The seed is a whole number from 0 to {max}.").format(max=MAX_SEED), severity="warning")
            return
        hints = self.session.settings.hints
        pressed = self.query_one("#hints", RadioSet).pressed_button
        if pressed is not None and pressed.id:
            hints = pressed.id.removeprefix("hints-")
        ironman = self.query_one("#ironman", Checkbox).value
        history = self.query_one("#history-each", Checkbox).value
        self.dismiss(NewGame(scenario=self.scenario, seed=seed, hints=hints, ironman=ironman, history=history))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss()
