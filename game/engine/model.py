"""The content model: meters, cards, scenarios and the rest, as plain frozen dataclasses.

These objects are built by :mod:`game.loading` from YAML (or by hand in tests) and are
never changed by the engine. A :class:`Content` bundles one complete, consistent set:
every reference in it points at something that exists (the loader checks that).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from game.engine.text import Text

_Derived = TypeVar("_Derived")

METER_MIN = 0
METER_MAX = 100
DANGER_MARGIN = 20
"""Points from a fatal end at which a meter is in danger: one bad quarter away."""

VECTOR = "vector"
DOMESTIC = "domestic"

LOSS = "loss"
VICTORY = "victory"


@dataclass(frozen=True)
class Meter:
    """A 0-100 gauge. A *vector* (a foreign power) is fatal at both ends; a *domestic*
    meter is fatal at 0, and at 100 only where ``high_ending`` is given."""

    id: str
    name: Text
    kind: str
    start: int
    low_ending: str
    high_ending: str | None = None
    description: Text = ""

    @property
    def is_vector(self) -> bool:
        return self.kind == VECTOR

    @property
    def fatal_high(self) -> bool:
        """Whether reaching 100 ends the game (always for a vector)."""
        return self.high_ending is not None

    def fatal_end(self, value: int) -> str | None:
        """The ending that ``value`` brings about, or None while the meter is safe."""
        if value <= METER_MIN:
            return self.low_ending
        if value >= METER_MAX and self.high_ending is not None:
            return self.high_ending
        return None

    def margin(self, value: int) -> int:
        """How far ``value`` is from this meter's nearest fatal end, capped at 50."""
        margin = value - METER_MIN
        if self.high_ending is not None and METER_MAX - value < margin:
            margin = METER_MAX - value
        return margin if margin < 50 else 50

    def in_danger(self, value: int) -> bool:
        """Within :data:`DANGER_MARGIN` of a fatal end."""
        return self.margin(value) <= DANGER_MARGIN

    def ending_meter(self, ending_id: str | None) -> bool:
        """Whether ``ending_id`` is one of this meter's fatal ends."""
        return ending_id == self.low_ending or (ending_id is not None and ending_id == self.high_ending)


@dataclass(frozen=True)
class Threshold:
    """``meter`` below or above a value (exactly one of ``below``/``above`` is set)."""

    meter: str
    below: int | None = None
    above: int | None = None


@dataclass(frozen=True)
class Situation:
    """An ongoing state of affairs that starts and stops on meter thresholds."""

    id: str
    name: Text
    starts: Threshold
    ends: Threshold
    per_turn: Mapping[str, int] = field(default_factory=dict)
    description: Text = ""


@dataclass(frozen=True)
class Ending:
    id: str
    kind: str
    title: Text
    text: Text = ""
    # Closing words by how a won term went: "balanced", "lucky", "drift" -> text.
    epilogues: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    """A grade for surviving the term, reached at ``min_score`` balance points."""

    id: str
    min_score: int
    title: Text
    text: Text = ""


@dataclass(frozen=True)
class Condition:
    """When a card may be dealt. Every part is optional; all given parts must hold.

    ``meters`` and ``counters`` hold ``(name, low, high)`` inclusive ranges (a counter
    not in the state is 0); ``turns`` and ``dates`` are inclusive ``(first, last)``
    windows (turn numbers from 1; date indexes). ``any_of`` holds when one of its
    conditions does (none given: no test). ``chance`` holds with that probability, rolled
    once per turn from the game's seed and ``chance_key`` (which the loader sets per
    condition), without drawing from the random stream.
    """

    meters: tuple[tuple[str, int, int], ...] = ()
    flags: frozenset[str] = frozenset()
    not_flags: frozenset[str] = frozenset()
    situations: frozenset[str] = frozenset()
    not_situations: frozenset[str] = frozenset()
    turns: tuple[int, int] | None = None
    dates: tuple[int, int] | None = None
    scenarios: frozenset[str] | None = None
    counters: tuple[tuple[str, int, int], ...] = ()
    any_of: tuple[Condition, ...] = ()
    chance: float | None = None
    chance_key: int = 0

    @property
    def is_empty(self) -> bool:
        return self == ALWAYS

    @property
    def reads_meters(self) -> bool:
        """Whether the meters can change whether this holds (here or in an ``any_of``)."""
        return bool(self.meters) or any(part.reads_meters for part in self.any_of)


ALWAYS = Condition()


