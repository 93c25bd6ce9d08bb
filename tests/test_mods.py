"""Mods: load order, dependencies, replace/disable/weights, conflicts, installed mods,
a fourth vector that plays, links out of the folder, translations."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game import __version__
from game.engine import choose, new_game, play, tr
from game.loading import load_content
from game.loading.mods import satisfies
from tests.test_mods_kit import card, formatted, write_base, write_mod

REPO = Path(__file__).resolve().parent.parent
ANKARA = REPO / "examples" / "mods" / "ankara"
TURKIC_WEEK = REPO / "examples" / "mods" / "turkic_week"


def codes(result, severity=None):
    return sorted(p.code for p in result.problems if severity is None or p.severity == severity)


@pytest.fixture
def base(tmp_path):
    return write_base(tmp_path)


# --- the LoadResult contract ------------------------------------------------------


def test_load_result_keeps_its_shape_and_lists_mod_files_in_load_order(tmp_path, base):
    b = write_mod(tmp_path, "b_mod", {"cards.yaml": "cards:\n" + card("b_mod.one")})
    a = write_mod(tmp_path, "a_mod", {"cards.yaml": "cards:\n" + card("a_mod.one")})
    result = load_content(base, [b, a])
    assert result.ok and result.content is not None and result.errors == [] and result.warnings == []
    assert [m.id for m in result.active_mods] == ["a_mod", "b_mod"]
    names = [p.relative_to(tmp_path).as_posix() for p in result.files]
    assert names == ["base/content.yaml", "a_mod/cards.yaml", "a_mod/mod.yaml", "b_mod/cards.yaml", "b_mod/mod.yaml"]
    assert list(result.content.cards)[-2:] == ["a_mod.one", "b_mod.one"]


def test_a_folder_without_mod_yaml_still_loads_with_a_warning(tmp_path, base):
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "cards.yaml").write_text("cards:\n" + card("loose.one"), encoding="utf-8")
    result = load_content(base, [folder])
    assert result.ok, formatted(result)
    assert codes(result) == ["mod"] and "no mod.yaml" in result.problems[0].message
    single = load_content(base, [folder / "cards.yaml"])  # one file, as `validate FILE` passes it
    assert single.ok and single.warnings == [] and "loose.one" in single.content.cards


# --- load order and dependencies ----------------------------------------------------


def test_load_order_follows_dependencies_then_ids(tmp_path, base):
    z = write_mod(tmp_path, "zeta", {})
    a = write_mod(tmp_path, "alpha", {}, depends="[zeta]")
    m = write_mod(tmp_path, "mu", {})
    b = write_mod(tmp_path, "beta", {}, depends="[{id: alpha, version: '>=1.0'}]")
    for order in ([z, a, m, b], [b, m, a, z], [m, b, z, a]):
        result = load_content(base, order)
        assert result.ok, formatted(result)
        assert [mod.id for mod in result.active_mods] == ["mu", "zeta", "alpha", "beta"]


def test_a_cycle_is_an_error_naming_the_mods(tmp_path, base):
    a = write_mod(tmp_path, "a_mod", {}, depends="[b_mod]")
    b = write_mod(tmp_path, "b_mod", {}, depends="[c_mod]")
    c = write_mod(tmp_path, "c_mod", {}, depends="[a_mod]")
    result = load_content(base, [a, b, c])
    assert not result.ok
    errors = result.errors
    assert {e.path.split(os.sep)[-2] for e in errors} == {"a_mod", "b_mod", "c_mod"}
    assert all("a_mod -> b_mod -> c_mod -> a_mod" in e.message for e in errors)
    assert all((e.line, e.col, e.code) == (5, 11, "mod") for e in errors)  # the depends item


def test_a_mod_that_depends_on_itself(tmp_path, base):
    a = write_mod(tmp_path, "selfish", {}, depends="[selfish]")
    [error] = load_content(base, [a]).errors
    assert "selfish -> selfish" in error.message


def test_a_missing_dependency_names_both_mods_and_suggests(tmp_path, base):
    write_mod(tmp_path, "ankara", {})  # beside it, but not loaded
    mine = write_mod(tmp_path, "mine", {}, depends="[ankra]")
    [error] = load_content(base, [mine]).errors
    assert error.code == "mod" and error.path.endswith(os.path.join("mine", "mod.yaml"))
    assert (error.line, error.col) == (5, 11)
    assert "mod 'mine' needs mod 'ankra'" in error.message
    mine = write_mod(tmp_path, "mine", {}, depends="[ankara]")
    [error] = load_content(base, [mine]).errors
    assert "add --mod" in error.message and error.message.rstrip().endswith("ankara")


def test_a_dependency_of_the_wrong_version(tmp_path, base):
    old = write_mod(tmp_path, "lib", {}, version="0.9")
    mine = write_mod(tmp_path, "mine", {}, depends="[{id: lib, version: '>=1.0'}]")
    [error] = load_content(base, [old, mine]).errors
    assert "needs mod 'lib' version >=1.0" in error.message and "is version 0.9" in error.message


def test_a_mod_for_another_game_version(tmp_path, base):
    future = write_mod(tmp_path, "future", {}, game=">=99.0")
    [error] = load_content(base, [future]).errors
    assert "works with game versions >=99.0" in error.message and __version__ in error.message
    assert error.line == 4 and error.col == 1  # the game: line


def test_two_mods_with_one_id(tmp_path, base):
    one = write_mod(tmp_path / "x", "same", {})
    two = write_mod(tmp_path / "y", "same", {})
    errors = load_content(base, [one, two]).errors
    assert errors and "two mods have the id 'same'" in errors[0].message


@pytest.mark.parametrize(
    "version, requirement, expected",
    [
        ("0.1.0", ">=0.1", True),
        ("0.1.0", ">=0.1, <1.0", True),
        ("1.0.0", ">=0.1, <1.0", False),
        ("0.1.7", "0.1", True),
        ("0.2.0", "0.1", False),
        ("0.1.0", "==0.1", True),
        ("0.1.3", "!=0.1.3", False),
        ("2.0", "*", True),
        ("1.2", ">1.1.9", True),
    ],
)
def test_version_requirements(version, requirement, expected):
    assert satisfies(version, requirement) is expected


# --- replace, disable, weights --------------------------------------------------------


def test_reusing_an_id_by_accident_is_an_error_not_a_replacement(tmp_path, base):
    mod = write_mod(tmp_path, "clash", {"cards.yaml": "cards:\n" + card("base.summit", title="Mine")})
    result = load_content(base, [mod])
    assert not result.ok
    [error] = result.errors
    assert error.code == "duplicate-id" and error.path.endswith(os.path.join("clash", "cards.yaml"))
    assert (error.line, error.col) == (2, 9)
    assert "already used by the base game at" in error.message and "content.yaml:" in error.message
    assert "add 'replace: true'" in error.message and "'clash.summit'" in error.message


def test_replace_takes_the_old_cards_place_and_leaves_nothing_of_it(tmp_path, base):
    # The replacement drops the old card's follow-up; base.bill is then never scheduled,
    # and nothing of the old base.loan (its follow-up reference) remains to be checked.
    replacement = card("base.loan", title="A better loan", effects="beijing: 2, public: 1", extra="\n    replace: true")
    mod = write_mod(tmp_path, "better", {"cards.yaml": "cards:\n" + replacement})
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    cards = result.content.cards
    assert list(cards) == ["base.quiet", "base.loan", "base.bill", "base.summit"]
    assert cards["base.loan"].title == "A better loan"
    assert all(not c.followups for c in cards["base.loan"].choices)


def test_replace_with_nothing_to_replace(tmp_path, base):
    mod = write_mod(tmp_path, "oops", {"cards.yaml": "cards:\n" + card("base.sumit", extra="\n    replace: true")})
    [error] = load_content(base, [mod]).errors
    assert error.code == "unknown-ref" and "no card 'base.sumit' in the base game to replace" in error.message
    assert "did you mean 'base.summit'" in error.message and "remove 'replace: true'" in error.message


def test_replace_works_for_meters_endings_and_scenarios(tmp_path, base):
    mod = write_mod(tmp_path, "tweaks", {"more.yaml": """\
        meters:
          - {id: public, replace: true, name: The people, kind: domestic, start: 70, low_ending: revolt}
        endings:
          - {id: revolt, replace: true, kind: loss, title: The squares fill}
        scenarios:
          - {id: base_2019, replace: true, name: Longer, start: 2019-Q2, turns: 12}
        """})
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    content = result.content
    assert content.meter("public").start == 70 and content.endings["revolt"].title == "The squares fill"
    # A replaced default scenario stays the default.
    assert content.default_scenario.id == "base_2019" and content.default_scenario.turns == 12


def test_disable_cards_and_follow_ups_to_them(tmp_path, base):
    mod = write_mod(tmp_path, "trim", {"deck.yaml": "disable_cards: [base.bill, base.summit]\n"})
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    assert "base.bill" not in result.content.cards and "base.summit" not in result.content.cards
    assert all(not c.followups for c in result.content.cards["base.loan"].choices)
    [warning] = result.warnings
    assert warning.path.endswith(os.path.join("trim", "deck.yaml")) and "'base.bill' is the follow-up of card 'base.loan' at " in warning.message
    state = play(result.content, None, 3, [0] * 8)  # plays on without the disabled card
    assert all(d.card not in ("base.bill", "base.summit") for d in state.decisions)


def test_disable_an_unknown_card(tmp_path, base):
    mod = write_mod(tmp_path, "trim", {"deck.yaml": "disable_cards:\n  - base.sumit\n"})
    [error] = load_content(base, [mod]).errors
    assert (error.line, error.col, error.code) == (2, 5, "unknown-ref")
    assert "cannot disable card 'base.sumit'" in error.message and "did you mean 'base.summit'" in error.message


def test_disabling_the_last_fallback_is_caught(tmp_path, base):
    mod = write_mod(tmp_path, "trim", {"deck.yaml": "disable_cards: [base.quiet]\n"})
    errors = load_content(base, [mod]).errors
    assert [e.code for e in errors] == ["structure"] and "no fallback card" in errors[0].message


def test_card_weights(tmp_path, base):
    mod = write_mod(tmp_path, "weights", {"w.yaml": "card_weights: {base.summit: 30, weights.own: 0}\ncards:\n" + card("weights.own")})
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    assert result.content.cards["base.summit"].weight == 30 and result.content.cards["weights.own"].weight == 0
    bad = write_mod(tmp_path, "bad", {"w.yaml": "card_weights: {base.sumit: 30, base.quiet: -1}\n"})
    result = load_content(base, [bad])
    assert sorted((p.code, p.col) for p in result.errors) == [("range", 44), ("unknown-ref", 16)]
    assert "did you mean 'base.summit'" in "".join(p.message for p in result.errors)


# --- conflicts between mods ---------------------------------------------------------


def test_two_mods_replacing_one_card_warn_and_the_later_wins(tmp_path, base):
    first = write_mod(tmp_path, "first", {"c.yaml": "cards:\n" + card("base.summit", title="First", extra="\n    replace: true")})
    second = write_mod(tmp_path, "second", {"c.yaml": "cards:\n" + card("base.summit", title="Second", extra="\n    replace: true")})
    result = load_content(base, [second, first])
    assert result.ok, formatted(result)
    assert result.content.cards["base.summit"].title == "Second"
    [warning] = result.warnings
    assert warning.code == "mod-conflict" and warning.path.endswith(os.path.join("second", "c.yaml"))
    assert os.path.join("first", "c.yaml") + ":2:9" in warning.message
    assert "'second' loads later, so its card is used" in warning.message


def test_a_dependent_mod_replaces_without_a_conflict(tmp_path, base):
    first = write_mod(tmp_path, "first", {"c.yaml": "cards:\n" + card("base.summit", title="First", extra="\n    replace: true")})
    second = write_mod(tmp_path, "second", {"c.yaml": "cards:\n" + card("first.extra")
                                            + card("base.summit", title="Second", extra="\n    replace: true")},
                       depends="[first]")
    result = load_content(base, [first, second])
    assert result.ok and result.content.cards["base.summit"].title == "Second"
    # A dependency is a wish to build on it, yet replacing a replaced card still names both.
    assert codes(result) == ["mod-conflict"]


def test_disable_against_replace_and_weights_against_weights(tmp_path, base):
    a = write_mod(tmp_path, "a_mod", {"c.yaml": "card_weights: {base.loan: 5}\ncards:\n"
                                      + card("base.summit", title="A", extra="\n    replace: true")})
    b = write_mod(tmp_path, "b_mod", {"d.yaml": "disable_cards: [base.summit]\ncard_weights: {base.loan: 40}\n"})
    result = load_content(base, [a, b])
    assert result.ok, formatted(result)
    assert "base.summit" not in result.content.cards and result.content.cards["base.loan"].weight == 40
    messages = sorted(w.message for w in result.warnings)
    assert any("mod 'b_mod' disables card 'base.summit', which mod 'a_mod' replaces" in m for m in messages)
    assert any("gets weight 5 from mod 'a_mod'" in m and "so 40 is used" in m for m in messages)
    c = write_mod(tmp_path, "c_mod", {"c.yaml": "cards:\n" + card("base.summit", title="C", extra="\n    replace: true")})
    result = load_content(base, [a, b, c])
    assert result.ok and result.content.cards["base.summit"].title == "C"
    assert any("disabled by mod 'b_mod'" in w.message and "so this card is dealt" in w.message for w in result.warnings)


def test_a_mod_scenario_can_become_the_default(tmp_path, base):
    scenario = "scenarios:\n  - {id: %s, name: Mine, start: 2020-Q1, turns: 6, default: true}\n"
    one = write_mod(tmp_path, "one", {"s.yaml": scenario % "one_2020"})
    two = write_mod(tmp_path, "two", {"s.yaml": scenario % "two_2020"})
    result = load_content(base, [one])
    assert result.ok and result.content.default_scenario.id == "one_2020" and result.warnings == []
    result = load_content(base, [one, two])
    assert result.ok and result.content.default_scenario.id == "two_2020"
    assert [w.code for w in result.warnings] == ["mod-conflict"]


# --- a fourth vector ----------------------------------------------------------------


FOURTH = {
    "ankara.yaml": """\
        meters:
          - {id: ankara, name: Ankara, kind: vector, start: 50, low_ending: ankara_cold, high_ending: ankara_owned}
        rivalry:
          ankara: {moscow: 0.5}
          moscow: {ankara: 0.25}
        endings:
          - {id: ankara_cold, kind: loss, title: Ankara turns away}
          - {id: ankara_owned, kind: loss, title: Ankara's junior brother}
        cards:
          - id: fourth.drones
            title: Turkish drones
            speaker: aide
            text: Ankara offers drones.
            weight: 1000
            choices:
              - {label: Buy, effects: {ankara: 30, moscow: -2}}
              - {label: Refuse, effects: {ankara: -30, public: 1}}
        """,
}


def test_a_fourth_vector_plays_to_its_own_ending(tmp_path, base):
    mod = write_mod(tmp_path, "fourth", FOURTH)
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    content = result.content
    assert content.meter_ids == ("moscow", "beijing", "public", "ankara")
    assert content.rivalry["moscow"] == {"beijing": 0.2, "ankara": 0.25}
    assert new_game(content, None, seed=5).meters["ankara"] == 50
    # Buying drones each time pushes Ankara to 100, its high ending; refusing, to 0.
    state = play(content, None, 5, [0] * 8)
    assert state.over and state.ending == "ankara_owned"
    state = play(content, None, 5, [1] * 8)
    assert state.over and state.ending == "ankara_cold"


def test_the_example_mod_adds_a_fourth_vector_that_plays(tmp_path):
    result = load_content(None, [ANKARA])
    assert result.ok, formatted(result)
    assert result.warnings == []
    content = result.content
    assert "ankara" in content.meter_ids and content.meter("ankara").is_vector
    assert "ankara" in content.rivalry and "ankara" in content.rivalry["moscow"]
    assert "indep.turkic_summit" not in content.cards
    assert content.cards["region.turkic_states"].speaker == "turkish_ambassador"
    assert content.cards["energy.middle_corridor"].weight == 20
    for seed in range(3):
        state = play(content, "ankara_corridor_2023", seed, [seed % 2] * 40)
        assert state.over and state.ending in content.endings
        assert set(state.meters) == set(content.meter_ids)


def test_the_dependent_example_mod(tmp_path):
    result = load_content(None, [TURKIC_WEEK, ANKARA])
    assert result.ok and result.warnings == [], formatted(result)
    assert [m.id for m in result.active_mods] == ["ankara", "turkic_week"]
    assert result.content.cards["ankara.anka_drones"].weight == 24
    from game.base.paths import display_path

    alone = load_content(None, [TURKIC_WEEK])
    [error] = alone.errors
    assert error.message.endswith(f"needs mod 'ankara', which is not loaded: add --mod {display_path(ANKARA)}")


# --- installed mods (mods/ beside the saves) ----------------------------------------


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A save folder in tmp, so mods/ is tmp/mods."""
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "saves"))
    folder = tmp_path / "mods"
    folder.mkdir()
    return folder


