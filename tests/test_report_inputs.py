"""What `report` says when it is given the wrong file, and where it will not write."""

from __future__ import annotations

import os

from game.cli import main


def test_the_session_log_given_to_report_gets_a_clear_message(tmp_path, capsys):
    (tmp_path / "period3.session.jsonl").write_text('{"type":"session","turn":0}\n')
    code = main(["report", "--saves", str(tmp_path), str(tmp_path / "period3.session.jsonl")])
    err = capsys.readouterr().err
    assert code == 1
    assert "session log, not a save" in err and "multivector report period3" in err and "damaged" not in err


def test_report_output_refuses_a_link(tmp_path, capsys, base_content):
    from game.engine import new_game
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    content = base_content
    write_save(tmp_path, "g", content, new_game(content, content.default_scenario.id, 3),
               fingerprint=fingerprint_for_dirs())
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    os.symlink(victim, tmp_path / "out.md")
    assert main(["report", "--saves", str(tmp_path), "g", "-o", str(tmp_path / "out.md")]) == 1
    assert victim.read_text() == "untouched\n" and "cannot write" in capsys.readouterr().err
