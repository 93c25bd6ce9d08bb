"""A hostile save folder: links planted where the classroom writes its log and report,
and team ids in a save's meta that are not roles (issue: the classroom follows links)."""

from __future__ import annotations

import json
import os

import pytest

from game.base.files import FileRefused
from game.classroom import sessionlog as slog
from game.classroom.session import ClassSession, Settings
from game.cli import main
from game.commands.classroom import settings_from_meta
from game.tui.classroom.app import Saver
from tests.minicontent import mini_content


def test_the_session_log_refuses_a_planted_link(tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("untouched\n")
    os.symlink(victim, tmp_path / "g.session.jsonl")
    log = slog.SessionLog(tmp_path / "g.session.jsonl")
    with pytest.raises(FileRefused):
        log.append({"type": "session", "turn": 0, "teams": ["$(rm -rf ~)"]})
    assert victim.read_text() == "untouched\n"


def test_the_session_log_is_appended_whole(tmp_path):
    with slog.SessionLog(tmp_path / "g.session.jsonl") as log:
        log.append({"type": "pause", "turn": 1, "at": 1.0})
        log.append({"type": "resume", "turn": 1, "at": 2.0})
    assert [r["type"] for r in slog.read_log(tmp_path / "g.session.jsonl").records] == ["pause", "resume"]


def test_the_report_refuses_a_planted_link(tmp_path):
    victim = tmp_path / "important.txt"
    victim.write_text("untouched\n")
    os.symlink(victim, tmp_path / "g.report.html")
    settings = Settings(seed=4, scenario="s", turns=2, teams=("a",), minutes=0)
    session = ClassSession(mini_content(), settings)
    saver = Saver(tmp_path, "g", "")
    problem = saver.write_report(session)
    assert problem and "link" in problem and saver.report is None
    assert victim.read_text() == "untouched\n"


def test_team_ids_in_a_save_are_checked_against_the_roles(base_content):
    meta = {"classroom": {"seed": 1, "scenario": base_content.default_scenario.id, "turns": 3,
                          "teams": ["$(touch /tmp/pwned)"], "decide": "majority"}}
    settings, problem = settings_from_meta(meta, base_content)
    assert settings is None and "$(touch /tmp/pwned)" not in problem and "team" in problem
    meta["classroom"]["teams"] = ["foreign_ministry"]
    settings, problem = settings_from_meta(meta, base_content)
    assert settings is not None and settings.teams == ("foreign_ministry",) and problem is None
    meta["classroom"]["decide"] = "anarchy"
    assert settings_from_meta(meta, base_content)[0] is None


def test_classroom_load_refuses_a_save_with_foreign_teams(tmp_path, capsys, base_content):
    from game.engine import new_game
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    scenario = base_content.default_scenario.id
    from game.classroom.session import term_content

    rules = term_content(base_content, scenario, 3)
    meta = {"classroom": {"seed": 1, "scenario": scenario, "turns": 3, "teams": ["evil\x1b[2J"],
                          "decide": "majority"}}
    write_save(tmp_path, "bad", rules, new_game(rules, scenario, 1), fingerprint=fingerprint_for_dirs(), meta=meta)
    assert main(["classroom", "--saves", str(tmp_path), "--load", "bad"]) != 0
    err = capsys.readouterr().err
    assert "team" in err and "\x1b" not in err