def test_installed_mods_are_found_beside_the_saves(installed):
    from game.base.paths import installed_mods_dir

    assert installed_mods_dir() == installed
    assert installed_mods_dir(installed.parent / "elsewhere" / "saves") == installed.parent / "elsewhere" / "mods"


def test_a_broken_installed_mod_is_set_aside_and_the_game_still_loads(tmp_path, base, installed):
    write_mod(installed, "good", {"c.yaml": "cards:\n" + card("good.one")})
    write_mod(installed, "broken", {"c.yaml": "cards:\n" + card("broken.one", effects="moscw: 2")})
    write_mod(installed, "future", {}, game=">=99")
    write_mod(installed, "needy", {}, depends="[broken]")
    (installed / "unpacked").mkdir()
    write_mod(installed / "unpacked", "inner", {})
    (installed / "thing.zip").write_bytes(b"PK")
    result = load_content(base, [], installed=installed)
    assert result.ok, formatted(result)
    assert "good.one" in result.content.cards and "broken.one" not in result.content.cards
    status = {m.id: (m.active, m.reason) for m in result.mods}
    assert status["good"] == (True, "")
    assert not status["broken"][0] and "unknown meter 'moscw'" in status["broken"][1]
    assert not status["future"][0] and ">=99" in status["future"][1]
    assert not status["needy"][0] and "broken" in status["needy"][1]
    notes = " ".join(w.message for w in result.warnings)
    assert "unpack it here" in notes and os.path.join("unpacked", "inner") in notes
    assert all(p.severity == "warning" for p in result.problems)


