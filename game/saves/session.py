"""The session controller: one game as every shell plays it.

The terminal interface, plain mode, headless play and the classroom all start, choose,
undo, save, autosave, load and resume through :class:`GameSession`, so a rule about a
game in progress (what undo may do, which save a new game may overwrite, how a loaded
game continues) is written once. Plain Python: no Textual, no printing.

Settings that travel with a save (hints, language, classroom data) are the ``meta``
mapping; the shell says what to write there (:attr:`GameSession.meta`) and reads it
back after a load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import (
    Card,
    Content,
    Forecast,
    GameState,
    ReplayError,
    RuleError,
    TurnReport,
    choose,
    current_card,
    forecasts,
    new_game,
    rebuild,
    state_problem,
)
from game.base.i18n import N_, _
from game.saves.errors import SaveError
from game.saves.record import Update, record_game, record_path
from game.saves.fingerprint import content_fingerprint
from game.saves.paths import saves_dir, slot_problem
from game.saves.store import (
    GAME_ID,
    SavedGame,
    SaveInfo,
    autosave,
    latest_autosave,
    list_saves,
    read_save,
    resolve_save,
    write_save,
)


# How a game went on after :meth:`GameSession.switch_content`.
REPLAYED, KEPT, RESTARTED = "replayed", "kept", "restarted"


def new_game_id(scenario: str, seed: int) -> str:
    """An id for a game just started, from its scenario, seed and start time.

    Its autosaves carry it (a ring per game) and so do its saves' meta (``game``), so
    that a save can tell whether it holds this game or another one.
    """
    import hashlib
    import time

    digest = hashlib.sha256(f"{scenario}|{seed}|{time.time_ns()}".encode()).hexdigest()
    return "g" + digest[:9]


@dataclass
class GameSession:
    """A game in progress, its undo list and where it is saved.

    ``files`` are the content's files (for the fingerprint a save records; ``None``
    for content built in memory); ``saves_folder`` the folder asked for (``None``: the
    default one); ``meta`` returns what a save carries besides the game.
    """

    content: Content
    files: Sequence[Path] | None = None
    saves_folder: Path | None = None
    meta: Callable[[], dict[str, Any]] = dict
    states: list[GameState] = field(default_factory=list)
    last_report: TurnReport | None = None
    last_slot: str | None = None
    game_id: str | None = None
    _fingerprint: str | None = None
    _folder: Path | None = None

    # --- playing -------------------------------------------------------------

    @property
    def state(self) -> GameState:
        return self.states[-1]

    @property
    def started(self) -> bool:
        return bool(self.states)

    @property
    def card(self) -> Card:
        """The card on the table (:class:`RuleError` once the game is over)."""
        return current_card(self.content, self.state)

    def forecasts(self) -> tuple[Forecast, ...]:
        """What each choice on the table will move: the engine's forecast."""
        return forecasts(self.content, self.state)

    def start(self, scenario_id: str | None, seed: int) -> GameState:
        self.states = [new_game(self.content, scenario_id, seed)]
        self.last_report = None
        self.last_slot = None
        self.game_id = new_game_id(self.state.scenario, seed)
        return self.state

    def choose(self, index: int) -> TurnReport:
        """Take choice ``index`` (0-based); :class:`RuleError` if it cannot be taken."""
        state, report = choose(self.content, self.state, index)
        self.states.append(state)
        self.last_report = report
        return report

    @property
    def can_undo(self) -> bool:
        return len(self.states) > 1

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        self.states.pop()
        self.last_report = None
        return True

    def adopt(self, state: GameState) -> None:
        """Continue ``state`` (a loaded game), rebuilding the undo list where possible.

        A save made by this game replays exactly from its seed, choices and injects; one
        that does not (other content) is kept as it is, without undo.
        """
        self.last_report = None
        try:
            self.states = rebuild(self.content, state)
        except (ReplayError, RuleError, KeyError):
            self.states = [state]

    def switch_content(self, content: Content, files: Sequence[Path] | None = None) -> str:
        """Go on with the game in progress under ``content`` (its files edited meanwhile).

        Returns :data:`REPLAYED` when the seed and choices still deal this game (undo
        kept), :data:`KEPT` when they do not but the state fits the new content (no undo;
        also before a game is started), :data:`RESTARTED` when it does not fit: a new
        game of the same scenario and seed where the scenario still exists.
        """
        self.content, self.files, self._fingerprint = content, files, None
        if not self.started:
            return KEPT
        state, self.last_report = self.state, None
        try:
            self.states = rebuild(content, state)
            return REPLAYED
        except (ReplayError, RuleError, KeyError):
            pass
        if state_problem(content, state) is None:
            self.states = [state]
            return KEPT
        self.start(state.scenario if state.scenario in content.scenarios else None, state.seed)
        return RESTARTED

    def followup_source(self) -> str | None:
        """The card whose choice brought the follow-up now on the table, if known."""
        if not self.state.card_is_followup or len(self.states) < 2:
            return None
        previous, card = self.states[-2], self.state.card
        for pending in previous.pending:
            if pending.card == card and pending.due <= self.state.turn:
                return pending.source
        return None

    @property
    def scenario(self):
        return self.content.scenarios[self.state.scenario]

    def turns_left(self) -> int:
        """Quarters still to play after the one on the table (none once the game is over)."""
        if self.state.over:
            return 0
        return max(0, self.scenario.turns - self.state.turn)

    # --- the record ----------------------------------------------------------

    def record_ending(self, *, ironman: bool = False, daily: str | None = None) -> Update | None:
        """Add the finished game to the player's record beside the saves (counted once
        however often asked, so a game shown again after an undo is not counted twice):
        what changed, or None where the save folder cannot be opened."""
        try:
            path = record_path(self.folder())
        except SaveError:
            return None
        return record_game(path, self.content, self.state, game=self.game_id, ironman=ironman, daily=daily)

    # --- saving --------------------------------------------------------------

    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(_saving(N_("open the save folder"), saves_dir, self.saves_folder))
        return self._folder

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = _saving(N_("read the content"), content_fingerprint, list(self.files or []))
        return self._fingerprint

    def save(self, slot: str) -> Path:
        """Save the game as ``slot``; :class:`SaveError` (one line) if that did not work."""
        path = _saving(N_("write the save"), write_save, self.folder(), slot, self.content, self.state,
                       fingerprint=self.fingerprint(), meta=self._meta())
        self.last_slot = slot
        return Path(path)

    def autosave(self) -> Path:
        """Autosave the current state; :class:`SaveError` if that did not work."""
        if self.game_id is None:
            self.game_id = new_game_id(self.state.scenario, self.state.seed)
        return Path(_saving(N_("autosave"), autosave, self.folder(), self.content, self.state,
                            fingerprint=self.fingerprint(), meta=self._meta(), game=self.game_id))

    def _meta(self) -> dict[str, Any]:
        meta = dict(self.meta())
        if self.game_id is not None:
            meta["game"] = self.game_id
        return meta

    def holds_this_game(self, saved: SavedGame) -> bool:
        """Whether ``saved`` is a save of the game in progress (else saving over it loses another game)."""
        return self.game_id is not None and (saved.meta or {}).get("game") == self.game_id

    def list_saves(self) -> list[SaveInfo]:
        return list(_saving(N_("read the save folder"), list_saves, self.folder()))

    def latest_autosave(self) -> SaveInfo | None:
        return _saving(N_("read the save folder"), latest_autosave, self.folder())

    def read(self, path: Path) -> SavedGame:
        """The save at ``path``, checked against this content; :class:`SaveError` if bad."""
        return _saving(N_("read the save"), read_save, Path(path), self.content, self.fingerprint())

    def load(self, path: Path) -> SavedGame:
        """Continue the game saved at ``path``; its meta and warnings are in the result."""
        saved = self.read(path)
        self.adopt(saved.state)
        game = (saved.meta or {}).get("game")
        self.game_id = game if isinstance(game, str) and GAME_ID.match(game) else None
        self.last_slot = None if saved.info.autosave else (saved.info.slot or Path(path).stem)
        return saved

    def find_save(self, slot: str) -> Path:
        """The save called ``slot`` (or at the path ``slot``); :class:`SaveError` if none."""
        return Path(_saving(N_("find the save"), resolve_save, self.folder(), slot))

    def load_slot(self, slot: str) -> SavedGame:
        """:meth:`load` the save called ``slot`` (or at the path ``slot``)."""
        return self.load(self.find_save(slot))

    @staticmethod
    def slot_problem(slot: str) -> str | None:
        """Why ``slot`` cannot name a save, or None."""
        return slot_problem(slot)


def _saving(what: str, function, *args, **kwargs):
    """Run a saves function; an operating-system error becomes a one-line SaveError."""
    try:
        return function(*args, **kwargs)
    except SaveError:
        raise
    except OSError as error:
        raise SaveError(_("could not {what}: {error}").format(what=_(what), error=error.strerror or error)) from None
