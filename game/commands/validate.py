"""``multivector validate``: every problem in the content, as file:line:col: message."""

from __future__ import annotations

import argparse
import json
import sys

from game.loading import load_content


def run(args: argparse.Namespace) -> int:
    mods = [*args.mods, *args.paths]
    result = load_content(args.content, mods)
    problems = result.problems
    errors = result.errors
    failed = bool(errors) or (args.strict and bool(problems))
    if args.format == "json":
        json.dump(
            {
                "ok": not failed,
                "errors": len(errors),
                "warnings": len(result.warnings),
                "files": len(result.files),
                "problems": [p.as_dict() for p in problems],
            },
            sys.stdout,
            indent=2,
        )
        print()
        return 1 if failed else 0
    for problem in problems:
        print(problem.format())
    cards = len(result.content.cards) if result.content else 0
    summary = f"{len(result.files)} file(s), {len(errors)} error(s), {len(result.warnings)} warning(s)"
    if result.content:
        summary += f"; {cards} cards, {len(result.content.scenarios)} scenario(s)"
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if failed else 0
