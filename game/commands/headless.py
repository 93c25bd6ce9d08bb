"""``multivector play --headless --seed N --choices 1,2,...``: play a script, no UI.

With ``--load SLOT`` the script continues that saved game from its turn (and ``--save``
to the same name then holds the continued game). ``--trace`` prints one JSON object a
turn: the card, each choice's forecast (every meter's net move, by the engine) and what
the turn actually moved, so anyone can check that the forecast is exact.
"""

from __future__ import annotations

import argparse
import json
import sys

from game.base.i18n import _
from game.commands.common import session_from_args
from game.engine import RuleError, tr
from game.engine.rules import final_ending


def parse_choices(text: str | None) -> list[int] | None:
    """``"1,2,1"`` -> ``[0, 1, 0]``; None after printing an error."""
    if not text:
        return []
    try:
        values = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        print(_("multivector: --choices takes numbers separated by commas, like 1,2,1 (got {text})").format(
            text=repr(text)), file=sys.stderr)
        return None
    return [value - 1 for value in values]


def run(args: argparse.Namespace) -> int:
    choices = parse_choices(args.choices)
    if choices is None:
        return 2
    meta = {"source": "headless"}
    if getattr(args, "hints", None):
        meta["hints"] = args.hints
    if getattr(args, "save", None):
        from game.saves.errors import SaveError
        from game.saves.paths import check_slot

        try:
            check_slot(args.save)  # before any play, for a name that cannot be used
        except SaveError as error:
            print(_("multivector: cannot save: {error}").format(error=error), file=sys.stderr)
            return 2
    session, code = session_from_args(args, meta)
    if session is None:
        return code
    content = session.content
    trace = getattr(args, "trace", False)
    for number, choice in enumerate(choices, start=1):
        if session.state.over:
            print(_("multivector: the game ended after {count} choice(s); the rest were not played").format(
                count=number - 1), file=sys.stderr)
            break
        card = session.card
        if not 0 <= choice < len(card.choices):
            print(_("multivector: choice {number} is {choice}, but card '{card}' has choices 1-{count}").format(
                number=number, choice=choice + 1, card=card.id, count=len(card.choices)), file=sys.stderr)
            return 2
        told = session.forecasts() if trace else ()
        turn = session.state.turn
        try:
            report = session.choose(choice)
        except RuleError as error:  # pragma: no cover - checked above
            print(f"multivector: {error}", file=sys.stderr)
            return 2
        if trace:
            print(json.dumps({
                "turn": turn,
                "card": report.card,
                "choice": choice + 1,
                "forecast": [dict(f.changes) for f in told],
                "moved": dict(report.changes),
                "ending": report.ending,
                "next_card": report.next_card,
            }, sort_keys=True))
    if getattr(args, "save", None):
        from game.saves.errors import SaveError

        try:
            path = session.save(args.save)
        except SaveError as error:
            print(_("multivector: cannot save: {error}").format(error=error), file=sys.stderr)
            return 2
        print(_("saved to {path}").format(path=path))
    state = session.state
    meters = ", ".join(f"{m.id}={state.meters[m.id]}" for m in content.meters)
    if state.over:
        print(f"turn {len(state.decisions)}: ended: {state.ending} ({tr(final_ending(content, state).title, getattr(args, 'lang', 'en'))}); {meters}")
    else:
        print(f"turn {state.turn}: card {state.card}; {meters}")
    return 0