def test_an_explicit_mod_wins_over_an_installed_copy(tmp_path, base, installed):
    write_mod(installed, "same", {"c.yaml": "cards:\n" + card("same.one", title="Installed")})
    mine = write_mod(tmp_path / "dev", "same", {"c.yaml": "cards:\n" + card("same.one", title="Mine")})
    result = load_content(base, [mine], installed=installed)
    assert result.ok and result.content.cards["same.one"].title == "Mine"


def test_the_command_line_puts_installed_mods_into_every_load(tmp_path, installed, capsys):
    import argparse

    from game.commands.mods import add_installed_mods

    write_mod(installed, "good", {"c.yaml": "cards:\n" + card("good.one", effects="moscow: 2, public: -1")})
    write_mod(installed, "future", {}, game=">=99")
    args = argparse.Namespace(content=write_base(tmp_path), mods=[], no_mods=False, saves=None)
    add_installed_mods(args)
    assert [p.name for p in args.mods] == ["good"]
    assert "mod 'future'" in capsys.readouterr().err
    kept = load_content(args.content, args.mods)  # handed over, not read again
    assert "good.one" in kept.content.cards
    again = load_content(args.content, args.mods)  # used once: this one reads
    assert again is not kept and "good.one" in again.content.cards
    args = argparse.Namespace(content=args.content, mods=[], no_mods=True, saves=None)
    add_installed_mods(args)
    assert args.mods == []
    # With --no-mods the mods named are still put in load order, as saves' fingerprints
    # list them.
    z, a = write_mod(tmp_path, "zed", {}), write_mod(tmp_path, "abc", {})
    args = argparse.Namespace(content=args.content, mods=[z, a], no_mods=True, saves=None)
    add_installed_mods(args)
    assert args.mods == [a, z]


