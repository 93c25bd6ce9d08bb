"""Mods from strangers, the cases an attack run found: escapes in folder names, floods of
warnings, thousands of meters, invisible marks in card text."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from game.cli import build_parser, main
from game.loading import load_content
from game.loading import spec as S
from game.loading.load import MAX_TOTAL_PROBLEMS

REPO = Path(__file__).resolve().parent.parent
ESCAPES = "\x1b]0;owned\x07\x1b[2J\u202e"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_CACHE", "off")


def _mod(folder: Path, body: str, mod_id: str = "hostile") -> Path:
    folder.mkdir(parents=True)
    (folder / "mod.yaml").write_text(f'id: {mod_id}\nname: Hostile\nversion: "1.0"\ngame: ">=0.1"\n',
                                     encoding="utf-8")
    (folder / "content.yaml").write_text(body, encoding="utf-8")
    return folder


# --- hole 5: escapes in the names of mod folders -----------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids these names")
def test_mod_folders_named_with_escapes_are_printed_written_out(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    saves = tmp_path / "saves"
    saves.mkdir()
    _mod(tmp_path / "mods" / f"broken{ESCAPES}", "cards: [1]\n", "broken")  # set aside: not loaded
    (tmp_path / "mods" / f"notamod{ESCAPES}").mkdir()
    main(["mods", "--saves", str(saves)])
    from game.commands.mods import add_installed_mods

    add_installed_mods(build_parser().parse_args(["--saves", str(saves)]))
    printed = capsys.readouterr()
    output = printed.out + printed.err
    assert "broken" in output and "not loaded" in output
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output, repr(output)
    assert "\\x1b" in output


# --- hole 7: warnings count against the cap ---------------------------------------------------


def test_a_flood_of_stray_files_gives_a_capped_list_and_a_summary(tmp_path):
    mod = _mod(tmp_path / "stray", "cards: []\n")
    for index in range(3_000):
        (mod / f"s{index:05}.py").write_bytes(b"")
    result = load_content(REPO / "content", [mod])
    assert len(result.problems) <= 201
    summary = [p for p in result.problems if "not listed" in p.message]
    assert len(summary) == 1, [p.message for p in result.problems[-3:]]
    assert "2,800 more" in summary[0].message  # how many were left out


def test_warnings_count_against_the_cap_of_a_load(tmp_path):
    flags = ", ".join(f"f{i:04}" for i in range(1_500))  # each set, never tested: a warning each
    body = f"""cards:
  - id: x.flags
    title: Flags
    speaker: activist
    text: Text.
    choices:
      - {{label: A, effects: {{moscow: 1}}, set_flags: [{flags}]}}
      - {{label: B, effects: {{moscow: -1}}}}
"""
    result = load_content(REPO / "content", [_mod(tmp_path / "flags", body)])
    assert result.ok and len(result.problems) == MAX_TOTAL_PROBLEMS + 1
    assert "not listed" in result.problems[-1].message and "500 warnings" in result.problems[-1].message


def test_validate_prints_a_capped_list(tmp_path, capsys):
    mod = _mod(tmp_path / "stray", "cards: []\n")
    for index in range(3_000):
        (mod / f"s{index:05}.py").write_bytes(b"")
    main(["validate", "--no-mods", "--mod", str(mod)])
    printed = capsys.readouterr()
    lines = (printed.out + printed.err).splitlines()
    assert len(lines) < 1_100 and any("not listed" in line for line in lines)


# --- hole 8: documented limits on meters, situations, follow-ups ------------------------------


def _meters(count: int, start: int = 0) -> str:
    rows = [f"  - {{id: m{i:04}, name: M{i}, kind: domestic, start: 50, low_ending: public_uprising}}"
            for i in range(start, start + count)]
    return "meters:\n" + "\n".join(rows) + "\n"


def test_a_mod_with_two_thousand_meters_is_refused_at_the_meter_past_the_limit(tmp_path):
    mod = _mod(tmp_path / "meters", _meters(2_000))
    result = load_content(REPO / "content", [mod])
    assert not result.ok
    refused = [p for p in result.errors if p.code == "count"]
    assert refused, [p.format(snippet=False) for p in result.errors[:3]]
    assert refused[0].path.endswith("content.yaml") and refused[0].line > 1
    assert f"{S.MAX_METERS}" in refused[0].message


def test_meters_over_the_limit_across_files_are_refused(tmp_path):
    mod = _mod(tmp_path / "meters", _meters(S.MAX_METERS - 6))
    (mod / "more.yaml").write_text(_meters(10, start=100), encoding="utf-8")
    result = load_content(REPO / "content", [mod])
    assert not result.ok
    refused = [p for p in result.errors if p.code == "count" and "meters" in p.message]
    assert refused and refused[0].path.endswith("more.yaml"), [p.format(snippet=False) for p in result.errors[:3]]


def test_situations_over_the_limit_are_refused(tmp_path):
    rows = [f"  - {{id: s{i:03}, name: S, starts: {{meter: public, below: 10}}, ends: {{meter: public, above: 20}}}}"
            for i in range(S.MAX_SITUATIONS)]
    mod = _mod(tmp_path / "situations", "situations:\n" + "\n".join(rows) + "\n")
    result = load_content(REPO / "content", [mod])
    assert any(p.code == "count" and "situations" in p.message for p in result.errors), \
        [p.format(snippet=False) for p in result.errors[:3]]


def test_followups_over_the_limit_are_refused(tmp_path):
    followups = ", ".join(f"{{card: x.one, in: {i + 1}}}" for i in range(S.MAX_FOLLOWUPS + 1))
    body = f"""cards:
  - id: x.one
    title: One
    speaker: activist
    text: Text.
    choices:
      - {{label: A, effects: {{moscow: 1}}, followups: [{followups}]}}
      - {{label: B, effects: {{moscow: -1}}}}
"""
    mod = _mod(tmp_path / "followups", body)
    result = load_content(REPO / "content", [mod])
    assert any(p.code == "count" for p in result.errors), [p.format(snippet=False) for p in result.errors[:3]]


def test_the_example_mods_are_within_the_limits():
    examples = REPO / "examples" / "mods"
    result = load_content(REPO / "content", [examples / "ankara", examples / "turkic_week"])
    assert result.ok, [p.format(snippet=False) for p in result.errors[:3]]


# --- hole 9: invisible marks named in the message ---------------------------------------------


@pytest.mark.parametrize(("mark", "name"), [("\u200b", "ZERO WIDTH SPACE"), ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
                                            ("\u061c", "ARABIC LETTER MARK"), ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
                                            ("\u202e", "RIGHT-TO-LEFT OVERRIDE")])
def test_invisible_marks_in_card_text_are_refused_by_name(tmp_path, mark, name):
    body = f"""cards:
  - id: x.mark
    title: A card
    speaker: activist
    text: "Moscow{mark} wins"
    choices:
      - {{label: One, effects: {{moscow: 1}}}}
      - {{label: Two, effects: {{moscow: -1}}}}
"""
    mod = _mod(tmp_path / "marks", body)
    result = load_content(REPO / "content", [mod])
    refused = [p for p in result.errors if p.path.endswith("content.yaml")]
    assert refused and f"U+{ord(mark):04X}" in refused[0].message and name in refused[0].message, \
        [p.message for p in refused]
