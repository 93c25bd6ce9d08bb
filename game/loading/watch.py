"""Notice when content or mod files change, for ``multivector play --watch``.

A modder writes cards in one window and plays them in another: the game polls the
folders it loaded (about twice a second) and reloads when a file the loader reads has
changed. Polling stat signatures with :func:`os.scandir` needs no dependency, works the
same on every system and filesystem (network folders included), and costs well under a
millisecond for a mod of a few dozen files.

A signature is, for every YAML and translation (.po) file under the folders, its size,
modification time, inode and change time, plus the targets of links, so a file edited,
added, removed or renamed counts as a change. What the loader skips (names beginning
with a dot, like editors' swap files; files of other kinds) does not. An editor saves in
several steps (write a temporary file, rename it over the old one): a change is reported
only once the signature has held still for one poll, so the load never reads half a save.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from game.loading.files import MAX_FILES, YAML_SUFFIXES

WATCHED_SUFFIXES = (*YAML_SUFFIXES, ".po")
# Entries looked at in one scan: a folder named by mistake (a home folder) must not make
# every poll walk a whole disk. Past it the rest is not watched (the loader refuses far
# fewer YAML files anyway).
MAX_ENTRIES = 4 * MAX_FILES
MANIFEST = "mod.yaml"

Signature = dict[str, tuple]


def roots_of(content_dir: Path, mod_dirs: Iterable[Path]) -> list[Path]:
    """The folders (or single files) to watch: the base content and each mod's folder
    (a mod named by its ``mod.yaml`` is watched as the folder it is in)."""
    roots = [Path(content_dir)]
    for mod in mod_dirs:
        mod = Path(mod)
        roots.append(mod.parent if mod.name == MANIFEST else mod)
    return roots


def signature(roots: Iterable[Path]) -> Signature:
    """Path -> stat signature of every watched file under ``roots`` (missing roots count:
    a folder that disappears and comes back is a change)."""
    found: Signature = {}
    budget = [MAX_ENTRIES]
    for root in roots:
        _scan(Path(root), found, budget)
    return found


def _stamp(info: os.stat_result) -> tuple:
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def _scan(root: Path, found: Signature, budget: list[int]) -> None:
    try:
        info = root.stat()
    except OSError:
        found[str(root)] = ("missing",)
        return
    if not root.is_dir():
        found[str(root)] = _stamp(info)
        return
    pending = [str(root)]
    while pending and budget[0] > 0:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found[folder] = ("unreadable",)
            continue
        for entry in entries:
            budget[0] -= 1
            if budget[0] <= 0:
                return
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    found[entry.path] = ("link", os.readlink(entry.path))
                    if entry.name.endswith(WATCHED_SUFFIXES):
                        found[entry.path + "//target"] = _stamp(os.stat(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.name.endswith(WATCHED_SUFFIXES):
                    found[entry.path] = _stamp(entry.stat(follow_symlinks=False))
            except OSError:
                found[entry.path] = ("unreadable",)


class Watcher:
    """Polls ``roots`` for changes; :meth:`poll` says when to reload.

    The signature at construction is the one the loaded content was read from (build
    the watcher before loading, so an edit during the load is not missed).
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(root) for root in roots]
        self._reported = signature(self.roots)
        self._seen = self._reported

    def poll(self) -> list[str]:
        """The files changed since the last change reported, once they have held still
        since the previous poll (an empty list: nothing to reload yet)."""
        now = signature(self.roots)
        if now == self._reported:
            self._seen = now
            return []
        if now != self._seen:  # still moving: wait for the next poll
            self._seen = now
            return []
        before, self._reported = self._reported, now
        return sorted({path.removesuffix("//target") for path in before.keys() | now.keys()
                       if before.get(path) != now.get(path)})
