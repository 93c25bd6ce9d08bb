"""The rules of Multi-Vector: pure, deterministic Python with no I/O.

Nothing here imports textual, rich, yaml or any other layer of the game; a test checks
it. Content comes in as :class:`Content` (built by :mod:`game.loading` or by hand), and
the game advances by pure functions over immutable :class:`GameState` snapshots::

    state = new_game(content, seed=7)
    state, report = choose(content, state, 0)
"""

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
)
from game.engine.state import ActiveLingering, Decision, GameState, PendingFollowUp
from game.engine.text import Text, tr

__all__ = [name for name in dir() if not name.startswith("_")]
