"""The command-line contract of DESIGN.md, run as a player or a script would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from game.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd)


def test_validate_base_content_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_validate_copy_with_misspelled_meter(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "content", copy)
    target = sorted((copy / "cards").glob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    start = text.index("effects: {") + len("effects: {")
    meter = text[start:].split(":")[0]
    target.write_text(text[:start] + meter + "x" + text[start + len(meter):], encoding="utf-8")
    line = text[:start].count("\n") + 1
    col = start - text.rfind("\n", 0, start)
    result = run("validate", "--content", str(copy))
    assert result.returncode == 1
    assert f"{target.name}:{line}:{col}: error[unknown-ref]" in result.stdout
    assert f"did you mean '{meter}'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_json_format(tmp_path):
    result = run("validate", "--format", "json")
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["errors"] == 0 and data["files"] >= 3


def test_validate_missing_folder_is_an_error_not_a_traceback(tmp_path):
    result = run("validate", "--content", str(tmp_path / "nope"))
    assert result.returncode == 1 and "not found" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_simulate_json_is_stable_and_complete():
    args = ("simulate", "--games", "60", "--strategy", "random", "--seed", "1", "--json")
    first, second = run(*args), run(*args)
    assert first.returncode == 0, first.stderr
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    a.pop("games_per_second"), b.pop("games_per_second")
    assert a == b
    row = a["random"]
    for key in ("games", "survived", "survival_rate", "ci95", "endings", "losses_by_meter",
                "median_turns", "early_loss_rate", "cards"):
        assert key in row
    assert row["games"] == 60
    assert sum(row["endings"].values()) == 60
    assert sum(row["losses_by_meter"].values()) == 60 - row["survived"]
    assert all(set(v) == {"drawn", "lost_on"} for v in row["cards"].values())


def test_headless_play_reports_the_state():
    result = run("play", "--headless", "--seed", "3", "--choices", "1,2,1")
    assert result.returncode == 0, result.stderr
    assert "turn 4" in result.stdout or "ended" in result.stdout


def test_headless_choice_out_of_range_is_a_clear_error():
    result = run("play", "--headless", "--seed", "3", "--choices", "9")
    assert result.returncode == 2 and "choices 1-" in result.stderr
    assert "Traceback" not in result.stderr


def test_plain_mode_plays_from_a_pipe(tmp_path):
    answers = "\n".join(["1", "2"] * 40) + "\n"
    # Its own save folder: the game autosaves and, at the end, writes the record beside it.
    result = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--seed", "7",
                             "--saves", str(tmp_path / "saves")], input=answers,
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "Term complete." in result.stdout or "Game over." in result.stdout
    assert "Moscow" in result.stdout


def test_unknown_scenario_suggests(capsys):
    assert main(["play", "--headless", "--scenario", "transition_2018"]) == 2
    assert "did you mean 'transition_2019'" in capsys.readouterr().err


def test_schema_is_json():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "card" in schema["$defs"]


def test_cards_json_lists_every_card():
    result = run("cards", "--format", "json")
    cards = json.loads(result.stdout)
    assert len(cards) >= 15
    assert all({"id", "title", "choices", "history"} <= set(card) for card in cards)


def test_output_cut_short_by_its_reader_ends_quietly():
    # `multivector play --headless --trace | head`: the reader has left before the game
    # writes (closed at once, so the test does not depend on timing); the game stops as
    # Unix tools do, without a traceback on the terminal.
    process = subprocess.Popen([sys.executable, "-m", "game", "play", "--headless", "--seed", "3", "--trace"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
