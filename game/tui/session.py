"""One player's game as the app sees it: content, the states played so far, settings.

Plain Python with no Textual, so it can be tested alone and the screens stay thin. Game
states are immutable, so undo is a list of them. Saving goes through :mod:`game.saves`;
while that module is missing the session says so instead of inventing a format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import Content, GameState, TurnReport, choose, new_game, tr
from game.tui.text import printable
from game.tui.settings import HINT_LEVELS, HINT_NAMES, UNAVAILABLE, SaveFailed, Settings

__all__ = ["HINT_LEVELS", "HINT_NAMES", "UNAVAILABLE", "JournalEntry", "SaveFailed", "Session", "Settings",
           "saves_api"]


def saves_api():
    """The :mod:`game.saves` module, or ``None`` while it does not exist."""
    try:
        import game.saves as saves
    except ImportError:
        return None
    return saves


@dataclass(frozen=True)
class JournalEntry:
    """One decision as the journal shows it."""

    turn: int
    date: int
    card: str
    choice: int
    changes: dict[str, int]
    followup: bool


@dataclass
class Session:
    content: Content
    files: Sequence[Path] | None = None
    saves_folder: Path | None = None
    settings: Settings = field(default_factory=Settings)
    states: list[GameState] = field(default_factory=list)
    last_report: TurnReport | None = None
    last_slot: str | None = None
    _fingerprint: str | None = None
    _folder: Path | None = None

    # --- playing -------------------------------------------------------------

    @property
    def state(self) -> GameState:
        return self.states[-1]

    @property
    def started(self) -> bool:
        return bool(self.states)

    def start(self, scenario_id: str | None, seed: int) -> GameState:
        self.states = [new_game(self.content, scenario_id, seed)]
        self.last_report = None
        self.last_slot = None
        return self.state

    def choose(self, index: int) -> TurnReport:
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

        A save made by this game replays exactly from its seed and choices; one that does
        not (an injected card, other content) is kept as it is, without undo.
        """
        self.last_report = None
        states = [state]
        try:
            replayed = [new_game(self.content, state.scenario, state.seed)]
            for choice in state.choices_made:
                replayed.append(choose(self.content, replayed[-1], choice)[0])
            if replayed[-1] == state:
                states = replayed
        except Exception:  # noqa: BLE001 - any failure just means no undo history
            pass
        self.states = states

    def followup_source(self) -> str | None:
        """The card whose choice brought the follow-up now on the table, if known."""
        if not self.state.card_is_followup or len(self.states) < 2:
            return None
        previous, card = self.states[-2], self.state.card
        for pending in previous.pending:
            if pending.card == card and pending.due <= self.state.turn:
                return pending.source
        return None

    # --- reading the state ---------------------------------------------------

    def text(self, value) -> str:
        return printable(tr(value, self.settings.lang))

    def meter_name(self, meter_id: str) -> str:
        try:
            return self.text(self.content.meter(meter_id).name)
        except KeyError:
            return meter_id

    def speaker_name(self, speaker_id: str) -> str:
        member = self.content.cast.get(speaker_id)
        return self.text(member.name) if member is not None else speaker_id.replace("_", " ").capitalize()

    def card_title(self, card_id: str) -> str:
        card = self.content.cards.get(card_id)
        return self.text(card.title) if card is not None else card_id

    def situation_name(self, situation_id: str) -> str:
        for situation in self.content.situations:
            if situation.id == situation_id:
                return self.text(situation.name)
        return situation_id

    @property
    def scenario(self):
        return self.content.scenarios[self.state.scenario]

    def turns_left(self) -> int:
        """Quarters still to play after the one on the table."""
        return max(0, self.scenario.turns - self.state.turn)

    def journal(self) -> list[JournalEntry]:
        state = self.state
        entries = []
        for index, decision in enumerate(state.decisions):
            before, after = state.history[index], state.history[index + 1]
            changes = {m: after[m] - before[m] for m in after if after[m] != before.get(m, after[m])}
            entries.append(JournalEntry(decision.turn, decision.date, decision.card, decision.choice, changes,
                                        decision.followup))
        return entries

    def turning_point(self) -> str | None:
        """The card whose quarter moved the meters most (for a term survived)."""
        best, best_size = None, -1
        for entry in self.journal():
            size = sum(abs(v) for v in entry.changes.values())
            if size > best_size:
                best, best_size = entry.card, size
        return best

    # --- saving --------------------------------------------------------------

    @property
    def saves_available(self) -> bool:
        return saves_api() is not None

    def _api(self):
        saves = saves_api()
        if saves is None:
            raise SaveFailed(UNAVAILABLE)
        return saves

    def _call(self, what: str, function, *args, **kwargs):
        """Run a saves function; its errors become :class:`SaveFailed` with one line."""
        saves = self._api()
        try:
            return function(*args, **kwargs)
        except saves.SaveError as error:
            raise SaveFailed(str(error)) from None
        except OSError as error:
            raise SaveFailed(f"could not {what}: {error.strerror or error}") from None

    def folder(self) -> Path:
        if self._folder is None:
            saves = self._api()
            self._folder = Path(self._call("open the save folder", saves.saves_dir, self.saves_folder))
        return self._folder

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            saves = self._api()
            self._fingerprint = self._call("read the content", saves.content_fingerprint, list(self.files or []))
        return self._fingerprint

    def save(self, slot: str) -> Path:
        saves = self._api()
        path = self._call("write the save", saves.write_save, self.folder(), slot, self.content, self.state,
                          fingerprint=self.fingerprint(), meta=self.settings.as_meta())
        self.last_slot = slot
        return Path(path)

    def autosave(self) -> Path:
        """Autosave the current state; :class:`SaveFailed` if that did not work."""
        saves = self._api()
        return Path(self._call("autosave", saves.autosave, self.folder(), self.content, self.state,
                               fingerprint=self.fingerprint(), meta=self.settings.as_meta()))

    def list_saves(self) -> list:
        saves = self._api()
        return list(self._call("read the save folder", saves.list_saves, self.folder()))

    def latest_autosave(self):
        saves = self._api()
        return self._call("read the save folder", saves.latest_autosave, self.folder())

    def load(self, path: Path) -> list[str]:
        """Continue the game saved at ``path``; returns the save's warnings."""
        saves = self._api()
        saved = self._call("read the save", saves.read_save, Path(path), self.content, self.fingerprint())
        self.settings.update_from_meta(dict(saved.meta or {}))
        self.adopt(saved.state)
        info = getattr(saved, "info", None)
        autosaved = bool(getattr(info, "autosave", False))
        self.last_slot = None if autosaved else (getattr(info, "slot", None) or Path(path).stem)
        return list(saved.warnings or [])

    def find_save(self, slot: str) -> Path:
        """The save called ``slot`` (or at the path ``slot``); :class:`SaveFailed` if none."""
        saves = self._api()
        return Path(self._call("find the save", saves.resolve_save, self.folder(), slot))

    def slot_problem(self, slot: str) -> str | None:
        """Why ``slot`` cannot name a save, or None (when the saves module can tell)."""
        saves = saves_api()
        check = getattr(saves, "slot_problem", None)
        return check(slot) if check is not None else None
