"""The ``multivector`` command.

Each subcommand's work lives in the module that owns it; this file only parses the
command line and imports lazily, so ``multivector`` starts as fast as the title screen
allows and ``validate`` never pays for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from game import __version__
from game.base.i18n import LANGUAGES, N_, _, choose_language, language, set_language

EXIT_USAGE = 2


def _common(parser: argparse.ArgumentParser, sub: bool = True) -> None:
    # A subcommand's defaults must not overwrite what was given before its name
    # ("multivector --no-mods cards"), so only the main parser sets them.
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS if sub else None,
        help=_("use another base content folder instead of the game's content/"),
    )
    parser.add_argument(
        "--mod",
        metavar="DIR",
        type=Path,
        action="append",
        default=argparse.SUPPRESS if sub else [],
        dest="mods",
        help=_("add a mod folder (repeatable; mods load after the mods they depend on, then by id)"),
    )
    parser.add_argument(
        "--no-mods",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help=_("leave out the mods installed in the mods/ folder beside the saves"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS if sub else None,
        help=_("the language of the game: en, ru or kk (default: the saved setting, else the "
               "system's language, else English)"),
    )


# Where saves go unless --saves says (game.base.paths.default_saves_dir), in words: an
# installed game has no saves/ beside it. Not worked out here: the parser stays cheap.
SAVES_HELP = N_("the save folder (default: MULTIVECTOR_SAVES if set, else saves/ of a checkout, "
                "else saves in your user data folder)")


def _add_play_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, help=_("deal the same deck as any other game with this seed"))
    parser.add_argument("--scenario", metavar="ID", help=_("the scenario to play (default: the content's default)"))
    parser.add_argument("--load", metavar="SLOT", help=_("continue a saved game"))
    parser.add_argument("--plain", action="store_true", help=_("line-by-line mode for screen readers and plain terminals"))
    parser.add_argument("--headless", action="store_true", help=_("play --choices without any UI (scripts, tests)"))
    parser.add_argument("--choices", metavar="1,2,1,...", help=_("with --headless: the choices to take, 1-based"))
    parser.add_argument("--save", metavar="NAME", help=_("with --headless: save the game under this slot name"))
    parser.add_argument("--trace", action="store_true",
                        help=_("with --headless: one JSON line a turn with the card, each choice's forecast "
                               "and what moved"))
    parser.add_argument("--saves", metavar="DIR", type=Path, help=_(SAVES_HELP))
    parser.add_argument("--hints", choices=("none", "dots", "exact"), help=_("advisor hints (default: dots)"))
    parser.add_argument("--no-history", action="store_true",
                        help=_("no “What really happened” after each decision, only at the end"))
    parser.add_argument("--ironman", action="store_true", help=_("new games have no undo and keep only their autosave"))
    parser.add_argument("--daily", action="store_true",
                        help=_("play today's daily game: the same seed for everyone from the UTC date"))
    parser.add_argument("--watch", action="store_true",
                        help=_("reload the content and mods whenever their files change (for modders)"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="multivector",
        description=_("Keep Moscow, Beijing and Washington on side, and the country together."),
    )
    parser.add_argument("--version", action="version", version=f"multivector {__version__}",
                        help=_("show program's version number and exit"))
    _common(parser, sub=False)
    _add_play_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help=_("play a game (the default command)"))
    _common(play)
    _add_play_arguments(play)

    validate = commands.add_parser("validate", help=_("check content and mods; exit 1 on errors"))
    _common(validate)
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_("content folders or files to check as mods"))
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help=_("text: a line a problem (file:line:col: message); json: one object, for tools"))
    validate.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))

    simulate = commands.add_parser("simulate", help=_("play many games with strategy bots: the balance report"))
    _common(simulate)
    simulate.add_argument("--games", type=int, help=_("games per strategy (default 1000; 2000 with --check)"))
    simulate.add_argument("--strategy", default="all", help=_("a strategy name, or all"))
    simulate.add_argument("--seed", type=int, default=1,
                          help=_("the seed of the first game (default 1): the same seed gives the same report"))
    simulate.add_argument("--scenario", metavar="ID", help=_("a scenario id, or all (default: the default scenario)"))
    simulate.add_argument("--json", action="store_true", help=_("print one JSON object instead of tables"))
    simulate.add_argument("--check", action="store_true",
                          help=_("judge the balance targets: exit 1 if any fails (with --json: each target's "
                                 "figure, bound and verdict)"))
    simulate.add_argument("--processes", type=int, help=_("worker processes (default: every core)"))
    simulate.add_argument("--engine", action="store_true",
                          help=_("play on the engine, not the simulation kernel (same report, slower)"))

    cards = commands.add_parser("cards", help=_("list the deck"))
    _common(cards)
    cards.add_argument("--format", choices=("table", "json", "yaml", "markdown", "html"), default="table",
                       help=_("yaml: the cards as a content file that loads back unchanged"))
    cards.add_argument("--scenario", metavar="ID", help=_("only the cards this scenario can deal"))
    cards.add_argument("-o", "--output", type=Path, help=_("write to a file instead of the terminal"))
    cards.add_argument("--for", dest="audience", choices=("facilitator", "students"), default="facilitator",
                       help=_("printouts (html, markdown): the facilitator's key with every answer's effects "
                              "and history (the default), or the students' cards without them"))
    cards.add_argument("--paper", choices=("a4", "letter"), default="a4", help=_("html: the paper size to print on"))

    schema = commands.add_parser("schema", help=_("print the JSON Schema of the content format"))
    _common(schema)
    schema.add_argument("--kind", help=_("only the schema of one kind of file (e.g. cards)"))

    replay = commands.add_parser("replay", help=_("re-run a save's choices and verify its final state"))
    _common(replay)
    replay.add_argument("save", metavar="SAVE", help=_("a slot name or a path to a save file"))
    replay.add_argument("--saves", metavar="DIR", type=Path, help=_("the save folder"))

    report = commands.add_parser("report", help=_("the debrief of one or more saved games"))
    _common(report)
    report.add_argument("saves_to_report", nargs="+", metavar="SAVE", help=_("slot names or paths"))
    report.add_argument("--format", choices=("markdown", "html", "csv"), default="markdown",
                        help=_("csv: one row per team and decision, for a gradebook"))
    report.add_argument("-o", "--output", type=Path, help=_("write to a file instead of the terminal"))
    report.add_argument("--saves", metavar="DIR", type=Path, help=_("the save folder"))

    classroom = commands.add_parser("classroom", help=_("facilitator mode for a class (teams, timer, debrief)"))
    _common(classroom)
    classroom.add_argument("--seed", type=int, help=_("the same seed deals every group the same deck"))
    classroom.add_argument("--scenario", metavar="ID", help=_("the scenario to play (default: the content's default)"))
    classroom.add_argument("--teams", metavar="ROLE,NAME=ROLE,...",
                           help=_("the teams taking part: role ids, or Name=role for a team the class named "
                                  "(up to 8 voting teams; two may play one role)"))
    classroom.add_argument("--group", metavar="NAME", help=_("a name for this group (class, period, table)"))
    classroom.add_argument("--turns", type=int, help=_("number of decisions in the session"))
    classroom.add_argument("--minutes", type=float, help=_("discussion time per card"))
    classroom.add_argument("--decide", choices=("majority", "decider", "rotate", "facilitator"), default="majority",
                           help=_("rotate: each team in turn decides a card"))
    classroom.add_argument("--saves", metavar="DIR", type=Path, help=_("the save folder"))
    classroom.add_argument("--load", metavar="SLOT", help=_("continue a saved session"))
    classroom.add_argument("--no-history", action="store_true",
                           help=_("start with “What really happened” off on the projector (h turns it on)"))
    classroom.add_argument("--web", action="store_true", help=_("students vote from their own devices (docs/classroom.md)"))
    classroom.add_argument("--host", help=_("with --web: the address to serve on (default 127.0.0.1, this computer only)"))
    classroom.add_argument("--lan", action="store_true", help=_("with --web: serve on the classroom's network"))
    classroom.add_argument("--port", type=int, default=8080, help=_("with --web: the port (default 8080)"))

    serve = commands.add_parser("serve", help=_("the game in a browser (textual-serve)"))
    _common(serve)
    serve.add_argument("--port", type=int, default=8000, help=_("the port to serve on (default 8000)"))
    serve.add_argument("--host", default="localhost",
                       help=_("the address to serve on (default localhost, this computer only; "
                              "0.0.0.0 opens it to the local network)"))

    mods = commands.add_parser("mods", help=_("list the mods found and which are active"))
    _common(mods)
    mods.add_argument("--saves", metavar="DIR", type=Path, help=_("the save folder (mods/ lives beside it)"))

    new_card = commands.add_parser("new-card", help=_("print a commented card template that validates"))
    _common(new_card)
    new_card.add_argument("card_id", metavar="ID",
                          help=_("the new card's id: lower-case letters, digits and _, e.g. mymod.harvest"))
    new_card.add_argument("--into", metavar="MOD_DIR", type=Path, help=_("write it into this mod folder"))
    new_mod = commands.add_parser("new-mod", help=_("make a mod folder to start from (it validates as it stands)"))
    _common(new_mod)
    new_mod.add_argument("mod_id", metavar="ID", help=_("the new mod's id: lower-case letters, digits and _"))
    new_mod.add_argument("--into", metavar="DIR", type=Path, help=_("the folder to make (default: ./ID)"))

    docs = commands.add_parser("docs", help=_("print a guide (modding, content-format, classroom...) as installed"))
    docs.add_argument("name", nargs="?", metavar="NAME", help=_("the guide, e.g. modding (without it: the list)"))

    content = commands.add_parser("content", help=_("every id by kind, or one item of the loaded game as YAML"))
    _common(content)
    content.add_argument("kind", nargs="?", metavar="KIND",
                         help=_("the kind of item: {kinds}").format(
                             kinds="card, meter, scenario, ending, situation, grade, cast, role, glossary, rivalry, flag"))
    content.add_argument("id", nargs="?", metavar="ID", help=_("the item to print (without it: the ids of KIND)"))
    content.add_argument("--replace", action="store_true", help=_("add 'replace: true', ready to paste into a mod"))

    translations = commands.add_parser(
        "translations", help=_("how complete the Russian and Kazakh translations are; --update refreshes them"))
    _common(translations)
    translations.add_argument("--update", action="store_true",
                              help=_("write the templates (.pot) and bring every catalogue (.po) up to date "
                                     "with the content and the code"))
    translations.add_argument("--format", choices=("text", "json"), default="text",
                              help=_("text, or json for tools"))
    translations.add_argument("--all", action="store_true", help=_("list every gap, not only the first ones"))

    stats = commands.add_parser("stats", help=_("your record: games won, endings seen, best scores, achievements"))
    _common(stats)
    stats.add_argument("--saves", metavar="DIR", type=Path, help=_(SAVES_HELP))
    stats.add_argument("--json", action="store_true", help=_("the record as JSON"))

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
    "content": "content",
    "new-mod": "new_mod",
    "translations": "translations",
    "docs": "docs",
    "stats": "stats",
}


# Commands that play or show the content: installed mods (mods/) are active for them.
_PLAYS_CONTENT = {"play", "simulate", "cards", "replay", "report", "classroom", "serve", "content", "stats"}


# argparse's own words ("usage:", "options"...), translated with the game's catalogue.
_ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("unrecognized arguments: %s"),
    N_("expected one argument"), N_("invalid %(type)s value: %(value)r"), N_("%(prog)s: error: %(message)s\n"),
)


def _language_first(argv: list[str] | None) -> str:
    """The language, known before the parser is built so that its help is translated:
    ``--lang`` if given (a bad value is left for the parser to report), else the default."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)  # --lan is not --lang
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(sys.argv[1:] if argv is None else argv)
    return choose_language(known.lang if known.lang in LANGUAGES else None)


def main(argv: list[str] | None = None) -> int:
    before = language()
    set_language(_language_first(argv))
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks its gettext up when it speaks
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        # What was asked for (translations reports that language only), then what is used.
        args.lang_asked = getattr(args, "lang", None)
        args.lang = choose_language(args.lang_asked)
        set_language(args.lang)
        command = args.command or "play"
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
            print(_("multivector: '{command}' is not available in this version").format(command=command),
                  file=sys.stderr)
            return EXIT_USAGE
        return module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of the output went away (`| head`): stop quietly, as Unix tools do,
        # and keep the interpreter's last flush at exit from failing on the closed pipe.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # no real stdout (a test's capture)
            pass
        return 128 + 13  # the shell's figure for a process ended by SIGPIPE
    finally:
        set_language(before)  # a caller in the same process (a test) gets its language back


def _play(args: argparse.Namespace) -> int:
    if args.watch and (args.headless or args.plain or not sys.stdout.isatty()):
        print(_("multivector: --watch works in the full-screen game only (not with --headless, --plain "
                "or output that is not a terminal)"), file=sys.stderr)
        return EXIT_USAGE
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
