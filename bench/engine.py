"""Engine speed: a simulated game against a floor loop of the same number of turns.

The floor, per turn, only draws a random card index and adds its first choice's numbers
to the meters: the least any engine must do. The game is the simulator's ``play_one``
with the random strategy on the base deck: new game, then choose until it ends (draws,
effects with rivalry, lingering effects, situations, follow-ups, endings, the turn
reports and a new immutable state every turn). Budgets: a game costs at most 3x the
floor, and one core plays at least 2,000 games a second. CPU time, median of rounds.

    python bench/engine.py [--games N] [--rounds R] [--quick]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable

from _common import Figure, interleaved, timed


def floor_loop(content, turns: int) -> Callable[[], None]:
    """The floor: ``turns`` times, draw a random card index and add its first choice's
    numbers to the meters (bench/kernel.py measures against the same loop)."""
    effects = [card.choices[0].effects for card in content.cards.values()]
    start = {meter.id: meter.start for meter in content.meters}

    def floor() -> None:
        rng = random.Random(1)
        meters = dict(start)
        for _ in range(turns):
            for meter_id, amount in effects[rng.randrange(len(effects))]:
                meters[meter_id] += amount

    return floor


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="a few games and rounds: checks the script runs")
    args = parser.parse_args(argv)
    games, rounds = (50, 3) if args.quick else (args.games, args.rounds)

    from game.loading import load_or_raise
    from game.sim.simulator import play_one

    content = load_or_raise()
    scenario = content.default_scenario.id
    turns_total = sum(play_one(content, scenario, "random", seed).turns for seed in range(games))
    floor = floor_loop(content, turns_total)

    def engine() -> None:
        for seed in range(games):
            play_one(content, scenario, "random", seed)

    result = interleaved({"floor": lambda: timed(floor), "engine": lambda: timed(engine)}, rounds)
    print(f"engine: {games} random games of the base deck, {turns_total} turns, median of {rounds} rounds (CPU)")
    print(f"  floor loop {result['floor'] * 1e6 / turns_total:8.2f} us/turn")
    print(f"  engine     {result['engine'] * 1e6 / turns_total:8.2f} us/turn")
    figures = [Figure("engine: a game / the floor loop, same turns", result["engine"] / result["floor"], 3.0),
               Figure("engine: random games a second on one core", games / result["engine"], 2000,
                      at_least=True, unit="games/s")]
    for figure in figures:
        print(f"  {figure}")
    return figures


if __name__ == "__main__":
    main()
