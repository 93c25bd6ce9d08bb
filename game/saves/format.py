"""The save file format: versioned, indented JSON, and its strict reader.

A save is one JSON object (see docs/saves.md)::

    {"kind": "multivector-save", "format": 1, "game_version": "0.1.0",
     "saved_at": "2025-01-31T09:00:00+00:00", "slot": "bar1", "autosave": false,
     "content_fingerprint": "sha256:...", "scenario": "...", "seed": 3,
     "choices": [1, 2, 1], "injects": [{"turn": 2, "card": "..."}],
     "summary": {...for people, never read...}, "meta": {...}, "state": {...every GameState field...}}

``choices`` are 1-based, as typed after ``--choices``; the state's decisions keep the
engine's 0-based index. Everything read is checked for type and range before a
GameState is built, so a damaged or hand-edited file becomes a one-line
:class:`SaveError`, never a traceback. Older formats are migrated step by step.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from typing import Any

from game.base.text import UNSAFE
from game.engine import (
    METER_MAX,
    METER_MIN,
    ActiveLingering,
    Decision,
    GameState,
    PendingFollowUp,
    injects_of,
    quarter_step,
)
from game.base.i18n import _
from game.saves.errors import SaveError, printable

KIND = "multivector-save"
FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024
# Values (objects, lists, keys, numbers, texts) in one save, counted on its bytes before
# it is parsed: a game of 400 quarters with 32 meters and a class's votes holds well
# under 50,000, while 16 MB of "[],[],..." would be five million, a gigabyte once parsed.
MAX_VALUES = 200_000
MAX_ITEMS = 10_000
MAX_ID = 200
RNG_LIMIT = 1 << 64
_NUMBER_START = re.compile(r"-?[0-9.eE+-]*")
SEED_LIMIT = 1 << 64


class Damaged(Exception):
    """A value in the file is not what the format says; ``where`` is its JSON path."""

    def __init__(self, where: str, what: str) -> None:
        self.where = where
        self.what = what
        super().__init__(f"{where}: {what}")


@dataclass(frozen=True)
class Record:
    """What a replay needs: scenario, seed, 0-based choices, injects in order: ``(turn,
    card)``, or ``(turn, card, step)`` for a later card of a quarter (see the engine's
    ``replay_states``)."""

    scenario: str
    seed: int
    choices: tuple[int, ...]
    injects: tuple[tuple, ...] = ()

    @classmethod
    def of_state(cls, state: GameState) -> Record:
        """The record of a game, read off its decisions and the card on the table."""
        injects = list(injects_of(state))
        if state.card_is_injected and state.card is not None:
            step = quarter_step(state)
            injects.append((state.turn, state.card, step) if step else (state.turn, state.card))
        return cls(state.scenario, state.seed, state.choices_made, tuple(injects))


@dataclass
class Document:
    """A save file's contents after checking and migration to the current format."""

    format_read: int
    game_version: str | None
    saved_at: datetime | None
    slot: str | None
    autosave: bool
    fingerprint: str | None
    record: Record
    meta: dict
    state: GameState
    notes: list[str]


# --- writing ------------------------------------------------------------------------


def encode_state(state: GameState) -> dict:
    """Every GameState field as plain JSON values (sets sorted, tuples as lists). The
    fields content may never use are written only when it does (``counters``, a
    follow-up's ``same_quarter``), so a game without them saves as it always did."""
    encoded = {
        "scenario": state.scenario,
        "seed": state.seed,
        "turn": state.turn,
        "date": state.date,
        "meters": dict(state.meters),
        "flags": sorted(state.flags),
        "situations": list(state.situations),
        "pending": [{"card": p.card, "due": p.due, "source": p.source, **({"same_quarter": True} if p.same_quarter else {})}
                    for p in state.pending],
        "lingering": [
            {"meter": l.meter, "amount": l.amount, "turns": l.turns, "elapsed": l.elapsed, "source": l.source}
            for l in state.lingering
        ],
        "last_dealt": dict(state.last_dealt),
        "card": state.card,
        "card_is_followup": state.card_is_followup,
        "card_is_injected": state.card_is_injected,
        "rng": state.rng,
        "decisions": [
            {"turn": d.turn, "date": d.date, "card": d.card, "choice": d.choice,
             "followup": d.followup, "injected": d.injected}
            for d in state.decisions
        ],
        "history": [dict(snapshot) for snapshot in state.history],
        "ending": state.ending,
        "decisive_card": state.decisive_card,
        "score": state.score,
        "grade": state.grade,
    }
    if state.counters:
        encoded["counters"] = {name: state.counters[name] for name in sorted(state.counters)}
    return encoded


