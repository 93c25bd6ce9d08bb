"""Saves from strangers, the cases an attack run found: absurd dates, planted autosaves,
a byte-order mark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine import choose, new_game
from game.loading import load_content
from game.saves.fingerprint import content_fingerprint
from game.saves.format import parse
from game.saves.store import autosave, autosave_paths, latest_autosave, list_saves, read_save, write_save

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def loaded():
    result = load_content(REPO / "content")
    assert result.ok
    return result


@pytest.fixture
def game(loaded):
    state = new_game(loaded.content, None, 3)
    state, _ = choose(loaded.content, state, 0)
    return loaded.content, state, content_fingerprint(loaded.files)


def _saved(game, folder: Path, slot: str = "good") -> tuple[Path, dict]:
    content, state, fingerprint = game
    path = write_save(folder, slot, content, state, fingerprint=fingerprint)
    return path, json.loads(path.read_text(encoding="utf-8"))


# --- hole 4: dates no screen can show -------------------------------------------------------

ABSURD_DATES = [
    "9999-12-31T22:00:00+00:00",  # year 10000 once moved east of UTC
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",  # before year 1 in UTC
    "0001-01-01T00:00:00+00:00",
    "1900-01-01T00:00:00+00:00",
    "5000-01-01T00:00:00+00:00",
]


@pytest.mark.parametrize("stamp", ABSURD_DATES)
def test_an_absurd_save_time_is_dropped_when_the_save_is_read(game, tmp_path, stamp):
    path, document = _saved(game, tmp_path)
    document["saved_at"] = stamp
    path.write_text(json.dumps(document), encoding="utf-8")
    assert parse(path.read_bytes()).saved_at is None
    assert read_save(path).info.saved_at is None
    assert [info.saved_at for info in list_saves(tmp_path)] == [None]


def test_a_real_save_time_is_kept(game, tmp_path):
    path, document = _saved(game, tmp_path)
    assert read_save(path).info.saved_at is not None


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time zones set by TZ need tzset")
@pytest.mark.parametrize("zone", ["Asia/Almaty", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_load_dialog_lists_absurd_dates_east_and_west_of_utc(game, tmp_path, zone):
    # The load dialog's text for each save, in a process whose local time is far from UTC.
    for index, stamp in enumerate(ABSURD_DATES):
        path, document = _saved(game, tmp_path, f"s{index}")
        document["saved_at"] = stamp
        path.write_text(json.dumps(document), encoding="utf-8")
    code = (
        "from game.saves.store import list_saves\n"
        "from game.tui.screens.dialogs import _saved_at\n"
        f"print(sorted(_saved_at(i.saved_at) for i in list_saves({str(tmp_path)!r})))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "TZ": zone, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]


# --- hole 6: planted autosaves ------------------------------------------------------------------


def test_a_planted_autosave_with_a_huge_number_neither_wins_nor_stops_the_clean_up(game, tmp_path):
    content, state, fingerprint = game
    first = autosave(tmp_path, content, state, fingerprint=fingerprint, keep=2)
    planted = tmp_path / f"auto-{'9' * 30}.autosave.json"
    planted.write_bytes(first.read_bytes())
    planted_stamped = tmp_path / "auto-999999999-20991231T235959.autosave.json"  # a time still to come
    planted_stamped.write_bytes(first.read_bytes())
    written = []
    for _ in range(4):
        state, _ = choose(content, state, 0)
        written.append(autosave(tmp_path, content, state, fingerprint=fingerprint, keep=2))
    ours = autosave_paths(tmp_path)
    assert ours[-1] == written[-1]
    assert [p for p in ours if p in written] == written[-2:]  # the old ones were removed
    assert len([p for p in tmp_path.iterdir() if p.name.endswith(".autosave.json") and p != planted]) == 2
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.path == written[-1]
    assert latest.turn == state.turn


def test_autosaves_written_within_one_second_keep_their_order(game, tmp_path):
    content, state, fingerprint = game
    written = [autosave(tmp_path, content, state, fingerprint=fingerprint, keep=3) for _ in range(5)]
    assert autosave_paths(tmp_path) == written[-3:]


# --- hole 9: a byte-order mark --------------------------------------------------------------------


def test_a_save_with_a_byte_order_mark_is_read(game, tmp_path):
    path, _ = _saved(game, tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Notepad saves UTF-8
    assert read_save(path, game[0]).state == game[1]
