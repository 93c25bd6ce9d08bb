"""The session log: an append-only JSON Lines record of a classroom session.

One file beside the save (``<slot>.session.jsonl``), one JSON object per line, written
as things happen and flushed to disk at once, so a crash or a closed laptop lid loses at
most the line being written. Nothing is ever rewritten: an undo is a new ``undo`` line,
and the reader works out which decisions still stand.

Record builders are pure functions (the clock is passed in as ``at``), so the
facilitator mode, its tests and the report agree on one shape. Every record has
``type``, ``at`` (seconds since the epoch, or the test clock's value) and ``turn``.

Kinds of record:

``session``  once at the start: seed, scenario, turns, teams, how decisions are taken
``card``     a card is on the table (``injected``/``followup`` say how it came)
``inject``   the facilitator swapped the card on the table for another
``pause`` / ``resume`` / ``extend``   the discussion timer
``decision`` each team's pick, the choice taken, how it was decided, the rationale,
             the meters after, and the ending if the game ended
``undo``     the last decision was taken back
``end``      the session ended (an ending, or the facilitator stopped early)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.base.files import FileRefused, atomic_append, read_bounded
from game.base.paths import shown_path
from game.base.text import escape_controls as printable

FORMAT = 1
SUFFIX = ".session.jsonl"
KINDS = ("session", "card", "inject", "pause", "resume", "extend", "decision", "undo", "end")
# How a decision was reached. "timeout": the timer ran out and the default was taken.
METHODS = ("majority", "decider", "facilitator", "timeout")

# A log comes from a stranger's USB stick as easily as from our own app: bound it.
MAX_BYTES = 8 * 1024 * 1024
MAX_LINE = 64 * 1024


def log_path_for(save_path: Path) -> Path:
    """The log that belongs beside a save: ``class3.save.json`` -> ``class3.session.jsonl``."""
    save_path = Path(save_path)
    name = save_path.name
    for suffix in (".save.json", ".autosave.json", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return save_path.with_name(name + SUFFIX)


# --- building records (pure) --------------------------------------------------------


def session_record(*, at: float, seed: int, scenario: str, turns: int, teams: Iterable[str],
                   decide: str, minutes: float | None = None, decider: str | None = None,
                   envoys: Iterable[str] = (), group: str = "", names: Mapping[str, str] | None = None,
                   roles: Mapping[str, str] | None = None) -> dict:
    """``names`` and ``roles``: the teams the class named, and the role each plays."""
    record = {
        "type": "session", "v": FORMAT, "at": at, "turn": 0, "seed": seed, "scenario": scenario,
        "turns": turns, "teams": list(teams), "envoys": list(envoys), "decide": decide,
        "decider": decider, "minutes": minutes, "group": group,
    }
    if names or roles:
        record["names"], record["roles"] = dict(names or {}), dict(roles or {})
    return record


def card_record(*, at: float, turn: int, card: str, injected: bool = False, followup: bool = False) -> dict:
    return {"type": "card", "at": at, "turn": turn, "card": card, "injected": injected, "followup": followup}


def inject_record(*, at: float, turn: int, card: str, replaced: str | None) -> dict:
    return {"type": "inject", "at": at, "turn": turn, "card": card, "replaced": replaced}


def timer_record(kind: str, *, at: float, turn: int, seconds: float | None = None) -> dict:
    """``pause``, ``resume`` or ``extend`` (``seconds`` added, for ``extend``)."""
    if kind not in ("pause", "resume", "extend"):
        raise ValueError(kind)
    record = {"type": kind, "at": at, "turn": turn}
    if seconds is not None:
        record["seconds"] = seconds
    return record


def decision_record(*, at: float, turn: int, card: str, choice: int, picks: Mapping[str, int | None],
                    method: str, meters: Mapping[str, int], rationale: str = "", override: bool = False,
                    injected: bool = False, ending: str | None = None, discussed: float | None = None,
                    timeout: bool = False, decider: str | None = None) -> dict:
    """A decision: ``choice`` and ``picks`` are 0-based; ``override`` marks a facilitator's
    choice that went against the teams' majority; ``timeout`` that the clock had run out
    (whatever the method: the vote standing then, or the default); ``decider`` the team
    whose pick decided, with the ``decider`` method (fixed or rotating)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    return {
        "type": "decision", "at": at, "turn": turn, "card": card, "choice": choice,
        "picks": dict(picks), "method": method, "override": override, "rationale": rationale,
        "injected": injected, "meters": dict(meters), "ending": ending, "discussed": discussed,
        "timeout": timeout,
    } | ({"decider": decider} if decider is not None else {})


def undo_record(*, at: float, turn: int, card: str, choice: int) -> dict:
    return {"type": "undo", "at": at, "turn": turn, "card": card, "choice": choice}


