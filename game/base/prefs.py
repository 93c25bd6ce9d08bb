"""The player's settings file: what the game remembers between runs.

One small JSON object in the user's data folder (``MULTIVECTOR_SETTINGS`` names another
file; ``off`` keeps none, as the tests do): the interface language, the advisor hint
level and whether the history note follows each decision. A saved game carries its own
settings besides; these are what a new game starts with. A missing, damaged or refused
file reads as empty, and a setting of the wrong type is ignored by whoever reads it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SETTINGS_ENV = "MULTIVECTOR_SETTINGS"
SETTINGS_NAME = "settings.json"
MAX_SETTINGS = 64_000


def settings_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The player's settings file (``MULTIVECTOR_SETTINGS`` names another; ``off``: none)."""
    environ = os.environ if environ is None else environ
    chosen = (environ.get(SETTINGS_ENV) or "").strip()
    if chosen.lower() in ("off", "0", "no", "none"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    from game.base.paths import user_data_dir

    return user_data_dir() / SETTINGS_NAME


def read_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every remembered setting; empty where there is no file or it cannot be used."""
    path = settings_path(environ)
    if path is None:
        return {}
    from game.base.files import read_bounded

    try:
        text = read_bounded(path, MAX_SETTINGS, "settings file").decode("utf-8")
    except (OSError, ValueError):  # missing, refused, damaged: as if never saved
        return {}
    import json  # only once a settings file is there: no start without one waits for it

    try:
        data = json.loads(text)
    except ValueError:  # damaged: as if never saved
        return {}
    return data if isinstance(data, dict) else {}


def remember(environ: Mapping[str, str] | None = None, **values: Any) -> Path | None:
    """Keep ``values`` for the next start, the file's other settings kept. The file
    written, or None when settings are off. Raises OSError."""
    import json

    from game.base.files import atomic_write

    path = settings_path(environ)
    if path is None:
        return None
    settings = read_settings(environ)
    settings.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
