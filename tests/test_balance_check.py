"""``multivector simulate --check``: a verdict a modder's CI can gate on.

Exit 1 when a balance target fails, 0 when all hold; ``--json`` carries each target's
figure, bound and verdict. A scenario names its own bounds in content (``balance:``),
and a mod declares targets of its own the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.cli import main
from game.loading import load_or_raise
from game.sim import targets
from game.sim.report import strategy_table
from game.sim.stats import wilson_interval
from tests.conftest import CONTENT

SCENARIO = """\
scenarios:
  - id: mod.testland
    name: Testland
    start: 2019-Q2
    turns: 12
    balance:
{balance}
"""

LENIENT = """\
      random_survival: [0, 100]
      meter_loss_share: [0, 100]
      early_loss_max: 100
      card_drawn_min: 0
"""


def _mod(folder: Path, balance: str, card: str = "") -> Path:
    folder.mkdir()
    (folder / "scenarios.yaml").write_text(SCENARIO.format(balance=balance), encoding="utf-8")
    if card:
        (folder / "cards.yaml").write_text(card, encoding="utf-8")
    return folder


def _simulate(capsys, *args: str) -> tuple[int, dict]:
    code = main(["simulate", "--no-mods", "--json", "--processes", "1", *args])
    return code, json.loads(capsys.readouterr().out)


def test_a_scenario_names_its_own_bounds_in_content(tmp_path):
    mod = _mod(tmp_path / "mod", LENIENT + "      survival: {balancer: [40, 95]}\n")
    content = load_or_raise(CONTENT, [mod])
    balance = content.scenarios["mod.testland"].balance
    assert balance["random_survival"] == (0.0, 1.0)
    assert balance["early_loss_max"] == (0.0, 1.0)  # a *_max is a ceiling
    assert balance["card_drawn_min"] == (0.0, 1.0)  # the others a floor
    assert balance["survival.balancer"] == (0.4, 0.95)
    bounds = targets.bounds_for(content, "mod.testland")
    assert bounds["single_vector_max"] == (0.0, targets.SINGLE_VECTOR_MAX)  # the game's, where not named
    assert targets.bounds_for(content, "transition_2019") == targets.DEFAULT_BOUNDS


def test_a_bad_bound_is_a_content_error(tmp_path, capsys):
    mod = _mod(tmp_path / "mod", "      random_survival: [30, 5]\n")
    assert main(["validate", "--no-mods", "--mod", str(mod)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"scenarios\.yaml:7:\d+: .*low is above high", out), out


def test_check_exits_0_when_every_target_holds(tmp_path, capsys):
    mod = _mod(tmp_path / "mod", LENIENT)
    code, data = _simulate(capsys, "--mod", str(mod), "--scenario", "mod.testland", "--strategy", "random",
                           "--games", "40", "--check")
    assert code == 0
    assert data["passed"] is True
    shown = {c["target"]: c for c in data["checks"]}
    assert shown["random_survival"]["bound"] == [0.0, 1.0] and shown["random_survival"]["passed"]
    assert shown["random_survival"]["figure"] == round(data["random"]["survived"] / 40, 4)


def test_check_exits_1_on_a_mod_that_breaks_a_target(tmp_path, capsys, base_content):
    speaker = next(iter(base_content.cast))
    doom = ("cards:\n  - id: mod.doom\n    title: Doom\n    speaker: " + speaker + "\n    text: No way out.\n"
            "    weight: 5000\n    cooldown: 0\n    choices:\n"
            "      - {label: This, effects: {public: -30, economy: -1}}\n"
            "      - {label: That, effects: {economy: -30, public: -1}}\n")
    mod = _mod(tmp_path / "mod", "      card_drawn_min: 0\n", doom)
    code, data = _simulate(capsys, "--mod", str(mod), "--scenario", "mod.testland", "--strategy", "random",
                           "--games", "40", "--check")
    assert code == 1
    assert data["passed"] is False
    failing = {c["target"]: c for c in data["checks"] if not c["passed"]}
    assert failing["random_survival"]["figure"] == 0.0
    assert failing["random_survival"]["bound"] == [0.05, 0.3]
    assert failing["early_loss_max"]["figure"] > 0.9 and failing["early_loss_max"]["bound"] == [0.0, 0.02]


def test_a_mods_own_target_fails_when_its_bot_is_not_run(tmp_path, capsys):
    mod = _mod(tmp_path / "mod", LENIENT + "      survival: {random: [90, 100], lookahead: [0, 100]}\n")
    code, data = _simulate(capsys, "--mod", str(mod), "--scenario", "mod.testland", "--strategy", "random",
                           "--games", "30", "--check")
    assert code == 1
    failing = {c["target"]: c for c in data["checks"] if not c["passed"]}
    if data["random"]["survived"] == data["random"]["games"]:
        # 30 short games may all survive, and the meter shares of no losses cannot hold
        assert failing.pop("meter_loss_share")["culprits"] == []
    assert set(failing) == {"survival.random", "survival.lookahead"}
    assert failing["survival.random"]["bound"] == [0.9, 1.0]
    assert "no games of 'lookahead'" in failing["survival.lookahead"]["detail"]


def test_without_check_the_json_and_the_exit_code_are_as_before(capsys):
    code, data = _simulate(capsys, "--strategy", "random", "--games", "10")
    assert code == 0 and set(data) == {"random", "games_per_second"}


def test_scenario_all_reports_every_scenario(capsys, base_content):
    code, data = _simulate(capsys, "--strategy", "moscow", "--games", "10", "--scenario", "all", "--check")
    assert set(data["scenarios"]) == set(base_content.scenarios)
    assert code == (0 if data["passed"] else 1)
    for entry in data["scenarios"].values():
        single = next(c for c in entry["checks"] if c["target"] == "single_vector_max")
        assert single["bound"] == [0.0, 0.05]


def test_the_report_rounds_once():
    """6.255% survives: the table and the targets both print 6.3%, from the counts, not
    6.2% from a rate already rounded to four decimals for --json."""
    survived, games = 1251, 20000
    low, high = wilson_interval(survived, games)
    row = {"games": games, "survived": survived, "survival_rate": round(survived / games, 4), "ci95": [low, high],
           "median_turns": 20, "early_loss_rate": 0.0}
    assert f"{row['survival_rate']:.1%}" == "6.2%"  # the double rounding this guards against
    cells = strategy_table({"random": row}, ["random"]).columns[1]._cells
    assert cells == ["6.3%"]
    assert targets.percent(survived / games) == "6.3%"