# --- content only: links, code, markup ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_that_leave_the_mod_folder_are_refused(tmp_path, base, installed):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.yaml").write_text("cards:\n" + card("secret.card"), encoding="utf-8")
    mod = write_mod(tmp_path, "sneaky", {"cards.yaml": "cards:\n" + card("sneaky.one")})
    (mod / "stolen.yaml").symlink_to(outside / "secret.yaml")
    (mod / "folder").symlink_to(outside, target_is_directory=True)
    result = load_content(base, [mod])
    assert not result.ok
    refused = [p for p in result.errors if p.code == "unsafe-path"]
    assert sorted(Path(p.path).name for p in refused) == ["folder", "stolen.yaml"]
    assert all("outside this folder" in p.message and "not followed" in p.message for p in refused)
    assert all("secret" not in str(f) for f in result.files)
    # Installed, the same mod is set aside and the game loads without it.
    os.rename(mod, installed / "sneaky")
    result = load_content(base, [], installed=installed)
    assert result.ok and "sneaky.one" not in result.content.cards and "secret.card" not in result.content.cards
    assert [m.active for m in result.mods] == [False]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_inside_the_mod_is_read_once(tmp_path, base):
    mod = write_mod(tmp_path, "tidy", {"real/cards.yaml": "cards:\n" + card("tidy.one")})
    (mod / "alias.yaml").symlink_to(mod / "real" / "cards.yaml")
    (mod / "shortcut").symlink_to(mod / "real", target_is_directory=True)
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    assert list(result.content.cards).count("tidy.one") == 1


