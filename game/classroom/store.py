"""The classroom's live state in SQLite: seats, votes, lobbying messages and decisions.

One database beside the save (``<slot>.session.db``), in WAL mode, written as each vote
arrives, so a teacher's app that is killed loses nothing: ``--load`` reads the votes on
the card that was on the table back from here. The JSON Lines session log stays the
export the report reads; this file is the working state of a lesson with devices.

Everything in it came from a student's browser: ids are checked against the session's
teams before they are stored, texts are bounded here and escaped wherever they are shown.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from game.base.files import FileRefused, is_regular

SUFFIX = ".session.db"
MESSAGE_MAX = 200          # one line of lobbying
SEATS_MAX = 200            # devices that may join one session
# A join code a class can read off a projector and type on a phone: no 0/O or 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams (id TEXT PRIMARY KEY, envoy INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS members (token TEXT PRIMARY KEY, team TEXT NOT NULL REFERENCES teams(id),
                                    joined REAL NOT NULL);
CREATE TABLE IF NOT EXISTS votes (turn INTEGER NOT NULL, card TEXT NOT NULL, team TEXT NOT NULL,
                                  choice INTEGER, seat TEXT, at REAL NOT NULL, open INTEGER NOT NULL DEFAULT 1,
                                  PRIMARY KEY (turn, card, team, open));
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY AUTOINCREMENT, turn INTEGER NOT NULL,
                                     sender TEXT NOT NULL, recipient TEXT NOT NULL, text TEXT NOT NULL,
                                     at REAL NOT NULL, shown INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS decisions (n INTEGER PRIMARY KEY AUTOINCREMENT, turn INTEGER NOT NULL,
                                      card TEXT NOT NULL, choice INTEGER NOT NULL, method TEXT NOT NULL,
                                      override INTEGER NOT NULL, timeout INTEGER NOT NULL, picks TEXT NOT NULL,
                                      at REAL NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS events (n INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, record TEXT NOT NULL);
"""


def store_path_for(save_path: Path) -> Path:
    """``class3.save.json`` -> ``class3.session.db`` (beside the session log)."""
    from game.classroom.sessionlog import SUFFIX as LOG_SUFFIX, log_path_for

    log = log_path_for(save_path)
    return log.with_name(log.name[: -len(LOG_SUFFIX)] + SUFFIX)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class Message:
    id: int
    turn: int
    sender: str
    recipient: str
    text: str
    shown: bool


