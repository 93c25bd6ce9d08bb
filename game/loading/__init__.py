"""YAML content -> engine objects, with validation that reports every problem at once.

Problems come as ``path:line:col: error[code]: message``; nothing in content is ever
executed, and no input makes the loader raise anything but its own error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.loading.load import (
        ContentError,
        LoadResult,
        content_files,
        default_content_dir,
        load_content,
        load_or_raise,
    )
    from game.loading.mods import Mod, installed_mods_dir
    from game.loading.problems import ERROR, WARNING, Problem

# Imported on first use: the title screen asks where installed mods live before the
# first frame, and the loader, YAML and the engine are not needed for that.
_WHERE = {
    "ContentError": "load",
    "LoadResult": "load",
    "content_files": "load",
    "default_content_dir": "load",
    "load_content": "load",
    "load_or_raise": "load",
    "Mod": "mods",
    "installed_mods_dir": "mods",
    "ERROR": "problems",
    "WARNING": "problems",
    "Problem": "problems",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where == "load":
        from game.loading import load as module
    elif where == "mods":
        from game.loading import mods as module
    elif where == "problems":
        from game.loading import problems as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = [
    "ContentError",
    "ERROR",
    "LoadResult",
    "Mod",
    "Problem",
    "WARNING",
    "content_files",
    "default_content_dir",
    "load_content",
    "installed_mods_dir",
    "load_or_raise",
]
