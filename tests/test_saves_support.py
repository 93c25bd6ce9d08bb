"""Helpers shared by the save and replay tests (this module holds no tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from game.engine import Content, GameState, choose, inject, new_game

FINGERPRINT = "sha256:" + "ab" * 32

seeds = st.integers(min_value=0, max_value=2**40)
# One step: a choice (wrapped onto the card's choices) and, sometimes, a card to inject
# first (an index wrapped onto the content's card ids, as a facilitator would).
steps = st.lists(
    st.tuples(st.integers(min_value=0, max_value=2), st.none() | st.integers(min_value=0, max_value=10_000)),
    max_size=24,
)


def advance(content: Content, state: GameState, steps, final_inject: int | None = None) -> GameState:
    """Play ``steps`` from ``state``; optionally inject a card onto the table at the end."""
    card_ids = sorted(content.cards)
    for choice, injected in steps:
        if state.over:
            return state
        if injected is not None:
            state = inject(content, state, card_ids[injected % len(card_ids)])
        state, _ = choose(content, state, choice % len(content.cards[state.card].choices))
    if final_inject is not None and not state.over:
        state = inject(content, state, card_ids[final_inject % len(card_ids)])
    return state


def reachable(content: Content, seed: int, steps, scenario: str | None = None,
              final_inject: int | None = None) -> GameState:
    return advance(content, new_game(content, scenario, seed), steps, final_inject)
