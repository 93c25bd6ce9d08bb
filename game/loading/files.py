"""Which files of a content folder or mod are read, and which are refused.

Everything a mod uses lies inside its folder. A symbolic link that leads outside is
refused (an ``unsafe-path`` error) rather than followed, so a shared mod cannot read a
player's files; a link that stays inside is read once, where it really is. Files a mod
cannot use (Python, stylesheets, scripts) are named in a warning and never opened.
Names that begin with a dot (``.git``, editor back-ups) are skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.base.i18n import N_, _
from game.base.paths import display_path
from game.loading.problems import ERROR, WARNING, Problem

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 5_000  # YAML files in one folder tree
# Bytes in one content file: the base game's largest is about 52 KB. Here, not in the
# reader, so that the cache can keep to it without importing YAML.
MAX_FILE_BYTES = 8 * 1024 * 1024
# Files a mod cannot use, each named in a warning up to this many; the rest are counted.
MAX_IGNORED_NAMED = 200

# Files that would be code or styling in other games; here they are named and ignored.
_NOT_CONTENT = {
    ".py": N_("Python code"),
    ".pyc": N_("compiled Python"),
    ".pyw": N_("Python code"),
    ".tcss": N_("a stylesheet"),
    ".css": N_("a stylesheet"),
    ".sh": N_("a shell script"),
    ".bat": N_("a script"),
    ".cmd": N_("a script"),
    ".ps1": N_("a script"),
    ".js": N_("a script"),
    ".exe": N_("a program"),
    ".so": N_("a compiled library"),
    ".dll": N_("a compiled library"),
}


def list_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files of ``folder`` in a fixed order (sorted relative paths), and the
    problems met on the way (links out of the folder, files that are not content)."""
    folder = Path(folder)
    if folder.is_file():
        return [folder], []
    problems: list[Problem] = []
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return [], [Problem(display_path(folder), 1, 1, ERROR, "file", _("folder not found"))]
    found: dict[str, Path] = {}  # relative path where the file really is -> that path
    ignored = 0
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as error:
            problems.append(Problem(display_path(current), 1, 1, ERROR, "file",
                                    _("cannot read this folder: {reason}").format(reason=error.strerror or error)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    _link(path, folder, root, found, problems)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file(follow_symlinks=False):
                    if path.suffix in YAML_SUFFIXES:
                        found[path.relative_to(folder).as_posix()] = path
                    elif path.suffix.lower() in _NOT_CONTENT:
                        ignored += 1
                        if ignored <= MAX_IGNORED_NAMED:
                            problems.append(Problem(
                                display_path(path), 1, 1, WARNING, "ignored-file",
                                _("{what} is never run or read: a mod is content only (YAML files)").format(
                                    what=_(_NOT_CONTENT[path.suffix.lower()]))))
                elif path.suffix in YAML_SUFFIXES:  # a pipe, socket or device: never opened
                    problems.append(_not_regular(path))
            except OSError as error:
                problems.append(Problem(display_path(path), 1, 1, ERROR, "file",
                                        _("cannot read: {reason}").format(reason=error.strerror or error)))
    if ignored > MAX_IGNORED_NAMED:
        problems.append(Problem(display_path(folder), 1, 1, WARNING, "ignored-file",
                                _("{count} more files that are never run or read (code, scripts, stylesheets) not "
                                  "listed").format(count=f"{ignored - MAX_IGNORED_NAMED:,}")))
    files = [found[name] for name in sorted(found)]
    if len(files) > MAX_FILES:
        problems.append(Problem(display_path(folder), 1, 1, ERROR, "file",
                                _("{count} YAML files; the limit is {limit}").format(
                                    count=f"{len(files):,}", limit=f"{MAX_FILES:,}")))
        files = []  # reading thousands only to refuse them would keep the player waiting
    return files, problems


def _link(path: Path, folder: Path, root: Path, found: dict[str, Path], problems: list[Problem]) -> None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if path.suffix in YAML_SUFFIXES:
            problems.append(Problem(display_path(path), 1, 1, ERROR, "file",
                                    _("a link that leads nowhere (its target is missing)")))
        return
    if not target.is_relative_to(root):
        problems.append(Problem(
            display_path(path), 1, 1, ERROR, "unsafe-path",
            _("a link to {target}, outside this folder: a mod may only use its own files, so the link is not "
              "followed (copy the file into the mod instead)").format(target=target)))
        return
    if path.suffix in YAML_SUFFIXES and not target.is_file() and not target.is_dir():
        problems.append(_not_regular(path))
        return
    if target.is_file() and target.suffix in YAML_SUFFIXES:
        relative = target.relative_to(root)
        if not any(part.startswith(".") for part in relative.parts):
            found[relative.as_posix()] = folder / relative
    # A link to a folder inside: its files are read where they really are.


def _not_regular(path: Path) -> Problem:
    return Problem(display_path(path), 1, 1, ERROR, "file",
                   _("not a regular file (a pipe, socket or device): content files are plain text files"))


def content_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, in a fixed order (sorted relative paths)."""
    return list_files(Path(folder))[0]
