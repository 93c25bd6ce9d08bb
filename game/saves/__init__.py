"""Saves, autosaves and replays: a game is never lost, and never silently changed.

A layer above the engine and beside the loader; it imports neither textual nor rich::

    folder = saves_dir(args.saves)
    path = write_save(folder, "bar1", content, state, fingerprint=content_fingerprint(result.files))
    saved = read_save(resolve_save(folder, "bar1"), content, fingerprint)
    saved.state, saved.meta, saved.warnings

The file format, the save folder and the migration rules are described in docs/saves.md.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.saves.errors import SaveError
    from game.saves.fingerprint import content_fingerprint, fingerprint_for_dirs
    from game.saves.format import FORMAT, Record, decode_state, encode_state
    from game.saves.paths import check_slot, default_saves_dir, saves_dir, slot_problem, user_data_dir
    from game.saves.replay import Divergence, first_divergence, replay
    from game.saves.store import (
        SavedGame,
        SaveInfo,
        autosave,
        latest_autosave,
        list_saves,
        read_save,
        resolve_save,
        write_save,
    )
    from game.saves.validate import state_problem

# Imported on first use: the command line asks where the save folder is before the
# title screen is drawn, and that needs none of the rest (nor the engine).
_WHERE = {
    "SaveError": "errors",
    "content_fingerprint": "fingerprint",
    "fingerprint_for_dirs": "fingerprint",
    "FORMAT": "format",
    "Record": "format",
    "decode_state": "format",
    "encode_state": "format",
    "check_slot": "paths",
    "default_saves_dir": "paths",
    "saves_dir": "paths",
    "slot_problem": "paths",
    "user_data_dir": "paths",
    "Divergence": "replay",
    "first_divergence": "replay",
    "replay": "replay",
    "SavedGame": "store",
    "SaveInfo": "store",
    "autosave": "store",
    "latest_autosave": "store",
    "list_saves": "store",
    "read_save": "store",
    "resolve_save": "store",
    "write_save": "store",
    "state_problem": "validate",
}


def __getattr__(name: str) -> Any:
    # Modules are reached through sys.modules: ``from game.saves import replay`` would
    # ask this package for the function of that name, not the module.
    where = _WHERE.get(name)
    if where == "errors":
        import game.saves.errors
        module = sys.modules["game.saves.errors"]
    elif where == "fingerprint":
        import game.saves.fingerprint
        module = sys.modules["game.saves.fingerprint"]
    elif where == "format":
        import game.saves.format
        module = sys.modules["game.saves.format"]
    elif where == "paths":
        import game.saves.paths
        module = sys.modules["game.saves.paths"]
    elif where == "replay":
        import game.saves.replay
        module = sys.modules["game.saves.replay"]
    elif where == "store":
        import game.saves.store
        module = sys.modules["game.saves.store"]
    elif where == "validate":
        import game.saves.validate
        module = sys.modules["game.saves.validate"]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


class _Package(types.ModuleType):
    """``game.saves.replay`` is a function (exported here) and a module: importing the
    module binds its name on the package, which would hide the function. The package
    keeps the function; the module is in ``sys.modules`` as ever."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "FORMAT",
    "Divergence",
    "Record",
    "SaveError",
    "SaveInfo",
    "SavedGame",
    "autosave",
    "check_slot",
    "content_fingerprint",
    "decode_state",
    "default_saves_dir",
    "encode_state",
    "fingerprint_for_dirs",
    "first_divergence",
    "latest_autosave",
    "list_saves",
    "read_save",
    "replay",
    "resolve_save",
    "saves_dir",
    "slot_problem",
    "state_problem",
    "user_data_dir",
    "write_save",
]