def test_code_and_stylesheets_in_a_mod_are_never_run(tmp_path, base):
    marker = tmp_path / "ran"
    mod = write_mod(tmp_path, "code", {
        "cards.yaml": "cards:\n" + card("code.one", title="'[bold red]Loud[/]'"),
        "evil.py": f"open({str(marker)!r}, 'w').write('x')\n",
        "theme.tcss": "Screen { background: red; }\n",
    })
    result = load_content(base, [mod])
    assert result.ok, formatted(result)
    assert not marker.exists()
    assert sorted(Path(w.path).name for w in result.warnings if w.code == "ignored-file") == ["evil.py", "theme.tcss"]
    # Markup is only text: the card keeps the brackets as typed.
    assert result.content.cards["code.one"].title == "[bold red]Loud[/]"


def test_yaml_tags_in_a_mod_are_refused(tmp_path, base):
    mod = write_mod(tmp_path, "tags", {"cards.yaml": "cards: !!python/object/apply:os.system ['true']\n"})
    [error] = load_content(base, [mod]).errors
    assert error.code == "unsafe-yaml"


# --- translations ---------------------------------------------------------------------


def test_translations_end_to_end_in_a_mod(tmp_path, base):
    mod = write_mod(
        tmp_path, "lang",
        {"c.yaml": """\
            cards:
              - id: lang.harvest
                title: {en: A bumper harvest, ru: Богатый урожай, kk: Мол өнім}
                speaker: aide
                text: {ru: Только по-русски.}
                choices:
                  - {label: {en: Sell, kk: Сату}, effects: {beijing: 3, public: -1}}
                  - {label: Keep, effects: {public: 2, beijing: -1}}
            """},
        manifest='id: lang\nname: {en: Languages, ru: Языки}\nversion: "1.0"\ngame: ">=0.1"\n',
    )
    result = load_content(base, [mod])
    assert result.ok and result.warnings == [], formatted(result)
    harvest = result.content.cards["lang.harvest"]
    assert tr(harvest.title, "kk") == "Мол өнім" and tr(harvest.title, "ru") == "Богатый урожай"
    assert tr(harvest.title, "de") == "A bumper harvest"          # else English
    assert tr(harvest.text, "en") == "Только по-русски."           # else the first given
    assert tr(harvest.choices[0].label, "ru") == "Sell" and tr(harvest.choices[0].label, "kk") == "Сату"
    assert result.active_mods[0].title == "Languages"
    state, report = choose(result.content, new_game(result.content, None, 1), 0)
    assert state.turn == 2


