"""The Multi-Vector Textual app: ``create_app`` for tests, ``run_app`` for the command.

Start-up is kept to what the title screen needs: the content is loaded in a thread after
the first frame, and the game, ending and dialog screens are imported when first shown.
Saving goes through :mod:`game.saves` (see :mod:`game.tui.session`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.screen import Screen

from game.base.i18n import _, date_label
from game.tui.builtins import TranslatedBuiltins
from game.tui.commands import GameCommands
from game.tui.modal import ScreenGuards
from game.tui.messages import (ContinueGame, DailyGame, GameChanged, GameEnded, HintsChosen, HistoryChosen,
                               LanguageChosen, NewGame, SetUpGame)
from game.tui.screens.title import TitleInfo, TitleScreen
from game.tui.screens.too_small import SizeGuard, TooSmallScreen
from game.saves.errors import SaveError
from game.tui.settings import HINT_LEVELS, Settings, remember_choice, remembered
from game.base.seeds import fresh_seed
from game.base.text import printable
from game.tui.theme import STEPPE, THEME_NAME

if TYPE_CHECKING:
    from game.tui.screens.game import GameScreen
    from game.tui.session import Session

_S = TypeVar("_S", bound=Screen)

LOAD_DELAY = 0.1  # seconds after mounting before the deck is read
MIN_WIDTH = 80
MIN_HEIGHT = 24


class MultiVectorApp(SizeGuard, TranslatedBuiltins, ScreenGuards, App[None]):
    MIN_SIZE = (MIN_WIDTH, MIN_HEIGHT)
    CSS_PATH = "multivector.tcss"
    TITLE = "Multi-Vector"
    COMMANDS = App.COMMANDS | {GameCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (160, "-wider")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]

    def __init__(
        self,
        *,
        content=None,
        files: Sequence[Path] | None = None,
        content_dir: Path | None = None,
        mods: Sequence[Path] = (),
        seed: int | None = None,
        scenario: str | None = None,
        saves_dir: Path | None = None,
        hints: str | None = None,
        lang: str = "en",
        load: str | None = None,
        theme: str | None = None,
        ironman: bool = False,
        daily: bool = False,
        watch: bool = False,
        history: bool | None = None,
    ) -> None:
        super().__init__()
        self._watch = watch
        self.new_ironman = ironman  # new games are ironman games (no undo, autosave only)
        self.session: Session | None = None
        self.problems: list[str] = []
        self.autosave_info: str | None = None
        self.autosave_path: Path | None = None
        self._content = content
        self._files = files
        self._content_dir = content_dir
        self._mods = list(mods)
        self._fixed_seed = seed is not None
        self.new_seed = seed if seed is not None else fresh_seed()
        self.new_scenario = scenario
        self._saves_dir = saves_dir
        self._hints = hints if hints in HINT_LEVELS else None
        self._history = history
        self._lang = lang or "en"
        self._load_slot = load
        self._theme_name = theme
        self._pending: str | None = "daily" if daily else None
        self._autosave_warned = False
        self.register_theme(STEPPE)
        self._late_theme: str | None = None
        theme = self._pick_theme()
        if theme == THEME_NAME:
            # The game's own (dark) theme is put in place before the stylesheet is first
            # parsed: set in on_mount, every rule would be parsed a second time for the
            # new colours, a good part of the start-up.
            self.set_reactive(App.theme, theme)
            self.stylesheet.set_variables(self.get_css_variables())
            self.update_classes({f"-theme-{theme}": True, "-dark-mode": True, "-light-mode": False}, update=False)
        else:
            self._late_theme = theme

    # --- start-up --------------------------------------------------------------

    def on_mount(self) -> None:
        if self._late_theme is not None:
            self.theme = self._late_theme
        self.push_screen(TitleScreen())
        self.check_size()
        if self._watch:  # play --watch: reload when the files change (game/tui/reload.py)
            from game.tui.reload import Reloader

            self.reloader = Reloader(self, self._content_dir, self._mods)
            self.reloader.start()
        if self._content is not None:
            self.call_after_refresh(self._content_loaded, self._content, self._files)
        else:
            # Reading the deck holds the interpreter for a while: start once the title's
            # first frame is on the terminal (a key pressed meanwhile waits for it).
            self.set_timer(LOAD_DELAY, self._start_loading)

    def watch_theme(self, _theme: str) -> None:
        # The game screen's hand-drawn text takes its colours from the theme: redraw it.
        # Asked here, not by a watcher each game screen registers on the app: Textual
        # keeps such a watcher (and so the screen, with all its widgets) until the next
        # change of theme, and every game played in one run would stay in memory.
        game = self._game_screen()
        if game is not None and game.is_mounted:
            game.call_after_refresh(game.refresh_settings)

    def _pick_theme(self) -> str:
        wanted = self._theme_name or os.environ.get("TEXTUAL_THEME")
        if wanted and wanted in self.available_themes:
            return wanted
        return THEME_NAME

    def _start_loading(self) -> None:
        self.run_worker(self._load_content, thread=True, exclusive=True, group="content")

    def _load_content(self) -> None:
        from game.loading import load_content

        try:
            result = load_content(self._content_dir, self._mods)
        except Exception as error:  # noqa: BLE001 - a player gets one line, never a traceback
            self.call_from_thread(self._content_crashed, error)
            return
        self.call_from_thread(self._content_result, result)

    def _content_crashed(self, error: Exception) -> None:
        self.problems.append(_("multivector: could not load the content: {error}").format(
            error=f"{type(error).__name__}: {error}"))
        self.exit(return_code=1)

    def _content_result(self, result) -> None:
        if not result.ok:
            self.problems.extend(problem.format() for problem in result.errors)
            self.problems.append(_("multivector: content has {count} error(s); run 'multivector validate' for "
                                   "details").format(count=len(result.errors)))
            self.exit(return_code=1)
            return
        self._content_loaded(result.content, result.files)

    def _content_loaded(self, content, files) -> None:
        if self.new_scenario is not None and self.new_scenario not in content.scenarios:
            from game.base.suggest import did_you_mean

            self.problems.append(_("multivector: no scenario '{scenario}'{hint}; scenarios: {scenarios}").format(
                scenario=self.new_scenario, hint=did_you_mean(self.new_scenario, content.scenarios),
                scenarios=", ".join(content.scenarios)))
            self.exit(return_code=2)
            return
        from game.tui.session import Session

        hints, history = remembered(self._hints, self._history)
        settings = Settings(hints=hints, lang=self._lang, history=history)
        self.session = Session(content, files=files, saves_folder=self._saves_dir, settings=settings)
        self.refresh_autosave_info()
        title = self._title_screen()
        if title is not None and title.is_mounted:
            title.content_ready(self._title_info(self.session))
        if self._load_slot is not None:
            slot, self._load_slot = self._load_slot, None
            self._load_from_command_line(slot)
            return
        pending, self._pending = self._pending, None
        if pending == "new":
            self.request_start()
        elif pending == "setup":
            self.request_setup()
        elif pending == "continue":
            self.request_continue()
        elif pending == "daily":
            self.request_daily()

    def _load_from_command_line(self, slot: str) -> None:
        try:
            self._continue_from(self._loaded().find_save(slot))
        except SaveError as error:
            self.problems.append(f"multivector: {error}")
            self.exit(return_code=1)

    def _loaded(self) -> Session:
        """The session: asked only once the deck is loaded."""
        if self.session is None:
            raise RuntimeError("the deck is not loaded yet")
        return self.session

    def _title_info(self, session: Session) -> TitleInfo:
        return TitleInfo(session, self.new_scenario, self.new_seed, self.autosave_info)

    def _title_screen(self) -> TitleScreen | None:
        return self._on_stack(TitleScreen)

    def _on_stack(self, kind: type[_S]) -> _S | None:
        """The screen of that kind on the stack, if one is."""
        return next((screen for screen in self.screen_stack if isinstance(screen, kind)), None)

    def refresh_autosave_info(self) -> None:
        self.autosave_info = None
        self.autosave_path = None
        if self.session is None:
            return
        try:
            info = self.session.latest_autosave()
        except SaveError:
            info = None
        if info is None or info.error:
            return
        self.autosave_path = Path(info.path)
        when = date_label(info.date) if isinstance(info.date, int) else str(info.date)
        state = _("finished") if info.over else _("quarter {turn}").format(turn=info.turn)
        self.autosave_info = f"{when}, {state}"

    # --- size --------------------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        """Make ``screen`` the main screen, under any too-small notice."""
        covered = bool(self.screen_stack) and isinstance(self.screen, TooSmallScreen)
        if covered:
            self.pop_screen()
        # The bottom of the stack is Textual's default screen; ours sits on top of it.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)
        if covered:
            self.call_after_refresh(self.check_size)

    # --- starting and continuing -------------------------------------------------

    def request_start(self, scenario: str | None = None, seed: int | None = None,
                      hints: str | None = None, ironman: bool | None = None,
                      history: bool | None = None) -> None:
        if self.session is None:
            self._pending = "new"
            self.notify(_("Loading the deck…"), timeout=2)
            return
        session = self.session
        if hints in HINT_LEVELS:
            session.settings.hints = hints
        if history is not None:
            session.settings.history = history
        if hints in HINT_LEVELS or history is not None:  # chosen on the setup screen
            remember_choice(session.settings)
        if ironman is not None:
            self.new_ironman = ironman
        session.start(scenario or self.new_scenario, self.new_seed if seed is None else seed,
                      ironman=self.new_ironman)
        if not self._fixed_seed:
            self.new_seed = fresh_seed()
        from game.tui.screens.game import GameScreen

        self._show(GameScreen(session))

    def request_daily(self) -> None:
        """Today's daily game: the default scenario, the seed of today's UTC date, the
        same for every player."""
        if self.session is None:
            self._pending = "daily"
            self.notify(_("Loading the deck…"), timeout=2)
            return
        from game.saves.record import daily_seed, today
        from game.tui.screens.game import GameScreen

        session = self.session
        date = today()
        session.start(session.content.default_scenario.id, daily_seed(date), ironman=self.new_ironman, daily=date)
        self._show(GameScreen(session))

    def action_record(self) -> None:
        if self.session is None:
            self.notify(_("Loading the deck…"), timeout=2)
            return
        from game.tui.screens.record import RecordScreen

        self.push_screen(RecordScreen(self.session))

    def check_action(self, action: str, parameters) -> bool | None:
        # An ironman game has no undo and no saves of its own (the autosave keeps it).
        if action in ("undo", "save") and self.session is not None and self.session.started \
                and self.session.ironman:
            return False
        return True

    def action_new_game(self) -> None:
        """``n`` on the ending: another game, same scenario, a new seed (unless one was fixed)."""
        self.request_start()

    def request_setup(self) -> None:
        if self.session is None:
            self._pending = "setup"
            return
        from game.tui.screens.setup import SetupScreen

        def chosen(game: NewGame | None) -> None:
            if game is not None:
                self.new_scenario = game.scenario
                self.request_start(scenario=game.scenario, seed=game.seed, hints=game.hints, ironman=game.ironman,
                                   history=game.history)

        self.push_screen(SetupScreen(self.session, self.new_scenario, self.new_seed), chosen)

    # What the screens ask (game.tui.messages).

    def on_new_game(self, message: NewGame) -> None:
        self.request_start(scenario=message.scenario, seed=message.seed, hints=message.hints,
                           ironman=message.ironman, history=message.history)

    def on_daily_game(self, _message: DailyGame) -> None:
        self.request_daily()

    def on_set_up_game(self, _message: SetUpGame) -> None:
        self.request_setup()

    def on_continue_game(self, _message: ContinueGame) -> None:
        self.request_continue()

    def on_language_chosen(self, message: LanguageChosen) -> None:
        self._lang = message.lang
        if self.session is not None:
            self.session.settings.lang = message.lang

    def on_hints_chosen(self, message: HintsChosen) -> None:
        self.set_hints(message.level)

    def on_history_chosen(self, message: HistoryChosen) -> None:
        if self.session is None:
            return
        self.session.settings.history = message.on
        remember_choice(self.session.settings)
        game = self._game_screen()
        if game is not None:
            game.refresh_settings()  # an outcome on the desk shows or drops its note at once

    def on_game_changed(self, _message: GameChanged) -> None:
        self.autosave()

    def on_game_ended(self, _message: GameEnded) -> None:
        self.show_ending()

    def request_continue(self) -> None:
        if self.session is None:
            self._pending = "continue"
            return
        self.refresh_autosave_info()
        if self.autosave_path is None:
            self.notify(_("No autosave yet."), severity="warning")
            return
        try:
            self._continue_from(self.autosave_path)
        except SaveError as error:
            self.notify(printable(error), title=_("Could not continue"), severity="error", markup=False)

    def _continue_from(self, path: Path) -> None:
        warnings = self._loaded().load(path)
        for warning in warnings:
            self.notify(printable(warning), title=_("Loaded with a warning"), severity="warning", markup=False)
        self.show_game()

    def show_game(self) -> None:
        session = self._loaded()
        if session.state.over:
            self.show_ending()
            return
        from game.tui.screens.game import GameScreen

        self._show(GameScreen(session))

    def show_ending(self) -> None:
        from game.tui.screens.ending import EndingScreen

        # News from the last quarters (a delayed consequence...) is stale on the ending.
        self.clear_notifications()
        self._show(EndingScreen(self._loaded(), self._record_game()))

    def _record_game(self):
        """Add the finished game to the player's record; what changed, for the ending."""
        session = self._loaded()
        update = session.record_ending(ironman=session.ironman, daily=session.daily)
        if update is not None and update.warning:
            self.notify(printable(update.warning), title=_("Your record"), severity="warning", markup=False)
        return update

    def action_title(self) -> None:
        self.refresh_autosave_info()
        self._show(TitleScreen(self._title_info(self.session) if self.session is not None else None))

    # --- saving --------------------------------------------------------------------

    def autosave(self) -> None:
        session = self.session
        if session is None or not session.started:
            return
        note = _("autosaved")
        try:
            session.autosave()
        except SaveError as error:
            note = _("not autosaved")
            if not self._autosave_warned:
                self._autosave_warned = True
                self.notify(printable(error), title=_("Autosave failed"), severity="warning", markup=False)
        game = self._game_screen()
        if game is not None:
            game.set_status_note(note)

    def _game_screen(self) -> GameScreen | None:
        from game.tui.screens.game import GameScreen

        return self._on_stack(GameScreen)

    def action_save(self) -> None:
        session = self.session
        if session is None or not session.started:
            self.notify(_("There is no game to save yet."), severity="warning")
            return
        if session.ironman:
            self.notify(_("An ironman game keeps only its autosave."), severity="warning")
            return
        from game.tui.screens.dialogs import SaveDialog

        self.push_screen(SaveDialog(session))

    def action_load(self) -> None:
        session = self.session
        if session is None:
            self.notify(_("Loading the deck…"), timeout=2)
            return
        from game.tui.screens.dialogs import LoadDialog

        def loaded(path: Path | None) -> None:
            if path is None:
                return
            try:
                self._continue_from(path)
            except SaveError as error:
                self.notify(printable(error), title=_("Could not load"), severity="error", markup=False)

        self.push_screen(LoadDialog(session), loaded)

    # --- help, glossary, journal, quit -------------------------------------------

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.session))

    def action_glossary(self) -> None:
        if self.session is None:
            self.notify(_("Loading the deck…"), timeout=2)
            return
        from game.tui.screens.help import GlossaryScreen

        self.push_screen(GlossaryScreen(self.session))

    def action_journal(self) -> None:
        if self.session is None or not self.session.started:
            return
        from game.tui.screens.dialogs import JournalScreen

        self.push_screen(JournalScreen(self.session))

    def action_undo(self) -> None:
        if self.session is not None and self.session.ironman:
            self.notify(_("No undo in an ironman game."), severity="warning")
            return
        game = self._game_screen()
        if game is not None and self.screen is game:
            game.action_undo()
        elif self.session is not None and self.session.started and self.session.undo():
            self.autosave()
            self.show_game()

    def set_hints(self, level: str) -> None:
        if self.session is None or level not in HINT_LEVELS:
            return
        self.session.settings.hints = level
        remember_choice(self.session.settings)
        game = self._game_screen()
        if game is not None:
            game.refresh_settings()
        title = self._title_screen()
        if title is not None and title.is_mounted:
            title.show_defaults(self._title_info(self.session))

    def action_request_quit(self) -> None:
        from game.tui.screens.dialogs import ConfirmQuit

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(ConfirmQuit(), answered)


