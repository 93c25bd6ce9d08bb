"""One browser connection's game under ``multivector serve``: the Textual app, started
by textual-serve as ``python -m game.serve_child --child OPTIONS`` whatever stdout looks
like. It sits above the command line (it parses ``play`` options with the game's own
parser), so it is a module of its own rather than a part of game/commands/serve.py."""

from __future__ import annotations

import argparse
import sys

from game.commands.serve import CHILD_FLAG


def child_args(argv: list[str]) -> argparse.Namespace:
    """The ``play`` options a served game starts with."""
    from game.cli import build_parser

    return build_parser().parse_args(["play", *argv])


def child_main(argv: list[str]) -> int:
    from game.commands.tui import run as run_tui

    return run_tui(child_args(argv))


if __name__ == "__main__":  # pragma: no cover - started by textual-serve
    if sys.argv[1:2] == [CHILD_FLAG]:
        raise SystemExit(child_main(sys.argv[2:]))
    print("multivector: run 'multivector serve' instead", file=sys.stderr)
    raise SystemExit(2)
