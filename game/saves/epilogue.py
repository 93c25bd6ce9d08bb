"""How a finished term went: the decisions that shaped it, the meters that failed or
nearly did, and which kind of ending it was (a balanced win, a lucky survival, a drift
toward one power). Read by the ending screen and by the player's record.

Plain Python over the engine: no Textual, no files.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import (
    DANGER_MARGIN,
    METER_MAX,
    VICTORY,
    Content,
    Decision,
    GameState,
    ReplayError,
    RuleError,
    forecasts,
    rebuild,
)

BALANCED, LUCKY, DRIFT, LOSS = "balanced", "lucky", "drift", "loss"
KINDS = (BALANCED, LUCKY, DRIFT)

LUCKY_MARGIN = DANGER_MARGIN // 2
"""A won term whose worst moment left some meter this close (or closer) to an end was luck."""
DRIFT_MARGIN = DANGER_MARGIN + DANGER_MARGIN // 2
"""A vector that ends the term this close (or closer) to its high end: the country leaned
toward that power, even though it was not yet a client."""


@dataclass(frozen=True)
class Shaping:
    """A decision that shaped the term: ``parted`` is how far (in meter points, summed)
    the road taken parted from the nearest other road that quarter, by the forecast;
    ``moved`` how much the quarter moved the meters in all."""

    index: int
    decision: Decision
    parted: int
    moved: int
    changes: dict[str, int]


@dataclass(frozen=True)
class Brush:
    """A meter that failed or came within the danger margin of an end: its closest
    approach (``margin`` points from the end, ``value`` then) and when (``index`` into
    the state's history: 0 is the start, n after the n-th decision)."""

    meter: str
    margin: int
    value: int
    index: int
    failed: bool


@dataclass(frozen=True)
class Epilogue:
    kind: str  # BALANCED, LUCKY, DRIFT or LOSS
    shaping: tuple[Shaping, ...]
    brushes: tuple[Brush, ...]
    worst_margin: int
    drift_meter: str | None = None


def shaping_count(decisions: int) -> int:
    """How many decisions a recap names: 3 to 5, one for every four quarters played."""
    return min(decisions, max(3, min(5, decisions // 4)))


def shaping_decisions(content: Content, state: GameState) -> tuple[Shaping, ...]:
    """The 3-5 decisions where the road taken parted most from the others, in the
    order they were taken. A game the content cannot replay (an edited save, other
    content) is measured by what each quarter moved instead."""
    decisions = state.decisions
    if not decisions:
        return ()
    try:
        states = rebuild(content, state)
    except (ReplayError, RuleError, KeyError):
        states = None
    ranked = []
    for index, decision in enumerate(decisions):
        before, after = state.history[index], state.history[index + 1]
        changes = {m: after[m] - before.get(m, after[m]) for m in after if after[m] != before.get(m, after[m])}
        moved = sum(abs(v) for v in changes.values())
        parted = moved
        if states is not None:
            roads = forecasts(content, states[index])
            taken = roads[decision.choice].changes
            others = [road.changes for i, road in enumerate(roads) if i != decision.choice]
            if others:
                parted = min(_distance(taken, other) for other in others)
        ranked.append(Shaping(index, decision, parted, moved, changes))
    ranked.sort(key=lambda s: (-s.parted, -s.moved, s.index))
    chosen = ranked[:shaping_count(len(decisions))]
    return tuple(sorted(chosen, key=lambda s: s.index))


def _distance(one, other) -> int:
    return sum(abs(one.get(m, 0) - other.get(m, 0)) for m in set(one) | set(other))


def brushes(content: Content, state: GameState) -> tuple[Brush, ...]:
    """Every meter that failed, or came within the danger margin of an end, at its
    closest approach; the failed one first, then the closest calls."""
    found = []
    for meter in content.meters:
        closest = None
        for index, values in enumerate(state.history):
            if meter.id not in values:
                continue
            margin = meter.margin(values[meter.id])
            if closest is None or margin < closest[0]:
                closest = (margin, values[meter.id], index)
        if closest is None:
            continue
        # The fatal end the game names, or another end reached the same quarter.
        failed = meter.ending_meter(state.ending) or closest[0] == 0
        if failed or closest[0] <= DANGER_MARGIN:
            found.append(Brush(meter.id, closest[0], closest[1], closest[2], failed))
    found.sort(key=lambda b: (not b.failed, b.margin, b.index))
    return tuple(found)


def worst_margin(content: Content, state: GameState) -> int:
    """The least margin any meter had from a fatal end at any point of the game."""
    return min((meter.margin(values[meter.id]) for values in state.history for meter in content.meters
                if meter.id in values), default=50)


def drift_meter(content: Content, state: GameState) -> str | None:
    """The vector the term ended leaning toward (within :data:`DRIFT_MARGIN` of its
    high end, the highest if several), or None."""
    final = state.history[-1] if state.history else state.meters
    best = None
    for meter in content.meters:
        if meter.high_ending is None or not meter.is_vector or meter.id not in final:
            continue
        if METER_MAX - final[meter.id] <= DRIFT_MARGIN and (best is None or final[meter.id] > final[best]):
            best = meter.id
    return best


def epilogue(content: Content, state: GameState) -> Epilogue:
    """How the finished game ``state`` went."""
    worst = worst_margin(content, state)
    drift = drift_meter(content, state)
    ending = content.endings.get(state.ending) if state.ending else None
    if ending is None or ending.kind != VICTORY:
        kind = LOSS
    elif drift is not None:
        kind = DRIFT
    elif worst <= LUCKY_MARGIN:
        kind = LUCKY
    else:
        kind = BALANCED
    return Epilogue(kind, shaping_decisions(content, state), brushes(content, state), worst,
                    drift if kind == DRIFT else None)
