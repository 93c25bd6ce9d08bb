"""Simple, human-style policies: the rules of thumb a player might settle on.

The bots of :mod:`game.sim.strategies` weigh every meter at once; a player at the table
more often follows a rule: "keep Moscow happy first, then the economy", "always fix the
lowest meter", "never the answer that costs the public anything", "on a security card,
the first answer", "when the economy is below 30, the economy first". These are those
rules, as small composable values, so that Hypothesis can generate them and shrink a
winning one down to the simplest rule that still wins (tests/test_exploits.py).

Each rule sees what the game shows a player with exact hints: the card (and its tags),
the meters, and each answer's immediate effect with rivalry (the same view as the bots).
A rule picks among ``candidates`` (indexes of answers still allowed), so a filter such
as :class:`Avoid` can wrap any other rule. Ties go to the first answer, always.

:func:`survivals` plays a rule on the simulation kernel over the same seeds as the
simulator (game ``i`` of seed ``s`` deals from ``derive_seed(s, i)``), so a rule and a
bot are compared game for game.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.engine import Content, rng
from game.engine.model import VICTORY
from game.sim.kernel import Kernel, KState


class View:
    """What a rule looks at on one turn: meters, the card's tags, each answer's effect."""

    __slots__ = ("index", "meters", "margins", "tags", "deltas")

    def __init__(self, index: dict[str, int], meters: list[int], margins: list[int], tags: tuple[str, ...],
                 deltas: tuple[tuple[int, ...], ...]) -> None:
        self.index = index  # meter id -> position in ``meters`` and in each delta
        self.meters = meters
        self.margins = margins  # each meter's distance from its nearest fatal end
        self.tags = tags
        self.deltas = deltas  # per answer, the change of every meter (rivalry included)


class Rule:
    """A rule of thumb: ``pick(view, candidates)`` returns one of ``candidates``."""

    def pick(self, view: View, candidates: list[int]) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe()


def _best(candidates: list[int], key) -> int:
    """The candidate with the greatest key; the first one on ties."""
    best, best_key = candidates[0], key(candidates[0])
    for n in candidates[1:]:
        k = key(n)
        if k > best_key:
            best, best_key = n, k
    return best


@dataclass(frozen=True)
class Fixed(Rule):
    """Always answer ``n`` (0-based; the last answer on cards with fewer)."""

    n: int

    def pick(self, view: View, candidates: list[int]) -> int:
        n = min(self.n, len(view.deltas) - 1)
        return n if n in candidates else candidates[0]

    def describe(self) -> str:
        return f"always answer {self.n + 1}"


@dataclass(frozen=True)
class Prefer(Rule):
    """The answer best for the first meter of ``order``; the next meter breaks ties."""

    order: tuple[str, ...]

    def pick(self, view: View, candidates: list[int]) -> int:
        positions = [view.index[m] for m in self.order]
        return _best(candidates, lambda n: tuple(view.deltas[n][i] for i in positions))

    def describe(self) -> str:
        return "the answer best for " + ", then ".join(self.order)


@dataclass(frozen=True)
class RaiseLowest(Rule):
    """The answer that does most for the meter in most danger.

    ``margin=False`` reads "lowest" literally (the smallest value, as a player glancing
    at the bars would); ``margin=True`` takes the meter nearest either fatal end.
    """

    margin: bool = False

    def pick(self, view: View, candidates: list[int]) -> int:
        values = view.margins if self.margin else view.meters
        worst = min(range(len(values)), key=values.__getitem__)
        # Toward safety: down for a vector near its top, up otherwise.
        sign = -1 if self.margin and view.meters[worst] > 50 and view.margins[worst] < 50 else 1
        return _best(candidates, lambda n: (sign * view.deltas[n][worst], sum(view.deltas[n])))

    def describe(self) -> str:
        return "the answer that raises the meter nearest its fatal end" if self.margin else \
            "the answer that raises the lowest meter"


@dataclass(frozen=True)
class Avoid(Rule):
    """Never an answer that lowers ``meter`` (unless every answer does), then ``then``."""

    meter: str
    then: Rule

    def pick(self, view: View, candidates: list[int]) -> int:
        i = view.index[self.meter]
        kept = [n for n in candidates if view.deltas[n][i] >= 0]
        return self.then.pick(view, kept or candidates)

    def describe(self) -> str:
        return f"never an answer that costs {self.meter}; then {self.then.describe()}"


@dataclass(frozen=True)
class OnTag(Rule):
    """On a card tagged ``tag``, answer ``n``; on any other card, ``otherwise``."""

    tag: str
    n: int
    otherwise: Rule

    def pick(self, view: View, candidates: list[int]) -> int:
        if self.tag in view.tags:
            return Fixed(self.n).pick(view, candidates)
        return self.otherwise.pick(view, candidates)

    def describe(self) -> str:
        return f"on a {self.tag} card answer {self.n + 1}, else {self.otherwise.describe()}"


@dataclass(frozen=True)
class _Watch(Rule):
    """While ``meter`` is past ``level`` (below it for :class:`Below`, above it for
    :class:`Above`), the answer that moves it back most; else ``otherwise``."""

    meter: str
    level: int
    otherwise: Rule
    sign: ClassVar[int]  # 1: watch for the meter falling below the level, -1: rising above
    words: ClassVar[tuple[str, str]]  # how describe() says "below" and the answer

    def pick(self, view: View, candidates: list[int]) -> int:
        i = view.index[self.meter]
        sign = self.sign
        if sign * (self.level - view.meters[i]) > 0:
            return _best(candidates, lambda n: sign * view.deltas[n][i])
        return self.otherwise.pick(view, candidates)

    def describe(self) -> str:
        where, answer = self.words
        return f"while {self.meter} is {where} {self.level} the answer {answer}, else {self.otherwise.describe()}"


@dataclass(frozen=True)
class Below(_Watch):
    """While ``meter`` is below ``level``, the answer best for it; else ``otherwise``."""

    sign = 1
    words = ("below", "best for it")


@dataclass(frozen=True)
class Above(_Watch):
    """While ``meter`` is above ``level``, the answer that lowers it most; else ``otherwise``."""

    sign = -1
    words = ("above", "that lowers it")


def leading_vector(rule: Rule, vectors: set[str]) -> str | None:
    """The power a rule leans on: the first meter of a :class:`Prefer` that is a vector."""
    if isinstance(rule, Prefer) and rule.order and rule.order[0] in vectors:
        return rule.order[0]
    return None


# --- playing a rule on the kernel ---------------------------------------------------


def _tables(content: Content) -> tuple[dict, dict]:
    """Per card: each answer's full delta vector, and the card's tags (made once)."""

    def make():
        kernel = Kernel(content)
        n = len(kernel.meter_ids)
        deltas, tags = {}, {}
        for card_id, kcard in kernel.compiled.by_id.items():
            rows = []
            for choice in kcard.choices:
                row = [0] * n
                for i, change in choice.effects:
                    row[i] = change
                rows.append(tuple(row))
            deltas[card_id] = tuple(rows)
            tags[card_id] = content.cards[card_id].tags
        return deltas, tags

    return content.derived(("game.sim", "policy_tables"), make)


def kernel_policy(content: Content, rule: Rule):
    """``rule`` as a kernel policy ``(kernel, ks, bot_rng) -> (choice, bot_rng)``."""
    deltas, tags = _tables(content)
    kernel = Kernel(content)
    index = dict(kernel.compiled.meter_index)
    margin = kernel.compiled.margin

    def policy(kernel: Kernel, ks: KState, bot_rng: int) -> tuple[int, int]:
        meters = ks.meters
        rows = deltas[ks.card]
        view = View(index, meters, [margin[i][v] for i, v in enumerate(meters)], tags[ks.card], rows)
        return rule.pick(view, list(range(len(rows)))), bot_rng

    return policy


def survivals(content: Content, scenario_id: str, rule: Rule, games: int, seed: int) -> int:
    """How many of ``games`` games (the simulator's seeds) ``rule`` survives."""
    kernel = Kernel(content)
    policy = kernel_policy(content, rule)
    victory = {e.id for e in content.endings.values() if e.kind == VICTORY}
    won = 0
    for i in range(games):
        game_seed = rng.derive_seed(seed, i)
        ks = kernel.play(scenario_id, game_seed, policy)
        won += ks.ending in victory
    return won
