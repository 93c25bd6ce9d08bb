"""The strategy bots and the simulator: what the bots see, what they pick, and that a
report depends only on its arguments (never on the number of processes)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.engine import (
    Card,
    Choice,
    Condition,
    Content,
    Ending,
    FollowUp,
    Meter,
    PendingFollowUp,
    Scenario,
    choose,
    make_date,
    new_game,
    forecast,
)
from game.sim.simulator import (
    dealable_cards,
    ending_meters,
    play_one,
    run_simulation,
    simulate,
)
from game.sim.stats import median, wilson_interval
from game.sim.strategies import (
    balancer_strategy,
    expected_scores,
    get_strategy,
    lookahead_scores,
    meters_after,
    model_for,
    strategy_names,
)
from tests.minicontent import mini_content

REPO = Path(__file__).resolve().parent.parent
MINI = mini_content(turns=12)
seeds = st.integers(min_value=0, max_value=2**32)
picks = st.lists(st.integers(min_value=0, max_value=2), max_size=30)


def states_along(content, seed, choices):
    """Every state of a game played with ``choices`` (clamped to each card's choices)."""
    state = new_game(content, seed=seed)
    yield state
    for pick in choices:
        if state.over:
            return
        state, _ = choose(content, state, pick % len(content.cards[state.card].choices))
        yield state


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=REPO)


# --- what the bots see ------------------------------------------------------------


@given(seeds, picks)
def test_bots_see_exactly_the_immediate_part_of_the_forecast(base_content, seed, choices):
    for content in (MINI, base_content):
        model = model_for(content)
        for state in states_along(content, seed, choices):
            if state.over:
                continue
            values = [state.meters[m] for m in model.meter_ids]
            for i, delta in enumerate(model.deltas[state.card]):
                after = meters_after(model, values, delta)
                seen = {m: a - v for m, a, v in zip(model.meter_ids, after, values) if a != v}
                immediate = forecast(content, state, i).immediate
                clamped = {m: min(100, max(0, state.meters[m] + d)) - state.meters[m] for m, d in immediate.items()}
                assert seen == {m: d for m, d in clamped.items() if d}


def _clamped_gain(content, state, index, power):
    amount = forecast(content, state, index).immediate.get(power, 0)
    return min(100, max(0, state.meters[power] + amount)) - state.meters[power]


def test_each_single_vector_bot_takes_the_best_choice_for_its_power(base_content):
    for state in states_along(base_content, 11, [0, 1, 2] * 7):
        if state.over:
            continue
        count = len(base_content.cards[state.card].choices)
        for power in ("moscow", "beijing", "washington"):
            pick, _ = get_strategy(base_content, power)(base_content, state, 0)
            gains = [_clamped_gain(base_content, state, i, power) for i in range(count)]
            assert gains[pick] == max(gains)
            assert pick == gains.index(max(gains))  # the first on ties


def _on_card(content: Content, card_id: str, **meters) -> object:
    state = new_game(content, seed=1)
    return replace(state, card=card_id, meters={**state.meters, **meters})


def test_the_balancer_pulls_a_power_back_toward_the_middle():
    # a.north_deal: accept (north +8, south -4 by rivalry, people -2) or refuse (north -6).
    assert balancer_strategy(MINI, _on_card(MINI, "a.north_deal", north=72), 0)[0] == 1
    assert balancer_strategy(MINI, _on_card(MINI, "a.north_deal", north=30), 0)[0] == 0


def test_the_balancer_never_takes_a_choice_that_loses_at_once():
    # a.protest: listen (people +6, north -3), disperse (people -8), wait (people -3).
    state = _on_card(MINI, "a.protest", people=5, north=3)
    pick, _ = balancer_strategy(MINI, state, 0)
    assert pick != 1  # dispersing ends the game
    assert pick == 2  # listening would drop the North to 0


def _trap_content() -> Content:
    """A power at 25 tempts the balancer to mend it at some cost to the people (at 5),
    but a follow-up that costs the people 5 is already due next turn."""
    meters = (Meter("power", "Power", "vector", 50, "p_low", "p_high"),
              Meter("people", "People", "domestic", 50, "people_low"))
    endings = {e.id: e for e in (Ending("p_low", "loss", "-"), Ending("p_high", "loss", "-"),
                                 Ending("people_low", "loss", "-"), Ending("won", "victory", "-"))}
    cards = {c.id: c for c in (
        Card("now", "Now", "x", "", (Choice("Mend the power", (("power", 20), ("people", -1))),
                                     Choice("Help the people", (("people", 2),)))),
        Card("bill", "Bill", "x", "", (Choice("Pay", (("people", -5),)), Choice("Pay later", (("people", -6),))),
             followup_only=True),
        Card("quiet", "Quiet", "x", "", (Choice("a", (("power", 1),)), Choice("b", (("people", 1),))),
             fallback=True),
    )}
    scenario = Scenario("s", "S", make_date(2000, 1), 10, default=True)
    return Content(meters=meters, endings=endings, scenarios={"s": scenario}, cards=cards)


