"""Saves and session logs from strangers: refused cleanly, never shown raw, never lost.

The saves engineer's tests (test_saves_*.py, test_replay*.py) cover damaged, foreign,
newer and hand-edited files. What is added here: texts holding terminal controls (a save
or its file name is shown in terminals), pathological JSON, a session log that is nested
thousands deep, a cheat seen in the game's own load dialog, and what the game itself
writes always reading back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.classroom.sessionlog import parse_log
from game.engine import choose, new_game
from game.saves.errors import SaveError
from game.saves.fingerprint import content_fingerprint
from game.saves.store import list_saves, read_save, write_save
from game.saves.format import parse

REPO = Path(__file__).resolve().parent.parent
ESC = "\x1b[2J\x1b]0;owned\x07\u202e"


def _no_controls(text: str) -> None:
    assert not any(ch in text for ch in ("\x1b", "\x07", "\u202e")), repr(text)


@pytest.fixture(scope="module")
def loaded():
    from game.loading import load_content

    result = load_content(REPO / "content")
    assert result.ok
    return result


@pytest.fixture(scope="module")
def fingerprint(loaded):
    return content_fingerprint(loaded.files)


@pytest.fixture
def good(loaded, fingerprint, tmp_path):
    content = loaded.content
    state = new_game(content, None, 3)
    for choice in (0, 1, 0):
        state, _ = choose(content, state, choice)
    path = write_save(tmp_path, "good", content, state, fingerprint=fingerprint, meta={"hints": "dots"})
    return path, json.loads(path.read_text(encoding="utf-8"))


def _edit(document: dict, change) -> dict:
    copy = json.loads(json.dumps(document))
    change(copy)
    return copy


EDITS = {
    "meter name": lambda d: d["state"]["meters"].__setitem__(ESC, 50),
    "scenario": lambda d: (d.__setitem__("scenario", ESC), d["state"].__setitem__("scenario", ESC)),
    "card": lambda d: d["state"].__setitem__("card", ESC),
    "flag": lambda d: d["state"]["flags"].append(ESC),
    "situation": lambda d: d["state"]["situations"].append(ESC),
    "slot": lambda d: d.__setitem__("slot", ESC),
    "fingerprint": lambda d: d.__setitem__("content_fingerprint", ESC),
    "game version": lambda d: d.__setitem__("game_version", ESC),
    "newer version": lambda d: (d.__setitem__("game_version", ESC[:30]), d.__setitem__("format", 2)),
    "inject": lambda d: d["injects"].append({"turn": 1, "card": ESC}),
    "meta text": lambda d: d["meta"].__setitem__("note", ESC),
    "meta key": lambda d: d["meta"].__setitem__(ESC, 1),
    "meta deep": lambda d: d["meta"].__setitem__("votes", [{"team": [ESC]}]),
    "decision card": lambda d: d["state"]["decisions"][0].__setitem__("card", ESC),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_a_text_with_terminal_controls_is_refused_and_never_shown_raw(what, good, loaded, fingerprint):
    path, document = good
    edited = path.with_name(f"edited.save.json")
    edited.write_text(json.dumps(_edit(document, EDITS[what])), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        read_save(edited, loaded.content, fingerprint)
    _no_controls(str(caught.value))
    for info in list_saves(path.parent):
        for value in (info.slot, info.error, info.scenario, info.game_version, info.fingerprint, info.ending):
            if isinstance(value, str):
                _no_controls(value)


def test_a_file_name_with_terminal_controls_is_listed_printably(good):
    path, _ = good
    odd = path.with_name(f"{ESC[:8]}.save.json")
    odd.write_bytes(path.read_bytes())
    slots = [info.slot for info in list_saves(path.parent)]
    assert len(slots) == 2
    for slot in slots:
        _no_controls(slot)
    assert "\\x1b[2J" in " ".join(slots)


def test_what_the_game_writes_it_reads_back_even_with_a_pasted_escape(good, loaded, fingerprint):
    # A facilitator pastes a rationale with an escape in it: the save must not be lost.
    path, _ = good
    state = read_save(path, loaded.content, fingerprint).state
    meta = {"classroom": {"decisions": [{"rationale": "calm\x1b[31m down"}], ESC: "x"}}
    written = write_save(path.parent, "pasted", loaded.content, state, fingerprint=fingerprint, meta=meta)
    saved = read_save(written, loaded.content, fingerprint)
    assert saved.meta["classroom"]["decisions"][0]["rationale"] == "calm\\x1b[31m down"
    _no_controls(json.dumps(saved.meta, ensure_ascii=False))


PATHOLOGICAL = {
    "nested deep": b'{"kind": "multivector-save", "format": 1, "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "huge number": b'{"kind": "multivector-save", "format": 1, "seed": ' + b"9" * 100_000 + b"}",
    "infinity": b'{"kind": "multivector-save", "format": 1, "seed": 1e999, "scenario": "x", "choices": [], "state": {}}',
    "NaN": b'{"kind": "multivector-save", "format": 1, "seed": NaN}',
    "format huge": b'{"kind": "multivector-save", "format": 1' + b"0" * 5000 + b"}",
    "format float": b'{"kind": "multivector-save", "format": 1.0}',
    "format negative": b'{"kind": "multivector-save", "format": -1}',
    "BOM": b"\xef\xbb\xbf{}",
    "UTF-16": '{"kind": "multivector-save"}'.encode("utf-16"),
    "NUL": b'{"kind": "multivector-save\x00"}',
    "lone surrogate": b'{"kind": "multivector-save", "format": 1, "slot": "\\ud800"}',
    "array": b"[1, 2, 3]",
    "string": b'"multivector-save"',
    "duplicate keys": b'{"kind": "x", "kind": "multivector-save", "format": 1}',
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_json_is_a_one_line_refusal(name):
    with pytest.raises(SaveError) as caught:
        parse(PATHOLOGICAL[name])
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300
    _no_controls(message)


def test_a_folder_or_a_pipe_named_as_a_save_is_skipped_or_refused(good, tmp_path):
    path, _ = good
    (path.parent / "folder.save.json").mkdir()
    names = {info.slot for info in list_saves(path.parent)}
    assert names == {"good"}
    if hasattr(os, "mkfifo"):
        pipe = path.parent / "pipe.save.json"
        os.mkfifo(pipe)
        assert {info.slot for info in list_saves(path.parent)} == {"good"}  # never opened: no wait


# --- session logs ---------------------------------------------------------------------------


def test_a_session_log_nested_thousands_deep_is_skipped_not_a_crash():
    read = parse_log("[" * 5_000 + "]" * 5_000 + "\n" + json.dumps({"type": "card", "turn": 1, "card": "x"}))
    assert len(read.records) == 1 and "not a JSON record" in read.warnings[0]


def test_a_session_log_with_terminal_controls_is_shown_printably():
    line = json.dumps({"type": "decision", "turn": 1, "card": "x" + ESC, "choice": 0, "rationale": ESC,
                       "picks": {ESC: 1}, "method": "majority"})
    read = parse_log(line + "\n" + json.dumps({"type": ESC, "turn": 1}))
    _no_controls(json.dumps(read.records, ensure_ascii=False))
    for warning in read.warnings:
        _no_controls(warning)


def test_report_of_a_save_with_a_hostile_log_prints_no_traceback_and_no_controls(good, tmp_path):
    path, _ = good
    log = path.with_name("good.session.jsonl")
    log.write_text("[" * 5_000 + "]" * 5_000 + "\n"
                   + json.dumps({"type": "session", "turn": 0, "group": ESC, "teams": [ESC]}) + "\n"
                   + json.dumps({"type": "decision", "turn": 1, "card": "x", "choice": 0, "rationale": ESC,
                                 "method": "majority"}) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "MULTIVECTOR_SAVES": str(path.parent)}
    for fmt in ("markdown", "html"):
        run = subprocess.run([sys.executable, "-m", "game", "report", str(path), "--format", fmt],
                             capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
        assert "Traceback" not in run.stderr, run.stderr[-2000:]
        assert run.returncode == 0, run.stderr
        _no_controls(run.stdout + run.stderr)


# --- a cheat, seen where the player loads it ---------------------------------------------------


async def test_the_load_dialog_says_a_save_was_edited(good, loaded, fingerprint, monkeypatch):
    from game.tui.app import create_app
    from game.tui.screens.dialogs import LoadDialog
    from game.tui.screens.game import GameScreen

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    path, document = good
    cheat = _edit(document, lambda d: d["state"]["meters"].update({m: 50 for m in d["state"]["meters"]}))
    path.with_name("cheat.save.json").write_text(json.dumps(cheat), encoding="utf-8")
    app = create_app(content=loaded.content, files=loaded.files, seed=1, saves_dir=path.parent, theme="steppe")
    notes = []
    original = app.notify

    def notify(message, **kwargs):
        notes.append((kwargs.get("title"), str(message)))
        return original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        listing = app.screen.query_one("#load-list")
        index = next(i for i, p in enumerate(app.screen.paths) if p.name == "cheat.save.json")
        listing.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state.meters == cheat["state"]["meters"]
    warnings = [message for title, message in notes if title and "warning" in title.lower()]
    assert any("does not follow from its own choices" in m and "edited" in m for m in warnings), notes


def test_replay_names_the_edit(good, tmp_path):
    path, document = good
    cheat = path.with_name("cheat.save.json")
    cheat.write_text(json.dumps(_edit(document, lambda d: d["state"]["meters"].__setitem__("moscow", 50))),
                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "MULTIVECTOR_SAVES": str(path.parent)}
    run = subprocess.run([sys.executable, "-m", "game", "replay", str(cheat)], capture_output=True, text=True,
                         timeout=60, env=env, cwd=tmp_path)
    assert run.returncode == 1 and "DIVERGES" in run.stdout + run.stderr
