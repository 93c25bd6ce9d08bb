"""Writing, reading, listing and finding saves on disk.

Every write goes to a temporary file in the save folder, is flushed and fsynced, and
only then renamed over the old file, so a crash or a kill at any moment leaves either
the old save or the new one, never half of one. Reading never trusts the file: any
problem becomes a one-line :class:`SaveError` and leaves every other save usable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import game
from game.engine import Content, GameState, describe_date, format_date, tr
from game.base.i18n import _
from game.saves.errors import SaveError, printable
from game.saves.fingerprint import short
from game.saves.format import MAX_BYTES, Document, Record, build_document, dumps, parse
from game.saves.paths import check_slot, slot_problem
from game.saves.verify import Divergence, ReplayFailed, first_divergence, replay
from game.base import files
from game.engine.invariants import state_problem

SLOT_SUFFIX = ".save.json"
AUTOSAVE_SUFFIX = ".autosave.json"
AUTOSAVE_PREFIX = "auto-"
# auto-[GAME-]NUMBER-STAMP.autosave.json: the game's id (its ring), a number that counts
# up, the UTC time written. A number of more than nine digits was not written by the game.
_AUTOSAVE_NAME = re.compile(r"^auto-(?:(g[0-9a-f]{9})-)?(\d{1,9})(?:-(\d{8}T\d{6}))?\.autosave\.json$")
_AUTOSAVE_NUMBERS = 10**9
_STAMP = "%Y%m%dT%H%M%S"
GAME_ID = re.compile(r"^g[0-9a-f]{9}$")
"""A game's id (:func:`game.saves.session.new_game_id`): its autosaves form a ring of their own."""
KEEP_GAMES = 8  # the autosave rings of this many most recent games are kept


@dataclass(frozen=True)
class SaveInfo:
    """One save as a list shows it. ``error`` is set (one line) when it cannot be read;
    then the other fields but ``slot``, ``path`` and ``autosave`` may be None."""

    slot: str
    path: Path
    autosave: bool
    saved_at: datetime | None = None
    scenario: str | None = None
    turn: int | None = None
    date: int | None = None
    over: bool | None = None
    error: str | None = None
    seed: int | None = None
    ending: str | None = None
    game_version: str | None = None
    fingerprint: str | None = None
    ironman: bool = False  # the game's meta says ironman: it goes on from its latest autosave only

    @property
    def date_text(self) -> str:
        """``"Q2 2019"``, or ``""`` when unknown."""
        return describe_date(self.date) if self.date is not None else ""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class SavedGame:
    """A save read back: the state to continue from, its meta, and what to tell the player.

    ``verified`` is True when replaying the save's choices gives exactly its state, False
    when it does not (``divergence`` says where), None when not checked (no content).
    ``replayed`` is True when the state was rebuilt with the current content because the
    saved one did not fit it.
    """

    state: GameState
    meta: dict
    warnings: list[str]
    info: SaveInfo
    record: Record
    fingerprint: str | None = None
    game_version: str | None = None
    format_read: int = 1
    verified: bool | None = None
    divergence: Divergence | None = None
    replayed: bool = False
    path: Path = field(default=Path())


# --- names --------------------------------------------------------------------------


