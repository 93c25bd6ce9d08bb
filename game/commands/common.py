"""What every subcommand shares: loading content from the command-line options."""

from __future__ import annotations

import argparse
import sys

from game.engine.model import Content
from game.loading import load_content


def load_from_args(args: argparse.Namespace, *, quiet_warnings: bool = True) -> Content | None:
    """The content named by ``--content``/``--mod``; on errors print them all, return None."""
    result = load_content(getattr(args, "content", None), getattr(args, "mods", []) or [])
    shown = result.errors if quiet_warnings else result.problems
    for problem in shown:
        print(problem.format(), file=sys.stderr)
    if not result.ok:
        print(f"multivector: content has {len(result.errors)} error(s); run 'multivector validate' for details",
              file=sys.stderr)
        return None
    return result.content


def scenario_or_error(content: Content, scenario_id: str | None) -> str | None:
    """The scenario id to play, or None after printing a helpful error."""
    if scenario_id is None:
        return content.default_scenario.id
    if scenario_id in content.scenarios:
        return scenario_id
    from game.loading.problems import did_you_mean

    known = ", ".join(content.scenarios)
    print(f"multivector: no scenario '{scenario_id}'{did_you_mean(scenario_id, content.scenarios)}; "
          f"scenarios: {known}", file=sys.stderr)
    return None
