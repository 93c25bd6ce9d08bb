"""``multivector play`` in a terminal: the Textual app (until it exists, the plain mode)."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    try:
        from game.tui.app import run_app
    except ImportError:
        from game.commands.plain import run as run_plain

        return run_plain(args)
    return run_app(args)
