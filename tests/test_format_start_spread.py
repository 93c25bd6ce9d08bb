"""A scenario's start_spread: each game starts a little apart, fixed by its seed, in the
engine and the kernel alike, without moving the draw; checked by the validator."""

from __future__ import annotations

from dataclasses import replace

from game.engine import choose, new_game
from game.loading import load_content
from game.sim.kernel import Kernel
from tests.minicontent import mini_content
from tests.test_loader import MINI, write

SPREAD = {"north": 3, "people": 1}


def _spread(content, spread=SPREAD):
    return replace(content, scenarios={k: replace(s, start_spread=spread) for k, s in content.scenarios.items()})


def test_each_meter_starts_within_its_spread_and_the_seed_fixes_where():
    content = mini_content()
    spread = _spread(content)
    base = new_game(content, "s", 0).meters
    starts = set()
    for seed in range(200):
        meters = new_game(spread, "s", seed).meters
        assert meters == new_game(spread, "s", seed).meters  # the same seed, the same start
        assert abs(meters["north"] - base["north"]) <= 3 and abs(meters["people"] - base["people"]) <= 1
        assert meters["south"] == base["south"]  # a meter the spread does not name stays put
        assert new_game(spread, "s", seed).history[0] == meters
        starts.add((meters["north"], meters["people"]))
    assert starts == {(base["north"] + a, base["people"] + b) for a in range(-3, 4) for b in range(-1, 2)}


def test_a_spread_does_not_move_the_draw():
    content = mini_content()
    spread = _spread(content)
    for seed in range(30):
        plain, varied = new_game(content, "s", seed), new_game(spread, "s", seed)
        for _ in range(5):
            assert (varied.card, varied.rng) == (plain.card, plain.rng)
            plain, _ = choose(content, plain, 0)
            varied, _ = choose(spread, varied, 0)
            if plain.over or varied.over:
                break


def test_the_kernel_starts_where_the_engine_does():
    content = _spread(mini_content())
    kernel = Kernel(content)
    for seed in range(50):
        state = new_game(content, "s", seed)
        assert kernel.new_game("s", seed).meters == [state.meters[m] for m in content.meter_ids]


def test_the_order_of_the_meters_in_the_content_does_not_change_the_offsets():
    content = _spread(mini_content())
    reordered = replace(content, meters=tuple(reversed(content.meters)))
    for seed in range(50):
        assert new_game(content, "s", seed).meters == new_game(reordered, "s", seed).meters


def test_a_spread_loads_and_one_reaching_a_fatal_end_is_refused(tmp_path):
    spread = MINI.replace(
        "{id: only, name: Only, start: 2019-Q2, turns: 4}",
        "{id: only, name: Only, start: 2019-Q2, turns: 4, start_spread: {moscow: 5}}",
    )
    result = load_content(write(tmp_path, spread))
    assert result.ok, [p.format() for p in result.problems]
    assert result.content.scenarios["only"].start_spread == {"moscow": 5}

    fatal = load_content(write(tmp_path, spread.replace("start_spread: {moscow: 5}", "start_spread: {moscow: 20},"
                                                          " meters: {moscow: 85}")))
    [problem] = [p for p in fatal.problems if p.severity == "error"]
    assert "a spread of 20 could start it at 65 or 105, on a fatal end" in problem.message
    assert problem.line == 8

    unknown = load_content(write(tmp_path, spread.replace("{moscow: 5}", "{moscw: 5}")))
    assert not unknown.ok and "did you mean 'moscow'" in unknown.problems[0].message
