"""YAML content -> engine objects, with validation that reports every problem at once.

Problems come as ``path:line:col: error[code]: message``; nothing in content is ever
executed, and no input makes the loader raise anything but its own error.
"""

from __future__ import annotations

from game.loading.load import ContentError, LoadResult, content_files, load_content, load_or_raise
from game.loading.mods import Mod
from game.loading.problems import ERROR, WARNING, Problem

__all__ = [
    "ContentError",
    "ERROR",
    "LoadResult",
    "Mod",
    "Problem",
    "WARNING",
    "content_files",
    "load_content",
    "load_or_raise",
]
