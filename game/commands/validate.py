"""``multivector validate``: every problem in the content, as file:line:col: message.

``validate`` checks the base content (and the installed mods, as the game would load
them); ``validate DIR`` or ``validate --mod DIR`` checks a mod together with the base
game. With mods named, the base game's own warnings are left out, so a mod's author
sees what the mod brings; the errors are shown wherever they are.
"""

from __future__ import annotations

import argparse
import json
import sys

from game.base.i18n import _, ngettext
from game.commands.mods import installed_dir
from game.loading import load_content
from game.loading.problems import Problem


def run(args: argparse.Namespace) -> int:
    from game.base.paths import default_content_dir

    base = (args.content or default_content_dir()).resolve()
    # "validate content/" means the base game itself, not the base game loaded twice.
    mods = [m for m in [*args.mods, *args.paths] if m.resolve() != base]
    installed = None if getattr(args, "no_mods", False) else installed_dir(args)
    if installed is not None and not installed.is_dir():
        installed = None
    result = load_content(args.content, mods, installed=installed)
    problems = result.problems
    hidden: list[Problem] = []
    if mods and result.problems:
        problems, hidden = _without_base_warnings(args, result.problems)
    errors = result.errors
    failed = bool(errors) or (args.strict and bool(problems))
    if args.format == "json":
        json.dump(
            {
                "ok": not failed,
                "errors": len(errors),
                "warnings": len(result.warnings) - len(hidden),
                "files": len(result.files),
                "problems": [p.as_dict() for p in problems],
                "mods": [
                    {
                        "id": m.id,
                        "version": m.version,
                        "folder": str(m.folder),
                        "active": m.active and result.ok,
                        "reason": m.reason,
                    }
                    for m in result.mods
                ],
            },
            sys.stdout,
            indent=2,
        )
        print()
        return 1 if failed else 0
    for problem in problems:
        print(problem.format())
    warnings = len(result.warnings) - len(hidden)
    summary = _("{files} file(s), {errors} error(s), {warnings} warning(s)").format(
        files=len(result.files), errors=len(errors), warnings=warnings)
    if result.content:
        content = result.content
        summary += "; " + ngettext("{n} card", "{n} cards", len(content.cards)).format(n=len(content.cards))
        summary += ", " + _("{n} scenario(s)").format(n=len(content.scenarios))
        summary += ", " + ngettext("{n} meter", "{n} meters", len(content.meters)).format(n=len(content.meters))
    active = [m for m in result.mods if m.active]
    if active:
        summary += "; " + _("mods: {list}").format(list=", ".join(f"{m.id} {m.version}" for m in active))
    if hidden:
        summary += " " + _("({count} warning(s) of the base game not shown: run 'multivector validate' without "
                           "mods)").format(count=len(hidden))
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if failed else 0


def _without_base_warnings(args: argparse.Namespace, problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """The problems minus the warnings the base game has without any mod."""
    base = load_content(args.content)
    known = {(p.path, p.line, p.col, p.code, p.message) for p in base.warnings}
    shown: list[Problem] = []
    hidden: list[Problem] = []
    for problem in problems:
        key = (problem.path, problem.line, problem.col, problem.code, problem.message)
        (hidden if problem.severity == "warning" and key in known else shown).append(problem)
    return shown, hidden
