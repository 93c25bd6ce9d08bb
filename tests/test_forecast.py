"""The forecast is exact: what a choice is forecast to move is what choosing it moves.

By construction (``forecast`` and ``choose`` play the same ``_resolve``), checked here
over any seed and any choices, on the base game of every scenario and on random toy
decks (lingering effects, situations, rivalry), and through the command anyone can run:
``multivector play --headless --trace``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import choose, forecast, forecasts, new_game
from tests.test_kernel import toy_decks

REPO = Path(__file__).resolve().parent.parent
seeds = st.integers(min_value=0, max_value=2**32)
picks = st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=24)


def _check_game(content, scenario_id, seed, picks_) -> int:
    """Play ``picks_`` (modulo each card's choices); return the turns checked."""
    state = new_game(content, scenario_id, seed)
    checked = 0
    for pick in picks_:
        if state.over:
            break
        told = forecasts(content, state)
        index = pick % len(told)
        assert told[index] == forecast(content, state, index)
        after, report = choose(content, state, index)
        chosen = told[index]
        assert dict(chosen.changes) == dict(report.changes)
        assert {m: after.meters[m] - state.meters[m] for m in after.meters if after.meters[m] != state.meters[m]} \
            == dict(chosen.changes)
        assert chosen.ending == report.ending == after.ending
        assert chosen.situations_started == report.situations_started
        assert chosen.situations_ended == report.situations_ended
        assert chosen.lingering == report.lingering and chosen.situation_effects == report.situation_effects
        # the parts add up: the choice's own effect and the rivalry make the immediate move
        for meter_id in set(chosen.direct) | set(chosen.rivalry):
            assert chosen.direct.get(meter_id, 0) + chosen.rivalry.get(meter_id, 0) == chosen.immediate[meter_id]
        state = after
        checked += 1
    return checked


@given(seed=seeds, picks_=picks, scenario=st.sampled_from(["transition_2019", "independence_1991", "qantar_2022"]))
def test_the_chosen_forecast_is_the_move_on_every_turn_of_the_base_game(base_content, seed, picks_, scenario):
    if scenario not in base_content.scenarios:
        scenario = base_content.default_scenario.id
    assert _check_game(base_content, scenario, seed, picks_) >= 1


@given(toy_decks(), seeds, picks)
def test_the_chosen_forecast_is_the_move_on_random_decks(content, seed, picks_):
    assert _check_game(content, None, seed, picks_) >= 1


def test_the_forecast_counts_what_the_immediate_effect_leaves_out(base_content):
    """Somewhere in a few games a situation or a lingering effect moves a meter too: the
    forecast includes it (the old hint, the immediate effect alone, did not)."""
    differs = 0
    for seed in range(40):
        state = new_game(base_content, "qantar_2022", seed)
        while not state.over:
            told = forecast(base_content, state, 0)
            if dict(told.changes) != {m: d for m, d in told.immediate.items() if d}:
                differs += 1
            state, _ = choose(base_content, state, 0)
    assert differs > 0


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=REPO,
                          **kwargs)


def test_trace_prints_each_turn_with_its_forecast_and_what_moved():
    out = _cli("play", "--headless", "--no-mods", "--seed", "5", "--choices", "1,2,3,1,2,3,1,2", "--trace")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(lines) >= 2
    for number, turn in enumerate(lines, start=1):
        assert turn["turn"] == number and turn["card"]
        assert turn["forecast"][turn["choice"] - 1] == turn["moved"]


def test_headless_load_continues_the_saved_game_from_its_turn(tmp_path):
    saves = str(tmp_path / "saves")
    first = _cli("play", "--headless", "--no-mods", "--seed", "9", "--choices", "1,2", "--save", "slot",
                 "--saves", saves)
    assert first.returncode == 0, first.stderr
    more = _cli("play", "--headless", "--no-mods", "--load", "slot", "--choices", "3,1", "--save", "slot",
                "--saves", saves, "--trace")
    assert more.returncode == 0, more.stderr
    turns = [json.loads(line)["turn"] for line in more.stdout.splitlines() if line.startswith("{")]
    assert turns[0] == 3  # continued, not a new game
    whole = _cli("play", "--headless", "--no-mods", "--seed", "9", "--choices", "1,2,3,1")
    assert whole.stdout.splitlines()[-1] == more.stdout.splitlines()[-1]
    verify = _cli("replay", "slot", "--saves", saves, "--no-mods")
    assert verify.returncode == 0, verify.stdout + verify.stderr  # the slot holds the continued game


def test_a_missing_slot_is_a_clear_error(tmp_path):
    out = _cli("play", "--headless", "--no-mods", "--load", "nosuch", "--choices", "1",
               "--saves", str(tmp_path / "saves"))
    assert out.returncode == 2
    assert "cannot load" in out.stderr and "Traceback" not in out.stderr


def test_plain_load_continues_the_saved_game(tmp_path):
    saves = str(tmp_path / "saves")
    _cli("play", "--headless", "--no-mods", "--seed", "9", "--choices", "1,2", "--save", "slot", "--saves", saves)
    out = _cli("play", "--plain", "--no-mods", "--load", "slot", "--saves", saves, input="u\nq\n")
    assert out.returncode == 0, out.stderr
    assert "Continuing slot: turn 3" in out.stdout
    assert "Undone" in out.stdout  # the loaded game kept its past: undo works


def test_plain_mode_saves_and_helps(tmp_path):
    saves = tmp_path / "saves"
    out = _cli("play", "--plain", "--no-mods", "--seed", "4", "--saves", str(saves), input="h\n1\ns mine\nq\n")
    assert out.returncode == 0, out.stderr
    assert "undo the last choice" in out.stdout and "Saved as mine" in out.stdout
    assert (saves / "mine.save.json").is_file()
