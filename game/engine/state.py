"""The game state: one immutable snapshot per turn.

A :class:`GameState` is never changed in place; every rule returns a new one. The UI
keeps a list of them for undo, the saves module writes one to disk, and the simulator
throws them away. The random generator's state is a field, so a seed plus the list of
choices reproduces a game exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

_Record = TypeVar("_Record")


@dataclass(frozen=True)
class PendingFollowUp:
    """A card promised for turn ``due`` by a choice made on card ``source``;
    ``same_quarter``: dealt right after that choice, in its quarter, or not at all."""

    card: str
    due: int
    source: str
    same_quarter: bool = False


@dataclass(frozen=True)
class ActiveLingering:
    """A lingering effect under way: ``elapsed`` of ``turns`` ticks already applied."""

    meter: str
    amount: int
    turns: int
    elapsed: int
    source: str

    def next_tick(self) -> int:
        """The change the next tick applies (linear fade to nothing)."""
        remaining = self.turns - self.elapsed
        return round_half_away(self.amount * remaining / self.turns)


@dataclass(frozen=True)
class Decision:
    """One turn as played: the card dealt, the choice taken and how the card came."""

    turn: int
    date: int
    card: str
    choice: int
    followup: bool = False
    injected: bool = False


@dataclass(frozen=True)
class GameState:
    """Everything about a game in progress.

    ``turn`` counts from 1 and is the turn whose card is on the table (``card``); a
    same-quarter follow-up is dealt on the turn of the choice that brought it, so several
    decisions may share a turn. ``history`` holds the meters at the start and after every
    decision, so ``len(history) == len(decisions) + 1``. ``ending`` is set once the game
    is over; then ``card`` is ``None``. ``counters`` holds the content's counters, those
    at 0 left out.
    """

    scenario: str
    seed: int
    turn: int
    date: int
    meters: Mapping[str, int]
    flags: frozenset[str]
    situations: tuple[str, ...]
    pending: tuple[PendingFollowUp, ...]
    lingering: tuple[ActiveLingering, ...]
    last_dealt: Mapping[str, int]
    card: str | None
    card_is_followup: bool
    card_is_injected: bool
    rng: int
    decisions: tuple[Decision, ...]
    history: tuple[Mapping[str, int], ...]
    ending: str | None = None
    decisive_card: str | None = None
    score: int | None = None
    grade: str | None = None
    counters: Mapping[str, int] = field(default_factory=dict)

    @property
    def over(self) -> bool:
        return self.ending is not None

    @property
    def choices_made(self) -> tuple[int, ...]:
        """The choice indexes (0-based) taken so far, in order."""
        return tuple(decision.choice for decision in self.decisions)


def evolve(state: _Record, **changes: object) -> _Record:
    """``dataclasses.replace(state, **changes)``, several times faster.

    ``replace`` rebuilds the object through ``__init__``, which a frozen dataclass runs
    field by field through ``object.__setattr__``; the rules make a new state several
    times a turn, and that was their largest cost. The records of this module are plain
    data with no ``__post_init__``, so copying the fields and overriding some gives the
    same object.
    """
    new = object.__new__(type(state))
    fields = new.__dict__
    fields.update(state.__dict__)
    fields.update(changes)
    return new


def build(cls: type[_Record], **fields: object) -> _Record:
    """``cls(**fields)`` for a frozen dataclass of plain data, without ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
    for the records made every turn (a :class:`Decision`, the turn report) that costs
    more than the rest of their work. Every field must be given.
    """
    new = object.__new__(cls)
    new.__dict__.update(fields)
    return new


def round_half_away(value: float) -> int:
    """Round to the nearest int, halves away from zero (Python's round() is banker's)."""
    if value >= 0:
        return int(value + 0.5)
    return -int(-value + 0.5)
