"""Damaged, foreign, newer, older and hand-edited saves: a clear line, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine import choose, play
from game.saves.errors import SaveError
from game.saves.format import encode_state
from game.saves.store import list_saves, read_save, write_save
from tests.test_saves_support import FINGERPRINT, reachable

CHOICES = [0, 1, 0, 1, 0, 1]


@pytest.fixture(scope="module")
def good(base_content, tmp_path_factory) -> tuple[Path, bytes, dict]:
    folder = tmp_path_factory.mktemp("good")
    state = reachable(base_content, 3, [(c, None) for c in CHOICES[:3]] + [(1, 7)] + [(0, None)] * 2)
    path = write_save(folder, "good", base_content, state, fingerprint=FINGERPRINT, meta={"hints": "dots"})
    data = path.read_bytes()
    return path, data, json.loads(data)


def _write(folder: Path, name: str, data: bytes | str | dict) -> Path:
    path = folder / name
    if isinstance(data, dict):
        data = json.dumps(data, indent=2)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _refused(path: Path, content=None, match: str = "") -> str:
    with pytest.raises(SaveError) as caught:
        read_save(path, content, FINGERPRINT if content is not None else None)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert path.name in message
    if match:
        assert match in message, message
    return message


def test_truncated_saves_are_refused_at_every_length(good, tmp_path, base_content):
    _, data, _ = good
    for size in sorted({0, 1, 10, len(data) // 3, len(data) // 2, len(data) - 3, len(data) - 2}):
        path = _write(tmp_path, f"cut{size}.json", data[:size])
        _refused(path, base_content)


def test_truncation_is_named_wherever_the_cut_falls(good, tmp_path):
    from game.saves.format import parse

    _, data, _ = good
    assert "truncated" in _refused(_write(tmp_path, "half.json", data[: len(data) // 2]))
    for size in range(len(data) // 3, len(data) - 1):  # inside strings, numbers, literals, between tokens
        with pytest.raises(SaveError, match="truncated"):
            parse(data[:size])


def test_corrupt_bytes(good, tmp_path):
    _, data, _ = good
    noise = bytes(range(256)) * 4
    _refused(_write(tmp_path, "noise.json", noise), match="not UTF-8")
    flipped = bytearray(data)
    flipped[len(flipped) // 2] = 0xFF
    _refused(_write(tmp_path, "flipped.json", bytes(flipped)))
    brace = data.replace(b'"state": {', b'"state": [', 1)
    _refused(_write(tmp_path, "brace.json", brace), match="not valid JSON")


def test_foreign_files(tmp_path):
    _refused(_write(tmp_path, "list.json", "[1, 2, 3]"), match="not a Multi-Vector save")
    _refused(_write(tmp_path, "other.json", {"format": 1, "name": "another game"}), match="not a Multi-Vector save")
    _refused(_write(tmp_path, "yaml.json", "meters:\n  - id: moscow\n"), match="not valid JSON")
    _refused(_write(tmp_path, "empty.json", ""), match="empty")
    _refused(_write(tmp_path, "nan.json", '{"kind": "multivector-save", "format": NaN}'))
    _refused(_write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000))
    _refused(_write(tmp_path, "bigint.json", '{"kind": "multivector-save", "format": 1' + "0" * 5000 + "}"))


def test_a_huge_file_is_not_read_whole(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    _refused(huge, match="too large")


def test_format_numbers(good, tmp_path):
    _, _, doc = good
    newer = dict(doc, format=2, game_version="9.0.0")
    message = _refused(_write(tmp_path, "newer.json", newer), match="newer version")
    assert "9.0.0" in message and "format 2" in message
    _refused(_write(tmp_path, "word.json", dict(doc, format="one")), match="format number")
    _refused(_write(tmp_path, "none.json", {k: v for k, v in doc.items() if k != "format"}), match="format number")
    _refused(_write(tmp_path, "bool.json", dict(doc, format=True)), match="format number")
    _refused(_write(tmp_path, "negative.json", dict(doc, format=-1)), match="unknown save format")


def _format_0(doc: dict) -> dict:
    """A hand-written format-0 save (see game/saves/format.py): 0-based choices, no
    injects, no fingerprint, no meta, no timestamp, state without inject markers."""
    state = copy.deepcopy(doc["state"])
    del state["card_is_injected"]
    for decision in state["decisions"]:
        del decision["injected"]
    return {
        "kind": "multivector-save",
        "format": 0,
        "version": "0.0.9",
        "scenario": doc["scenario"],
        "seed": doc["seed"],
        "choices": [c - 1 for c in doc["choices"]],
        "state": state,
    }


def test_format_0_migrates(base_content, tmp_path):
    state = play(base_content, None, 5, CHOICES)
    doc = json.loads(write_save(tmp_path, "new", base_content, state, fingerprint=FINGERPRINT).read_text())
    old = _write(tmp_path, "old.json", _format_0(doc))
    saved = read_save(old, base_content, FINGERPRINT)
    assert saved.state == state
    assert saved.format_read == 0 and saved.game_version == "0.0.9" and saved.meta == {}
    assert saved.verified is True
    assert any("migrated from save format 0" in w for w in saved.warnings)
    assert any("does not say which content" in w for w in saved.warnings)
    # Written again, it is format 1 and needs no migration.
    again = write_save(tmp_path, "again", base_content, saved.state, fingerprint=FINGERPRINT, meta=saved.meta)
    assert read_save(again, base_content, FINGERPRINT).warnings == []


def test_format_0_with_garbage_is_reported_not_crashed(tmp_path):
    _refused(_write(tmp_path, "g0.json", {"kind": "multivector-save", "format": 0, "choices": "x", "state": 5}),
             match="damaged save")


# --- hand edits ---------------------------------------------------------------------


def _edited(doc: dict, edit) -> dict:
    doc = copy.deepcopy(doc)
    edit(doc)
    return doc


EDITS = {
    "meter out of range": (lambda d: d["state"]["meters"].update(moscow=150), "outside 0..100"),
    "meter not a number": (lambda d: d["state"]["meters"].update(moscow="high"), "whole number"),
    "meter as float": (lambda d: d["state"]["meters"].update(moscow=50.5), "whole number"),
    "missing field": (lambda d: d["state"].pop("rng"), "missing 'rng'"),
    "extra field": (lambda d: d["state"].update(cheat=True), "unexpected field 'cheat'"),
    "rng negative": (lambda d: d["state"].update(rng=-1), "state.rng"),
    "choices not a list": (lambda d: d.update(choices="1,2,1"), "expected a list"),
    "choice zero": (lambda d: d["choices"].__setitem__(0, 0), "choices[0]"),
    "state not an object": (lambda d: d.update(state=[]), "expected an object"),
    "meta not an object": (lambda d: d.update(meta=[1]), "meta"),
    "decision flag as int": (lambda d: d["state"]["decisions"][0].update(followup=1), "true or false"),
}

CONTENT_EDITS = {
    "unknown card on the table": (lambda d: d["state"].update(card="no.such_card"), "no card 'no.such_card'"),
    "unknown meter": (lambda d: d["state"]["meters"].update(gold=10), "unknown meter 'gold'"),
    "missing meter": (lambda d: d["state"]["meters"].pop("economy"), "lacks meter 'economy'"),
    "unknown scenario": (lambda d: d["state"].update(scenario="mars_2050"), "no scenario 'mars_2050'"),
    "unknown situation": (lambda d: d["state"].update(situations=["zombies"]), "no situation 'zombies'"),
    "unknown ending": (lambda d: d["state"].update(ending="nope", card=None), "no ending 'nope'"),
    "turn past the term": (lambda d: d["state"].update(turn=500), "past the end"),
    "choice not on the card": (lambda d: d["state"]["decisions"][0].update(choice=7), "no choice 8"),
    "history too short": (lambda d: d["state"]["history"].pop(), "history"),
    "pending unknown card": (lambda d: d["state"]["pending"].append({"card": "x.y", "due": 9, "source": "a"}),
                             "no card 'x.y'"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_hand_edits_that_break_the_format(good, tmp_path, base_content, name):
    edit, expected = EDITS[name]
    path = _write(tmp_path, "edited.json", _edited(good[2], edit))
    _refused(path, match=expected)  # caught even without content
    _refused(path, base_content, match=expected)


@pytest.mark.parametrize("name", sorted(CONTENT_EDITS))
def test_hand_edits_that_do_not_fit_the_content(good, tmp_path, base_content, name):
    edit, expected = CONTENT_EDITS[name]
    path = _write(tmp_path, "edited.json", _edited(good[2], edit))
    _refused(path, base_content, match=expected)


def test_a_cheating_edit_loads_but_is_detected(good, tmp_path, base_content):
    doc = _edited(good[2], lambda d: d["state"]["meters"].update(moscow=50, economy=95))
    saved = read_save(_write(tmp_path, "cheat.json", doc), base_content, FINGERPRINT)
    assert saved.verified is False
    assert saved.divergence is not None and "economy" in saved.divergence.message
    assert any("edited" in w for w in saved.warnings)


def test_other_saves_stay_usable_beside_broken_ones(good, tmp_path, base_content):
    path, data, doc = good
    (tmp_path / "fine.save.json").write_bytes(data)
    _write(tmp_path, "half.save.json", data[: len(data) // 2])
    _write(tmp_path, "newer.save.json", dict(doc, format=99))
    _write(tmp_path, "foreign.json", "[]")
    (tmp_path / "notes.txt").write_text("not a save")
    (tmp_path / ".fine.save.json.0123.tmp").write_bytes(data[:100])  # a writer killed mid-save
    infos = {info.slot: info for info in list_saves(tmp_path)}
    assert set(infos) == {"fine", "half", "newer", "foreign"}
    assert infos["fine"].error is None
    assert "truncated" in infos["half"].error and "newer" in infos["newer"].error
    assert all("\n" not in (i.error or "") for i in infos.values())
    assert read_save(infos["fine"].path, base_content, FINGERPRINT).state == read_save(path).state


# --- fuzzing ------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.integers(-3, 120)
    | st.floats(allow_nan=False) | st.text(max_size=6) | st.sampled_from(["moscow", "home.masanchi", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _play_on(content, state, turns: int = 30):
    for turn in range(turns):
        if state.over:
            return
        state, _ = choose(content, state, turn % len(content.cards[state.card].choices))


@given(data=st.data())
def test_any_single_edit_loads_cleanly_or_is_refused_cleanly(good, base_content, tmp_path_factory, data):
    doc = copy.deepcopy(good[2])
    paths = sorted((p for p in _paths(doc) if p), key=repr)
    where = data.draw(st.sampled_from(paths))
    parent = doc
    for key in where[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = data.draw(json_values)
    path = tmp_path_factory.getbasetemp() / "fuzz.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        saved = read_save(path, base_content, FINGERPRINT)
    except SaveError as error:
        assert "\n" not in str(error)
        return
    _play_on(base_content, saved.state)  # whatever loads can be played on without a crash


@given(cut=st.integers(min_value=0), flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)),
                                                     max_size=4))
def test_any_byte_damage_loads_cleanly_or_is_refused_cleanly(good, base_content, tmp_path_factory, cut, flips):
    data = bytearray(good[1])
    for position, value in flips:
        data[position % len(data)] = value
    data = data[: cut % (len(data) + 1)]
    path = tmp_path_factory.getbasetemp() / "bytes.json"
    path.write_bytes(bytes(data))
    try:
        saved = read_save(path, base_content, FINGERPRINT)
    except SaveError:
        return
    _play_on(base_content, saved.state)


def test_encode_state_of_the_fixture_is_what_is_on_disk(good, base_content):
    path, _, doc = good
    assert encode_state(read_save(path).state) == doc["state"]
