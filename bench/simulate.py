"""The balance check at full size: 10,000 games per strategy, every strategy, every core.

Runs ``multivector simulate --strategy all --games N --seed 1 --json`` as a player
would (worker processes on every core) and times it from start to finish. Budget: 30
seconds for 10,000 games x 6 strategies on 2 cores. This one is a time, not a ratio:
the CPU time of the run divided by the cores is printed beside it, as a figure a busy
machine disturbs less. The lookahead bot costs most of it.

    python bench/simulate.py [--games N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from _common import REPO, Figure

BUDGET_SECONDS = 30.0
BUDGET_GAMES = 10_000


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=BUDGET_GAMES)
    parser.add_argument("--quick", action="store_true", help="100 games: checks the script runs")
    args = parser.parse_args(argv)
    games = 100 if args.quick else args.games

    command = [sys.executable, "-m", "game", "simulate", "--strategy", "all", "--games", str(games),
               "--seed", "1", "--json", "--no-mods"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads(out.stdout)
    strategies = [name for name, value in report.items() if isinstance(value, dict)]
    n = cores()
    scale = BUDGET_GAMES / games  # the budget is for 10,000 games; --games scales it
    print(f"simulate: {games:,} games x {len(strategies)} strategies ({', '.join(strategies)}), "
          f"{n} cores")
    print(f"  wall {wall:6.1f} s   CPU {cpu:6.1f} s (CPU / cores {cpu / n:5.1f} s)")
    figure = Figure(f"simulate: {BUDGET_GAMES:,} games x {len(strategies)} strategies, seconds on {n} cores",
                    wall * scale, BUDGET_SECONDS, unit="s")
    print(f"  {figure}" + (f" (scaled from {games:,} games)" if games != BUDGET_GAMES else ""))
    return [figure]


if __name__ == "__main__":
    main()