def test_kz_is_not_kazakh(tmp_path, base):
    mod = write_mod(tmp_path, "lang", {"c.yaml": "cards:\n" + card("lang.one", title="{en: One, kz: Бір}")})
    result = load_content(base, [mod])
    assert result.ok
    [warning] = result.warnings
    assert warning.code == "language" and "Kazakh is 'kk'" in warning.message


# --- speed ------------------------------------------------------------------------------


def _big_mod(folder: Path, count: int) -> Path:
    lines = ["cards:"]
    for i in range(count):
        lines.append(
            f"""  - id: big.card_{i}
    title: {{en: "Card {i}", ru: "Карта {i}"}}
    speaker: aide
    tags: [big]
    text: >
      Something happens in quarter {i}, and the ministers disagree about what to do.
    when: {{meters: {{public: [10, 90]}}, turns: [2, 20]}}
    weight: 5
    choices:
      - {{label: Moscow, effects: {{moscow: 3, beijing: -2, public: -1}}, outcome: Moscow is pleased.}}
      - {{label: Beijing, effects: {{beijing: 3, moscow: -2}}, outcome: Beijing is pleased.}}
      - {{label: Wait, effects: {{public: -2}}, outcome: Nobody is pleased.}}
    history: {{note: Invented., source: none, question: Why?}}"""
        )
    return write_mod(folder, "big", {"cards.yaml": "\n".join(lines) + "\n"})


