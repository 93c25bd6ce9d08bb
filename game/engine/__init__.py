"""The rules of Multi-Vector: pure, deterministic Python with no I/O.

Nothing here imports textual, rich, yaml or any other layer of the game; a test checks
it. Content comes in as :class:`Content` (built by :mod:`game.loading` or by hand), and
the game advances by pure functions over immutable :class:`GameState` snapshots::

    state = new_game(content, seed=7)
    state, report = choose(content, state, 0)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.dates import describe_date, format_date, make_date, parse_date
    from game.engine.model import (
        ALWAYS,
        DOMESTIC,
        LOSS,
        METER_MAX,
        METER_MIN,
        VECTOR,
        VICTORY,
        Card,
        CastMember,
        Choice,
        Condition,
        Content,
        Ending,
        FollowUp,
        GlossaryEntry,
        Goal,
        Grade,
        History,
        Lingering,
        Meter,
        Role,
        Scenario,
        Situation,
        Threshold,
        WeightModifier,
    )
    from game.engine.rules import (
        RuleError,
        TurnReport,
        balance_score,
        choose,
        condition_holds,
        draw_probabilities,
        effect_with_rivalry,
        eligible_cards,
        inject,
        new_game,
        play,
        preview,
        scenario_deck,
        window_cards,
    )
    from game.engine.state import ActiveLingering, Decision, GameState, PendingFollowUp
    from game.engine.text import Text, tr

# Each name is imported from its module on first use. The model's two dozen dataclasses
# take tens of milliseconds to create, and the start of the game (the title screen,
# where the installed mods live) needs only game.engine.text.
_WHERE = {
    "describe_date": "dates",
    "format_date": "dates",
    "make_date": "dates",
    "parse_date": "dates",
    "ALWAYS": "model",
    "DOMESTIC": "model",
    "LOSS": "model",
    "METER_MAX": "model",
    "METER_MIN": "model",
    "VECTOR": "model",
    "VICTORY": "model",
    "Card": "model",
    "CastMember": "model",
    "Choice": "model",
    "Condition": "model",
    "Content": "model",
    "Ending": "model",
    "FollowUp": "model",
    "GlossaryEntry": "model",
    "Goal": "model",
    "Grade": "model",
    "History": "model",
    "Lingering": "model",
    "Meter": "model",
    "Role": "model",
    "Scenario": "model",
    "Situation": "model",
    "Threshold": "model",
    "WeightModifier": "model",
    "RuleError": "rules",
    "TurnReport": "rules",
    "balance_score": "rules",
    "choose": "rules",
    "condition_holds": "rules",
    "draw_probabilities": "rules",
    "effect_with_rivalry": "rules",
    "eligible_cards": "rules",
    "inject": "rules",
    "new_game": "rules",
    "play": "rules",
    "preview": "rules",
    "scenario_deck": "rules",
    "window_cards": "rules",
    "ActiveLingering": "state",
    "Decision": "state",
    "GameState": "state",
    "PendingFollowUp": "state",
    "Text": "text",
    "tr": "text",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where == "dates":
        from game.engine import dates as module
    elif where == "model":
        from game.engine import model as module
    elif where == "rules":
        from game.engine import rules as module
    elif where == "state":
        from game.engine import state as module
    elif where == "text":
        from game.engine import text as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = sorted(_WHERE)
