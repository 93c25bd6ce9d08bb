"""``multivector simulate``: strategy bots play many games; the balance report."""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time

from game.commands.common import load_from_args, scenario_or_error
from game.loading import load_or_raise
from game.base.suggest import did_you_mean
from game.sim.simulator import dealable_cards, run_simulation
from game.sim.strategies import FIXED_STRATEGIES, strategy_names


def wants_progress(json_output: bool, stdout, stderr) -> bool:
    """A progress bar only for a person at a terminal: not with --json, not when piped."""
    return not json_output and stdout.isatty() and stderr.isatty()


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return 2
    known = strategy_names(content)
    if args.strategy == "all":
        names = known
    elif args.strategy in known or args.strategy in FIXED_STRATEGIES:
        names = [args.strategy]
    else:
        print(f"multivector: no strategy '{args.strategy}'{did_you_mean(args.strategy, known)}; "
              f"strategies: {', '.join(known)}, all", file=sys.stderr)
        return 2
    if args.games < 1:
        print("multivector: --games must be at least 1", file=sys.stderr)
        return 2
    if args.processes is not None and args.processes < 1:
        print("multivector: --processes must be at least 1", file=sys.stderr)
        return 2
    # Spawned workers (where fork is unavailable) load the same folders themselves.
    source = functools.partial(load_or_raise, args.content, tuple(args.mods or ()))
    card_ids = dealable_cards(content, scenario_id)
    show_progress = wants_progress(args.json, sys.stdout, sys.stderr)
    started = time.perf_counter()
    options = dict(processes=args.processes, source=source, engine=getattr(args, "engine", False))
    if show_progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            tasks = {name: bar.add_task(name, total=args.games) for name in names}
            summaries = run_simulation(content, names, args.games, args.seed, scenario_id,
                                       progress=lambda name, n: bar.advance(tasks[name], n), **options)
    else:
        summaries = run_simulation(content, names, args.games, args.seed, scenario_id, **options)
    elapsed = max(time.perf_counter() - started, 1e-9)
    report = {name: summary.as_json(content, card_ids) for name, summary in summaries.items()}
    report["games_per_second"] = round(args.games * len(names) / elapsed, 1)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    from game.sim.report import print_report

    print_report(content, scenario_id, report, names, summaries)
    return 0
