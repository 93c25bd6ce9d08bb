"""Partial patches, disabling scenarios, endings and situations, and the rivalry merge."""

from __future__ import annotations

import jsonschema
import yaml

from game.cli import main
from game.loading import load_content, load_or_raise
from game.loading.spec import schema_for_kind
from tests.conftest import CONTENT
from tests.test_mods_kit import formatted, write_base, write_mod

PATCH_LOAN = """\
patches:
  - card: base.loan
    set:
      choices.2.effects: {beijing: -3, public: 4}
      choices.1.effects.public: -4
      weight: 25
    remove: [choices.1.followups]
"""


def test_patch_changes_one_choice_and_keeps_the_rest(tmp_path):
    base = write_base(tmp_path)
    before = load_or_raise(base).cards["base.loan"]
    mod = write_mod(tmp_path, "p", {"patch.yaml": PATCH_LOAN})
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    after = result.content.cards["base.loan"]
    assert dict(after.choices[1].effects) == {"beijing": -3, "public": 4}
    assert dict(after.choices[0].effects) == {"beijing": 5, "public": -4}
    assert after.choices[0].followups == ()
    assert after.weight == 25
    assert (after.title, after.text, after.choices[0].label) == (before.title, before.text, before.choices[0].label)
    # base.bill lost its only scheduler with the follow-up: the loader notices
    assert any(p.code == "never-dealt" and "base.bill" in p.message for p in result.warnings)


def test_patch_paths_are_checked_where_written(tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "p", {"patch.yaml": """\
        patches:
          - card: base.loan
            set:
              chioces.1.label: X
              choices.3.label: X
              choices.first.label: X
              when.flag: [x]
              choices.1.effects: {public: 500}
            remove: [title]
          - card: base.lone
            set: {weight: 3}
        """})
    text = formatted(load_content(base, [mod]))
    assert "/p/patch.yaml:4:7: error[patch]: 'chioces.1.label': there is no 'chioces' in a card " \
           "(did you mean 'choices'?)" in text
    assert "/p/patch.yaml:5:7: error[patch]: 'choices.3.label': card 'base.loan' has 2 choices under " \
           "'choices', so there is no choice 3" in text
    assert "'choices.first.label': after 'choices' comes the number of a choice, counted from 1" in text
    assert "'when.flag': there is no 'flag' in a condition (did you mean 'flags'?)" in text
    assert "/p/patch.yaml:8:35: error[range]: 500 is outside -50..50" in text
    assert "'title' cannot be removed: a card needs it" in text
    assert "cannot patch card 'base.lone': there is no such card in the layers loaded before mod 'p' " \
           "(did you mean 'base.loan'?)" in text


def test_patch_references_are_checked(tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "p", {"patch.yaml": """\
        patches:
          - card: base.summit
            set:
              choices.1.effects.moscw: 3
              choices.2.followups: [{card: base.bil, in: 1}]
        """})
    text = formatted(load_content(base, [mod]))
    assert "unknown meter 'moscw' (did you mean 'moscow'?)" in text
    assert "unknown card 'base.bil' (did you mean 'base.bill'?)" in text


def test_disable_scenario_and_situation_in_the_base_game(tmp_path, capsys):
    base = load_or_raise(CONTENT)
    scenario = next(s for s in base.scenarios if not base.scenarios[s].default)
    situation = base.situations[0].id
    mod = write_mod(tmp_path, "p", {"off.yaml": f"disable_scenarios: [{scenario}]\n"
                                                f"disable_situations: [{situation}]\n"})
    result = load_content(CONTENT, [mod])
    assert result.ok, formatted(result)
    assert scenario not in result.content.scenarios
    assert situation not in {s.id for s in result.content.situations}
    code = main(["play", "--headless", "--seed", "4", "--choices", "1,2,1,2,1,2", "--mod", str(mod), "--no-mods"])
    assert code == 0
    assert main(["play", "--headless", "--seed", "4", "--choices", "1", "--scenario", scenario,
                 "--mod", str(mod), "--no-mods"]) == 2
    assert f"no scenario '{scenario}'" in capsys.readouterr().err


def test_disable_ending_a_meter_needs_says_so(tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "p", {"off.yaml": "disable_endings: [revolt, revolution]\n"})
    text = formatted(load_content(base, [mod]))
    assert "ending 'revolt' is disabled by mod 'p' (" in text and "/p/off.yaml:1:19), but this still names it" in text
    assert "cannot disable ending 'revolution': there is no such ending" in text


def test_rivalry_sets_named_pairs_replaces_or_disables(tmp_path):
    base = write_base(tmp_path)
    merge = write_mod(tmp_path, "merge", {"r.yaml": "rivalry:\n  moscow: {public: 0.1}\n"})
    assert load_or_raise(base, [merge]).rivalry == {"moscow": {"beijing": 0.2, "public": 0.1},
                                                    "beijing": {"moscow": 0.2}}
    replace = write_mod(tmp_path, "replace", {"r.yaml": "replace_rivalry: true\nrivalry:\n  moscow: {public: 0.1}\n"})
    assert load_or_raise(base, [replace]).rivalry == {"moscow": {"public": 0.1}}
    off = write_mod(tmp_path, "off", {"r.yaml": "disable_rivalry: {moscow: [beijing]}\n"})
    assert load_or_raise(base, [off]).rivalry == {"moscow": {}, "beijing": {"moscow": 0.2}}


def test_patched_card_printed_and_replaced_is_the_same(tmp_path, capsys):
    base = write_base(tmp_path)
    patch = write_mod(tmp_path, "p", {"patch.yaml": PATCH_LOAN})
    assert main(["content", "card", "base.loan", "--replace", "--content", str(base), "--mod", str(patch),
                 "--no-mods"]) == 0
    out = capsys.readouterr().out
    assert "# choices.2.effects (set): from a patch of mod 'p', " in out and "/p/patch.yaml:4:7\n" in out
    copy = write_mod(tmp_path, "z_copy", {"cards.yaml": out}, depends="[p]")
    assert load_or_raise(base, [patch, copy]).cards == load_or_raise(base, [patch]).cards


def test_schema_takes_the_new_keys():
    document = yaml.safe_load(PATCH_LOAN + "disable_scenarios: [a]\ndisable_rivalry: {moscow: [beijing]}\n"
                                           "replace_rivalry: true\n")
    jsonschema.validate(document, schema_for_kind("content"))