def test_the_lookahead_sees_a_promised_follow_up_the_balancer_does_not():
    content = _trap_content()
    state = replace(new_game(content, seed=1), card="now", meters={"power": 25, "people": 5},
                    pending=(PendingFollowUp("bill", 2, "earlier"),))
    assert balancer_strategy(content, state, 0)[0] == 0
    assert get_strategy(content, "lookahead")(content, state, 0)[0] == 1


@settings(max_examples=15)
@given(seeds, picks)
def test_the_fast_lookahead_scores_equal_plain_expectimax(base_content, seed, choices):
    for state in states_along(base_content, seed, choices):
        if state.over:
            continue
        fast = lookahead_scores(base_content, state)
        plain = expected_scores(base_content, state, 1)
        assert fast == pytest.approx(plain, rel=1e-9, abs=1e-9)


def test_strategy_names_follow_the_vector_meters(base_content):
    assert strategy_names(base_content) == ["random", "moscow", "beijing", "washington", "balancer", "lookahead"]
    assert strategy_names(MINI) == ["random", "north", "south", "balancer", "lookahead"]
    with pytest.raises(KeyError):
        get_strategy(MINI, "people")  # a domestic meter has no single-vector bot


# --- dealable cards ---------------------------------------------------------------


def test_dealable_cards_follow_followups_and_drop_cards_outside_the_term():
    scenario = MINI.scenarios["s"]
    late = Card("a.too_late", "Too late", "x", "", MINI.cards["a.quiet"].choices,
                when=Condition(dates=(scenario.start + 40, scenario.start + 50)))
    orphan = Card("a.orphan", "Orphan", "x", "", MINI.cards["a.quiet"].choices, followup_only=True)
    locked = Card("a.locked", "Locked", "x", "", MINI.cards["a.quiet"].choices,
                  when=Condition(flags=frozenset({"nobody_sets_this"})))
    chained = Card("a.chained", "Chained", "x", "",
                   (Choice("On", (("people", -1),), followups=(FollowUp("a.orphan", 1),)),
                    Choice("Off", (("people", -2),))),
                   followup_only=True)
    north = MINI.cards["a.north_deal"]
    north = replace(north, choices=(replace(north.choices[0], followups=(FollowUp("a.chained", 1),)),
                                    north.choices[1]))
    cards = {**MINI.cards, "a.north_deal": north, late.id: late, orphan.id: orphan, chained.id: chained,
             locked.id: locked}
    content = replace(MINI, cards=cards)
    ids = dealable_cards(content, "s")
    assert "a.too_late" not in ids and "a.locked" not in ids
    assert {"a.chained", "a.orphan", "a.quiet", "a.only_after_deal"} <= set(ids)
    assert ids == [c for c in cards if c in set(ids)]  # load order
    alone = replace(MINI, cards={k: v for k, v in MINI.cards.items() if k != "a.north_deal"})
    assert "a.bill_due" not in dealable_cards(alone, "s")  # nobody schedules it any more


# --- the simulator ----------------------------------------------------------------


def test_a_game_depends_only_on_its_seed(base_content):
    for name in strategy_names(base_content):
        assert play_one(base_content, None, name, 77) == play_one(base_content, None, name, 77)


def test_the_report_is_the_same_with_one_or_two_processes(base_content):
    names = strategy_names(base_content)
    one = run_simulation(base_content, names, 45, 5, processes=1)
    two = run_simulation(base_content, names, 45, 5, processes=2)
    ids = dealable_cards(base_content, base_content.default_scenario.id)
    assert {n: one[n].as_json(base_content, ids) for n in names} == {n: two[n].as_json(base_content, ids) for n in names}
    assert one["random"].picks == two["random"].picks


def test_spawned_workers_load_the_content_themselves_and_agree(base_content):
    from functools import partial

    from game.loading import load_or_raise
    from tests.conftest import CONTENT

    names = ["random", "balancer"]
    here = run_simulation(base_content, names, 30, 8, processes=1)
    spawned = run_simulation(base_content, names, 30, 8, processes=2, start_method="spawn",
                             source=partial(load_or_raise, CONTENT))
    ids = dealable_cards(base_content, base_content.default_scenario.id)
    assert {n: here[n].as_json(base_content, ids) for n in names} == {
        n: spawned[n].as_json(base_content, ids) for n in names}


