"""A saved game loads back exactly, and playing on from it is the game never stopped."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import GameState, new_game, play
from game.saves.format import FORMAT, Record, build_document, decode_state, encode_state, parse
from game.saves.store import autosave, latest_autosave, list_saves, read_save, write_save
from tests.minicontent import mini_content
from tests.test_saves_support import FINGERPRINT, advance, reachable, seeds, steps



@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder per module: Hypothesis examples overwrite the same slot in it."""
    return tmp_path_factory.mktemp("saves")


def test_every_state_field_is_written():
    """A field added to GameState must be added to the save format too."""
    names = {f.name for f in fields(GameState)}
    state = new_game(mini_content(), seed=1)
    # The optional ones (counters) are written only when the game has them.
    assert set(encode_state(state)) == names - {"counters"}
    with_counters = replace(state, counters={"protests": 2})
    assert set(encode_state(with_counters)) == names
    assert decode_state(encode_state(with_counters)) == with_counters


@given(seed=seeds, steps=steps, scenario=st.integers(min_value=0, max_value=9),
       final_inject=st.none() | st.integers(min_value=0, max_value=10_000))
def test_any_reachable_state_saves_and_loads_equal(base_content, folder, seed, steps, scenario, final_inject):
    scenario_id = sorted(base_content.scenarios)[scenario % len(base_content.scenarios)]
    state = reachable(base_content, seed, steps, scenario_id, final_inject)
    path = write_save(folder, "roundtrip", base_content, state, fingerprint=FINGERPRINT, meta={"n": seed})
    saved = read_save(path, base_content, FINGERPRINT)
    assert saved.state == state
    assert saved.meta == {"n": seed}
    assert saved.warnings == []
    assert saved.verified is True  # the replay of seed + choices + injects gives this state
    # The file itself is plain JSON that parses on its own.
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == FORMAT


@given(seed=seeds, steps=steps, cut=st.integers(min_value=0, max_value=24))
def test_continuing_from_a_save_is_the_game_never_stopped(base_content, folder, seed, steps, cut):
    before, after = steps[:cut], steps[cut:]
    path = write_save(folder, "continue", base_content, reachable(base_content, seed, before),
                      fingerprint=FINGERPRINT)
    loaded = read_save(path, base_content, FINGERPRINT).state
    assert advance(base_content, loaded, after) == reachable(base_content, seed, steps)


@given(seed=seeds, steps=steps)
def test_state_codec_round_trips_without_files(base_content, seed, steps):
    state = reachable(base_content, seed, steps)
    assert decode_state(json.loads(json.dumps(encode_state(state)))) == state


def test_choices_are_written_one_based_as_typed_on_the_command_line(base_content, folder):
    state = play(base_content, None, 3, [0, 1, 0, 1, 0, 1])
    path = write_save(folder, "onebased", base_content, state, fingerprint=FINGERPRINT)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["choices"] == [1, 2, 1, 2, 1, 2]
    assert data["seed"] == 3 and data["scenario"] == state.scenario
    assert data["content_fingerprint"] == FINGERPRINT
    assert data["game_version"] and data["saved_at"]
    assert [d["choice"] for d in data["state"]["decisions"]] == [0, 1, 0, 1, 0, 1]


def test_the_file_is_indented_and_short_values_stay_on_one_line(base_content, folder):
    state = play(base_content, None, 3, [0, 1, 0, 1])
    text = write_save(folder, "pretty", base_content, state, fingerprint=FINGERPRINT).read_text(encoding="utf-8")
    assert '\n  "format": 1,\n' in text
    assert '"choices": [1, 2, 1, 2],' in text
    assert max(len(line) for line in text.splitlines()) <= 160


def test_meta_must_be_plain_json(base_content, tmp_path):
    from game.saves.errors import SaveError

    state = new_game(base_content, seed=1)
    with pytest.raises(SaveError, match="meta"):
        write_save(tmp_path, "x", base_content, state, fingerprint=FINGERPRINT, meta={"bad": object()})
    with pytest.raises(SaveError, match="meta"):
        write_save(tmp_path, "x", base_content, state, fingerprint=FINGERPRINT, meta={"nan": float("nan")})
    assert list(tmp_path.iterdir()) == []


def test_classroom_meta_survives(base_content, tmp_path):
    meta = {"hints": "exact", "votes": {"3": {"economists": 2, "diplomats": 1}},
            "rationale": ["Қазақстан", "Казахстан"], "teams": ["economists", "diplomats"]}
    path = write_save(tmp_path, "class", base_content, new_game(base_content, seed=9), fingerprint=FINGERPRINT,
                      meta=meta)
    assert read_save(path).meta == meta
    assert "Қазақстан" in path.read_text(encoding="utf-8")  # readable, not \\u-escaped


def test_autosave_keeps_the_last_few_and_latest_is_newest(base_content, tmp_path):
    state = new_game(base_content, seed=4)
    written, saved_states = [], []
    for turn in range(8):
        written.append(autosave(tmp_path, base_content, state, fingerprint=FINGERPRINT, keep=3))
        saved_states.append(state)
        state = advance(base_content, state, [(turn, None)])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(p.name for p in written[-3:])
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.path == written[-1] and latest.autosave
    assert read_save(latest.path, base_content, FINGERPRINT).state == saved_states[-1]


def test_autosave_numbering_continues_after_pruning(base_content, tmp_path):
    state = new_game(base_content, seed=4)
    names = [autosave(tmp_path, base_content, state, fingerprint=FINGERPRINT, keep=1).name for _ in range(3)]
    assert names[0] < names[1] < names[2]
    assert [p.name for p in tmp_path.iterdir()] == [names[2]]


def test_autosaves_and_slots_do_not_touch_each_other(base_content, tmp_path):
    state = new_game(base_content, seed=4)
    write_save(tmp_path, "keepme", base_content, state, fingerprint=FINGERPRINT)
    for _ in range(4):
        autosave(tmp_path, base_content, state, fingerprint=FINGERPRINT, keep=2)
    infos = list_saves(tmp_path)
    assert sorted(i.slot for i in infos if not i.autosave) == ["keepme"]
    assert sum(i.autosave for i in infos) == 2


def test_list_saves_describes_each_save(base_content, tmp_path):
    over = play(base_content, None, 2, [0] * 40)
    assert over.over
    write_save(tmp_path, "finished", base_content, over, fingerprint=FINGERPRINT)
    running = play(base_content, None, 2, [0, 1])
    write_save(tmp_path, "running", base_content, running, fingerprint=FINGERPRINT)
    infos = {i.slot: i for i in list_saves(tmp_path)}
    assert infos["finished"].over is True and infos["finished"].ending == over.ending
    assert infos["running"].over is False and infos["running"].turn == 3
    assert infos["running"].date == running.date and infos["running"].date_text.startswith("Q")
    assert infos["running"].scenario == running.scenario and infos["running"].error is None
    assert infos["running"].saved_at is not None and infos["running"].saved_at.tzinfo is not None


def test_build_document_and_parse_are_inverse(base_content):
    from datetime import datetime, timezone

    from game.saves.format import dumps

    state = play(base_content, None, 11, [1, 0, 2, 1])
    record = Record.of_state(state)
    doc = build_document(state, record=record, slot="s", autosave=False, fingerprint=None, meta={},
                         game_version="x", saved_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    parsed = parse(dumps(doc))
    assert parsed.state == state and parsed.record == record
    assert parsed.saved_at == datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
