"""Every benchmark of the game, one after another, and a summary of the budgets.

    python bench/run_all.py            the figures of the README's Performance section
    python bench/run_all.py --quick    a few rounds of each: checks that every script runs
                                       (its figures mean nothing)
    python bench/run_all.py engine kernel     only these

Each script measures its floor in the same run and prints a ratio (the machine is
shared and noisy, so absolute times mislead); simulate is the one absolute budget.
Benchmarks, not tests: the exit status is 0 whatever the figures, 1 only if a script
fails to run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback

from _common import Figure

SCRIPTS = ("startup", "engine", "kernel", "exploits", "scaling", "loading", "simulate")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="*", metavar="SCRIPT",
                        help=f"which to run (default: all of {', '.join(SCRIPTS)})")
    parser.add_argument("--quick", action="store_true", help="a few rounds each: checks the scripts run")
    args = parser.parse_args(argv)
    unknown = [name for name in args.scripts if name not in SCRIPTS]
    if unknown:
        parser.error(f"no bench script {', '.join(unknown)} (there are: {', '.join(SCRIPTS)})")
    chosen = args.scripts or list(SCRIPTS)
    figures: list[Figure] = []
    failed = []
    started = time.perf_counter()
    for name in chosen:
        print(f"== bench/{name}.py{' --quick' if args.quick else ''}", flush=True)
        try:
            module = importlib.import_module(name)
            figures.extend(module.main(["--quick"] if args.quick else []))
        except Exception:  # noqa: BLE001 - report the script and go on with the others
            traceback.print_exc()
            failed.append(name)
        print(flush=True)
    print(f"== summary ({time.perf_counter() - started:.0f} s{'; --quick: not a measure' if args.quick else ''})")
    for figure in figures:
        print(f"  {figure}")
    for name in failed:
        print(f"  bench/{name}.py FAILED to run")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