def build_document(state: GameState, *, record: Record, slot: str | None, autosave: bool,
                   fingerprint: str | None, meta: dict, game_version: str, saved_at: datetime,
                   summary: dict | None = None) -> dict:
    document = {
        "kind": KIND,
        "format": FORMAT,
        "game_version": game_version,
        "saved_at": saved_at.isoformat(timespec="seconds"),
        "slot": slot,
        "autosave": autosave,
        "content_fingerprint": fingerprint,
        "scenario": record.scenario,
        "seed": record.seed,
        "choices": [choice + 1 for choice in record.choices],
        "injects": [{"turn": turn, "card": card, **({"step": step[0]} if step else {})}
                    for turn, card, *step in record.injects],
        "summary": summary or {},
        "meta": _printable_meta(meta),
        "state": encode_state(state),
    }
    return document


def _printable_meta(meta: Any) -> Any:
    """``meta`` with control characters in its texts written out, as the reader insists: a
    rationale pasted with an escape in it must not make the save unreadable."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return printable(value) if _CONTROL.search(value) else value
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, dict):
            return {clean(key): clean(item) for key, item in value.items()}
        return value

    try:
        return clean(meta)
    except RecursionError:
        return meta  # dumps() refuses it, saying why


def dumps(document: dict) -> bytes:
    """Indented UTF-8 JSON, short lists and objects on one line; NaN and the like refused."""
    try:
        json.dumps(document, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise SaveError(_("cannot save: meta must hold plain JSON values ({error})").format(error=error)) from None
    except RecursionError:
        raise SaveError(_("cannot save: meta is nested too deeply")) from None
    try:
        text = _pretty(document, 0)
    except RecursionError:
        text = json.dumps(document, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


_WIDTH = 120


def _pretty(value: Any, indent: int) -> str:
    """Like ``json.dumps(indent=2)`` but a value whose flat form fits the line stays on it,
    so a history entry or the list of choices reads as one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or len(flat) + indent <= _WIDTH:
        return flat
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_pretty(v, indent + 2)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if all(not isinstance(v, (dict, list)) for v in value):
        lines, line = [], ""
        for part in (json.dumps(v, ensure_ascii=False) for v in value):
            if line and len(inner) + len(line) + len(part) + 2 > _WIDTH:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {part}" if line else part
        lines.append(line)
        return "[\n" + "\n".join(inner + l for l in lines) + "\n" + pad + "]"
    return "[\n" + ",\n".join(inner + _pretty(v, indent + 2) for v in value) + "\n" + pad + "]"


# --- reading: checked accessors -----------------------------------------------------


