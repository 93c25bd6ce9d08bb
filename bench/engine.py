"""Engine speed: a simulated game against a floor loop of the same number of turns.

The floor, per turn, only draws a random card index and adds its first choice's numbers
to the meters: the least any engine must do. Budget: a game costs at most 3x the floor,
and one core plays at least 2,000 games a second.

    python bench/engine.py [--games N] [--rounds R]
"""

from __future__ import annotations

import argparse
import random

from _common import interleaved, timed, verdict

from game.loading import load_or_raise
from game.sim.simulator import play_one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    content = load_or_raise()
    scenario = content.default_scenario.id
    turns_total = sum(play_one(content, scenario, "random", seed).turns for seed in range(args.games))
    cards = [card for card in content.cards.values()]
    effects = [card.choices[0].effects for card in cards]
    start = {meter.id: meter.start for meter in content.meters}

    def floor() -> None:
        rng = random.Random(1)
        meters = dict(start)
        for _ in range(turns_total):
            for meter_id, amount in effects[rng.randrange(len(effects))]:
                meters[meter_id] += amount

    def engine() -> None:
        for seed in range(args.games):
            play_one(content, scenario, "random", seed)

    result = interleaved({"floor": lambda: timed(floor), "engine": lambda: timed(engine)}, args.rounds)
    games_per_second = args.games / result["engine"]
    ratio = result["engine"] / result["floor"]
    print(f"engine: {args.games} games, {turns_total} turns, median of {args.rounds} rounds")
    print(f"  floor loop   {result['floor'] * 1e6 / turns_total:8.2f} us/turn")
    print(f"  engine       {result['engine'] * 1e6 / turns_total:8.2f} us/turn")
    print(f"  games/s on one core: {games_per_second:,.0f} (budget >= 2,000: {'OK' if games_per_second >= 2000 else 'UNDER'})")
    print(f"  engine / floor: {verdict(ratio, 3.0)}")


if __name__ == "__main__":
    main()
