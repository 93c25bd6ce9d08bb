"""``multivector content`` and ``cards --format yaml``: the loaded game as a modder writes it."""

from __future__ import annotations

import json

import pytest
import yaml

from game.cli import main
from game.loading import load_or_raise
from game.loading.load import load_merged
from game.sim.simulator import run_simulation
from tests.conftest import CONTENT
from tests.test_mods_kit import write_base, write_mod

# A card with a weight_if, follow-ups, flags and lingering effects: every part a copy must keep.
CARD = "china.protests_2019"


def _out(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--no-mods"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lists_every_kind_and_its_ids(capsys):
    code, out, _ = _out(capsys, "content")
    assert code == 0
    for heading in ("cards (", "meters (", "scenarios (", "endings (", "situations (", "cast (", "flags (",
                    "rivalry ("):
        assert heading in out
    assert f"  {CARD}\n" in out
    code, out, _ = _out(capsys, "content", "meters")
    assert code == 0 and out.startswith("meters (") and "  moscow\n" in out and "cards (" not in out


def test_unknown_id_and_kind_suggest(capsys):
    code, _, err = _out(capsys, "content", "card", "china.protests_2091")
    assert code == 1 and CARD in err
    code, _, err = _out(capsys, "content", "cardz")
    assert code == 2 and "'card'" in err


def test_item_says_where_it_came_from(capsys):
    code, out, _ = _out(capsys, "content", "card", CARD)
    assert code == 0
    assert out.startswith(f"# card '{CARD}': from the base game, content/cards/china.yaml:")
    assert yaml.safe_load(out)["cards"][0]["weight_if"]


def test_printed_card_replacing_itself_changes_nothing_in_play(capsys, tmp_path):
    code, out, _ = _out(capsys, "content", "card", CARD, "--replace")
    assert code == 0
    mod = write_mod(tmp_path, "copy", {"cards.yaml": out})
    base = load_or_raise(CONTENT)
    copied = load_or_raise(CONTENT, [mod])
    assert copied.cards[CARD] == base.cards[CARD]
    assert list(copied.cards) == list(base.cards)  # the same place in the deck, so the same draws
    names = ["random", "balancer"]
    before = run_simulation(base, names, 150, seed=11, processes=1, engine=True)
    after = run_simulation(copied, names, 150, seed=11, processes=1, engine=True)
    for name in names:
        assert before[name].turns == after[name].turns
        assert before[name].endings == after[name].endings
        assert before[name].picks == after[name].picks
    assert before["random"].drawn[CARD] > 0  # the card came up in these games


def test_printed_item_carries_the_mods_changes(capsys, tmp_path):
    base = write_base(tmp_path)
    mod = write_mod(tmp_path, "tweak", {"weights.yaml": "card_weights: {base.summit: 33}\n"})
    code = main(["content", "card", "base.summit", "--content", str(base), "--mod", str(mod), "--no-mods"])
    out = capsys.readouterr().out
    assert code == 0
    assert yaml.safe_load(out)["cards"][0]["weight"] == 33
    assert "# weight: from card_weights of mod 'tweak', " in out


@pytest.mark.parametrize("kind,ident", [("meter", "moscow"), ("scenario", None), ("ending", None),
                                        ("situation", None), ("cast", None)])
def test_every_kind_prints_as_it_was_read(capsys, kind, ident):
    _, collected = load_merged(CONTENT)
    key = {"meter": "meters", "scenario": "scenarios", "ending": "endings", "situation": "situations",
           "cast": "cast"}[kind]
    item = collected.items[key][0][0] if ident is None else next(
        i for i, _, _ in collected.items[key] if i["id"] == ident)
    code, out, _ = _out(capsys, "content", kind, item["id"])
    assert code == 0
    assert yaml.safe_load(out) == {key: [item]}


def test_rivalry_and_flags(capsys):
    code, out, _ = _out(capsys, "content", "rivalry")
    assert code == 0 and yaml.safe_load(out)["rivalry"] == load_or_raise(CONTENT).rivalry
    code, out, _ = _out(capsys, "content", "flag", "protests_crushed")
    assert code == 0 and "# set at content/cards/china.yaml:" in out and "# tested at " in out


def test_cards_yaml_round_trips(capsys):
    code, out, _ = _out(capsys, "cards", "--format", "yaml")
    assert code == 0
    _, collected = load_merged(CONTENT)
    assert yaml.safe_load(out)["cards"] == [item for item, _, _ in collected.items["cards"]]


def test_cards_json_keeps_weight_if(capsys):
    code, out, _ = _out(capsys, "cards", "--format", "json")
    assert code == 0
    card = next(c for c in json.loads(out) if c["id"] == CARD)
    assert card["weight_if"] == [{"when": {"meters": {}, "flags": [], "not_flags": [],
                                           "situations": ["street_protests"], "not_situations": [],
                                           "turns": None, "dates": None, "scenarios": None},
                                  "multiply": 2.0}]
