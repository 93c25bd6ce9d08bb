"""The title screen: New game (Enter), Set up, Daily game, Continue, Load, Your record,
How to play, Quit.

It is the first frame the player sees, so it imports only what it draws; the deck is
loaded in the background and the screen fills in the scenario when it is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.messages import ContinueGame, DailyGame, NewGame, SetUpGame

if TYPE_CHECKING:  # the session brings the engine: not before the first frame
    from game.tui.session import Session

LOGO = (
    "█▀▄▀█ █ █ █   ▀█▀ █ ▄▄ █ █ █▀▀ █▀▀ ▀█▀ █▀█ █▀█\n"
    "█ ▀ █ █▄█ █▄▄  █  █    ▀▄▀ ██▄ █▄▄  █  █▄█ █▀▄"
)

MENU_WIDTH = 42  # #menu is 46 wide: a border and a cell of padding each side

MENU = (
    ("new", "New game", "enter"),
    ("setup", "Set up a new game…", "n"),
    ("daily", "Daily game", "d"),
    ("continue", "Continue", "c"),
    ("load", "Load a saved game…", "l"),
    ("record", "Your record", "r"),
    ("help", "How to play", "?"),
    ("quit", "Quit", "q"),
)


SUBTITLE = "Kazakhstan between the great powers"

PITCH = (
    "You are the president of Kazakhstan. Every quarter a decision lands on your desk, and every "
    "choice moves the meters. Let one reach a fatal end and your term is over; hold the balance "
    "to the end of the term and history will grade you."
)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class TitleInfo:
    """What the title shows once the deck is loaded: the game that New game starts and
    the autosave that Continue resumes (None: none)."""

    session: Session
    scenario: str | None
    seed: int
    continue_info: str | None = None


class TitleScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "menu('setup')", "Set up"),
        Binding("d", "menu('daily')", "Daily game", show=False),
        Binding("c", "menu('continue')", "Continue"),
        Binding("l", "menu('load')", "Load"),
        Binding("r", "menu('record')", "Record"),
        Binding("question_mark", "menu('help')", "How to play", key_display="?"),
        Binding("g", "app.glossary", "Glossary"),
        Binding("colon", "app.command_palette", "Commands", key_display=":", show=False),
        Binding("q", "menu('quit')", "Quit"),
    ]

    def __init__(self, info: TitleInfo | None = None) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo", markup=False)
            # Replaced by the content's own powers once it is loaded (bench/startup.py
            # waits for this first-frame text).
            yield Static(SUBTITLE, id="tagline", markup=False)
            yield Static(PITCH, id="pitch", markup=False)
            with Center():
                yield OptionList(*self._options(), id="menu")
            yield Static("Loading the deck…", id="defaults", markup=False)
        yield Footer(show_command_palette=False)

    def _options(self) -> list[Option]:
        """The menu, each key flush right (the menu's width is fixed by the stylesheet)."""
        options = []
        continue_info = self.info.continue_info if self.info is not None else None
        for option_id, label, key in MENU:
            prompt = Text(label, no_wrap=True, overflow="ellipsis")
            if option_id == "continue" and continue_info:
                prompt.append(f"  {continue_info}", "italic")
            room = MENU_WIDTH - len(prompt.plain) - len(key)
            if room < 1:
                prompt.truncate(MENU_WIDTH - len(key) - 2, overflow="ellipsis")
                room = 1
            prompt.append(" " * room)
            prompt.append(key, "dim")
            disabled = option_id == "continue" and not continue_info
            options.append(Option(prompt, id=option_id, disabled=disabled))
        return options

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).highlighted = 0
        self.query_one("#menu", OptionList).focus()
        if self.info is not None:
            self.content_ready(self.info)

    def content_ready(self, info: TitleInfo) -> None:
        """Fill in what depends on the content and the saves, once they are loaded."""
        self.info = info
        session = info.session
        content = session.content
        vectors = [session.text(m.name) for m in content.meters if m.is_vector]
        domestic = [session.text(m.name).lower() for m in content.meters if not m.is_vector]
        if vectors:
            self.query_one("#tagline", Static).update(Text(f"Keep {_join(vectors)} on side"
                                                            + (f", and mind {_join(domestic)}." if domestic else ".")))
        self.show_defaults(info)
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options(self._options())
        menu.highlighted = highlighted if highlighted is not None else 0

    def show_defaults(self, info: TitleInfo) -> None:
        self.info = info
        session = info.session
        scenario = session.content.scenarios.get(info.scenario or "") or session.content.default_scenario
        text = Text(no_wrap=False, justify="center")
        text.append("New game: ", "bold")
        text.append(session.text(scenario.name))
        text.append(f" · {scenario.turns} quarters · seed {info.seed} · hints: {session.settings.hints}")
        self.query_one("#defaults", Static).update(text)

    @on(OptionList.OptionSelected, "#menu")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.action_menu(event.option.id or "")

    async def action_menu(self, item: str) -> None:
        app = self.app
        if item == "quit":
            app.exit()
        elif item == "help":
            await self.run_action("app.help")
        elif item == "new":
            app.post_message(NewGame())
        elif item == "setup":
            app.post_message(SetUpGame())
        elif item == "continue":
            app.post_message(ContinueGame())
        elif item == "load":
            await self.run_action("app.load")
        elif item == "daily":
            app.post_message(DailyGame())
        elif item == "record":
            await self.run_action("app.record")
