"""Where the game finds its content and keeps its files: one rule for every folder.

- **A checkout**: the game runs from a repository when the folder above the package holds
  this project's ``pyproject.toml`` and ``content/`` (an editable install counts). Then
  content is the checkout's ``content/``, saves go to ``saves/`` and the cache to
  ``.cache/`` beside it, so a developer's files stay in the tree.
- **An installed game** (a wheel) reads the copy of the content inside the package and
  keeps its files in the user's folders, as platformdirs names them for the platform
  (``~/.local/share/multivector``, ``~/Library/Application Support/multivector``,
  ``%LOCALAPPDATA%\\multivector``; the cache in the platform's cache folder).

Environment variables (``MULTIVECTOR_SAVES``, ``MULTIVECTOR_CACHE``) and command-line
options override both; their readers live with the folders they choose.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

APP_NAME = "multivector"
SAVES_ENV = "MULTIVECTOR_SAVES"
PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def checkout_root() -> Path | None:
    """The repository the game runs from, or None for an installed game."""
    root = PACKAGE.parent
    try:
        project = (root / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if f'name = "{APP_NAME}"' in project and (root / "content").is_dir():
        return root
    return None


def default_content_dir() -> Path:
    """The base game's content: the checkout's ``content/``, else the package's copy."""
    root = checkout_root()
    return root / "content" if root is not None else PACKAGE / "_content"


def _absolute_or(path: str, fallback: Path) -> Path:
    # XDG says a relative XDG_*_HOME is invalid and must be ignored; platformdirs takes it.
    return Path(path) if Path(path).is_absolute() else fallback


def user_data_dir() -> Path:
    """This user's folder for the game's data (saves, installed mods, the record)."""
    import platformdirs

    found = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return _absolute_or(found, Path.home() / ".local" / "share" / APP_NAME)


def user_cache_dir() -> Path:
    """This user's folder for caches the game can always rebuild."""
    import platformdirs

    found = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    return _absolute_or(found, Path.home() / ".cache" / APP_NAME)


def default_saves_dir() -> Path:
    """The save folder when none is asked for: ``MULTIVECTOR_SAVES``, else the
    checkout's ``saves/``, else ``saves`` in the user's data folder (not created)."""
    from_env = os.environ.get(SAVES_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    root = checkout_root()
    if root is not None:
        return root / "saves"
    return user_data_dir() / "saves"


def data_dir(saves: Path | str | None = None) -> Path:
    """The folder that holds the save folder: installed mods and the player's record
    live beside the saves, so ``--saves DIR`` moves them together."""
    folder = Path(saves).expanduser() if saves is not None else default_saves_dir()
    return folder.absolute().parent


def installed_mods_dir(saves: Path | str | None = None) -> Path:
    """The ``mods/`` folder beside the save folder (``--saves``, MULTIVECTOR_SAVES, ...)."""
    return data_dir(saves) / "mods"


def display_path(path: Path | str) -> str:
    """A path as messages name it: relative to the working folder where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def shown_path(path: Path | str) -> str:
    """:func:`display_path` with unsafe characters written out, for any output."""
    from game.base.text import escape_controls

    return escape_controls(display_path(path))
