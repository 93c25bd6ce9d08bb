"""A scenario's opening card: dealt first, without a draw; checked by the validator."""

from __future__ import annotations

from dataclasses import replace

from game.engine import choose, new_game, rng
from game.loading import load_content
from tests.minicontent import mini_content
from tests.test_loader import MINI, write

OPENING = MINI.replace(
    "{id: only, name: Only, start: 2019-Q2, turns: 4}",
    "{id: only, name: Only, start: 2019-Q2, turns: 4, opening: first}",
) + """\
  - id: first
    title: First
    speaker: aide
    text: It begins.
    once: true
    when: {dates: [2019-Q2, 2019-Q2]}
    choices:
      - {label: A, effects: {moscow: 2}}
      - {label: B, effects: {public: 2}}
"""


def test_the_opening_card_is_dealt_first_without_touching_the_generator():
    content = mini_content()
    scenario = replace(content.scenarios["s"], opening="a.protest")
    opened = replace(content, scenarios={"s": scenario})
    for seed in range(20):
        plain, state = new_game(content, "s", seed), new_game(opened, "s", seed)
        assert state.card == "a.protest" and not state.card_is_followup
        assert state.rng == rng.seed_state(seed) != plain.rng  # no draw was made for it
        assert state.last_dealt == {"a.protest": 1}
        state, report = choose(opened, state, 0)
        assert report.card == "a.protest" and state.turn == 2


def test_an_opening_card_loads_and_a_misplaced_one_is_warned_about(tmp_path):
    result = load_content(write(tmp_path, OPENING))
    assert result.ok and not result.problems, [p.format() for p in result.problems]
    assert result.content.scenarios["only"].opening == "first"
    assert new_game(result.content, "only", 3).card == "first"

    late = load_content(write(tmp_path, OPENING.replace("[2019-Q2, 2019-Q2]", "[2020-Q1, 2020-Q4]")))
    [problem] = late.problems
    assert (problem.severity, problem.code, problem.line) == ("warning", "opening", 8)
    assert "outside the dates of its opening card 'first'" in problem.message


def test_an_unknown_opening_card_is_an_error_with_a_suggestion(tmp_path):
    result = load_content(write(tmp_path, OPENING.replace("opening: first", "opening: frist")))
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.code == "unknown-ref" and "did you mean 'first'" in problem.message
    assert (problem.line, problem.col) == (8, 63)


def test_qantar_opens_with_its_street_crisis(base_content):
    assert base_content.scenarios["qantar_2022"].opening == "home.qantar"
    for seed in range(5):
        assert new_game(base_content, "qantar_2022", seed).card == "home.qantar"
