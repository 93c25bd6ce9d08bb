"""``play --plain`` tells what really happened after each outcome, unless --no-history."""

from __future__ import annotations

import io

from game.cli import main


def _play_one_quarter(monkeypatch, capsys, tmp_path, *flags: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n"))  # one answer, then the input ends
    code = main(["play", "--plain", "--no-mods", "--seed", "7", "--saves", str(tmp_path), *flags])
    assert code == 0
    return capsys.readouterr().out


def test_plain_mode_prints_the_note_after_the_outcome(monkeypatch, capsys, tmp_path):
    out = " ".join(_play_one_quarter(monkeypatch, capsys, tmp_path).split())
    assert "What really happened: " in out
    # In reading order: the outcome and what moved first, then the history, then the next card.
    assert out.index("Moved:") < out.index("What really happened:") < out.index("turn 2 of")
    assert "Source:" not in out and "http" not in out  # short: the note alone


def test_no_history_leaves_it_out(monkeypatch, capsys, tmp_path):
    out = _play_one_quarter(monkeypatch, capsys, tmp_path, "--no-history")
    assert "Moved:" in out and "What really happened" not in out


def test_a_won_term_says_term_complete_once(monkeypatch, capsys, tmp_path):
    # Seed 5 and always the first answer survive the term (the victory's title is "Term complete").
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 40))
    assert main(["play", "--plain", "--no-mods", "--seed", "5", "--saves", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Term complete." in out and "Term complete. Term complete" not in out


def test_a_plain_game_counts_in_the_record_as_a_full_screen_one(monkeypatch, capsys, tmp_path):
    # Screen-reader players' endings, bests and achievements were never kept: only the
    # full-screen app recorded a game. Both now call GameSession.record_ending.
    from game.loading import load_or_raise
    from game.saves.record import load_record, record_path

    saves = tmp_path / "saves"
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 40))
    assert main(["play", "--plain", "--no-mods", "--seed", "5", "--saves", str(saves)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    record, warning = load_record(record_path(saves))
    assert warning is None and record.played == 1 and record.won == 1
    victory = next(e.id for e in load_or_raise().endings.values() if e.kind == "victory")
    assert record.endings == {victory: 1}
    assert "A new ending for your gallery." in out and "Your best balance in" in out
    assert out.count("Achievement: ") == len(record.achievements)  # none earned by this game


def test_plain_mode_starts_from_the_settings_the_player_chose_last(monkeypatch, capsys, tmp_path):
    # The full screen remembers the hint level and the history setting: plain mode reads
    # the same file, and its flags still win for their run.
    import json

    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"hints": "exact", "history": False}), encoding="utf-8")
    monkeypatch.setenv("MULTIVECTOR_SETTINGS", str(settings))
    out = _play_one_quarter(monkeypatch, capsys, tmp_path)
    assert "Moved:" in out and "What really happened" not in out
    first_card = " ".join(out.split("Your choice")[0].split())
    assert "Elite loyalty +6" in first_card and "(moves:" not in first_card  # exact hints, not dots
    out = " ".join(_play_one_quarter(monkeypatch, capsys, tmp_path, "--hints", "dots").split())
    assert "(moves:" in out  # the flag wins for its run, and is not kept
    assert json.loads(settings.read_text(encoding="utf-8")) == {"hints": "exact", "history": False}
