"""The classroom's SQLite state: a killed teacher app resumes with every vote."""

from __future__ import annotations

import os

import pytest

from game.base.files import FileRefused
from game.classroom.session import ClassSession, Settings
from game.classroom.store import CODE_ALPHABET, SessionStore
from tests.minicontent import mini_content

SETTINGS = Settings(seed=4, scenario="s", turns=4, teams=("a", "b", "c"), minutes=0)


def test_votes_survive_a_killed_app_and_decisions_are_kept(tmp_path):
    path = tmp_path / "g.session.db"
    store = SessionStore(path, SETTINGS.teams)
    session = ClassSession(mini_content(), SETTINGS, store=store)
    assert not session.revealed  # with a store the ballot is secret until revealed
    session.pick("a", 1)
    session.pick("b", 0)
    code = store.code
    store.close()  # the app is killed: nothing but the database is left

    again = SessionStore(path, SETTINGS.teams)
    resumed = ClassSession(mini_content(), SETTINGS, store=again, resume_from=session.state)
    assert again.code == code and resumed.picks == {"a": 1, "b": 0, "c": None}
    resumed.pick("c", 1)
    outcome = resumed.decide(rationale="Two of  three said so")
    assert outcome.choice == 1
    assert again.decisions() == [{"turn": 1, "card": session.state.card, "choice": 1, "method": "majority",
                                  "override": False, "timeout": False, "picks": {"a": 1, "b": 0, "c": 1},
                                  "rationale": "Two of three said so"}]
    assert all(choice is None for choice in resumed.picks.values())  # the next card starts empty
    resumed.undo()
    assert again.decisions() == [] and set(resumed.picks.values()) == {None}


def test_join_needs_the_code_and_a_real_team(tmp_path):
    store = SessionStore(tmp_path / "g.session.db", ("a",), ("env",))
    assert len(store.code) == 6 and set(store.code) <= set(CODE_ALPHABET)
    assert store.join("nope", "a", 0) is None
    assert store.join(store.code, "zz", 0) is None
    token = store.join(store.code.lower(), "env", 0)
    assert store.seat(token) == "env" and store.seat("forged") is None
    assert not store.send(1, "env", "env", "hi", 0)  # messages go to voting teams
    assert not store.send(1, "env", "a", "   ", 0)
    assert store.send(1, "env", "a", "x" * 1000 + "\n\n", 0)
    assert len(store.messages()[0].text) == 200


def test_a_database_planted_as_a_link_is_refused(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("untouched")
    os.symlink(victim, tmp_path / "g.session.db")
    with pytest.raises(FileRefused):
        SessionStore(tmp_path / "g.session.db", ("a",))
    assert victim.read_text() == "untouched"


KILLED = """
import json, os, signal, sys
sys.path.insert(0, {root!r})
from game.classroom.session import ClassSession, Settings
from game.classroom.store import SessionStore
from tests.minicontent import mini_content
settings = Settings(seed=4, scenario="s", turns=4, teams=("a", "b", "c"), minutes=3)
session = ClassSession(mini_content(), settings, store=SessionStore({path!r}, settings.teams))
session.pick("a", 0); session.pick("b", 0)
session.extend(60)
session.decide(rationale="before the kill")
session.pick("a", 1); session.pick("c", 0)
print(json.dumps([d.choice for d in session.state.decisions]), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_teacher_app_killed_outright_resumes_with_every_vote_and_step(tmp_path):
    """Not a tidy close: the process is killed (SIGKILL) right after the votes; the
    database alone brings back the votes on the card on the table, the decision taken
    with its rationale, and every step of the log."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from game.engine import choose, new_game

    path = tmp_path / "k.session.db"
    root = str(Path(__file__).resolve().parent.parent)
    child = subprocess.run([sys.executable, "-c", KILLED.format(root=root, path=str(path))],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -9, child.stderr
    choices = json.loads(child.stdout)
    settings = Settings(seed=4, scenario="s", turns=4, teams=("a", "b", "c"), minutes=3)
    content = mini_content()
    from game.classroom.session import term_content

    rules = term_content(content, "s", 4)
    state = new_game(rules, "s", 4)
    for choice in choices:
        state, _report = choose(rules, state, choice)
    store = SessionStore(path, settings.teams)
    resumed = ClassSession(content, settings, store=store, resume_from=state)
    assert resumed.picks == {"a": 1, "b": None, "c": 0}
    assert [d["rationale"] for d in store.decisions()] == ["before the kill"]
    assert [e["type"] for e in store.events()] == ["session", "card", "extend", "decision", "card", "card"]
    store.close()


def test_a_database_from_before_rationales_gains_the_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.session.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE decisions (n INTEGER PRIMARY KEY AUTOINCREMENT, turn INTEGER NOT NULL, "
               "card TEXT NOT NULL, choice INTEGER NOT NULL, method TEXT NOT NULL, override INTEGER NOT NULL, "
               "timeout INTEGER NOT NULL, picks TEXT NOT NULL, at REAL NOT NULL, undone INTEGER NOT NULL DEFAULT 0)")
    db.execute("INSERT INTO decisions (turn, card, choice, method, override, timeout, picks, at) "
               "VALUES (1, 'c', 0, 'majority', 0, 0, '{}', 1.0)")
    db.commit()
    db.close()
    store = SessionStore(path, ("a",))
    assert store.decisions()[0]["rationale"] == ""
    store.decided(turn=2, card="d", choice=1, method="facilitator", override=True, timeout=False, picks={},
                  at=2.0, rationale="why")
    assert [d["rationale"] for d in store.decisions()] == ["", "why"]
    store.close()
