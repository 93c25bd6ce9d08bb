"""``multivector simulate``: strategy bots play many games; the balance report.

``--check`` turns the report into a verdict a CI can gate on: exit 1 when any balance
target fails (0 when all hold), and with ``--json`` each target's figure, bound and
verdict. ``--scenario all`` plays and judges every scenario of the loaded content.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time

from game.base.suggest import did_you_mean
from game.commands.common import load_from_args, scenario_or_error
from game.loading import load_or_raise
from game.sim.simulator import dealable_cards, run_simulation
from game.sim.strategies import FIXED_STRATEGIES, strategy_names

EXIT_FAILED = 1  # --check: a balance target fails
EXIT_USAGE = 2


def wants_progress(json_output: bool, stdout, stderr) -> bool:
    """A progress bar only for a person at a terminal: not with --json, not when piped."""
    return not json_output and stdout.isatty() and stderr.isatty()


def _scenarios(content, requested: str | None) -> list[str] | None:
    if requested == "all":
        return list(content.scenarios)
    scenario_id = scenario_or_error(content, requested)
    return None if scenario_id is None else [scenario_id]


def _strategies(content, requested: str) -> list[str] | None:
    known = strategy_names(content)
    if requested == "all":
        return known
    if requested in known or requested in FIXED_STRATEGIES:
        return [requested]
    print(f"multivector: no strategy '{requested}'{did_you_mean(requested, known)}; "
          f"strategies: {', '.join(known)}, all", file=sys.stderr)
    return None


def _simulate(args, content, names: list[str], scenario_id: str, show_progress: bool):
    # Spawned workers (where fork is unavailable) load the same folders themselves.
    source = functools.partial(load_or_raise, args.content, tuple(args.mods or ()))
    options = dict(processes=args.processes, source=source, engine=getattr(args, "engine", False))
    if not show_progress:
        return run_simulation(content, names, args.games, args.seed, scenario_id, **options)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks = {name: bar.add_task(name, total=args.games) for name in names}
        return run_simulation(content, names, args.games, args.seed, scenario_id,
                              progress=lambda name, n: bar.advance(tasks[name], n), **options)


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    scenario_ids = _scenarios(content, args.scenario)
    if scenario_ids is None:
        return EXIT_USAGE
    names = _strategies(content, args.strategy)
    if names is None:
        return EXIT_USAGE
    check = getattr(args, "check", False)
    if args.games is None:  # a verdict wants intervals narrow enough to clear the bands
        args.games = 2000 if check else 1000
    if args.games < 1:
        print("multivector: --games must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.processes is not None and args.processes < 1:
        print("multivector: --processes must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    show_progress = wants_progress(args.json, sys.stdout, sys.stderr)
    results = {}
    started = time.perf_counter()
    for scenario_id in scenario_ids:
        summaries = _simulate(args, content, names, scenario_id, show_progress)
        card_ids = dealable_cards(content, scenario_id)
        report = {name: summary.as_json(content, card_ids) for name, summary in summaries.items()}
        results[scenario_id] = (report, summaries)
    elapsed = max(time.perf_counter() - started, 1e-9)
    games_per_second = round(args.games * len(names) * len(scenario_ids) / elapsed, 1)
    verdicts = {}
    if check:
        from game.sim.report import verdict

        verdicts = {s: verdict(content, s, report, summaries) for s, (report, summaries) in results.items()}
    passed = all(v["passed"] for v in verdicts.values())
    if args.json:
        json.dump(_json(args.scenario == "all", results, verdicts, games_per_second), sys.stdout, indent=2)
        print()
    else:
        from game.sim.report import print_report, print_verdict

        for scenario_id, (report, summaries) in results.items():
            report = dict(report, games_per_second=games_per_second)
            print_report(content, scenario_id, report, names, summaries)
        if check:
            print_verdict(content, verdicts)
    return EXIT_FAILED if check and not passed else 0


def _json(every: bool, results: dict, verdicts: dict, games_per_second: float) -> dict:
    """One scenario: the object DESIGN.md fixes (by strategy), plus with --check its
    ``checks`` and verdict. ``--scenario all``: one such object per scenario."""
    per_scenario = {}
    for scenario_id, (report, _) in results.items():
        entry = dict(report)
        if scenario_id in verdicts:
            entry.update(verdicts[scenario_id])
        per_scenario[scenario_id] = entry
    if not every:
        (entry,) = per_scenario.values()
        entry["games_per_second"] = games_per_second
        return entry
    result: dict = {"scenarios": per_scenario}
    if verdicts:
        result["passed"] = all(v["passed"] for v in verdicts.values())
    result["games_per_second"] = games_per_second
    return result
