"""Did-you-mean: the one way the game suggests a name for a misspelt one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from game.base.i18n import _



def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if one is close enough to suggest."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    match = closest(word, candidates)
    return _(" (did you mean '{name}'?)").format(name=match) if match else ""
