"""Every file the game reads or writes goes through here.

**Reads** take regular files only (a pipe, a device or ``/dev/zero`` behind a link would
hang or fill memory), opened without blocking and checked on the open file, and never
more than a stated number of bytes: the limit is checked before a byte is parsed or
hashed.

**Writes** are atomic (a temporary file in the same folder, fsynced, renamed over the
target) and refuse to write through a link or over anything but a regular file: the
save folder may be shared, and a link planted there must not turn a save, an autosave,
a session log or a report into a write somewhere else.

**Removals** of a whole folder (:func:`remove_folder`) never follow a link: a link
planted inside is removed as a link, and a link in the folder's own place is refused.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# A temporary file older than this was left by a writer that died.
STALE_TEMP_SECONDS = 3600

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISLNK, "a link"),
)


class FileRefused(OSError):
    """A file the game will not read or write: not a regular file, too large, a link.

    ``reason`` is one line for a person, without the file's name."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)

    def __str__(self) -> str:
        return self.reason


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words (``a named pipe``)."""
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def read_bounded(path: Path | str, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` for anything but a regular file or one over the limit,
    and the usual :class:`OSError` when it cannot be opened. Never waits on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"not a regular file ({kind_of(info.st_mode)}): a {what} is a plain file")
        if info.st_size > limit:
            raise FileRefused(f"too large: {info.st_size:,} bytes; a {what} holds at most {limit:,} (the limit)")
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise FileRefused(f"too large: over {limit:,} bytes; a {what} holds at most {limit:,} (the limit)")
    return data


def is_regular(path: Path | str) -> bool:
    """Whether ``path`` itself (not what a link points at) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _check_target(path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"{path.name} is {kind_of(info.st_mode)}, not a regular file: the game will not "
                          "write through it")


def atomic_write(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that no reader ever sees a partial file.

    The temporary file sits in the same folder (a rename is only atomic within one file
    system), is created exclusively (never through a planted link) and fsynced before the
    rename; the folder is fsynced after it so the rename survives a power cut where the
    platform allows. A link, a folder or a device at ``path`` is refused
    (:class:`FileRefused`): the rename would replace a link rather than follow it, but a
    link there means someone expects the write to land elsewhere.
    """
    path = Path(path)
    folder = path.parent
    _check_target(path)
    import secrets  # here, not at the top: it brings hashlib and hmac, off the first frame's path

    temp = folder / f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _check_target(path)  # a link planted while we wrote
        _replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _fsync_folder(folder)


def atomic_append(path: Path | str, data: bytes, limit: int) -> None:
    """Add ``data`` at the end of the regular file ``path`` (created if missing),
    atomically: the old bytes and the new are written to a fresh file renamed over it.

    For logs that must survive a crash whole and may not be a link; ``limit`` bounds
    what is read of the old file (:class:`FileRefused` beyond it)."""
    path = Path(path)
    try:
        old = read_bounded(path, limit, "log") if os.path.lexists(path) else b""
    except FileRefused:
        raise
    if os.path.islink(path):
        raise FileRefused(f"{path.name} is a link: the game will not write through it")
    atomic_write(path, old + data)


def _replace(source: Path, target: Path) -> None:
    """``os.replace``, retried briefly on Windows, where a reader (a virus scanner, an
    editor) holding the old file open makes the rename fail for a moment."""
    for attempt in range(5):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows: no folder handles; NTFS journals the rename itself
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of :func:`atomic_write`'s temporary files."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and len(name.rsplit(".", 2)[-2]) == 12


def remove_stale_temps(folder: Path | str) -> None:
    """Delete temporary files left by writers killed long ago (never a fresh one)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        for entry in os.scandir(folder):
            if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
                if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
    except OSError:
        pass


def regular_files(folder: Path | str, limit: int) -> Iterator[os.DirEntry]:
    """The regular files of ``folder`` (links and specials left out), at most ``limit``."""
    count = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                yield entry
                count += 1
                if count >= limit:
                    return


def remove_folder(path: Path | str) -> bool:
    """Delete the folder ``path`` with everything in it, never following a link (links
    inside are removed as links, not what they point to). Whether there was one to
    delete; :class:`FileRefused` where ``path`` is a link or not a folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(mode):
        raise FileRefused(f"not a folder but {kind_of(mode)}")
    # shutil.rmtree works from open folder descriptors where the platform has them, so
    # a link swapped in for a subfolder meanwhile is not followed either.
    shutil.rmtree(path)
    return True


def last_change(folder: Path | str, limit: int) -> float:
    """The newest modification time of ``folder`` and what is in it, links not followed,
    looking at most at ``limit`` entries (a folder of more counts as changed now)."""
    newest = os.lstat(folder).st_mtime
    pending, seen = [os.fspath(folder)], 0
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                seen += 1
                if seen > limit:
                    return time.time()
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return newest