@dataclass(frozen=True)
class WeightModifier:
    """Multiply a card's weight by ``multiply`` while ``when`` holds."""

    when: Condition
    multiply: float


@dataclass(frozen=True)
class FollowUp:
    """Deal ``card`` ``delay`` turns after the choice that scheduled it; a delay of 0
    deals it right after the choice, in the same quarter."""

    card: str
    delay: int


@dataclass(frozen=True)
class Lingering:
    """A per-turn change that fades linearly: ``amount`` at first, nothing after ``turns``.

    With ``amount=-3, turns=3`` the meter moves -3, -2, -1 over the next three turns.
    """

    meter: str
    amount: int
    turns: int


@dataclass(frozen=True)
class Choice:
    label: Text
    effects: tuple[tuple[str, int], ...] = ()
    set_flags: tuple[str, ...] = ()
    clear_flags: tuple[str, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    lingering: tuple[Lingering, ...] = ()
    outcome: Text = ""
    add_counters: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class History:
    """What really happened, for the debrief: a note, a source, a question."""

    note: Text = ""
    source: Text = ""
    question: Text = ""


@dataclass(frozen=True)
class Card:
    id: str
    title: Text
    speaker: str
    text: Text
    choices: tuple[Choice, ...]
    tags: tuple[str, ...] = ()
    when: Condition = ALWAYS
    weight: float = 10.0
    weight_if: tuple[WeightModifier, ...] = ()
    once: bool = False
    cooldown: int = 4
    followup_only: bool = False
    fallback: bool = False
    history: History = History()


@dataclass(frozen=True)
class SetAside:
    """A scenario's deck structure: each game leaves ``share`` (0..1) of the *open* cards
    out of its draw, the same share of each theme (a card's first tag), chosen by the
    game's seed, so no two terms deal from the same deck.

    Open cards are those a game can do without: not an *event* (a ``dates`` window that
    meets the term for at most ``event_quarters`` quarters: history happens every game),
    not the target of a follow-up, and not a *consequence* (a card that needs a flag the
    term does not start with: an earlier choice's echo). ``rules.set_aside_cards`` says
    which.
    """

    share: float
    event_quarters: int = 8


@dataclass(frozen=True)
class Scenario:
    """Where a term starts: its date (a date index), length, start meters, flags, deck.

    ``opening`` is a card dealt as the first card of the term, before any draw (the
    random generator is not touched for it). ``rivalry``, where given, is the term's own
    rivalry matrix and replaces the content's (an era's geometry of power).
    ``start_spread`` moves each meter it names by up to that many points either way at
    the start, fixed by the game's seed (``rules.start_meters``): no two deals of a term
    open in quite the same state. ``set_aside`` leaves a share of the deck out of each
    game (:class:`SetAside`).
    """

    id: str
    name: Text
    start: int
    turns: int
    meters: Mapping[str, int] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    focus: Mapping[str, float] = field(default_factory=dict)
    exclude_tags: frozenset[str] = frozenset()
    default: bool = False
    description: Text = ""
    opening: str | None = None
    rivalry: Mapping[str, Mapping[str, float]] | None = None
    start_spread: Mapping[str, int] = field(default_factory=dict)
    set_aside: SetAside | None = None
    # The scenario's own balance targets: target name -> (low, high) shares, 0..1. Read
    # by the simulator's checks (game.sim.targets), never by the rules.
    balance: Mapping[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Greeting:
    """A line a speaker opens with while ``when`` holds (the meters, flags set by earlier
    choices...): the cast remembers."""

    text: Text
    when: Condition = ALWAYS


@dataclass(frozen=True)
class CastMember:
    """Who brings a card. ``person`` is a fictional name and ``portrait`` one line on
    them (shown at the first meeting of a game); ``greetings`` in order of preference."""

    id: str
    name: Text
    role: Text = ""
    voice: Text = ""
    person: Text = ""
    portrait: Text = ""
    greetings: tuple[Greeting, ...] = ()


@dataclass(frozen=True)
class Achievement:
    """A feat the player's record notes when a finished game meets every part given:
    ``won`` (the term survived), ``scenario``, ``min_score`` (the balance), ``never_in_danger``
    (no meter ever within :data:`DANGER_MARGIN` of a fatal end), ``ironman``, ``daily`` (how
    the game was played), and ``when``, a condition on the game's final state. Read by the
    record (game.saves.record), never by the rules."""

    id: str
    title: Text
    text: Text = ""
    won: bool = True
    scenario: str | None = None
    min_score: int | None = None
    never_in_danger: bool = False
    ironman: bool = False
    daily: bool = False
    when: Condition = ALWAYS


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    text: Text
    full: Text = ""


@dataclass(frozen=True)
class Goal:
    """A classroom role's private goal: every listed meter within its range at the end."""

    text: Text
    meters: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    name: Text
    brief: Text = ""
    goals: tuple[Goal, ...] = ()
    envoy_of: str | None = None


@dataclass(frozen=True)
class Content:
    """One complete, consistent set of game content.

    ``rivalry[a][b]`` is the share of a gain with ``a`` that is lost with ``b`` (the
    default; a scenario may bring its own, see :meth:`rivalry_of`).
    ``cards`` keeps load order, which the draw relies on for determinism.
    """

    meters: tuple[Meter, ...]
    endings: Mapping[str, Ending]
    scenarios: Mapping[str, Scenario]
    cards: Mapping[str, Card]
    rivalry: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    situations: tuple[Situation, ...] = ()
    grades: tuple[Grade, ...] = ()
    cast: Mapping[str, CastMember] = field(default_factory=dict)
    glossary: tuple[GlossaryEntry, ...] = ()
    roles: tuple[Role, ...] = ()
    achievements: tuple[Achievement, ...] = ()
    # Indexes derived from the content (decks, draw tables, the bots' models), filled
    # lazily by whoever needs them; not content. Not an argument of __init__, so every
    # Content, including each dataclasses.replace() copy, starts with a cache of its own:
    # a copy with other cards never sees the decks of the original. Left out of pickles
    # and copies for the same reason.
    _derived: dict[object, Any] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_derived"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__["_derived"] = {}

    def derived(self, key: object, make: Callable[[], _Derived]) -> _Derived:
        """A value derived from this content (an index, a bot's tables), made once by
        ``make()`` and kept with the content; ``key`` names it (start it with the layer's
        name: ``("game.sim", "model")``)."""
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = make()
        return cast(_Derived, found)

    def meter(self, meter_id: str) -> Meter:
        for meter in self.meters:
            if meter.id == meter_id:
                return meter
        raise KeyError(meter_id)

    def rivalry_of(self, scenario_id: str | None) -> Mapping[str, Mapping[str, float]]:
        """The rivalry a game of ``scenario_id`` is played with: the scenario's own
        matrix if it gives one, else the content's (also for ``None``)."""
        scenario = self.scenarios.get(scenario_id) if scenario_id is not None else None
        if scenario is not None and scenario.rivalry is not None:
            return scenario.rivalry
        return self.rivalry

    @property
    def meter_ids(self) -> tuple[str, ...]:
        return tuple(meter.id for meter in self.meters)

    @property
    def default_scenario(self) -> Scenario:
        for scenario in self.scenarios.values():
            if scenario.default:
                return scenario
        return next(iter(self.scenarios.values()))

    @property
    def victory(self) -> Ending:
        for ending in self.endings.values():
            if ending.kind == VICTORY:
                return ending
        raise LookupError("content has no victory ending")

    def fatal_ending(self, meters: Mapping[str, int]) -> str | None:
        """The ending the first meter at a fatal end brings about (meters in content order:
        when two reach an end in one turn, the one defined first decides), or None."""
        # Every turn asks: each meter's Meter.fatal_end, tabled once by value (the rule
        # stays Meter's), is one lookup; a value off the table asks the meter itself.
        for meter, by_value in self.derived(("game.engine", "fatal ends"), self._fatal_ends):
            value = meters[meter.id]
            ending = by_value[value - METER_MIN] if METER_MIN <= value <= METER_MAX else meter.fatal_end(value)
            if ending is not None:
                return ending
        return None

    def _fatal_ends(self) -> tuple[tuple[Meter, tuple[str | None, ...]], ...]:
        return tuple((meter, tuple(meter.fatal_end(v) for v in range(METER_MIN, METER_MAX + 1)))
                     for meter in self.meters)

    def meter_of_ending(self, ending_id: str | None) -> Meter | None:
        """The meter whose fatal end ``ending_id`` is, or None (a victory, an unknown id)."""
        if ending_id is None:
            return None
        for meter in self.meters:
            if meter.ending_meter(ending_id):
                return meter
        return None

    def grade_for(self, score: int) -> Grade | None:
        """The highest grade whose ``min_score`` the score reaches."""
        best = None
        for grade in self.grades:
            if score >= grade.min_score and (best is None or grade.min_score > best.min_score):
                best = grade
        return best