class SessionStore:
    """The database of one session. ``teams`` and ``envoys``: the role ids that may join."""

    def __init__(self, path: Path | str, teams: Iterable[str], envoys: Iterable[str] = ()) -> None:
        self.path = Path(path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            _refuse_non_regular(Path(str(self.path) + suffix))
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # a vote acknowledged is a vote kept
        self.db.executescript(_SCHEMA)
        # A database from before decisions kept their rationale gains the column.
        if "rationale" not in {row[1] for row in self.db.execute("PRAGMA table_info(decisions)")}:
            self.db.execute("ALTER TABLE decisions ADD COLUMN rationale TEXT NOT NULL DEFAULT ''")
        self.teams = tuple(teams)
        self.envoys = tuple(envoys)
        with self.db:
            for team in self.teams:
                self.db.execute("INSERT OR IGNORE INTO teams VALUES (?, 0)", (team,))
            for envoy in self.envoys:
                self.db.execute("INSERT OR IGNORE INTO teams VALUES (?, 1)", (envoy,))
        self.code = self._meta("code") or self._set_meta("code", new_code())

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> str:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        return value

    # --- seats ------------------------------------------------------------------------

    def join(self, code: str, team: str, at: float) -> str | None:
        """A new seat's token, or None if the code or the team is wrong (or the room is full)."""
        if not secrets.compare_digest(str(code).strip().upper().encode(), self.code.encode()):
            return None
        if team not in self.teams + self.envoys:
            return None
        if self.db.execute("SELECT COUNT(*) FROM members").fetchone()[0] >= SEATS_MAX:
            return None
        token = secrets.token_urlsafe(18)
        self.db.execute("INSERT INTO members VALUES (?, ?, ?)", (token, team, at))
        return token

    def seat(self, token: str | None) -> str | None:
        """The team of a seat's token, or None."""
        if not token or len(token) > 64:
            return None
        row = self.db.execute("SELECT team FROM members WHERE token = ?", (token,)).fetchone()
        return row[0] if row else None

    def seats(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT team, COUNT(*) FROM members GROUP BY team").fetchall())

    # --- votes ------------------------------------------------------------------------

    def vote(self, turn: int, card: str, team: str, choice: int | None, at: float, seat: str | None = None) -> None:
        """The team's pick on this card (a later one replaces it, until the decision)."""
        if team not in self.teams:
            raise KeyError(team)
        self.db.execute("INSERT OR REPLACE INTO votes VALUES (?, ?, ?, ?, ?, ?, 1)",
                        (turn, card, team, choice, seat, at))

    def votes(self, turn: int, card: str) -> dict[str, int | None]:
        """The open picks on this card, by team."""
        rows = self.db.execute("SELECT team, choice FROM votes WHERE turn = ? AND card = ? AND open = 1",
                               (turn, card)).fetchall()
        return {team: choice for team, choice in rows if team in self.teams}

    def decided(self, *, turn: int, card: str, choice: int, method: str, override: bool, timeout: bool,
                picks: Mapping[str, int | None], at: float, rationale: str = "") -> None:
        """Close the card's ballot and record the decision, in one transaction."""
        with self.db:
            self.db.execute("DELETE FROM votes WHERE turn = ? AND card = ? AND open = 0", (turn, card))
            self.db.execute("UPDATE votes SET open = 0 WHERE turn = ? AND card = ?", (turn, card))
            self.db.execute("INSERT INTO decisions (turn, card, choice, method, override, timeout, picks, at, "
                            "rationale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (turn, card, choice, method, int(override), int(timeout), json.dumps(dict(picks)), at,
                             rationale))

    def event(self, record: Mapping) -> None:
        """One record of the session log, kept here too: every step the facilitator took
        (from the keyboard or the teacher's page alike) survives a killed app."""
        self.db.execute("INSERT INTO events (type, record) VALUES (?, ?)",
                        (str(record.get("type", "")), json.dumps(dict(record), ensure_ascii=False)))

    def events(self) -> list[dict]:
        return [json.loads(r) for (r,) in self.db.execute("SELECT record FROM events ORDER BY n")]

    def undone(self) -> None:
        """The last standing decision was taken back."""
        self.db.execute("UPDATE decisions SET undone = 1 WHERE n = (SELECT MAX(n) FROM decisions WHERE undone = 0)")

    def decisions(self) -> list[dict]:
        rows = self.db.execute("SELECT turn, card, choice, method, override, timeout, picks, rationale "
                               "FROM decisions WHERE undone = 0 ORDER BY n").fetchall()
        return [{"turn": t, "card": c, "choice": ch, "method": m, "override": bool(o), "timeout": bool(to),
                 "picks": json.loads(p), "rationale": r} for t, c, ch, m, o, to, p, r in rows]

    # --- lobbying ---------------------------------------------------------------------

    def send(self, turn: int, sender: str, recipient: str, text: str, at: float) -> bool:
        """Store a one-line message from ``sender`` to a team; False if it is not valid."""
        line = " ".join(str(text).split())[:MESSAGE_MAX]
        if not line or sender not in self.teams + self.envoys or recipient not in self.teams:
            return False
        self.db.execute("INSERT INTO messages (turn, sender, recipient, text, at) VALUES (?, ?, ?, ?, ?)",
                        (turn, sender, recipient, line, at))
        return True

    def messages(self, *, unshown: bool = False) -> list[Message]:
        query = "SELECT id, turn, sender, recipient, text, shown FROM messages"
        rows = self.db.execute(query + (" WHERE shown = 0" if unshown else "") + " ORDER BY id").fetchall()
        return [Message(i, t, s, r, x, bool(sh)) for i, t, s, r, x, sh in rows]

    def mark_shown(self, message_id: int) -> None:
        self.db.execute("UPDATE messages SET shown = 1 WHERE id = ?", (message_id,))


def _refuse_non_regular(path: Path) -> None:
    """SQLite follows links: a database planted as a link (or a pipe) is refused first."""
    if os.path.lexists(path) and not is_regular(path):
        raise FileRefused(f"{path.name} is not a regular file: the game will not write through it")
