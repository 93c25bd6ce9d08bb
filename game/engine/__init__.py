"""The rules of Multi-Vector: pure, deterministic Python with no I/O.

Nothing here imports textual, rich, yaml or any other layer of the game; a test checks
it. Content comes in as :class:`Content` (built by :mod:`game.loading` or by hand), and
the game advances by pure functions over immutable :class:`GameState` snapshots::

    state = new_game(content, seed=7)
    forecast(content, state, 0).changes   # exactly what choice 1 will move
    state, report = choose(content, state, 0)

Every rule lives here once, and every shell asks: the turn (:func:`choose`), the
:func:`forecast` of a choice, fatal ends and margins (:class:`Meter`), the card on the
table (:func:`current_card`), replay of a record (:func:`replay_states`,
:func:`rebuild`), what decided a lost game (:func:`decisive_decision`) and whether a
state fits its content (:func:`state_problem`).
"""

from __future__ import annotations

from game.engine.dates import describe_date, format_date, make_date, parse_date
from game.engine.invariants import state_problem
from game.engine.model import (
    ALWAYS,
    DANGER_MARGIN,
    DOMESTIC,
    LOSS,
    METER_MAX,
    METER_MIN,
    VECTOR,
    VICTORY,
    Achievement,
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
    Decisive,
    Forecast,
    ReplayError,
    RuleError,
    TurnReport,
    balance_score,
    choose,
    condition_holds,
    current_card,
    decisive_decision,
    draw_probabilities,
    effect_with_rivalry,
    eligible_cards,
    followup_in_date,
    forecast,
    forecasts,
    inject,
    injects_of,
    new_game,
    play,
    quarter_step,
    rebuild,
    replay_states,
    scenario_deck,
    window_cards,
)
from game.engine.state import ActiveLingering, Decision, GameState, PendingFollowUp
from game.engine.text import Text, tr

__all__ = [
    "ALWAYS", "DANGER_MARGIN", "DOMESTIC", "LOSS", "METER_MAX", "METER_MIN", "VECTOR", "VICTORY",
    "Achievement", "ActiveLingering", "Card", "CastMember", "Choice", "Condition", "Content", "Decision", "Decisive",
    "Ending", "FollowUp", "Forecast", "GameState", "GlossaryEntry", "Goal", "Grade", "History", "Lingering",
    "Meter", "PendingFollowUp", "ReplayError", "Role", "RuleError", "Scenario", "Situation", "Text",
    "Threshold", "TurnReport", "WeightModifier",
    "balance_score", "choose", "condition_holds", "current_card", "decisive_decision", "describe_date",
    "draw_probabilities", "effect_with_rivalry", "eligible_cards", "followup_in_date", "forecast", "forecasts", "format_date",
    "inject", "injects_of", "make_date", "new_game", "parse_date", "play", "quarter_step", "rebuild", "replay_states",
    "scenario_deck", "state_problem", "tr", "window_cards",
]
