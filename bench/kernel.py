"""Simulation kernel speed: its turn against the floor loop and the engine's turn, and the
simulator through the kernel against the simulator on the engine.

The floor is bench/engine.py's: per turn, draw a random card index and add its first
choice's numbers to the meters. The kernel plays random games of the base deck with
``Kernel.play`` and the random policy; the engine plays the same games with the
simulator's ``play_one`` (the same seeds: the same games, the same turns). Then
``run_simulation`` of every strategy in this process, through the kernel and with
``engine=True``, as ``multivector simulate --strategy all`` plays them. Budgets: a kernel
turn at most 10x the floor and 0.33x the engine's turn; the simulation at most 0.4x the
engine path's CPU time. CPU time in this process, median of interleaved rounds.

With ``--parts``, also what a turn is made of, in the same rounds: one SplitMix64 step
of the game's stream as the kernel inlines it (the draw takes about two a turn, the
random bot one, a new game eleven), the random bot's call, and the new game's share of
a turn; the parts the floor has no counterpart for.

    python bench/kernel.py [--games N] [--sim-games N] [--rounds R] [--quick] [--parts]
"""

from __future__ import annotations

import argparse

from _common import Figure, interleaved, timed
from engine import floor_loop


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=2000, help="random games per round (turn figures)")
    parser.add_argument("--sim-games", type=int, default=500, help="games per strategy per round (simulate)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a few games and rounds: checks the script runs")
    parser.add_argument("--parts", action="store_true", help="also time the parts of a turn (see above)")
    args = parser.parse_args(argv)
    games, sim_games, rounds = (100, 10, 3) if args.quick else (args.games, args.sim_games, args.rounds)

    from game.loading import load_or_raise
    from game.sim.kernel import Kernel
    from game.sim.kernel_bots import random_policy
    from game.sim.simulator import play_one, run_simulation
    from game.sim.strategies import strategy_names

    content = load_or_raise()
    scenario = content.default_scenario.id
    kernel = Kernel(content)
    turns_total = sum(kernel.play(scenario, seed, random_policy).turns_played for seed in range(games))
    engine_games = max(1, games // 4)  # the engine is slower: a quarter of the games, scaled
    engine_turns = sum(play_one(content, scenario, "random", seed).turns for seed in range(engine_games))
    floor = floor_loop(content, turns_total)

    def kernel_games() -> None:
        for seed in range(games):
            kernel.play(scenario, seed, random_policy)

    def engine_games_() -> None:
        for seed in range(engine_games):
            play_one(content, scenario, "random", seed)

    measures = {"floor": lambda: timed(floor) / turns_total,
                "kernel": lambda: timed(kernel_games) / turns_total,
                "engine": lambda: timed(engine_games_) / engine_turns}
    if args.parts:
        measures.update(_parts(kernel, scenario, games, turns_total, random_policy))
    turn = interleaved(measures, rounds)
    print(f"kernel: {games} random games of the base deck, {turns_total} turns, median of {rounds} rounds (CPU)")
    for name in measures:
        print(f"  {name:7s} {turn[name] * 1e6:8.2f} us/turn")

    names = strategy_names(content)
    simulate = interleaved({
        "kernel": lambda: timed(lambda: run_simulation(content, names, sim_games, 1, processes=1)),
        "engine": lambda: timed(lambda: run_simulation(content, names, sim_games, 1, processes=1, engine=True)),
    }, rounds)
    print(f"  simulate --strategy all, {sim_games} games x {len(names)} strategies, one process: "
          f"kernel {simulate['kernel']:.2f} s, engine {simulate['engine']:.2f} s (CPU)")
    figures = [
        Figure("kernel: a turn / the floor loop", turn["kernel"] / turn["floor"], 10.0),
        Figure("kernel: a turn / the engine's turn", turn["kernel"] / turn["engine"], 0.33),
        Figure("kernel: simulate --strategy all / the engine path, CPU", simulate["kernel"] / simulate["engine"], 0.4),
    ]
    for figure in figures:
        print(f"  {figure}")
    return figures


def _parts(kernel, scenario: str, games: int, turns: int, policy) -> dict:
    """Measures of a turn's parts (``--parts``), each per turn of the kernel's games."""
    from game.sim.kernel import _GOLDEN, _M1, _M2, _MASK, _UNIT

    def splitmix_steps() -> None:  # the kernel's inlined step, as in Kernel._draw
        state, total = 0x123456789ABCDEF0, 1234.5
        for _ in range(turns):
            state = (state + _GOLDEN) & _MASK
            z = ((state ^ (state >> 30)) * _M1) & _MASK
            z = ((z ^ (z >> 27)) * _M2) & _MASK
            ((z ^ (z >> 31)) >> 11) * _UNIT * total

    ks = kernel.new_game(scenario, 0)

    def bot_calls() -> None:
        bot_rng = 1
        for _ in range(turns):
            _, bot_rng = policy(kernel, ks, bot_rng)

    def new_games() -> None:
        for seed in range(games):
            kernel.new_game(scenario, seed)

    return {"  1 SplitMix64 step": lambda: timed(splitmix_steps) / turns,
            "  random bot's call": lambda: timed(bot_calls) / turns,
            "  new_game's share": lambda: timed(new_games) / turns}


if __name__ == "__main__":
    main()
