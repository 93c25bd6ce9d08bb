"""Small statistics for the balance report."""

from __future__ import annotations

import math
from collections.abc import Sequence


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval for a binomial proportion (95% by default)."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def median(values: Sequence[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def variety(games_with: Sequence[int], games: int) -> dict[str, float]:
    """How much two games' deals differ, from how many of ``games`` games dealt each card
    (``games_with``, a count per card, each card at most once a game).

    ``cards_per_game``: the distinct cards a game deals, on average. ``in_common``: of
    those, the share another game (another seed) deals too: the mean over every pair of
    two different games of the cards both dealt, over the mean a game deals. Exact for
    the games played (a pair never pairs a game with itself), so it needs no per-game
    record and chunks merge by adding counts. ``distinct``: cards dealt in any game.
    """
    dealt = sum(games_with)
    if games < 2 or not dealt:
        return {"cards_per_game": round(dealt / games, 2) if games else 0.0, "in_common": 0.0,
                "distinct": sum(1 for n in games_with if n)}
    pairs = sum(n * (n - 1) for n in games_with) / (games * (games - 1))
    return {"cards_per_game": round(dealt / games, 2), "in_common": round(pairs / (dealt / games), 4),
            "distinct": sum(1 for n in games_with if n)}
