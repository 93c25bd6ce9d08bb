"""The session log: records, the append-only writer, a reader that survives damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.classroom import sessionlog as slog


def sample_records():
    return [
        slog.session_record(at=1.0, seed=3, scenario="s", turns=4, teams=["a", "b"], decide="majority"),
        slog.card_record(at=2.0, turn=1, card="c1"),
        slog.decision_record(at=3.0, turn=1, card="c1", choice=0, picks={"a": 0, "b": 1}, method="majority",
                             meters={"m": 50}, rationale="because"),
        slog.card_record(at=4.0, turn=2, card="c2"),
        slog.timer_record("pause", at=5.0, turn=2),
        slog.timer_record("resume", at=6.0, turn=2),
        slog.timer_record("extend", at=6.5, turn=2, seconds=60),
        slog.decision_record(at=7.0, turn=2, card="c2", choice=1, picks={"a": 1, "b": 1}, method="majority",
                             meters={"m": 40}),
        slog.undo_record(at=8.0, turn=2, card="c2", choice=1),
        slog.inject_record(at=9.0, turn=2, card="c9", replaced="c2"),
        slog.decision_record(at=10.0, turn=2, card="c9", choice=0, picks={"a": 1, "b": None},
                             method="facilitator", override=True, injected=True, meters={"m": 45}),
        slog.end_record(at=11.0, turn=2, reason="early"),
    ]


def test_write_then_read_round_trip(tmp_path):
    path = tmp_path / "class.session.jsonl"
    with slog.SessionLog(path) as log:
        for record in sample_records():
            log.append(record)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(sample_records()) and all(json.loads(line) for line in lines)
    read = slog.read_log(path)
    assert read.warnings == []
    assert read.records == sample_records()
    assert read.session["teams"] == ["a", "b"]


def test_appending_never_rewrites(tmp_path):
    path = tmp_path / "x.session.jsonl"
    with slog.SessionLog(path) as log:
        log.append(sample_records()[0])
    with slog.SessionLog(path) as log:
        log.append(sample_records()[1])
    assert len(slog.read_log(path).records) == 2


def test_undo_takes_back_the_last_standing_decision():
    standing = slog.standing_decisions(sample_records())
    assert [(d["card"], d["choice"]) for d in standing] == [("c1", 0), ("c9", 0)]
    assert standing[1]["override"] and standing[1]["injected"]


def test_event_counts():
    counts = slog.event_counts(sample_records())
    assert counts == {"pause": 1, "extend": 1, "undo": 1, "inject": 1, "override": 1, "timeout": 0}


def test_damaged_lines_are_skipped_with_a_warning():
    good = [json.dumps(r) for r in sample_records()[:3]]
    text = "\n".join([good[0], "{not json", json.dumps({"type": "boom", "turn": 1}),
                      json.dumps({"type": "decision", "turn": 1, "card": "c", "choice": "x"}),
                      json.dumps([1, 2]), good[1], good[2], '{"type": "card", "tu'])
    read = slog.parse_log(text, "g.session.jsonl")
    assert len(read.records) == 3
    assert len(read.warnings) == 5
    assert read.warnings[0].startswith("g.session.jsonl:2: ")


def test_missing_log_is_empty_and_huge_log_is_refused(tmp_path, monkeypatch):
    assert slog.read_log(tmp_path / "none.jsonl").records == []
    big = tmp_path / "big.session.jsonl"
    big.write_text("x" * 100, encoding="utf-8")
    monkeypatch.setattr(slog, "MAX_BYTES", 10)
    read = slog.read_log(big)
    assert read.records == [] and "too large" in read.warnings[0]


def test_log_path_beside_the_save():
    assert slog.log_path_for(Path("/s/class3.save.json")) == Path("/s/class3.session.jsonl")
    assert slog.log_path_for(Path("/s/auto-000001-x.autosave.json")) == Path("/s/auto-000001-x.session.jsonl")


def test_unknown_method_is_a_programming_error():
    with pytest.raises(ValueError):
        slog.decision_record(at=0, turn=1, card="c", choice=0, picks={}, method="dice", meters={})


def test_a_log_that_is_a_pipe_or_a_device_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "pipe.session.jsonl"
    os.mkfifo(fifo)
    assert "regular file" in slog.read_log(fifo).warnings[0]
    zero = tmp_path / "zero.session.jsonl"
    os.symlink("/dev/zero", zero)
    assert "regular file" in slog.read_log(zero).warnings[0]
