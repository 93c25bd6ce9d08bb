"""The ``multivector`` command.

Each subcommand's work lives in the module that owns it; this file only parses the
command line and imports lazily, so ``multivector`` starts as fast as the title screen
allows and ``validate`` never pays for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from game import __version__

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


def _common(parser: argparse.ArgumentParser, sub: bool = True) -> None:
    # A subcommand's defaults must not overwrite what was given before its name
    # ("multivector --no-mods cards"), so only the main parser sets them.
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS if sub else None,
        help="use another base content folder instead of the game's content/",
    )
    parser.add_argument(
        "--mod",
        metavar="DIR",
        type=Path,
        action="append",
        default=argparse.SUPPRESS if sub else [],
        dest="mods",
        help="add a mod folder (repeatable; mods load after the mods they depend on, then by id)",
    )
    parser.add_argument(
        "--no-mods",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="leave out the mods installed in the mods/ folder beside the saves",
    )


def _add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, help="deal the same deck as any other game with this seed")
    parser.add_argument("--scenario", metavar="ID", help="the scenario to play (default: the content's default)")
    parser.add_argument("--load", metavar="SLOT", help="continue a saved game")
    parser.add_argument("--plain", action="store_true", help="line-by-line mode for screen readers and plain terminals")
    parser.add_argument("--headless", action="store_true", help="play --choices without any UI (scripts, tests)")
    parser.add_argument("--choices", metavar="1,2,1,...", help="with --headless: the choices to take, 1-based")
    parser.add_argument("--save", metavar="NAME", help="with --headless: save the game under this slot name")
    parser.add_argument("--trace", action="store_true",
                        help="with --headless: one JSON line a turn with the card, each choice's forecast "
                             "and what moved")
    parser.add_argument("--saves", metavar="DIR", type=Path, help="the save folder (default: saves/ or MULTIVECTOR_SAVES)")
    parser.add_argument("--hints", choices=("none", "dots", "exact"), help="advisor hints (default: dots)")
    parser.add_argument("--lang", default="en", help="language of the cards where a translation exists (en, ru, kk)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="multivector",
        description="Keep Moscow, Beijing and Washington on side, and the country together.",
    )
    parser.add_argument("--version", action="version", version=f"multivector {__version__}")
    _common(parser, sub=False)
    _add_play_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a game (the default command)")
    _common(play)
    _add_play_arguments(play)

    validate = commands.add_parser("validate", help="check content and mods; exit 1 on errors")
    _common(validate)
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="content folders or files to check as mods")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")

    simulate = commands.add_parser("simulate", help="play many games with strategy bots: the balance report")
    _common(simulate)
    simulate.add_argument("--games", type=int, default=1000, help="games per strategy (default 1000)")
    simulate.add_argument("--strategy", default="all", help="a strategy name, or all")
    simulate.add_argument("--seed", type=int, default=1)
    simulate.add_argument("--scenario", metavar="ID")
    simulate.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    simulate.add_argument("--processes", type=int, help="worker processes (default: every core)")
    simulate.add_argument("--engine", action="store_true",
                          help="play on the engine, not the simulation kernel (same report, slower)")

    cards = commands.add_parser("cards", help="list the deck")
    _common(cards)
    cards.add_argument("--format", choices=("table", "json", "markdown", "html"), default="table")
    cards.add_argument("--scenario", metavar="ID", help="only the cards this scenario can deal")
    cards.add_argument("-o", "--output", type=Path, help="write to a file instead of the terminal")

    schema = commands.add_parser("schema", help="print the JSON Schema of the content format")
    _common(schema)
    schema.add_argument("--kind", help="only the schema of one kind of file (e.g. cards)")

    replay = commands.add_parser("replay", help="re-run a save's choices and verify its final state")
    _common(replay)
    replay.add_argument("save", metavar="SAVE", help="a slot name or a path to a save file")
    replay.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")

    report = commands.add_parser("report", help="the debrief of one or more saved games")
    _common(report)
    report.add_argument("saves_to_report", nargs="+", metavar="SAVE", help="slot names or paths")
    report.add_argument("--format", choices=("markdown", "html"), default="markdown")
    report.add_argument("-o", "--output", type=Path, help="write to a file instead of the terminal")
    report.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")

    classroom = commands.add_parser("classroom", help="facilitator mode for a class (teams, timer, debrief)")
    _common(classroom)
    classroom.add_argument("--seed", type=int, help="the same seed deals every group the same deck")
    classroom.add_argument("--scenario", metavar="ID")
    classroom.add_argument("--teams", metavar="ROLE,ROLE,...", help="role ids of the teams taking part")
    classroom.add_argument("--turns", type=int, help="number of decisions in the session")
    classroom.add_argument("--minutes", type=float, help="discussion time per card")
    classroom.add_argument("--decide", choices=("majority", "decider", "facilitator"), default="majority")
    classroom.add_argument("--saves", metavar="DIR", type=Path, help="the save folder")
    classroom.add_argument("--load", metavar="SLOT", help="continue a saved session")
    classroom.add_argument("--web", action="store_true", help="students vote from their own devices (docs/classroom.md)")
    classroom.add_argument("--host", help="with --web: the address to serve on (default 127.0.0.1, this computer only)")
    classroom.add_argument("--lan", action="store_true", help="with --web: serve on the classroom's network")
    classroom.add_argument("--port", type=int, default=8080, help="with --web: the port (default 8080)")

    serve = commands.add_parser("serve", help="the game in a browser (textual-serve)")
    _common(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="localhost")

    mods = commands.add_parser("mods", help="list the mods found and which are active")
    _common(mods)
    mods.add_argument("--saves", metavar="DIR", type=Path, help="the save folder (mods/ lives beside it)")

    new_card = commands.add_parser("new-card", help="print a commented card template that validates")
    _common(new_card)
    new_card.add_argument("card_id", metavar="ID")
    new_card.add_argument("--into", metavar="MOD_DIR", type=Path, help="write it into this mod folder")
    return parser


# Subcommand -> module under game.commands with a run(args) -> int function.
_COMMAND_MODULES = {
    "validate": "validate",
    "simulate": "simulate",
    "cards": "cards",
    "schema": "schema",
    "replay": "replay",
    "report": "report",
    "classroom": "classroom",
    "serve": "serve",
    "mods": "mods",
    "new-card": "new_card",
}


# Commands that play or show the content: installed mods (mods/) are active for them.
_PLAYS_CONTENT = {"play", "simulate", "cards", "replay", "report", "classroom", "serve"}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "play"
    try:
        if command in _PLAYS_CONTENT:
            from game.commands.mods import add_installed_mods

            add_installed_mods(args)
        if command == "play":
            return _play(args)
        module_name = _COMMAND_MODULES[command]
        try:
            module = importlib.import_module(f"game.commands.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"game.commands.{module_name}":
                raise
            print(f"multivector: '{command}' is not available in this version", file=sys.stderr)
            return EXIT_USAGE
        return module.run(args)
    except KeyboardInterrupt:
        return 130


def _play(args: argparse.Namespace) -> int:
    if args.headless:
        from game.commands.headless import run

        return run(args)
    if args.plain or not sys.stdout.isatty():
        from game.commands.plain import run

        return run(args)
    from game.commands.tui import run

    return run(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
