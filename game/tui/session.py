"""One player's game as the app sees it: the session controller plus how it reads.

:class:`Session` is :class:`game.saves.session.GameSession` (the rules of a game in
progress: start, choose, undo, save, load) with the player's settings and the text
helpers the screens use. Plain Python with no Textual, so it can be tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from game.base.text import printable
from game.engine import condition_holds, tr
from game.base.i18n import N_, _
from game.saves.errors import SaveError
from game.saves.store import SaveInfo, is_autosave, read_save, superseded_autosave
from game.saves.session import GameSession
from game.tui.settings import HINT_LEVELS, HINT_NAMES, Settings

__all__ = ["HINT_LEVELS", "HINT_NAMES", "JournalEntry", "SaveError", "Session", "Settings"]


@dataclass(frozen=True)
class JournalEntry:
    """One decision as the journal shows it."""

    turn: int
    date: int
    card: str
    choice: int
    changes: dict[str, int]
    followup: bool


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Why an ironman game's older autosave is not loaded: it would undo the quarters since.
IRONMAN_REWIND = N_("an ironman game goes on from its latest autosave only")


@dataclass
class Session(GameSession):
    """``ironman``: a game without undo (and without saves of its own: autosave only);
    ``daily``: the date of a daily game. Both travel in the game's saves."""

    settings: Settings = field(default_factory=Settings)
    ironman: bool = False
    daily: str | None = None

    def __post_init__(self) -> None:
        self.meta = self._meta_of_game

    def _meta_of_game(self) -> dict:
        meta = self.settings.as_meta()
        if self.ironman:
            meta["ironman"] = True
        if self.daily:
            meta["daily"] = self.daily
        return meta

    def start(self, scenario_id: str | None, seed: int, *, ironman: bool = False,
              daily: str | None = None):
        state = super().start(scenario_id, seed)
        self.ironman, self.daily = ironman, daily
        return state

    @property
    def can_undo(self) -> bool:
        return not self.ironman and super().can_undo

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

    def speaker_person(self, speaker_id: str) -> str:
        """The speaker's own name ("Aliya Temirkhanova"), or "" for a post without one."""
        member = self.content.cast.get(speaker_id)
        return self.text(member.person) if member is not None else ""

    def greeting(self, speaker_id: str) -> tuple[str, str] | None:
        """What the speaker of the card on the table opens with, as ``(kind, text)``:
        ``("portrait", ...)`` at the first meeting of the game, else ``("greeting", ...)``,
        the first of their greetings whose condition holds now; None for neither."""
        member = self.content.cast.get(speaker_id)
        if member is None:
            return None
        state = self.state
        met = any(getattr(self.content.cards.get(d.card), "speaker", None) == speaker_id for d in state.decisions)
        portrait = " ".join(self.text(member.portrait).split())
        if not met and portrait:
            return ("portrait", portrait)
        for greeting in member.greetings:
            if condition_holds(greeting.when, state):
                return ("greeting", " ".join(self.text(greeting.text).split()))
        return None

    def card_title(self, card_id: str) -> str:
        card = self.content.cards.get(card_id)
        return self.text(card.title) if card is not None else card_id

    def situation_name(self, situation_id: str) -> str:
        for situation in self.content.situations:
            if situation.id == situation_id:
                return self.text(situation.name)
        return situation_id

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

    @staticmethod
    def rewinds_ironman(info: SaveInfo) -> bool:
        """Whether ``info`` is an older autosave of an ironman game (not to be loaded)."""
        return bool(info.ok and info.autosave and info.ironman and superseded_autosave(Path(info.path)))

    def load(self, path: Path):
        """Continue the game saved at ``path`` with its settings; returns its warnings.
        An ironman game's older autosave is refused (:class:`SaveError`)."""
        path = Path(path)
        if is_autosave(path) and superseded_autosave(path) and read_save(path).info.ironman:
            raise SaveError(_(IRONMAN_REWIND), path)
        saved = super().load(path)
        meta = dict(saved.meta or {})
        # The player's language, not the one the save was made in: a game saved in English
        # continues in the language the player reads now.
        meta.pop("lang", None)
        self.settings.update_from_meta(meta)
        self.ironman = meta.get("ironman") is True
        daily = meta.get("daily")
        self.daily = daily if isinstance(daily, str) and DATE.fullmatch(daily) else None
        return list(saved.warnings or [])