def end_record(*, at: float, turn: int, reason: str, ending: str | None = None) -> dict:
    """``reason``: ``ending`` (the game ended by itself) or ``early`` (the facilitator stopped)."""
    return {"type": "end", "at": at, "turn": turn, "reason": reason, "ending": ending}


# --- writing ----------------------------------------------------------------------


class SessionLog:
    """Appends records to a log file through :func:`game.base.files.atomic_append`: each
    record lands whole or not at all, synced before returning, and a link or anything
    but a regular file planted at the log's name is refused (:class:`FileRefused`)
    rather than written through."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, record: Mapping) -> None:
        line = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        atomic_append(self.path, (line + "\n").encode("utf-8"), MAX_BYTES)

    def close(self) -> None:
        """Nothing stays open between records; kept for the callers' ``with``."""

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- reading ----------------------------------------------------------------------


@dataclass
class SessionRead:
    """A log as read: its well-formed records in order, and one warning per bad line."""

    records: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def session(self) -> dict | None:
        return next((r for r in self.records if r["type"] == "session"), None)


def parse_log(text: str, name: str = "session log") -> SessionRead:
    """Parse a log's text; bad lines are skipped with a ``name:line: message`` warning.

    A half-written last line (the power went out mid-write) is expected and skipped
    quietly along with the others.
    """
    result = SessionRead()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            result.warnings.append(f"{name}:{number}: line too long; skipped")
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # nested thousands deep is not a record either
            result.warnings.append(f"{name}:{number}: not a JSON record; skipped")
            continue
        problem = _check(record)
        if problem:
            result.warnings.append(f"{name}:{number}: {printable(problem)}; skipped")
            continue
        try:
            result.records.append(_printable_texts(record))
        except RecursionError:
            result.warnings.append(f"{name}:{number}: nested too deeply; skipped")
    return result


def _printable_texts(value):
    """The record with control characters in its texts written out (``\\x1b``): the log
    may come from anywhere, and the report and the classroom show what it says."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [_printable_texts(item) for item in value]
    if isinstance(value, dict):
        return {printable(key) if isinstance(key, str) else key: _printable_texts(item) for key, item in value.items()}
    return value


def read_log(path: Path) -> SessionRead:
    """Read a log file; a missing or unreadable file gives no records and one warning."""
    path = Path(path)
    try:
        raw = read_bounded(path, MAX_BYTES, "session log")
    except FileNotFoundError:
        return SessionRead()
    except FileRefused as error:
        return SessionRead(warnings=[f"{shown_path(path)}: {error.reason}; ignored"])
    except OSError as error:
        return SessionRead(warnings=[f"{shown_path(path)}: cannot read the session log ({error.strerror or error})"])
    return parse_log(raw.decode("utf-8", errors="replace"), str(path))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(record) -> str | None:
    """Why a record cannot be used, or None. Only the fields the report relies on."""
    if not isinstance(record, dict):
        return "not a JSON object"
    kind = record.get("type")
    if kind not in KINDS:
        return f"unknown record type {str(kind)[:40]!r}"
    if not _is_int(record.get("turn")):
        return "no turn number"
    if kind in ("card", "inject", "decision", "undo") and not isinstance(record.get("card"), str):
        return f"{kind} record without a card"
    if kind in ("decision", "undo") and not _is_int(record.get("choice")):
        return f"{kind} record without a choice"
    if kind == "decision":
        picks = record.get("picks", {})
        if not isinstance(picks, dict) or not all(isinstance(k, str) and (v is None or _is_int(v))
                                                  for k, v in picks.items()):
            return "decision record with malformed picks"
        if not isinstance(record.get("rationale", ""), str) or record.get("method") not in METHODS:
            return "decision record with a malformed method or rationale"
    if kind == "session":
        if not isinstance(record.get("teams", []), list) or not all(isinstance(t, str) for t in record.get("teams", [])):
            return "session record with malformed teams"
    return None


def standing_decisions(records: Iterable[Mapping]) -> list[dict]:
    """The decision records that still stand once every undo has taken its decision back."""
    kept: list[dict] = []
    for record in records:
        if record["type"] == "decision":
            kept.append(dict(record))
        elif record["type"] == "undo" and kept:
            kept.pop()
    return kept


def event_counts(records: Iterable[Mapping]) -> dict[str, int]:
    """How often the facilitator stepped in: pauses, extensions, undos, injects, overrides, timeouts."""
    counts = {"pause": 0, "extend": 0, "undo": 0, "inject": 0, "override": 0, "timeout": 0}
    for record in records:
        kind = record["type"]
        if kind in counts:
            counts[kind] += 1
        if kind == "decision":
            if record.get("override"):
                counts["override"] += 1
            if record.get("method") == "timeout" or record.get("timeout") is True:
                counts["timeout"] += 1
    return counts
