"""The modder's mistakes in the game's own words: indentation, unknown ids, cards never dealt."""

from __future__ import annotations

from game.loading import load_content
from game.loading.reader import read_text
from tests.test_mods_kit import card, formatted, write_base, write_mod


def _only_problem(text: str) -> str:
    problems = read_text(text.encode(), "f.yaml").problems
    assert len(problems) == 1, problems
    return problems[0].format(snippet=False)


def test_over_indented_key_names_the_column():
    message = _only_problem("cards:\n  - id: a.b\n    title: A\n      speaker: aide\n    text: T\n")
    assert message.startswith("f.yaml:4:")
    assert "'speaker:' is indented more than 'title:' on line 3" in message
    assert "start 'speaker:' at column 5" in message
    assert "': '" not in message  # not the misleading hint about a colon in a text


def test_under_indented_key_names_the_column():
    message = _only_problem("cards:\n  - id: a.b\n    choices:\n      - label: X\n        effects: {moscow: 1}\n"
                            "      - label: Y\n      effects: {moscow: 1}\n")
    assert message.startswith("f.yaml:7:")
    assert "'effects:' starts at column 7, left of 'label:' on line 6 (column 9)" in message
    assert "indent it to column 9" in message
    assert "did not find expected" not in message  # PyYAML's words are replaced


def test_list_item_out_of_line():
    message = _only_problem("cards:\n  - id: a.b\n    choices:\n      - label: X\n        effects: {moscow: 1}\n"
                            "     - label: Y\n")
    assert message.startswith("f.yaml:6:")
    assert "the item before it on line 4 starts at column 7" in message


def test_colon_in_text_keeps_its_hint():
    message = _only_problem("cards:\n  - id: a.b\n    title: Moscow: the city\n")
    assert "contains ': '" in message


def test_disable_unknown_card_suggests_nearest(tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "m", {"off.yaml": "disable_cards: [base.sumit]\n"})
    result = load_content(base, [mod])
    assert "cannot disable card 'base.sumit': there is no such card (did you mean 'base.summit'?)" in formatted(result)


def test_followup_only_card_nothing_schedules_is_warned(tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "m", {"cards.yaml": "cards:\n" + card("m.orphan", extra="\n    followup_only: true")})
    result = load_content(base, [mod])
    assert result.ok
    warnings = [p for p in result.warnings if p.code == "never-dealt"]
    assert len(warnings) == 1 and "'m.orphan'" in warnings[0].message
    # base.bill is a follow-up of base.loan: scheduled, so no warning for it
    assert not any("base.bill" in p.message for p in result.warnings)