def slot_of(path: Path) -> str:
    """The slot name a save file is known by (its name without the save suffixes).

    A file put in the folder by other means may have any name: control characters in it
    are written out (``\\x1b``), since lists show the name."""
    name = printable(path.name)
    for suffix in (SLOT_SUFFIX, AUTOSAVE_SUFFIX, ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def is_autosave(path: Path) -> bool:
    return path.name.endswith(AUTOSAVE_SUFFIX)


def slot_path(folder: Path | str, slot: str) -> Path:
    """Where slot ``slot`` lives in ``folder``; :class:`SaveError` for a bad name."""
    return Path(folder) / f"{check_slot(slot)}{SLOT_SUFFIX}"


# --- writing ------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """:func:`game.base.files.atomic_write`, its refusals and errors as :class:`SaveError`."""
    try:
        files.atomic_write(path, data)
    except OSError as error:
        raise SaveError(_("cannot write {name}: {error}").format(name=printable(path.name),
                                                                 error=error.strerror or error)) from None
    files.remove_stale_temps(path.parent)


def _prepare_folder(folder: Path | str) -> Path:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SaveError(_("cannot create the save folder {folder}: {error}").format(
            folder=folder, error=error.strerror or error)) from None
    if not folder.is_dir():
        raise SaveError(_("{folder} is not a folder").format(folder=folder))
    return folder


def _document_bytes(content: Content, state: GameState, *, slot: str | None, autosave: bool,
                    fingerprint: str | None, meta: dict | None, injects) -> bytes:
    if meta is not None and not isinstance(meta, dict):
        raise SaveError(_("cannot save: meta must be a dict"))
    record = Record.of_state(state)
    if injects is not None:
        record = Record(record.scenario, record.seed, record.choices,
                        tuple((int(turn), str(card)) for turn, card in injects))
    document = build_document(
        state, record=record, slot=slot, autosave=autosave, fingerprint=fingerprint, meta=dict(meta or {}),
        game_version=game.__version__, saved_at=datetime.now(timezone.utc), summary=_summary(content, state),
    )
    return dumps(document)


def _summary(content: Content | None, state: GameState) -> dict:
    """A few lines for a person reading the file; never read back."""
    scenario = content.scenarios.get(state.scenario) if content is not None else None
    ending = content.endings.get(state.ending) if content is not None and state.ending else None
    return {
        "scenario_name": tr(scenario.name) if scenario else state.scenario,
        "date": format_date(state.date),
        "turns_played": len(state.decisions),
        "ending": tr(ending.title) if ending else None,
    }


def write_save(folder: Path | str, slot: str, content: Content, state: GameState, *, fingerprint: str,
               meta: dict | None = None, injects=None) -> Path:
    """Save ``state`` in slot ``slot`` of ``folder`` (atomically); return the file's path.

    ``injects`` is only needed when a turn had more than one card injected (the state
    records only the last); give every ``(turn, card_id)`` inject in order. Raises
    :class:`SaveError` for a slot name that is not a plain name, or a write that fails.
    """
    path = slot_path(folder, slot)
    folder = _prepare_folder(folder)
    data = _document_bytes(content, state, slot=slot, autosave=False, fingerprint=fingerprint,
                           meta=meta, injects=injects)
    atomic_write(path, data)
    return path


def _autosave_number(path: Path) -> int | None:
    match = _AUTOSAVE_NAME.match(path.name)
    return int(match.group(2)) if match else None


def autosave_game(path: Path) -> str | None:
    """The id of the game an autosave belongs to (None for one written without an id)."""
    match = _AUTOSAVE_NAME.match(path.name)
    return match.group(1) if match else None


def superseded_autosave(path: Path) -> bool:
    """Whether a newer autosave of the same game stands beside ``path`` (an autosave
    written without a game id has none)."""
    game = autosave_game(path)
    if game is None:
        return False
    ring = [p for p in autosave_paths(path.parent) if autosave_game(p) == game]
    return bool(ring) and ring[-1].name != path.name


def _autosave_order(path: Path, now: str) -> tuple[str, int] | None:
    """Where an autosave stands, oldest first: the time in its name, then its number.

    The time comes first so that no number, however large, makes a file "the latest"
    for ever; a time still to come (a planted or mis-clocked file) counts as the oldest,
    so it is the first removed. None for a name the game does not write."""
    match = _AUTOSAVE_NAME.match(path.name)
    if match is None:
        return None
    stamp = match.group(3) or ""
    return ("" if stamp > now else stamp, int(match.group(2)))


def autosave_paths(folder: Path | str) -> list[Path]:
    """The autosaves this module wrote in ``folder``, oldest first."""
    folder = Path(folder)
    try:
        entries = [folder / name for name in os.listdir(folder)]
    except OSError:
        return []
    # A day's leeway: a clock set a little wrong must not make a fresh autosave the oldest.
    now = (datetime.now(timezone.utc) + timedelta(days=1)).strftime(_STAMP)
    ordered = [(key, p) for p in entries if (key := _autosave_order(p, now)) is not None]
    return [p for _order, p in sorted(ordered)]


def autosave(folder: Path | str, content: Content, state: GameState, *, fingerprint: str,
             meta: dict | None = None, keep: int = 5, injects=None, game: str | None = None) -> Path:
    """Write a new autosave and delete all but the newest ``keep`` ones of its game; return its path.

    ``game`` (an id matching :data:`GAME_ID`) names the game the autosave belongs to:
    each game keeps a ring of its own, so a new game never pushes an older one's
    autosaves out, and only the rings of the :data:`KEEP_GAMES` most recent games are
    kept. Numbers run on across games, so the newest autosave is the latest game's.
    Old autosaves are removed only after the new one is safely in place, so a crash
    leaves one too many, never one too few.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    if game is not None and not GAME_ID.match(game):
        raise ValueError(f"not a game id: {game!r}")
    folder = _prepare_folder(folder)
    existing = autosave_paths(folder)
    number = (_autosave_number(existing[-1]) or 0) % (_AUTOSAVE_NUMBERS - 1) + 1 if existing else 1
    stamp = datetime.now(timezone.utc).strftime(_STAMP)
    owner = f"{game}-" if game else ""
    path = folder / f"{AUTOSAVE_PREFIX}{owner}{number:06d}-{stamp}{AUTOSAVE_SUFFIX}"
    data = _document_bytes(content, state, slot=slot_of(path), autosave=True, fingerprint=fingerprint,
                           meta=meta, injects=injects)
    atomic_write(path, data)
    rings: dict[str | None, list[Path]] = {}
    newest: dict[str | None, int] = {}
    for position, old in enumerate(autosave_paths(folder)):  # oldest first
        rings.setdefault(autosave_game(old), []).append(old)
        newest[autosave_game(old)] = position
    # Games by their newest autosave, newest first; the current one always stays.
    games = sorted(rings, key=lambda g: newest[g], reverse=True)
    kept_games = [g for g in games if g == game][:1] + [g for g in games if g != game][: KEEP_GAMES - 1]
    for ring_game, ring in rings.items():
        doomed = ring[:-keep] if ring_game in kept_games else ring
        for old in doomed:
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
    return path


# --- reading ------------------------------------------------------------------------


def _read_document(path: Path) -> Document:
    try:
        data = files.read_bounded(path, MAX_BYTES, "save file")
    except files.FileRefused as refusal:
        raise SaveError(refusal.reason, path) from None
    except FileNotFoundError:
        raise SaveError(_("no such save file"), path) from None
    except IsADirectoryError:
        raise SaveError(_("is a folder, not a save file"), path) from None
    except OSError as error:
        raise SaveError(_("cannot read: {error}").format(error=error.strerror or error), path) from None
    try:
        return parse(data)
    except SaveError as error:
        raise SaveError(error.reason, path) from None


def _info(path: Path, document: Document) -> SaveInfo:
    state = document.state
    return SaveInfo(
        slot=slot_of(path), path=path, autosave=is_autosave(path) or document.autosave,
        saved_at=document.saved_at, scenario=state.scenario, turn=state.turn, date=state.date,
        over=state.over, seed=state.seed, ending=state.ending, game_version=document.game_version,
        fingerprint=document.fingerprint, ironman=document.meta.get("ironman") is True,
    )


def read_save(path: Path | str, content: Content | None = None, fingerprint: str | None = None) -> SavedGame:
    """Read a save; with ``content``, check it fits and replays. Raises :class:`SaveError`.

    Without ``content`` only the file itself is checked (enough for lists). With it:
    the state must fit the content (meters, cards, scenario...); the save's choices are
    replayed and compared with its state (an edited save is reported in ``warnings``
    and ``verified`` is False). With a ``fingerprint`` that differs from the save's, the
    save loads with a warning; if its state does not fit this content, its choices are
    replayed with this content instead, and only if that fails too is it refused.
    """
    path = Path(path)
    document = _read_document(path)
    warnings = list(document.notes)
    state = document.state
    saved = SavedGame(state=state, meta=document.meta, warnings=warnings, info=_info(path, document),
                      record=document.record, fingerprint=document.fingerprint,
                      game_version=document.game_version, format_read=document.format_read, path=path)
    if content is None:
        return saved
    other_content = bool(fingerprint and document.fingerprint and fingerprint != document.fingerprint)
    if fingerprint and not document.fingerprint:
        warnings.append(_("the save does not say which content it was played with"))
    problem = state_problem(content, state)
    if problem is None:
        saved.divergence = first_divergence(content, document.record, state)
        saved.verified = saved.divergence is None
        if other_content:
            if saved.verified:
                warnings.append(_("saved with other content (fingerprint {then}, now {now}); replaying it "
                                  "with this content gives the same game").format(
                    then=short(document.fingerprint), now=short(fingerprint)))
            else:
                warnings.append(_("saved with other content (fingerprint {then}, now {now}); with this "
                                  "content the game would part from the save at {where}; continuing from "
                                  "the saved state").format(then=short(document.fingerprint),
                                                            now=short(fingerprint), where=saved.divergence))
        elif not saved.verified:
            warnings.append(_("the saved state does not follow from its own choices ({where}); "
                              "the file was edited").format(where=saved.divergence))
        return saved
    if not other_content:
        raise SaveError(_("the saved game does not fit the content: {problem}").format(problem=problem), path)
    try:
        rebuilt = replay(content, document.record)
    except ReplayFailed as failure:
        raise SaveError(_("made with other content (fingerprint {then}): {problem}; its choices cannot be "
                          "replayed either ({where}); load it with the mods it was played with").format(
            then=short(document.fingerprint), problem=problem, where=failure.divergence), path) from None
    warnings.append(_("saved with other content (fingerprint {then}) and its state does not fit this "
                      "content ({problem}); its choices were replayed with this content instead").format(
        then=short(document.fingerprint), problem=problem))
    saved.state = rebuilt
    saved.replayed = True
    saved.verified = False
    return saved


def list_saves(folder: Path | str) -> list[SaveInfo]:
    """Every ``*.json`` file in ``folder``, newest first; an unreadable one has ``error`` set."""
    folder = Path(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    infos: list[tuple[float, SaveInfo]] = []
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        path = folder / name
        try:
            if not path.is_file():
                continue
            mtime = path.stat().st_mtime
        except OSError:
            continue
        try:
            info = _info(path, _read_document(path))
            when = info.saved_at.timestamp() if info.saved_at else mtime
        except SaveError as error:
            info = SaveInfo(slot=slot_of(path), path=path, autosave=is_autosave(path), error=error.reason)
            when = mtime
        infos.append((when, info))
    infos.sort(key=lambda item: (item[0], _autosave_number(item[1].path) or 0, item[1].slot), reverse=True)
    return [info for _order, info in infos]


def latest_autosave(folder: Path | str) -> SaveInfo | None:
    """The newest autosave that can be read (a damaged newer one is passed over), or None."""
    for path in reversed(autosave_paths(folder)):
        try:
            return _info(path, _read_document(path))
        except SaveError:
            continue
    return None


def resolve_save(folder: Path | str, name_or_path: str | Path) -> Path:
    """The file a slot name, an autosave's name or a path refers to.

    Something with a separator or ending in ``.json`` is a path; otherwise a slot in
    ``folder`` (then an autosave of that name, then a file of that name in the current
    folder). Raises :class:`SaveError` naming what was looked for.
    """
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or any(sep in text for sep in "/\\") or text.endswith(".json")
    if looks_like_path:
        path = Path(text).expanduser()
        if path.is_file():
            return path
        raise SaveError(_("no save file {name}").format(name=text))
    if slot_problem(text) is None:
        folder = Path(folder)
        for candidate in (folder / f"{text}{SLOT_SUFFIX}", folder / f"{text}{AUTOSAVE_SUFFIX}",
                          folder / f"{text}.json"):
            if candidate.is_file():
                return candidate
    if Path(text).is_file():
        return Path(text)
    from game.base.suggest import did_you_mean

    known = [info.slot for info in list_saves(folder)]
    hint = did_you_mean(text, known) if known else ""
    if known:
        raise SaveError(_("no save {name} in {folder}").format(name=repr(text), folder=folder) + hint)
    raise SaveError(_("no save {name}; {folder} holds no saves").format(name=repr(text), folder=folder) + hint)