def test_a_big_mod_loads(tmp_path, base):
    """A mod of hundreds of cards loads and every card is there.

    How fast it loads against a bare CSafeLoader parse is a benchmark, not a test
    (bench/, see the README's Performance section): timings fail on a busy machine.
    """
    count = int(os.environ.get("MULTIVECTOR_BENCH_CARDS", "500"))
    mod = _big_mod(tmp_path, count)
    result = load_content(base, [mod])
    assert result.ok and len(result.content.cards) == count + 4


# --- the commands -----------------------------------------------------------------------


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, **(env or {})), timeout=600)


def test_simulate_the_example_mod():
    result = run_cli("simulate", "--mod", "examples/mods/ankara", "--games", "50", "--json")
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["balancer"]["games"] == 50
    assert "ankara" in report["balancer"]["losses_by_meter"]
    assert any(card.startswith("ankara.") and seen["drawn"] > 0
               for card, seen in report["lookahead"]["cards"].items() for seen in [seen])


def test_validate_a_broken_mod_names_its_own_file(tmp_path):
    news = card("broken.news", effects="moscw: 3, public: -1").replace("aide", "foreign_minister")
    mod = write_mod(tmp_path, "broken", {"cards/news.yaml": "cards:\n" + news})
    result = run_cli("validate", "--mod", str(mod), cwd=tmp_path)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(os.path.join("broken", "cards", "news.yaml") + ":7:32: error[unknown-ref]: unknown meter 'moscw'")
    assert "did you mean 'moscow'" in first and "Traceback" not in result.stderr
    as_path = run_cli("validate", "broken", "--format", "json", cwd=tmp_path)
    import json

    data = json.loads(as_path.stdout)
    assert not data["ok"] and data["problems"][0]["path"] == os.path.join("broken", "cards", "news.yaml")
    assert data["mods"][0]["id"] == "broken"


