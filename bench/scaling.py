"""Deck scaling: per-turn cost with a 10,000-card deck against the base deck.

The big deck is the base deck plus copies of its drawable cards under new ids, each
copy keeping the original's conditions and windows, so eligibility work grows with the
deck as it would in a large mod. Budget: at most 2x the per-turn cost of the base deck.
CPU time, median of rounds.

    python bench/scaling.py [--cards N] [--games G] [--rounds R] [--quick]
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from _common import Figure, interleaved, timed


def enlarged(content, total: int):
    """The content with drawable cards copied until the deck holds ``total`` cards."""
    cards = dict(content.cards)
    originals = [c for c in content.cards.values() if not c.followup_only and not c.fallback]
    index = 0
    while len(cards) < total:
        original = originals[index % len(originals)]
        copy_id = f"{original.id}_copy{index}"
        cards[copy_id] = replace(original, id=copy_id)
        index += 1
    return replace(content, cards=cards)


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="a few games and rounds: checks the script runs")
    args = parser.parse_args(argv)
    games, rounds = (20, 3) if args.quick else (args.games, args.rounds)

    from game.loading import load_or_raise
    from game.sim.simulator import play_one

    base = load_or_raise()
    big = enlarged(base, args.cards)
    scenario = base.default_scenario.id
    for content in (base, big):  # the per-turn draw tables are built once, on first use
        play_one(content, scenario, "random", 0)

    def per_turn(content) -> float:
        turns = 0

        def run() -> None:
            nonlocal turns
            turns = sum(play_one(content, scenario, "random", seed).turns for seed in range(games))

        return timed(run) / max(turns, 1)

    result = interleaved({"base": lambda: per_turn(base), "big": lambda: per_turn(big)}, rounds)
    print(f"scaling: base deck {len(base.cards)} cards, big deck {len(big.cards):,} cards, "
          f"{games} random games each, median of {rounds} rounds (CPU)")
    print(f"  base  {result['base'] * 1e6:9.2f} us/turn")
    print(f"  big   {result['big'] * 1e6:9.2f} us/turn")
    figure = Figure(f"scaling: a turn with {len(big.cards):,} cards / with the base deck",
                    result["big"] / result["base"], 2.0)
    print(f"  {figure}")
    return [figure]


if __name__ == "__main__":
    main()
