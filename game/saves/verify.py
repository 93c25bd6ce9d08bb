"""Re-run a save's seed, choices and injects, and find where it parts from the save.

The engine is deterministic, so a save's record (scenario, seed, choices, injects)
rebuilds the whole game. If the rebuilt state differs from the one in the file, either
the file was edited (a cheat, a bad hand fix) or the content changed; either way the
first turn where the two games part is the useful thing to report.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from game.engine import Content, GameState, ReplayError
from game.engine import replay_states as engine_replay_states
from game.saves.format import Record


@dataclass(frozen=True)
class Divergence:
    """Where a replay parts from a save: the turn, and what differs (one line)."""

    turn: int
    message: str

    def __str__(self) -> str:
        return f"turn {self.turn}: {self.message}"


class ReplayFailed(Exception):
    """The record cannot be replayed with this content at all."""

    def __init__(self, divergence: Divergence) -> None:
        self.divergence = divergence
        super().__init__(str(divergence))


def replay(content: Content, record: Record) -> GameState:
    """The state that ``record`` leads to. Raises :class:`ReplayFailed`."""
    for state in replay_states(content, record):
        pass
    return state


def replay_states(content: Content, record: Record):
    """The engine's :func:`~game.engine.replay_states` of the record's scenario, seed,
    choices and injects; :class:`ReplayFailed` when the content cannot play it."""
    try:
        yield from engine_replay_states(content, record.scenario, record.seed, record.choices, record.injects)
    except ReplayError as error:
        raise ReplayFailed(Divergence(error.turn, str(error))) from None


def first_divergence(content: Content, record: Record, saved: GameState) -> Divergence | None:
    """Replay ``record`` and compare with ``saved`` turn by turn; None if they agree."""
    try:
        return _compare(content, record, saved)
    except ReplayFailed as failure:
        return failure.divergence


def _compare(content: Content, record: Record, saved: GameState) -> Divergence | None:
    states = replay_states(content, record)
    state = next(states)
    for index, choice in enumerate(record.choices):
        turn = index + 1
        state = next(states)  # the turn's injects applied: its card is on the table
        if index >= len(saved.decisions):
            return Divergence(turn, f"the save lists {len(record.choices)} choices but its state has only "
                                    f"{len(saved.decisions)} decisions")
        decision = saved.decisions[index]
        if state.card != decision.card:
            return Divergence(turn, f"the replay deals card {state.card!r}, the save has {decision.card!r}")
        state = next(states)
        replayed = state.decisions[index]
        if replayed != decision:
            return Divergence(turn, f"the decision differs: replay {_decision(replayed)}, "
                                    f"save {_decision(decision)}")
        if index + 1 < len(saved.history) and dict(state.history[index + 1]) != dict(saved.history[index + 1]):
            return Divergence(turn, "meters after the turn differ: "
                                    + _meter_diff(state.history[index + 1], saved.history[index + 1]))
    for state in states:
        pass
    turn = saved.turn
    if len(saved.decisions) > len(record.choices):
        return Divergence(len(record.choices) + 1, f"the save's state has {len(saved.decisions)} decisions "
                                                   f"but lists only {len(record.choices)} choices")
    if state == saved:
        return None
    for field in fields(GameState):
        mine, theirs = getattr(state, field.name), getattr(saved, field.name)
        if field.name in ("meters",) and dict(mine) != dict(theirs):
            return Divergence(turn, "the meters differ: " + _meter_diff(mine, theirs))
        if mine != theirs:
            return Divergence(turn, f"{field.name} differs: replay {_short(mine)}, save {_short(theirs)}")
    return None  # pragma: no cover - equal fields mean equal states


def _decision(decision) -> str:
    extra = " (follow-up)" if decision.followup else " (injected)" if decision.injected else ""
    return f"card {decision.card!r} choice {decision.choice + 1}{extra}"


def _meter_diff(replayed, saved) -> str:
    parts = []
    for meter in list(replayed) + [m for m in saved if m not in replayed]:
        a, b = replayed.get(meter), saved.get(meter)
        if a != b:
            parts.append(f"{meter} {b} in the save, {a} replayed")
    return ", ".join(parts)


def _short(value) -> str:
    if isinstance(value, frozenset):
        value = sorted(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