def test_validate_the_example_mods_is_clean():
    result = run_cli("validate", "--strict", "--mod", "examples/mods/turkic_week", "--mod", "examples/mods/ankara")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mods: ankara 1.0.0, turkic_week 1.0.0" in result.stdout


def test_the_mods_command_lists_what_is_found_and_why_not(tmp_path):
    env = {"MULTIVECTOR_SAVES": str(tmp_path / "saves")}
    installed = tmp_path / "mods"
    write_mod(installed, "old", {}, game="<0.0.1")
    write_mod(installed, "good", {"c.yaml": "cards:\n" + card("good.one").replace("aide", "foreign_minister")})
    (installed / "notamod").mkdir()
    result = run_cli("mods", "--mod", str(ANKARA), env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Installed mods are read from {installed}" in out
    assert "active    ankara 1.0.0  Ankara: the Turkic vector" in out and "(--mod)" in out
    assert "active    good 1.0.0" in out
    assert "inactive  old 1.0.0" in out and "not loaded: needs game <0.0.1" in out
    assert "notamod" in out and "no mod.yaml" in out
    assert "Load order: ankara, good" in out


def test_new_card_template_validates_cleanly(tmp_path):
    made = run_cli("new-card", "desk.border_talks", "--into", str(tmp_path / "desk"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    result = load_content(None, [tmp_path / "desk"])
    assert result.ok and result.warnings == [], formatted(result)
    printed = run_cli("new-card", "desk.other", "--mod", str(ANKARA))
    assert printed.returncode == 0 and "id: desk.other" in printed.stdout and "ankara" in printed.stdout
    assert run_cli("new-card", "Border Talks").stderr.count("(try 'border_talks')") == 1
    clash = run_cli("new-card", "energy.middle_corridor")
    assert clash.returncode == 1 and "replace: true" in clash.stderr


# --- strangers' mods never crash the loader --------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from([
    "id", "name", "version", "game", "depends", "cards", "replace", "disable_cards", "card_weights",
    "meters", "rivalry", "scenarios", "endings", "title", "text", "speaker", "choices", "label",
    "effects", "followups", "card", "in", "moscow", "public", "base.summit", "base.quiet", "aide",
    "kind", "vector", "start", "low_ending", "default", "true", "1.0", ">=0.1", "kz", "en",
])
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-200, 200), st.floats(allow_nan=False, allow_infinity=False),
              _WORDS, st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_WORDS, inner, max_size=5)),
    max_leaves=25,
)


@given(manifest=st.dictionaries(_WORDS, _VALUES, max_size=6), content=st.dictionaries(_WORDS, _VALUES, max_size=6))
def test_any_mod_gets_problems_never_an_exception(tmp_path_factory, manifest, content):
    import yaml

    root = tmp_path_factory.mktemp("fuzz")
    base = write_base(root)
    folder = root / "fuzzed"
    folder.mkdir()
    (folder / "mod.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    (folder / "content.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    result = load_content(base, [folder])
    assert result.ok or result.errors
    installed = load_content(base, [], installed=root)  # the same mod, installed
    assert installed.ok, formatted(installed)
