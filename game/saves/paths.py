"""Where saves live, and which slot names are allowed.

The folder is, in order: the one asked for (``--saves DIR``), the ``MULTIVECTOR_SAVES``
environment variable, ``saves/`` of the repository when the game runs from a checkout,
and otherwise the user's data folder (see :mod:`game.base.paths`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from game.base.i18n import _
from game.base.paths import SAVES_ENV as ENV_VAR
from game.base.paths import checkout_root, default_saves_dir, user_data_dir
from game.saves.errors import SaveError

__all__ = ["ENV_VAR", "check_slot", "checkout_root", "default_saves_dir", "saves_dir", "slot_problem",
           "user_data_dir"]

MAX_SLOT_LENGTH = 64
# File names are limited to 255 bytes; the suffix and the temporary-file decoration need ~30.
MAX_SLOT_BYTES = 200

# Names Windows reserves in every folder, with or without an extension.
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}
_FORBIDDEN_CHARS = set('/\\:*?"<>|')


def saves_dir(explicit: Path | str | None = None) -> Path:
    """The save folder (see the module docstring), created if missing.

    Raises :class:`SaveError` if it cannot be created or is not a folder.
    """
    folder = Path(explicit).expanduser() if explicit is not None else default_saves_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise SaveError(_("the save folder {folder} exists but is not a folder").format(folder=folder)) from None
    except OSError as error:
        raise SaveError(_("cannot create the save folder {folder}: {error}").format(
            folder=folder, error=error.strerror or error)) from None
    return folder


def slot_problem(slot: object) -> str | None:
    """Why ``slot`` is not a plain slot name, or None if it is one.

    A slot name becomes a file name, so it must not be able to leave the save folder or
    upset any file system: no separators, no ``..``, no control characters, no leading
    dot, no trailing dot or space, none of Windows' reserved names, at most 64 characters.
    """
    if not isinstance(slot, str):
        return _("a slot name must be text")
    if not slot.strip():
        return _("a slot name cannot be empty")
    if len(slot) > MAX_SLOT_LENGTH or len(slot.encode("utf-8", "surrogatepass")) > MAX_SLOT_BYTES:
        return _("a slot name is at most {count} characters").format(count=MAX_SLOT_LENGTH)
    for char in slot:
        if char in _FORBIDDEN_CHARS:
            return _("a slot name cannot contain {char} (it is a name, not a path)").format(char=repr(char))
        category = unicodedata.category(char)
        if category[0] == "C" or category in ("Zl", "Zp"):
            return _("a slot name cannot contain control or invisible characters")
    if ".." in slot:
        return _("a slot name cannot contain '..'")
    if slot.startswith("."):
        return _("a slot name cannot start with '.'")
    if slot != slot.strip() or slot.endswith("."):
        return _("a slot name cannot start or end with a space, or end with '.'")
    if slot.split(".")[0].strip().lower() in _WINDOWS_RESERVED:
        return _("{name} is a reserved device name on Windows").format(name=repr(slot))
    return None


def check_slot(slot: object) -> str:
    """``slot`` if it is a plain slot name, else :class:`SaveError` saying why not."""
    problem = slot_problem(slot)
    if problem is not None:
        shown = repr(slot)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        raise SaveError(_("cannot use {name} as a slot name: {problem}").format(name=shown, problem=problem))
    return slot  # type: ignore[return-value]
