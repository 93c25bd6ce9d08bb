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
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.base import i18n
from game.base.i18n import N_, _
from game.tui import keys
from game.tui.footer import Footer
from game.tui.messages import ContinueGame, DailyGame, LanguageChosen, NewGame, SetUpGame
from game.tui.settings import HINT_WORDS

if TYPE_CHECKING:  # the session brings the engine: not before the first frame
    from game.tui.session import Session

LOGO = (
    "█▀▄▀█ █ █ █   ▀█▀ █ ▄▄ █ █ █▀▀ █▀▀ ▀█▀ █▀█ █▀█\n"
    "█ ▀ █ █▄█ █▄▄  █  █    ▀▄▀ ██▄ █▄▄  █  █▄█ █▀▄"
)

MENU_WIDTH = 42  # #menu is 46 wide: a border and a cell of padding each side

# Labels marked N_ here, translated when the menu is built (the language may change on
# this very screen).
MENU = (
    ("new", N_("New game"), "enter"),
    ("setup", N_("Set up a new game…"), "n"),
    ("daily", N_("Daily game"), "d"),
    ("continue", N_("Continue"), "c"),
    ("load", N_("Load a saved game…"), "l"),
    ("record", N_("Your record"), "r"),
    ("language", N_("Language: {language}"), "t"),
    ("help", N_("How to play"), "?"),
    ("quit", N_("Quit"), "q"),
)


SUBTITLE = N_("Kazakhstan between the great powers")

PITCH = N_(
    "You are the president of Kazakhstan. Every quarter a decision lands on your desk, and every "
    "choice moves the meters. Let one reach a fatal end and your term is over; hold the balance "
    "to the end of the term and history will grade you."
)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])


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
        Binding("n", "menu('setup')", N_("Set up")),
        Binding("d", "menu('daily')", N_("Daily game"), show=False),
        Binding("c", "menu('continue')", N_("Continue")),
        Binding("l", "menu('load')", N_("Load")),
        Binding("r", "menu('record')", N_("Record")),
        Binding("t", "menu('language')", N_("Language"), show=False),
        Binding("question_mark", "menu('help')", N_("How to play"), key_display="?"),
        keys.glossary(),
        keys.commands(show=False),
        Binding("q", "menu('quit')", N_("Quit")),
    ]

    def __init__(self, info: TitleInfo | None = None) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo", markup=False)
            # Replaced by the content's own powers once it is loaded (bench/startup.py
            # waits for this first-frame text).
            yield Static(_(SUBTITLE), id="tagline", markup=False)
            yield Static(_(PITCH), id="pitch", markup=False)
            with Center():
                yield OptionList(*self._options(), id="menu")
            yield Static(_("Loading the deck…"), id="defaults", markup=False)
        yield Footer(show_command_palette=False)

    def _options(self) -> list[Option]:
        """The menu, each key flush right (the menu's width is fixed by the stylesheet)."""
        options = []
        continue_info = self.info.continue_info if self.info is not None else None
        for option_id, label, key in MENU:
            label = _(label).format(language=i18n.NAMES[i18n.language()]) if option_id == "language" else _(label)
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
            tagline = (_("Keep {powers} on side, and mind {domestic}.").format(powers=_join(vectors),
                                                                                domestic=_join(domestic))
                       if domestic else _("Keep {powers} on side.").format(powers=_join(vectors)))
            self.query_one("#tagline", Static).update(Text(tagline))
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
        text.append(_("New game:") + " ", "bold")
        text.append(session.text(scenario.name))
        text.append(" · " + _("{turns} quarters · seed {seed} · hints: {hints}").format(
            turns=scenario.turns, seed=info.seed, hints=_(HINT_WORDS.get(session.settings.hints, session.settings.hints))))
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
        elif item == "language":
            await self.next_language()

    async def next_language(self) -> None:
        """The language picker: English, Russian, Kazakh in turn, kept for the next start."""
        languages = i18n.LANGUAGES
        chosen = languages[(languages.index(i18n.language()) + 1) % len(languages)]
        i18n.set_language(chosen)
        try:
            i18n.save_language(chosen)
        except OSError:  # a read-only home: the choice holds for this run
            pass
        self.app.post_message(LanguageChosen(chosen))
        if self.info is not None:
            self.info.session.settings.lang = chosen
        # Everything on this screen is drawn again in the new language, footer included.
        await self.recompose()
        self.on_mount()
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = next(i for i, (option_id, _label, _key) in enumerate(MENU) if option_id == "language")
