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

The game's random stream runs compiled where the install built game/sim/_splitmix.c
(hatch_build.py): the script says which, and then also times the kernel with the
pure-Python stream swapped in, what an install without a C compiler plays.

With ``--parts``, also what a turn is made of, in the same rounds: one draw of the
game's stream as the kernel takes it (about two a turn, the random bot one), the random
bot's call, and the new game's share of a turn; the parts the floor has no counterpart
for.

    python bench/kernel.py [--games N] [--sim-games N] [--rounds R] [--quick] [--parts]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

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
    from game.sim.splitmix import ACCELERATED
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
    if ACCELERATED:
        pure = _pure_stream_games(kernel, scenario, games)
        measures["kernel, pure-Python stream"] = lambda: timed(pure) / turns_total
    if args.parts:
        measures.update(_parts(kernel, scenario, games, turns_total, random_policy))
    turn = interleaved(measures, rounds)
    print(f"kernel: {games} random games of the base deck, {turns_total} turns, median of {rounds} rounds (CPU)")
    print("  random stream: " + ("compiled (game/sim/_splitmix.c)" if ACCELERATED
                                  else "pure Python (no compiled game/sim/_splitmix; see hatch_build.py)"))
    for name in measures:
        print(f"  {name:26s} {turn[name] * 1e6:8.2f} us/turn")

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
    from game.sim.splitmix import draw

    def stream_steps() -> None:  # one draw of the stream, as Kernel._draw takes it
        state, ends = 0x123456789ABCDEF0, [0.25, 0.5, 0.75, 1.0]
        for _ in range(turns):
            state, _target, _at = draw(state, 1.0, ends)

    ks = kernel.new_game(scenario, 0)

    def bot_calls() -> None:
        bot_rng = 1
        for _ in range(turns):
            _, bot_rng = policy(kernel, ks, bot_rng)

    def new_games() -> None:
        for seed in range(games):
            kernel.new_game(scenario, seed)

    return {"  1 draw of the stream": lambda: timed(stream_steps) / turns,
            "  random bot's call": lambda: timed(bot_calls) / turns,
            "  new_game's share": lambda: timed(new_games) / turns}


def _pure_stream_games(kernel, scenario: str, games: int) -> Callable[[], None]:
    """The kernel's games with the pure-Python stream of game.sim.splitmix swapped in for
    the compiled one (what an install without a C compiler runs)."""
    from game.sim import kernel as kernel_module
    from game.sim import kernel_bots, splitmix

    def play() -> None:
        saved = kernel_module._draw_step, kernel_module._step, kernel_bots._pick
        kernel_module._draw_step, kernel_module._step, kernel_bots._pick = (
            splitmix.pure_draw, splitmix.pure_step, splitmix.pure_pick)
        try:
            for seed in range(games):
                kernel.play(scenario, seed, kernel_bots.random_policy)
        finally:
            kernel_module._draw_step, kernel_module._step, kernel_bots._pick = saved

    return play


if __name__ == "__main__":
    main()
