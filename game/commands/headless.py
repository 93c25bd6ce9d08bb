"""``multivector play --headless --seed N --choices 1,2,...``: play a script, no UI."""

from __future__ import annotations

import argparse
import sys

from game.commands.common import load_from_args, scenario_or_error
from game.engine import RuleError, choose, new_game, tr


def parse_choices(text: str | None) -> list[int] | None:
    """``"1,2,1"`` -> ``[0, 1, 0]``; None after printing an error."""
    if not text:
        return []
    try:
        values = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        print(f"multivector: --choices takes numbers separated by commas, like 1,2,1 (got {text!r})", file=sys.stderr)
        return None
    return [value - 1 for value in values]


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return 2
    choices = parse_choices(args.choices)
    if choices is None:
        return 2
    state = new_game(content, scenario_id, args.seed if args.seed is not None else 0)
    for number, choice in enumerate(choices, start=1):
        if state.over:
            print(f"multivector: the game ended after {number - 1} choice(s); the rest were not played",
                  file=sys.stderr)
            break
        count = len(content.cards[state.card].choices)
        if not 0 <= choice < count:
            print(f"multivector: choice {number} is {choice + 1}, but card '{state.card}' has choices 1-{count}",
                  file=sys.stderr)
            return 2
        try:
            state, _ = choose(content, state, choice)
        except RuleError as error:  # pragma: no cover - checked above
            print(f"multivector: {error}", file=sys.stderr)
            return 2
    if args.save:
        from game.commands.savecmd import save_headless

        code = save_headless(args, content, state)
        if code:
            return code
    meters = ", ".join(f"{m.id}={state.meters[m.id]}" for m in content.meters)
    if state.over:
        print(f"turn {len(state.decisions)}: ended: {state.ending} ({tr(content.endings[state.ending].title)}); {meters}")
    else:
        print(f"turn {state.turn}: card {state.card}; {meters}")
    return 0