def create_app(content=None, **options: Any) -> MultiVectorApp:
    """The app, with everything a test may want to fix injected (the options are
    :class:`MultiVectorApp`'s, named).

    ``content`` skips loading (tests); ``files`` are the content's files, for the save
    fingerprint. Without ``content``, the content is loaded from ``content_dir`` and
    ``mods`` in the background once the title screen is up; with ``watch``, again
    whenever their files change.
    """
    return MultiVectorApp(content=content, **options)


def run_app(args: argparse.Namespace) -> int:
    """Run the app for ``multivector [play]``; print content problems after it closes."""
    app = create_app(
        seed=getattr(args, "seed", None),
        scenario=getattr(args, "scenario", None),
        saves_dir=getattr(args, "saves", None),
        hints=getattr(args, "hints", None),
        lang=getattr(args, "lang", "en") or "en",
        load=getattr(args, "load", None),
        content_dir=getattr(args, "content", None),
        mods=getattr(args, "mods", []) or [],
        ironman=bool(getattr(args, "ironman", False)),
        daily=bool(getattr(args, "daily", False)),
        watch=getattr(args, "watch", False),
        history=False if getattr(args, "no_history", False) else None,
    )
    app.run()
    for line in app.problems:
        print(line, file=sys.stderr)
    code: Any = app.return_code
    return int(code or 0)