def _int(value: Any, where: str, low: int | None = None, high: int | None = None) -> int:
    if type(value) is not int:  # bool is an int subclass; refuse it too
        raise Damaged(where, f"expected a whole number, found {_show(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"{low if low is not None else '...'}..{high if high is not None else '...'}"
        raise Damaged(where, f"{value} is outside {bounds}")
    return value


# What no text of a save holds: terminal controls and bidirectional overrides (the game
# never writes them; shown in a terminal they could rewrite the screen).
_CONTROL = UNSAFE


def _str(value: Any, where: str, limit: int = MAX_ID) -> str:
    if not isinstance(value, str):
        raise Damaged(where, f"expected text, found {_show(value)}")
    if len(value) > limit:
        raise Damaged(where, f"text longer than {limit} characters")
    if _CONTROL.search(value):
        raise Damaged(where, _control_message(value))
    return value


def _control_message(value: str) -> str:
    found = _CONTROL.search(value)
    assert found is not None
    return f"a control character (U+{ord(found.group()):04X}) in a text"


def _plain_json(value: Any, where: str) -> None:
    """Every text in ``value`` (keys too) free of control characters; iterative, any depth."""
    pending = [(value, where)]
    while pending:
        item, at = pending.pop()
        if isinstance(item, str):
            if _CONTROL.search(item):
                raise Damaged(at, _control_message(item))
        elif isinstance(item, dict):
            for key, inner in item.items():
                if isinstance(key, str) and _CONTROL.search(key):
                    raise Damaged(at, _control_message(key))
                pending.append((inner, f"{at}.{printable(str(key))[:40]}"))
        elif isinstance(item, list):
            pending.extend((inner, f"{at}[{index}]") for index, inner in enumerate(item))


def _opt_str(value: Any, where: str) -> str | None:
    return None if value is None else _str(value, where)


def _bool(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise Damaged(where, f"expected true or false, found {_show(value)}")
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise Damaged(where, f"expected a list, found {_show(value)}")
    if len(value) > MAX_ITEMS:
        raise Damaged(where, f"more than {MAX_ITEMS} items")
    return value


def _obj(value: Any, where: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = (),
         closed: bool = True) -> dict:
    if not isinstance(value, dict):
        raise Damaged(where, f"expected an object, found {_show(value)}")
    for key in required:
        if key not in value:
            raise Damaged(where, f"missing {key!r}")
    if closed:
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                raise Damaged(where, f"unexpected field {key!r}")
    return value


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _meters(value: Any, where: str) -> dict[str, int]:
    data = _obj(value, where, closed=False)
    if len(data) > MAX_ITEMS:
        raise Damaged(where, f"more than {MAX_ITEMS} meters")
    return {_str(k, where): _int(v, f"{where}.{k}", METER_MIN, METER_MAX) for k, v in data.items()}


# --- reading: the state -------------------------------------------------------------


# GameState fields a save may leave out (older saves, games that never used them).
_OPTIONAL_STATE = ("counters",)
# A counter moves at most 100 a choice; a game long enough to pass this is not one.
COUNTER_LIMIT = 1_000_000


def decode_state(value: Any, where: str = "state") -> GameState:
    """The GameState written by :func:`encode_state`, checked field by field."""
    names = tuple(f.name for f in fields(GameState) if f.name not in _OPTIONAL_STATE)
    s = _obj(value, where, required=names, optional=_OPTIONAL_STATE)
    w = lambda key: f"{where}.{key}"  # noqa: E731
    pending = []
    for i, item in enumerate(_list(s["pending"], w("pending"))):
        at = f"{w('pending')}[{i}]"
        p = _obj(item, at, required=("card", "due", "source"), optional=("same_quarter",))
        pending.append(PendingFollowUp(_str(p["card"], at + ".card"), _int(p["due"], at + ".due", 1, 1_000_000),
                                       _str(p["source"], at + ".source"),
                                       _bool(p.get("same_quarter", False), at + ".same_quarter")))
    lingering = []
    for i, item in enumerate(_list(s["lingering"], w("lingering"))):
        at = f"{w('lingering')}[{i}]"
        l = _obj(item, at, required=("meter", "amount", "turns", "elapsed", "source"))
        turns = _int(l["turns"], at + ".turns", 1, 1000)
        lingering.append(ActiveLingering(
            _str(l["meter"], at + ".meter"), _int(l["amount"], at + ".amount", -1000, 1000), turns,
            _int(l["elapsed"], at + ".elapsed", 0, turns - 1), _str(l["source"], at + ".source")))
    decisions = []
    for i, item in enumerate(_list(s["decisions"], w("decisions"))):
        at = f"{w('decisions')}[{i}]"
        d = _obj(item, at, required=("turn", "date", "card", "choice", "followup", "injected"))
        decisions.append(Decision(
            turn=_int(d["turn"], at + ".turn", 1, 1_000_000), date=_int(d["date"], at + ".date", 0, 10_000_000),
            card=_str(d["card"], at + ".card"), choice=_int(d["choice"], at + ".choice", 0, 99),
            followup=_bool(d["followup"], at + ".followup"), injected=_bool(d["injected"], at + ".injected")))
    last_dealt_raw = _obj(s["last_dealt"], w("last_dealt"), closed=False)
    if len(last_dealt_raw) > MAX_ITEMS:
        raise Damaged(w("last_dealt"), f"more than {MAX_ITEMS} cards")
    last_dealt = {_str(k, w("last_dealt")): _int(v, f"{w('last_dealt')}.{k}", 1, 1_000_000)
                  for k, v in last_dealt_raw.items()}
    history = tuple(_meters(h, f"{w('history')}[{i}]") for i, h in enumerate(_list(s["history"], w("history"))))
    flags = [_str(f, f"{w('flags')}[{i}]") for i, f in enumerate(_list(s["flags"], w("flags")))]
    situations = [_str(x, f"{w('situations')}[{i}]") for i, x in enumerate(_list(s["situations"], w("situations")))]
    score = s["score"]
    counters_raw = _obj(s.get("counters", {}), w("counters"), closed=False)
    if len(counters_raw) > MAX_ITEMS:
        raise Damaged(w("counters"), f"more than {MAX_ITEMS} counters")
    counters = {_str(k, w("counters")): _int(v, f"{w('counters')}.{k}", -COUNTER_LIMIT, COUNTER_LIMIT)
                for k, v in counters_raw.items()}
    return GameState(
        scenario=_str(s["scenario"], w("scenario")),
        seed=_int(s["seed"], w("seed"), -SEED_LIMIT, SEED_LIMIT),
        turn=_int(s["turn"], w("turn"), 1, 1_000_000),
        date=_int(s["date"], w("date"), 0, 10_000_000),
        meters=_meters(s["meters"], w("meters")),
        flags=frozenset(flags),
        situations=tuple(situations),
        pending=tuple(pending),
        lingering=tuple(lingering),
        last_dealt=last_dealt,
        card=_opt_str(s["card"], w("card")),
        card_is_followup=_bool(s["card_is_followup"], w("card_is_followup")),
        card_is_injected=_bool(s["card_is_injected"], w("card_is_injected")),
        rng=_int(s["rng"], w("rng"), 0, RNG_LIMIT - 1),
        decisions=tuple(decisions),
        history=history,
        ending=_opt_str(s["ending"], w("ending")),
        decisive_card=_opt_str(s["decisive_card"], w("decisive_card")),
        score=None if score is None else _int(score, w("score"), 0, 100),
        grade=_opt_str(s["grade"], w("grade")),
        counters={name: value for name, value in counters.items() if value},
    )


# --- reading: the document ----------------------------------------------------------


def _from_0_to_1(doc: dict) -> dict:
    """Format 0 -> 1: add injects, the content fingerprint, meta and the timestamp.

    Format 0 never shipped. It is the layout saves had before the classroom could inject
    cards: 0-based ``choices``, the game version under ``version``, no fingerprint, no
    meta, and a state without ``card_is_injected`` (nor ``injected`` in decisions). It is
    kept so that the migration chain is exercised by tests before it is needed.
    Garbage is passed through unchanged for the format-1 checks to report.
    """
    new: dict[str, Any] = {
        "kind": KIND,
        "format": 1,
        "game_version": doc.get("version"),
        "saved_at": None,
        "slot": None,
        "autosave": False,
        "content_fingerprint": None,
        "scenario": doc.get("scenario"),
        "seed": doc.get("seed"),
        "choices": doc.get("choices"),
        "injects": [],
        "meta": {},
        "state": doc.get("state"),
    }
    choices = new["choices"]
    if isinstance(choices, list):
        new["choices"] = [c + 1 if type(c) is int else c for c in choices]
    state = new["state"]
    if isinstance(state, dict):
        state = dict(state)
        state.setdefault("card_is_injected", False)
        if isinstance(state.get("decisions"), list):
            state["decisions"] = [dict(d, injected=d.get("injected", False)) if isinstance(d, dict) else d
                                  for d in state["decisions"]]
        new["state"] = state
    return new


# format number -> function turning a document of that format into the next one.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _from_0_to_1}


def parse(data: bytes) -> Document:
    """Check and migrate a save file's bytes. Raises :class:`SaveError` (one line)."""
    if len(data) > MAX_BYTES:
        raise SaveError(_("too large to be a save ({size} bytes)").format(size=len(data)))
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark, as Notepad writes one
        data = data[3:]
    if _most_values(data) > MAX_VALUES:
        raise SaveError(_("not a save: it holds more than {count} values, far more than any game "
                          "(a flood of values?)").format(count=f"{MAX_VALUES:,}"))
    if not data.strip():
        raise SaveError(_("the file is empty (an interrupted copy?)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(_("not a save: the file is not UTF-8 text (damaged, or another kind of file)")) from None
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        if _ends_too_early(text, error):
            raise SaveError(_("damaged save: the file ends too early (truncated?)")) from None
        raise SaveError(_("damaged save: not valid JSON at line {line}, column {column}").format(
            line=error.lineno, column=error.colno)) from None
    except (ValueError, RecursionError):
        raise SaveError(_("damaged save: the JSON holds values no save contains")) from None
    if not isinstance(doc, dict) or doc.get("kind") != KIND:
        raise SaveError(_("not a Multi-Vector save (JSON, but not written by this game)"))
    version = doc.get("format")
    if type(version) is not int:
        raise SaveError(_("damaged save: its format number is missing or not a number"))
    if version > FORMAT:
        by = doc.get("game_version")
        by = f" ({printable(by)})" if isinstance(by, str) and len(by) < 40 else ""
        raise SaveError(_("written by a newer version of the game{by}: save format {version}, this version "
                          "reads up to {newest}; update the game to load it").format(by=by, version=version,
                                                                                      newest=FORMAT))
    if version < 0 or (version < FORMAT and version not in MIGRATIONS):
        raise SaveError(_("unknown save format {version}").format(version=version))
    notes: list[str] = []
    format_read = version
    while version < FORMAT:
        doc = MIGRATIONS[version](doc)
        version += 1
    if format_read < FORMAT:
        notes.append(_("migrated from save format {old}; it will be written as format {new}").format(
            old=format_read, new=FORMAT))
    try:
        return _decode_document(doc, format_read, notes)
    except Damaged as error:
        raise SaveError(_("damaged save: {where}: {what}").format(where=error.where, what=error.what)) from None


def _most_values(data: bytes) -> int:
    """At most how many values the JSON in ``data`` holds, counted without parsing it:
    every value but the first follows a comma, a colon or an opening bracket."""
    return data.count(b",") + data.count(b":") + data.count(b"[") + data.count(b"{") + 1


def _ends_too_early(text: str, error: json.JSONDecodeError) -> bool:
    """Whether the JSON broke because the text stopped, not because of a bad character:
    the error is at the very end, or a string opened there runs to the end."""
    end = len(text.rstrip())
    if error.pos >= end - 1:
        return True
    rest = text[error.pos:end]
    if error.msg.startswith("Unterminated string"):
        return '"' not in rest[1:]
    # Cut inside a literal or a number: what is left is the start of one.
    return any(word.startswith(rest) for word in ("true", "false", "null")) or _NUMBER_START.fullmatch(rest) is not None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _decode_document(doc: dict, format_read: int, notes: list[str]) -> Document:
    # Unknown top-level fields are tolerated: a later format-1 writer may add some.
    _obj(doc, "save", required=("scenario", "seed", "choices", "state"), closed=False)
    choices = tuple(_int(c, f"choices[{i}]", 1, 99) - 1 for i, c in enumerate(_list(doc["choices"], "choices")))
    injects = []
    for i, item in enumerate(_list(doc.get("injects", []), "injects")):
        at = f"injects[{i}]"
        entry = _obj(item, at, required=("turn", "card"), optional=("step",))
        inject = (_int(entry["turn"], at + ".turn", 1, 1_000_000), _str(entry["card"], at + ".card"))
        step = _int(entry.get("step", 0), at + ".step", 0, 1_000)
        injects.append((*inject, step) if step else inject)
    meta = doc.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Damaged("meta", f"expected an object, found {_show(meta)}")
    _plain_json(meta, "meta")  # given to the interfaces, which show some of it
    record = Record(
        scenario=_str(doc["scenario"], "scenario"),
        seed=_int(doc["seed"], "seed", -SEED_LIMIT, SEED_LIMIT),
        choices=choices,
        injects=tuple(injects),
    )
    autosave = doc.get("autosave", False)
    return Document(
        format_read=format_read,
        game_version=_opt_str(doc.get("game_version"), "game_version"),
        saved_at=_timestamp(doc.get("saved_at")),
        slot=_opt_str(doc.get("slot"), "slot"),
        autosave=_bool(autosave, "autosave"),
        fingerprint=_opt_str(doc.get("content_fingerprint"), "content_fingerprint"),
        record=record,
        meta=meta,
        state=decode_state(doc["state"]),
        notes=notes,
    )


# The save times a game can have written: anything else was edited, and is dropped
# here so that no screen converts it (a date near year 1 or 9999 overflows once moved to
# the player's time zone).
EARLIEST_SAVE = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST_SAVE = datetime(3000, 1, 1, tzinfo=timezone.utc)


def _timestamp(value: Any) -> datetime | None:
    """The save time, in UTC; an unreadable or absurd one is dropped, not fatal (it only
    orders lists)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        stamp = datetime.fromisoformat(value)
        if stamp.tzinfo is None or not math.isfinite(stamp.timestamp()):
            return None
        stamp = stamp.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    if not EARLIEST_SAVE <= stamp < LATEST_SAVE:
        return None
    return stamp
