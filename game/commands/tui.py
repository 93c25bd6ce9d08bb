"""``multivector play`` in a terminal: the Textual app."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from game.tui.app import run_app

    return run_app(args)
