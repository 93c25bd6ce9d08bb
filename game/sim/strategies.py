"""Strategy bots: each picks a choice seeing exactly what a player with exact hints sees.

A strategy is a function ``(content, state, rng_state) -> (choice, rng_state)``. It sees
the card on the table and, through :func:`game.engine.preview`, each choice's immediate
effect on the meters: nothing hidden (no lingering effects, follow-ups or future draws
beyond what the draw probabilities tell).
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine import Content, GameState, rng
from game.engine.rules import preview

Strategy = Callable[[Content, GameState, int], tuple[int, int]]


def _choice_count(content: Content, state: GameState) -> int:
    return len(content.cards[state.card].choices)


def random_strategy(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
    """Pick uniformly at random."""
    rng_state, x = rng.next_float(rng_state)
    return int(x * _choice_count(content, state)), rng_state


def vector_strategy(meter_id: str) -> Strategy:
    """Always take the choice that does most for ``meter_id`` (first one on ties)."""

    def pick(content: Content, state: GameState, rng_state: int) -> tuple[int, int]:
        count = _choice_count(content, state)
        gains = [preview(content, state, i).get(meter_id, 0) for i in range(count)]
        return max(range(count), key=lambda i: (gains[i], -i)), rng_state

    pick.__name__ = f"{meter_id}_strategy"
    return pick


STRATEGIES: dict[str, Strategy] = {
    "random": random_strategy,
    "moscow": vector_strategy("moscow"),
    "beijing": vector_strategy("beijing"),
    "washington": vector_strategy("washington"),
}
