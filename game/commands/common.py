"""What every subcommand shares: loading content from the command-line options."""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from game.base.i18n import _
from game.base.seeds import fresh_seed
from game.base.text import escape_controls
from game.engine.model import Content
from game.loading import LoadResult, load_content

if TYPE_CHECKING:
    from game.saves.session import GameSession


def load_from_args(args: argparse.Namespace, *, quiet_warnings: bool = True) -> Content | None:
    """The content named by ``--content``/``--mod``; on errors print them all, return None."""
    result = load_result_from_args(args, quiet_warnings=quiet_warnings)
    return result.content if result is not None else None


def load_result_from_args(args: argparse.Namespace, *, quiet_warnings: bool = True) -> LoadResult | None:
    """:func:`load_from_args` with the files the content came from (for a save's fingerprint)."""
    result = load_content(getattr(args, "content", None), getattr(args, "mods", []) or [])
    shown = result.errors if quiet_warnings else result.problems
    for problem in shown:
        print(problem.format(), file=sys.stderr)
    if not result.ok or result.content is None:
        print(_("multivector: content has {count} error(s); run 'multivector validate' for details").format(
            count=len(result.errors)), file=sys.stderr)
        return None
    return result


def session_from_args(args: argparse.Namespace, meta: dict) -> tuple[GameSession | None, int]:
    """A session controller over the content of ``--content``/``--mod``, saving in
    ``--saves``, and loaded from ``--load`` when given: ``(session, 0)``, or
    ``(None, exit code)`` after printing why not (1: the content, 2: the options)."""
    from game.saves.errors import SaveError
    from game.saves.session import GameSession

    result = load_result_from_args(args)
    if result is None or result.content is None:
        return None, 1
    session = GameSession(result.content, files=result.files, saves_folder=getattr(args, "saves", None),
                          meta=lambda: dict(meta))
    slot = getattr(args, "load", None)
    if slot:
        try:
            saved = session.load_slot(slot)
        except SaveError as error:
            print(_("multivector: cannot load: {error}").format(error=error), file=sys.stderr)
            return None, 2
        for warning in saved.warnings:
            print(f"multivector: {escape_controls(warning)}", file=sys.stderr)
        return session, 0
    scenario_id = scenario_or_error(result.content, getattr(args, "scenario", None))
    if scenario_id is None:
        return None, 2
    seed = args.seed if getattr(args, "seed", None) is not None else fresh_seed()
    session.start(scenario_id, seed)
    return session, 0


def scenario_or_error(content: Content, scenario_id: str | None) -> str | None:
    """The scenario id to play, or None after printing a helpful error."""
    if scenario_id is None:
        return content.default_scenario.id
    if scenario_id in content.scenarios:
        return scenario_id
    from game.base.suggest import did_you_mean

    known = ", ".join(content.scenarios)
    print(_("multivector: no scenario '{scenario}'{hint}; scenarios: {scenarios}").format(
        scenario=scenario_id, hint=did_you_mean(scenario_id, content.scenarios), scenarios=known), file=sys.stderr)
    return None
