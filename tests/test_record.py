"""The player's record across games: counted once per game, the gallery, bests,
achievements, daily games, and a damaged or refused file that never stops a game."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from game.cli import main
from game.engine import Decision
from game.saves.record import (
    RECORD_LIMIT,
    daily_seed,
    describe_text,
    load_record,
    record_game,
    record_path,
    today,
)
from tests.tui.helpers import random_game


@pytest.fixture(scope="module")
def games(base_content):
    """A won and a lost game of the base content (random answers, fixed seeds)."""
    won = lost = None
    for seed in range(60):
        state = random_game(base_content, seed)
        kind = base_content.endings[state.ending].kind
        if kind == "victory" and won is None:
            won = state
        elif kind == "loss" and lost is None:
            lost = state
    return won, lost


def test_a_game_is_counted_once_and_fills_the_gallery(tmp_path, base_content, games):
    won, lost = games
    path = tmp_path / "record.json"
    first = record_game(path, base_content, lost, game="g1")
    assert first.counted and first.new_ending and not first.best
    again = record_game(path, base_content, lost, game="g1")
    assert not again.counted and not again.new_ending
    update = record_game(path, base_content, won, game="g2")
    assert update.counted and update.new_ending and update.best
    record, warning = load_record(path)
    assert warning is None
    assert (record.played, record.won) == (2, 1)
    assert record.endings == {lost.ending: 1, won.ending: 1}
    assert record.best == {won.scenario: won.score}
    # A lower score is no new best; the same ending is not new.
    worse = replace(won, score=won.score - 1)
    later = record_game(path, base_content, worse, game="g3")
    assert later.counted and not later.best and not later.new_ending
    assert load_record(path)[0].endings[won.ending] == 2


def test_a_game_without_an_id_is_known_by_its_answers(tmp_path, base_content, games):
    path = tmp_path / "record.json"
    assert record_game(path, base_content, games[1], game=None).counted
    assert not record_game(path, base_content, games[1], game=None).counted


def _calm(content, state, **changes):
    calm = {m.id: 50 for m in content.meters}
    return replace(state, history=(calm,) * len(state.history), meters=calm, **changes)


def test_achievements(tmp_path, base_content, games):
    won = games[0]
    path = tmp_path / "record.json"
    calm = _calm(base_content, won)
    earned = {a.id for a in record_game(path, base_content, calm, game="a", ironman=True).achievements}
    assert {"never_in_danger", "ironman"} <= earned
    assert "long_middle" not in earned and "no_memorandum" not in earned
    middle = _calm(base_content, won, scenario="middle_2006")
    assert "long_middle" in {a.id for a in record_game(path, base_content, middle, game="b").achievements}
    # Earned once: the same feat again adds nothing.
    assert record_game(path, base_content, replace(calm, seed=99), game="c", ironman=True).achievements == ()
    assert set(load_record(path)[0].achievements) >= {"never_in_danger", "ironman", "long_middle"}


def test_surviving_1992_without_signing_in_budapest(tmp_path, base_content, games):
    # The achievement is content: the arsenal's flag still set at the end of the 1992 term.
    # That means "never signed" because the term starts with it set and only the
    # Budapest answers that sign clear it.
    scenario = base_content.scenarios["independence_1991"]
    assert "nuclear_arsenal" in scenario.flags
    clearing = {(card.id, i) for card in base_content.cards.values() for i, c in enumerate(card.choices)
                if "nuclear_arsenal" in c.clear_flags}
    assert clearing and {card for card, _ in clearing} == {"indep.budapest"}
    won = games[0]
    card = base_content.cards["indep.budapest"]
    signing = next(i for i, c in enumerate(card.choices) if "nuclear_arsenal" in c.clear_flags)
    holding = next(i for i, c in enumerate(card.choices) if "nuclear_arsenal" not in c.clear_flags)
    date = won.decisions[3].date

    def term(choice):
        decisions = list(won.decisions)
        decisions[3] = Decision(4, date, card.id, choice)
        flags = won.flags - {"nuclear_arsenal"} if choice == signing else won.flags | {"nuclear_arsenal"}
        return replace(won, scenario="independence_1991", decisions=tuple(decisions), flags=flags)

    held = record_game(tmp_path / "a.json", base_content, term(holding), game="held")
    signed = record_game(tmp_path / "b.json", base_content, term(signing), game="signed")
    assert "no_memorandum" in {a.id for a in held.achievements}
    assert "no_memorandum" not in {a.id for a in signed.achievements}
    lost = replace(term(holding), ending="public_uprising")
    assert "no_memorandum" not in {a.id for a in record_game(tmp_path / "c.json", base_content, lost,
                                                             game="lost").achievements}


def test_a_daily_game_is_kept_by_its_date(tmp_path, base_content, games):
    path = tmp_path / "record.json"
    won = games[0]
    update = record_game(path, base_content, won, game="d", daily="2026-01-02")
    assert "daily" in {a.id for a in update.achievements}
    entry = load_record(path)[0].daily["2026-01-02"]
    assert entry == {"scenario": won.scenario, "seed": won.seed, "ending": won.ending, "won": True,
                     "score": won.score, "quarters": len(won.decisions)}


def test_the_daily_seed_comes_from_the_date_alone():
    assert daily_seed("2026-12-07") == daily_seed("2026-12-07")
    assert daily_seed("2026-12-07") != daily_seed("2026-12-08")
    assert len(today()) == 10 and today()[4] == "-"


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe", b'{"format": 1, "played": -3}',
                                    b'{"format": 99}', b'[1, 2]', b'{"format": 1, "endings": {"x": "many"}}'])
def test_a_damaged_record_is_set_aside(tmp_path, base_content, games, damage):
    path = tmp_path / "record.json"
    path.write_bytes(damage)
    record, warning = load_record(path)
    assert record.played == 0 and "set aside" in warning
    assert (tmp_path / "record.json.damaged").read_bytes() == damage
    assert not path.exists()
    assert record_game(path, base_content, games[1], game="x").counted
    assert load_record(path)[0].played == 1


def test_an_oversized_record_is_refused_not_read(tmp_path, base_content, games):
    path = tmp_path / "record.json"
    path.write_bytes(b" " * (RECORD_LIMIT + 1))
    record, warning = load_record(path)
    assert record.played == 0 and "not read" in warning


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_record_that_is_a_link_is_never_written_through(tmp_path, base_content, games):
    target = tmp_path / "elsewhere.json"
    target.write_text('{"format": 1, "played": 4}')
    path = tmp_path / "record.json"
    path.symlink_to(target)
    update = record_game(path, base_content, games[1], game="x")
    assert "not saved" in update.warning
    assert target.read_text() == '{"format": 1, "played": 4}' and path.is_symlink()


def test_stats_in_the_terminal(tmp_path, base_content, games, capsys):
    saves = tmp_path / "saves"
    record_game(record_path(saves), base_content, games[0], game="w")
    assert main(["stats", "--saves", str(saves), "--no-mods"]) == 0
    out = capsys.readouterr().out
    assert "Games finished: 1, terms survived: 1 (100%)" in out
    assert "1 of 10 seen" in out and "not yet seen: Moscow at 0" in out
    assert out.strip() == describe_text(base_content, load_record(record_path(saves))[0]).strip()
    assert main(["stats", "--saves", str(saves), "--json", "--no-mods"]) == 0
    assert json.loads(capsys.readouterr().out)["won"] == 1


def test_stats_with_no_record_yet(tmp_path, capsys):
    assert main(["stats", "--saves", str(tmp_path / "saves"), "--no-mods"]) == 0
    assert "No game finished yet" in capsys.readouterr().out


def test_a_mod_adds_an_achievement_checked_like_any_content(tmp_path, base_content, games):
    from game.loading import load_content
    from tests.test_mods_kit import write_mod
    from tests.tui.helpers import CONTENT

    good = write_mod(tmp_path, "feats", {"feats.yaml": (
        "achievements:\n"
        "  - id: feats.any_end\n"
        "    title: {en: Any end at all, ru: Любой конец}\n"
        "    text: Finish a game, won or lost.\n"
        "    won: false\n")})
    result = load_content(CONTENT, [good])
    assert result.ok, [p.format() for p in result.errors]
    assert "feats.any_end" in {a.id for a in result.content.achievements}
    update = record_game(tmp_path / "r.json", result.content, games[0], game="g")
    assert "feats.any_end" in {a.id for a in update.achievements}

    bad = write_mod(tmp_path, "bad_feats", {"feats.yaml": (
        "achievements:\n"
        "  - id: bad_feats.one\n"
        "    title: One\n"
        "    scenario: independance_1991\n"
        "    min_score: 120\n")})
    problems = load_content(CONTENT, [bad]).errors
    lines = [p.format(snippet=False) for p in problems]
    assert any(line.endswith("feats.yaml:4:15: error[unknown-ref]: unknown scenario 'independance_1991' "
                              "(did you mean 'independence_1991'?)") for line in lines), lines
    assert any(line.endswith("feats.yaml:5:16: error[range]: 120 is outside 0..100") for line in lines), lines
