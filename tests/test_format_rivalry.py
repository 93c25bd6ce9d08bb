"""A scenario's own rivalry: replaces the content's for that term, in every rule."""

from __future__ import annotations

from dataclasses import replace

from game.engine import choose, effect_with_rivalry, forecast, new_game
from game.loading import load_content
from game.sim.strategies import model_for
from tests.minicontent import mini_content
from tests.test_loader import MINI, write


def _with_era(content, rivalry):
    era = replace(content.scenarios["s"], id="era", rivalry=rivalry)
    return replace(content, scenarios={**content.scenarios, "era": era})


def test_a_scenario_rivalry_replaces_the_default_for_its_games_only():
    content = _with_era(mini_content(), {"south": {"north": 0.5}})
    assert effect_with_rivalry(content, (("north", 8),)) == {"north": 8, "south": -4}
    assert effect_with_rivalry(content, (("north", 8),), "s") == {"north": 8, "south": -4}
    assert effect_with_rivalry(content, (("north", 8),), "era") == {"north": 8}
    assert effect_with_rivalry(content, (("south", 6),), "era") == {"south": 6, "north": -3}
    none = _with_era(mini_content(), {})
    assert effect_with_rivalry(none, (("north", 8),), "era") == {"north": 8}


def test_the_turn_the_forecast_and_the_bots_play_the_scenario_rivalry():
    content = _with_era(mini_content(), {"south": {"north": 0.5}})
    for scenario_id in ("s", "era"):
        state = new_game(content, scenario_id, 4)
        while not state.over:
            card = content.cards[state.card]
            for index, choice in enumerate(card.choices):
                expected = effect_with_rivalry(content, choice.effects, scenario_id)
                assert forecast(content, state, index).immediate == expected
            model = model_for(content, scenario_id)
            index = {m: i for i, m in enumerate(model.meter_ids)}
            assert model.deltas[card.id][0] == tuple(
                (index[m], d) for m, d in effect_with_rivalry(content, card.choices[0].effects, scenario_id).items() if d)
            state, report = choose(content, state, 0)
            assert report.immediate == effect_with_rivalry(content, card.choices[0].effects, scenario_id)
    assert model_for(content, "era") is not model_for(content, "s") is model_for(content)


ERA = MINI.replace(
    "{id: only, name: Only, start: 2019-Q2, turns: 4}",
    "{id: only, name: Only, start: 2019-Q2, turns: 4, rivalry: {moscow: {public: 0.5}}}",
) + "rivalry:\n  moscow: {public: 0.1}\n"


def test_a_scenario_rivalry_loads_and_is_checked(tmp_path):
    result = load_content(write(tmp_path, ERA))
    assert result.ok and not result.problems, [p.format() for p in result.problems]
    assert result.content.scenarios["only"].rivalry == {"moscow": {"public": 0.5}}
    assert result.content.rivalry == {"moscow": {"public": 0.1}}
    assert load_content(write(tmp_path, ERA.replace("rivalry: {moscow: {public: 0.5}}", "rivalry: {}"))
                        ).content.scenarios["only"].rivalry == {}

    own = load_content(write(tmp_path, ERA.replace("{moscow: {public: 0.5}}", "{moscow: {moscow: 0.5}}")))
    [problem] = own.problems
    assert (problem.code, problem.line) == ("value", 8) and "cannot be its own rival" in problem.message
    typo = load_content(write(tmp_path, ERA.replace("{moscow: {public: 0.5}}", "{moscow: {publc: 0.5}}")))
    [problem] = typo.problems
    assert problem.code == "unknown-ref" and "did you mean 'public'" in problem.message
    big = load_content(write(tmp_path, ERA.replace("{moscow: {public: 0.5}}", "{moscow: {public: 1.5}}")))
    assert [p.code for p in big.problems] == ["range"]


def test_the_1990s_are_played_with_their_own_rivalry(base_content):
    nineties = base_content.rivalry_of("independence_1991")
    assert nineties is not base_content.rivalry
    assert nineties["washington"]["beijing"] < base_content.rivalry["washington"]["beijing"]
    assert nineties["beijing"]["washington"] < base_content.rivalry["beijing"]["washington"]
    assert base_content.rivalry_of("transition_2019") is base_content.rivalry
