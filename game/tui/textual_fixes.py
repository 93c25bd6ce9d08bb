"""Fixes to Textual 8.2.8 that the game's apps need, applied once on import.

``StylesCache.get_inner_outer`` is an instance method under ``functools.lru_cache``
(Textualize/textual#6665): the cache keys on the instance, so it keeps the last 1,024
widgets' style caches alive, with every line they rendered, long after their widgets
were removed. A game screen and its ending are built anew for each game, so memory grew
with every game played in one run. The colours alone are the key here; the method is
replaced only while it is still the leaking kind (a later Textual may fix it).
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache


def _fix_styles_cache() -> None:
    leaking = StylesCache.__dict__.get("get_inner_outer")
    original = getattr(leaking, "__wrapped__", None)
    if original is None or not hasattr(leaking, "cache_info"):
        return

    @lru_cache(1024)
    def inner_outer(base_background, background):
        return original(StylesCache, base_background, background)  # the body never uses its first argument

    def get_inner_outer(self, base_background, background):
        return inner_outer(base_background, background)

    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign, assignment]


_fix_styles_cache()
