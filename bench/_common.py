"""Helpers shared by the benchmark scripts: timing by interleaved rounds and medians.

The machine is shared and noisy, so no script reports an absolute time alone: each
measures its floor in the same run, alternating with the thing measured, and prints the
ratio of medians.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def interleaved(measures: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Run each measure ``rounds`` times, alternating; return the median of each.

    A measure returns the figure of one round (seconds, bytes...).
    """
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: statistics.median(values) for name, values in samples.items()}


def median_of(values) -> float:
    return statistics.median(values)


def timed(function: Callable[[], object]) -> float:
    """The CPU seconds this process spends in ``function``.

    CPU time, not wall time: on a shared machine a process waits for a core now and
    then, and wall time counts the wait. Work done in this process only.
    """
    started = time.process_time()
    function()
    return time.process_time() - started


def verdict(ratio: float, budget: float) -> str:
    return f"{ratio:.2f}x (budget {budget}x: {'OK' if ratio <= budget else 'OVER'})"


@dataclass(frozen=True)
class Figure:
    """One figure: a ratio to its floor (at most ``budget``), or with ``at_least`` a rate
    (at least ``budget``); with no budget (None), a figure that is only reported."""

    name: str
    value: float
    budget: float | None
    at_least: bool = False
    unit: str = "x"

    @property
    def ok(self) -> bool:
        if self.budget is None:
            return True
        return self.value >= self.budget if self.at_least else self.value <= self.budget

    def __str__(self) -> str:
        if self.budget is None:
            shown = f"{self.value:.2f}x" if self.unit == "x" else f"{self.value:,.1f} {self.unit}"
            return f"{self.name}: {shown} (reported, no budget)"
        if self.unit == "x":
            shown, budget = f"{self.value:.2f}x", f"<= {self.budget}x"
        else:
            shown = f"{self.value:,.1f} {self.unit}" if self.value < 100 else f"{self.value:,.0f} {self.unit}"
            budget = f"{'>=' if self.at_least else '<='} {self.budget:,.0f} {self.unit}"
        return f"{self.name}: {shown} (budget {budget}: {'OK' if self.ok else 'MISSED'})"
