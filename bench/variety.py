"""How much two games of a scenario have in common, with and without ``set_aside``.

    python bench/variety.py                        every scenario, 0/20/30/40 percent
    python bench/variety.py --scenario middle_2006 --percent 0 25 --games 2000

For each scenario and each percent (the scenario's ``set_aside: {percent: P}``; 0: none,
"as is": the content's own), plays seeded games with the random bot and the balancer
through the simulator and prints the survival rate and ``simulate --json``'s variety
figures: ``in common`` (of the cards a game deals, the share another seed's game deals
too), ``cards/game`` (distinct cards a game deals), ``repeats`` (deals of a card already
dealt earlier in the same game, per game) and ``distinct`` (cards dealt in any game). Figures, not a verdict: ``multivector simulate --check`` judges the balance.
Not part of run_all (it measures the deal, not the speed).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import _common  # noqa: F401  (puts the repository on sys.path)

from game.engine.model import SetAside
from game.loading import load_or_raise
from game.engine import rng
from game.sim.kernel_bots import kernel_player
from game.sim.stats import variety

BOTS = ("random", "balancer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", nargs="*", help="scenario ids (default: every one)")
    parser.add_argument("--percent", nargs="*", type=int, default=[0, 20, 30, 40])
    parser.add_argument("--events", type=int, help="event_quarters for the percents tried (default: the "
                        "scenario's own, else 8)")
    parser.add_argument("--games", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="a few games: checks that the script runs")
    args = parser.parse_args(argv)
    games = 20 if args.quick else args.games
    content = load_or_raise(_common.REPO / "content")
    print(f"{'scenario':18} {'set aside':>9} {'bot':9} {'survived':>8} {'in common':>9} {'cards/game':>10} "
          f"{'repeats':>7} {'distinct':>8}")
    for scenario_id in args.scenario or list(content.scenarios):
        own = content.scenarios[scenario_id].set_aside
        events = args.events if args.events is not None else own.event_quarters if own else 8
        settings = [("as is", own)] + [(f"{p}%", SetAside(p / 100, events) if p else None) for p in args.percent]
        for label, set_aside in settings:
            variant = replace(content, scenarios=dict(content.scenarios, **{
                scenario_id: replace(content.scenarios[scenario_id], set_aside=set_aside)}))
            for bot in BOTS:
                play = kernel_player(variant, scenario_id, bot)
                survived = repeats = 0
                games_with: dict[str, int] = {}
                for index in range(games):  # the simulator's seeds
                    result = play(rng.derive_seed(args.seed, index))
                    survived += result.won
                    repeats += len(result.dealt) - len(set(result.dealt))
                    for card in set(result.dealt):
                        games_with[card] = games_with.get(card, 0) + 1
                v = variety(list(games_with.values()), games)
                print(f"{scenario_id:18} {label:>9} {bot:9} {survived / games:8.1%} {v['in_common']:9.1%} "
                      f"{v['cards_per_game']:10.1f} {repeats / games:7.2f} {v['distinct']:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
