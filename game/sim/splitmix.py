"""The game's random stream, as the simulation kernel consumes it, at C speed where the
install compiled it.

:mod:`game.engine.rng` defines the stream (SplitMix64 on one integer state). In pure
Python each step is a handful of operations on 64- and 128-bit integers, and the kernel
takes about three a turn (the draw's tries, the random bot, a share of the new game's):
that was a quarter of a kernel turn. ``game/sim/_splitmix.c`` computes the same numbers
with machine integers. The build hook (``hatch_build.py``) compiles it at install where
a C compiler is found; where none is, or ``MULTIVECTOR_PURE_PYTHON=1`` is set, the
functions below are the pure-Python ones, built on :mod:`game.engine.rng` itself. Both
give the same outputs for every state (``tests/test_splitmix.py``, with Hypothesis), so
a game deals the same cards whichever runs.

``ACCELERATED`` says which is in use (``bench/kernel.py`` prints it).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable
from types import ModuleType

from game.engine.rng import next_float, next_u64


# ``(state, z)``: one step, the engine's own.
pure_step = next_u64


def pure_draw(state: int, total: float, ends: list[float]) -> tuple[int, float, int]:
    """``(state, target, index)``: one step's number times ``total``, and where it falls
    in the running ``ends`` of a weight table (``bisect_right``)."""
    state, x = next_float(state)
    target = x * total
    return state, target, bisect_right(ends, target)


def pure_pick(state: int, n: int) -> tuple[int, int]:
    """``(index, state)``: a uniform pick among ``n`` (at least 1) from one step."""
    if n < 1:
        raise ValueError("pick: n must be at least 1")
    state, x = next_float(state)
    return int(x * n), state


def _compiled() -> ModuleType | None:
    if os.environ.get("MULTIVECTOR_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from game.sim import _splitmix
    except ImportError:  # not compiled at install: the pure-Python functions above
        return None
    return _splitmix


_module = _compiled()
ACCELERATED = _module is not None
step: Callable[[int], tuple[int, int]] = _module.step if _module else pure_step
draw: Callable[[int, float, list[float]], tuple[int, float, int]] = _module.draw if _module else pure_draw
pick: Callable[[int, int], tuple[int, int]] = _module.pick if _module else pure_pick
