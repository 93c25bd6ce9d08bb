"""A tiny deterministic random number generator whose whole state is one integer.

SplitMix64 is used instead of :mod:`random` because its state is a single int that
fits in a save file and in an immutable game state, and because its output is fixed
by this code alone, not by the Python version.
"""

from __future__ import annotations

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15


def seed_state(seed: int) -> int:
    """Return the initial generator state for a user-facing seed (any int)."""
    state = seed & _MASK
    # Mix once so that small neighbouring seeds start far apart.
    state, _ = next_u64(state ^ 0x5DEECE66D)
    return state


def next_u64(state: int) -> tuple[int, int]:
    """Advance ``state``; return ``(new_state, 64-bit output)``."""
    state = (state + _GOLDEN) & _MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return state, z ^ (z >> 31)


def next_float(state: int) -> tuple[int, float]:
    """Advance ``state``; return ``(new_state, x)`` with ``0 <= x < 1``."""
    state, z = next_u64(state)
    return state, (z >> 11) * (1.0 / (1 << 53))


def derive_seed(master: int, index: int) -> int:
    """A per-game seed derived from a master seed in a fixed way (for the simulator)."""
    _, z = next_u64(seed_state(master) ^ ((index * 0xD1B54A32D192ED03) & _MASK))
    return z & 0x7FFFFFFFFFFFFFFF


def roll(seed: int, turn: int, key: int) -> float:
    """A number ``0 <= x < 1`` fixed by a game's ``seed``, a turn and a ``key``: a
    ``chance:`` condition's roll. Nothing is drawn from the game's generator, so content
    without chances deals exactly as before; and the roll does not move when the draw
    does, so every look at a condition in one quarter (the draw, a forecast, the bots,
    a screen after the deal) sees the same answer, and every game of one seed (a class's
    groups) the same chances."""
    mixed = seed_state(seed) ^ ((turn * 0xD1B54A32D192ED03 + key * 0xA24BAED4963EE407) & _MASK)
    _, z = next_u64(mixed)
    return (z >> 11) * (1.0 / (1 << 53))
