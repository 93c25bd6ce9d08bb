"""Every option and argument of every command says what it is for in --help (serve's
--port and --host, simulate's --seed, validate's --format and others once said nothing)."""

from __future__ import annotations

import argparse

from game.cli import build_parser


def _unexplained(parser: argparse.ArgumentParser, name: str) -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                found += _unexplained(sub, command)
        elif not action.help:
            found.append(f"{name} {'/'.join(action.option_strings) or action.metavar or action.dest}")
    return found


def test_every_option_has_help():
    assert _unexplained(build_parser(), "multivector") == []