def test_the_figures_add_up(base_content):
    summary = simulate(base_content, "random", 80, 9)
    ids = dealable_cards(base_content, base_content.default_scenario.id)
    row = summary.as_json(base_content, ids)
    losses = row["games"] - row["survived"]
    assert sum(row["endings"].values()) == row["games"] == 80
    assert sum(row["losses_by_meter"].values()) == losses
    assert sum(card["lost_on"] for card in row["cards"].values()) == losses
    assert all(0 <= card["drawn"] <= 80 for card in row["cards"].values())
    assert row["median_turns"] == median(summary.turns)
    assert row["ci95"] == [round(x, 4) for x in wilson_interval(row["survived"], 80)]
    by_meter = ending_meters(base_content)
    assert set(by_meter.values()) == set(base_content.meter_ids)


def test_wilson_interval_known_values():
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson_interval(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    assert wilson_interval(200, 2000) == pytest.approx((0.08761, 0.11392), abs=1e-5)
    assert wilson_interval(0, 0) == (0.0, 1.0)


# --- the command ------------------------------------------------------------------

DESIGN_KEYS = {"games", "survived", "survival_rate", "ci95", "endings", "losses_by_meter",
               "median_turns", "early_loss_rate", "cards",
               "variety"}  # added to DESIGN.md's keys: how much two games' deals share (game.sim.stats)


def test_simulate_json_with_one_and_two_processes_is_identical():
    args = ("simulate", "--games", "24", "--strategy", "all", "--seed", "3", "--json")
    one, two = run_cli(*args, "--processes", "1"), run_cli(*args, "--processes", "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a.pop("games_per_second") > 0 and b.pop("games_per_second") > 0
    assert a == b
    assert list(a) == ["random", "moscow", "beijing", "washington", "balancer", "lookahead"]
    assert one.stderr == ""  # no progress bar when piped


def test_simulate_json_has_the_design_keys_and_every_dealable_card(base_content):
    result = run_cli("simulate", "--games", "10", "--strategy", "balancer", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"balancer", "games_per_second"}
    row = data["balancer"]
    assert set(row) == DESIGN_KEYS
    assert list(row["cards"]) == dealable_cards(base_content, base_content.default_scenario.id)
    assert any(card["drawn"] == 0 for card in row["cards"].values())  # listed although never drawn


def _mod_with_a_card(folder: Path, speaker: str) -> Path:
    folder.mkdir()
    (folder / "cards.yaml").write_text(
        "cards:\n"
        "  - id: mod.summit\n"
        "    title: A modder's summit\n"
        f"    speaker: {speaker}\n"
        "    text: Everybody comes.\n"
        "    weight: 5000\n"
        "    cooldown: 0\n"
        "    choices:\n"
        "      - {label: Host it, effects: {economy: -3, public: 2}}\n"
        "      - {label: Decline, effects: {public: -2}}\n",
        encoding="utf-8",
    )
    return folder


def test_simulate_with_a_mod_and_another_content_folder(tmp_path, base_content):
    speaker = next(iter(base_content.cast))
    mod = _mod_with_a_card(tmp_path / "mod", speaker)
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "content", copy)
    result = run_cli("simulate", "--content", str(copy), "--mod", str(mod), "--games", "12",
                     "--strategy", "random", "--json", "--processes", "2")
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)["random"]["cards"]
    assert cards["mod.summit"]["drawn"] == 12


def test_simulate_rejects_bad_arguments(capsys):
    assert main(["simulate", "--strategy", "balancr"]) == 2
    assert "did you mean 'balancer'" in capsys.readouterr().err
    assert main(["simulate", "--games", "0"]) == 2
    assert main(["simulate", "--processes", "0", "--games", "1"]) == 2


def test_progress_only_on_a_terminal():
    from game.commands.simulate import wants_progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_progress(False, Tty(), Tty())
    assert not wants_progress(True, Tty(), Tty())  # --json
    assert not wants_progress(False, io.StringIO(), Tty())  # piped
    assert not wants_progress(False, Tty(), io.StringIO())


def test_the_tables_name_strategies_killer_cards_and_targets(capsys):
    assert main(["simulate", "--games", "12", "--processes", "1"]) == 0
    out = capsys.readouterr().out
    for heading in ("Strategies", "Games lost, by meter and ending", "Cards:", "Balance targets"):
        assert heading in out
    assert "lookahead" in out and "lost on" in out
