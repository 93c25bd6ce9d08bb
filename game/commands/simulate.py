"""``multivector simulate``: strategy bots play many games; the balance report."""

from __future__ import annotations

import argparse
import json
import sys
import time

from game.commands.common import load_from_args, scenario_or_error
from game.loading.problems import did_you_mean
from game.sim.simulator import dealable_cards, simulate
from game.sim.strategies import STRATEGIES


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return 2
    if args.strategy == "all":
        names = list(STRATEGIES)
    elif args.strategy in STRATEGIES:
        names = [args.strategy]
    else:
        print(f"multivector: no strategy '{args.strategy}'{did_you_mean(args.strategy, STRATEGIES)}; "
              f"strategies: {', '.join(STRATEGIES)}, all", file=sys.stderr)
        return 2
    if args.games < 1:
        print("multivector: --games must be at least 1", file=sys.stderr)
        return 2
    card_ids = dealable_cards(content, scenario_id)
    show_progress = not args.json and sys.stderr.isatty()
    started = time.perf_counter()
    summaries = {}
    if show_progress:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            for name in names:
                task = bar.add_task(f"{name:>10}", total=args.games)
                summaries[name] = simulate(content, name, args.games, args.seed, scenario_id,
                                           progress=lambda n, t=task: bar.advance(t, n))
    else:
        for name in names:
            summaries[name] = simulate(content, name, args.games, args.seed, scenario_id)
    elapsed = max(time.perf_counter() - started, 1e-9)
    report = {name: summary.as_json(content, card_ids) for name, summary in summaries.items()}
    report["games_per_second"] = round(args.games * len(names) / elapsed, 1)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    from game.sim.report import print_report

    print_report(content, scenario_id, report, names)
    return 0
