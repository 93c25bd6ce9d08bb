"""New games' seeds: one place, so every shell starts games the same way."""

from __future__ import annotations

def fresh_seed(below: int = 1_000_000) -> int:
    """A seed for a new game nobody asked a seed for (short enough to read out)."""
    import secrets  # here: it brings hashlib and hmac, which the title need not wait for

    return secrets.randbelow(below)
