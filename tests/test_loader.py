"""Loader tests: broken files give exact positions, stable codes, and never a traceback."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from game.loading import load_content
from game.loading.reader import read_text

MINI = textwrap.dedent(
    """\
    meters:
      - {id: moscow, name: Moscow, kind: vector, start: 50, low_ending: lost, high_ending: lost}
      - {id: public, name: Public, kind: domestic, start: 50, low_ending: lost}
    endings:
      - {id: lost, kind: loss, title: Lost}
      - {id: won, kind: victory, title: Won}
    scenarios:
      - {id: only, name: Only, start: 2019-Q2, turns: 4}
    cast:
      - {id: aide, name: Aide}
    cards:
      - id: quiet
        title: Quiet
        speaker: aide
        text: Nothing happens.
        fallback: true
        choices:
          - {label: A, effects: {moscow: 1, public: -1}}
          - {label: B, effects: {moscow: -1, public: 1}}
    """
)


def write(tmp_path: Path, text: str, name: str = "content.yaml") -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder: Path):
    return load_content(folder).problems


def test_minimal_content_loads(tmp_path):
    result = load_content(write(tmp_path, MINI))
    assert result.ok, [p.format() for p in result.problems]
    assert list(result.content.cards) == ["quiet"]


def test_misspelled_meter_in_effects_points_at_it(tmp_path):
    folder = write(tmp_path, MINI.replace("{moscow: 1, public: -1}", "{moscw: 1, public: -1}"))
    [problem] = [p for p in problems_of(folder) if p.severity == "error"]
    assert (problem.line, problem.col, problem.code) == (18, 30, "unknown-ref")
    assert "did you mean 'moscow'" in problem.message
    assert problem.path.endswith("content.yaml")
    text = problem.format()
    assert text.splitlines()[0].endswith("error[unknown-ref]: unknown meter 'moscw' (did you mean 'moscow'?)")
    assert text.splitlines()[-1].strip() == "^"


def test_unknown_key_with_suggestion(tmp_path):
    folder = write(tmp_path, MINI.replace("fallback: true", "fallbak: true\n    fallback: true"))
    [problem] = problems_of(folder)
    assert (problem.line, problem.col, problem.code) == (16, 5, "unknown-key")
    assert "did you mean 'fallback'" in problem.message


def test_every_problem_is_reported_at_once(tmp_path):
    broken = MINI.replace("start: 50, low_ending: lost, high", "start: 500, low_ending: lost, high")
    broken = broken.replace("speaker: aide", "speaker: aid")
    broken = broken.replace("title: Won}", "title: Won, colour: red}")
    codes = sorted(p.code for p in problems_of(write(tmp_path, broken)))
    assert codes == ["range", "unknown-key", "unknown-ref"]


def test_wrong_types_and_missing_keys(tmp_path):
    broken = MINI.replace("turns: 4}", "turns: four}").replace("    title: Quiet\n", "")
    problems = problems_of(write(tmp_path, broken))
    by_code = {p.code: p for p in problems}
    assert by_code["type"].line == 8 and "expected a whole number" in by_code["type"].message
    assert by_code["missing-key"].line == 12 and "'title'" in by_code["missing-key"].message


def test_choice_count(tmp_path):
    broken = MINI.replace("      - {label: B, effects: {moscow: -1, public: 1}}\n", "")
    [problem] = problems_of(write(tmp_path, broken))
    assert problem.code == "count" and problem.line == 18 and "2 to 3" in problem.message


def test_duplicate_ids_name_the_first(tmp_path):
    broken = MINI + "  - {id: quiet, title: Q, speaker: aide, text: T, choices: [{label: a, effects: {public: 1}}, {label: b, effects: {public: -1}}]}\n"
    problems = [p for p in problems_of(write(tmp_path, broken)) if p.code == "duplicate-id"]
    assert len(problems) == 1 and problems[0].line == 20 and ":12:9" in problems[0].message


def test_unsatisfiable_range(tmp_path):
    broken = MINI.replace("fallback: true", "when: {meters: {public: [120, 150]}}").replace(
        "cards:", "cards:\n  - {id: fb, title: F, speaker: aide, text: T, fallback: true, choices: [{label: a, effects: {public: 1}}, {label: b, effects: {public: -1}}]}"
    )
    problems = problems_of(write(tmp_path, broken))
    assert [p.code for p in problems] == ["unsatisfiable"]
    broken = broken.replace("[120, 150]", "[60, 40]")
    assert [p.code for p in problems_of(write(tmp_path, broken))] == ["unsatisfiable"]


def test_followup_that_points_nowhere(tmp_path):
    broken = MINI.replace("{label: A, effects: {moscow: 1, public: -1}}",
                          "{label: A, effects: {moscow: 1, public: -1}, followups: [{card: quite, in: 2}]}")
    [problem] = problems_of(write(tmp_path, broken))
    assert problem.code == "unknown-ref" and "unknown card 'quite'" in problem.message and "'quiet'" in problem.message


def test_flags_set_but_never_used_and_used_but_never_set_are_warnings(tmp_path):
    broken = MINI.replace("{label: A, effects: {moscow: 1, public: -1}}",
                          "{label: A, effects: {moscow: 1, public: -1}, set_flags: [did_a]}")
    broken += "  - {id: x, title: X, speaker: aide, text: T, when: {flags: [did_b]}, choices: [{label: a, effects: {public: 1}}, {label: b, effects: {public: -1}}]}\n"
    result = load_content(write(tmp_path, broken))
    assert result.ok
    assert sorted(p.code for p in result.warnings) == ["flag-never-set", "flag-never-used"]


def test_structure_needs_victory_and_fallback(tmp_path):
    broken = MINI.replace("kind: victory", "kind: loss").replace("    fallback: true\n", "")
    codes = sorted((p.code, p.line) for p in problems_of(write(tmp_path, broken)))
    assert codes == [("structure", 5), ("structure", 8)]


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"cards: [\n", "yaml"),
        (b"\xff\xfe bad", "file"),
        (b"a\x00b", "file"),
        (b"- just\n- a list\n", "not-a-mapping"),
        (b"just a string\n", "not-a-mapping"),
        (b"cards: !!python/object:os.system {}\n", "unsafe-yaml"),
        (b"cards:\n\t- x\n", "yaml"),
    ],
)
def test_bad_files_give_one_clear_problem(raw, code):
    result = read_text(raw, "bad.yaml")
    assert [p.code for p in result.problems] == [code]
    assert all(p.path == "bad.yaml" and p.line >= 1 for p in result.problems)


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("cards: [*a11]")
    result = read_text("\n".join(lines).encode(), "bomb.yaml")
    assert [p.code for p in result.problems][-1:] in (["unsafe-yaml"], ["unknown-key"]) or result.problems


def test_bom_is_accepted(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "c.yaml").write_bytes(b"\xef\xbb\xbf" + MINI.encode())
    assert load_content(folder).ok


def test_translated_text(tmp_path):
    folder = write(tmp_path, MINI.replace("title: Quiet", "title: {en: Quiet, ru: Тихо}"))
    result = load_content(folder)
    assert result.ok
    from game.engine import tr

    card = result.content.cards["quiet"]
    assert tr(card.title, "ru") == "Тихо" and tr(card.title, "kk") == "Quiet"


def test_base_content_is_clean():
    result = load_content(Path(__file__).resolve().parent.parent / "content")
    assert result.ok, "\n".join(p.format() for p in result.errors)


def test_copy_of_content_with_misspelled_meter(tmp_path):
    source = Path(__file__).resolve().parent.parent / "content"
    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    card_files = sorted((copy / "cards").glob("*.yaml"))
    target = card_files[0]
    text = target.read_text(encoding="utf-8")
    index = text.index("effects: {")
    start = index + len("effects: {")
    meter = text[start:].split(":")[0]
    target.write_text(text[:start] + meter[:-1] + text[start + len(meter):], encoding="utf-8")
    line = text[:start].count("\n") + 1
    col = start - text.rfind("\n", 0, start)
    errors = [p for p in load_content(copy).problems if p.severity == "error"]
    assert [(p.line, p.col, p.code) for p in errors] == [(line, col, "unknown-ref")]
    assert f"did you mean '{meter}'" in errors[0].message


def test_a_broken_item_does_not_shift_the_places_of_the_next(tmp_path):
    broken = MINI.replace("cards:\n", "cards:\n  - just a line of text\n").replace(
        "    fallback: true\n", "    fallback: true\n    when: {meters: {public: [0, 50]}}\n")
    problems = problems_of(write(tmp_path, broken))
    assert [(p.code, p.line) for p in problems] == [("type", 12), ("structure", 13)]
    assert "fallback card 'quiet'" in problems[1].message


def test_a_text_that_starts_with_a_bracket_gets_a_hint():
    [problem] = read_text(b"cards:\n  - title: [draft] A summit\n", "x.yaml").problems
    assert problem.code == "yaml" and "must be in quotes" in problem.message


def test_a_mod_yaml_depends_item_of_the_wrong_shape():
    from game.loading.spec import MOD_MANIFEST

    raw = b'id: m\nname: M\nversion: "1"\ndepends:\n  - [ankara]\n'
    [problem] = read_text(raw, "mod.yaml", root_spec=MOD_MANIFEST).problems
    assert (problem.line, problem.code) == (5, "type")
    assert "expected a mod id, or {id: ..., version:" in problem.message


def test_content_keys_in_mod_yaml_and_mod_keys_in_content():
    from game.loading.spec import MOD_MANIFEST

    [problem] = read_text(b'id: m\nname: M\nversion: "1"\ncards: []\n', "mod.yaml", root_spec=MOD_MANIFEST).problems
    assert "mod.yaml only describes the mod" in problem.message and "cards.yaml" in problem.message
    [problem] = read_text(b'depends: [ankara]\n', "cards.yaml").problems
    assert "a mod's depends goes in its mod.yaml" in problem.message
