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
    outcome = resumed.decide()
    assert outcome.choice == 1
    assert again.decisions() == [{"turn": 1, "card": session.state.card, "choice": 1, "method": "majority",
                                  "override": False, "timeout": False, "picks": {"a": 1, "b": 0, "c": 1}}]
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
