"""The content fingerprint: which cards, meters and mods a game was played with.

A replay only means something with the content it was played with, so a save records a
hash of every content file loaded (base content and mods, in load order): its name
relative to the folder the files share, and its bytes. Names are relative so that the
same content in another checkout, or installed, has the same fingerprint.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from game.base.files import read_bounded
from game.loading.files import MAX_FILE_BYTES

PREFIX = "sha256:"


def _relative_names(files: Sequence[Path]) -> list[str]:
    if not files:
        return []
    absolute = [os.path.abspath(f) for f in files]
    if len(absolute) == 1:
        return [Path(absolute[0]).name]
    try:
        common = os.path.commonpath(absolute)
    except ValueError:  # files on different Windows drives
        return [Path(a).name for a in absolute]
    if common in absolute:  # the same file listed twice, nothing else
        common = os.path.dirname(common)
    return [Path(os.path.relpath(a, common)).as_posix() for a in absolute]


def content_fingerprint(files: Iterable[Path]) -> str:
    """``sha256:<hex>`` of the files' relative names and bytes, in the order given.

    Order counts: mods loaded in another order can override each other differently.
    A file that cannot be read is hashed as unreadable rather than failing the save.
    """
    files = [Path(f) for f in files]
    digest = hashlib.sha256(b"multivector-content\0")
    for name, path in zip(_relative_names(files), files):
        encoded = name.encode("utf-8", "surrogateescape")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        try:  # never more than the loader reads: a file past its limit is hashed as unreadable
            data = read_bounded(path, MAX_FILE_BYTES, "content file")
        except OSError:
            digest.update(b"\xff" * 8)
            continue
        digest.update(len(data).to_bytes(8, "big") + data)
    return PREFIX + digest.hexdigest()


def fingerprint_for_dirs(content_dir: Path | None = None, mod_dirs: Sequence[Path] = ()) -> str:
    """The fingerprint of what ``load_content(content_dir, mod_dirs)`` reads.

    For callers that kept the :class:`~game.engine.Content` but not the loader's
    ``LoadResult.files``; it lists the same files the same way the loader does.
    """
    from game.base.paths import default_content_dir
    from game.loading import content_files

    base = Path(content_dir) if content_dir is not None else default_content_dir()
    folders = [base, *(Path(m) for m in mod_dirs)]
    return content_fingerprint([p for folder in folders if folder.exists() for p in content_files(folder)])


def short(fingerprint: str | None) -> str:
    """The first 12 hex digits, for messages."""
    if not fingerprint:
        return "none"
    return fingerprint.removeprefix(PREFIX)[:12]
