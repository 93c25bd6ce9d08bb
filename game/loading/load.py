"""Load a content folder and mods into engine objects, collecting every problem.

``load_content(content_dir, mod_dirs)`` reads the base content and the mods named on the
command line; with ``installed=`` it also takes the mods installed in a ``mods/`` folder.
Mods load after their dependencies, then by id (:mod:`game.loading.mods`), and are put
together layer by layer (:mod:`game.loading.layers`).

An installed mod that cannot load (a broken file, a wrong game version, a missing
dependency, or errors only together with the base game) is set aside with a warning
that says why; the game then starts without it. A mod named with ``--mod`` that cannot
load is an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from game.base.i18n import _, language, ngettext
from game.base.paths import default_content_dir
from game.engine.model import Content
from game.loading import spec as S
from game.loading.files import MAX_FILES, YAML_SUFFIXES, content_files, list_files
from game.loading.mods import EXPLICIT, INSTALLED, Mod, discover, read_mod, select
from game.base.paths import display_path
from game.loading.problems import ERROR, WARNING, Problem, sort_problems

if TYPE_CHECKING:
    from game.loading.build import Collected
    from game.loading.reader import FileResult

# The reader (and YAML), the layers, the checks and the builder are imported by the
# first load that reads files: a start that finds its content in the cache needs none.

__all__ = [
    "MAX_FILES",
    "YAML_SUFFIXES",
    "ContentError",
    "LoadResult",
    "content_files",
    "default_content_dir",
    "display_path",
    "load_content",
    "load_merged",
    "load_or_raise",
]

_UNREADABLE = {"file", "yaml", "unsafe-yaml", "not-a-mapping"}


class ContentError(Exception):
    """Content has errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        super().__init__(f"{len(errors)} error(s) in content; first: {errors[0].format(snippet=False) if errors else '-'}")


@dataclass
class LoadResult:
    content: Content | None
    problems: list[Problem] = field(default_factory=list)
    # Every file read, in load order: the base content's, then each active mod's.
    files: list[Path] = field(default_factory=list)
    # Every mod considered: the active ones in load order, then those set aside.
    mods: list[Mod] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors

    @property
    def active_mods(self) -> list[Mod]:
        return [m for m in self.mods if m.active]

    @property
    def base_files(self) -> list[Path]:
        """The files of the base content (every file that no mod brought)."""
        of_mods = {f for m in self.active_mods for f in m.files}
        return [f for f in self.files if f not in of_mods]


# Values read in one load, all files together (the base game holds about 11,000), and
# problems found: each file has its limits, and these keep thousands of files just under
# them from taking minutes. Past either, the remaining files are not read.
MAX_TOTAL_VALUES = 250_000
MAX_TOTAL_PROBLEMS = 1_000


class _Reader:
    """Reads each file once, however many times the layers are put together."""

    def __init__(self) -> None:
        self.cache: dict[Path, FileResult] = {}
        self.values = 0
        self.problems = 0
        self.exhausted = False

    def folder(self, folder: Path, manifest: Path | None = None) -> tuple[list[Path], list[FileResult], list[Problem]]:
        from game.loading.reader import read_file

        files, problems = list_files(folder)
        results = []
        for path in files:
            if manifest is not None and path == manifest:
                continue
            if path not in self.cache:
                if self.values > MAX_TOTAL_VALUES or self.problems > MAX_TOTAL_PROBLEMS:
                    if self.values > MAX_TOTAL_VALUES:
                        why = _("not read: the files before it already hold more than {limit} values in total, the "
                                "limit for the game and its mods together").format(limit=f"{MAX_TOTAL_VALUES:,}")
                    else:
                        why = _("not read: the files before it already have more than {limit} problems; fix those "
                                "first").format(limit=f"{MAX_TOTAL_PROBLEMS:,}")
                    problems.append(Problem(display_path(path), 1, 1, ERROR, "file", why))
                    self.exhausted = True
                    break
                self.cache[path] = read_file(path, display_path(path))
                self.values += self.cache[path].values
                self.problems += len(self.cache[path].problems)
            results.append(self.cache[path])
        return files, results, problems


def load_content(
    content_dir: Path | None = None,
    mod_dirs: Sequence[Path] = (),
    *,
    installed: Path | None = None,
) -> LoadResult:
    """Read, check and build the base content plus mods. Never raises for bad content.

    ``mod_dirs`` are mods named on the command line (a folder, its mod.yaml, or a single
    content file); ``installed`` is a folder of installed mods (``mods/``), or None.
    A load without errors is kept in the cache of validated content
    (:mod:`game.loading.cache`) and taken from there while no file has changed.
    """
    if _KEPT and installed is None:
        kept = _KEPT.pop(_key(content_dir, mod_dirs), None)
        _KEPT.clear()
        if kept is not None and _stamps(kept[0].files) == kept[1]:  # and no file has changed since
            return kept[0]
    from game.loading import cache

    with cache.collector_paused():
        cached = cache.lookup(content_dir, mod_dirs, installed)
        if cached.result is not None:
            return cached.result
        result = _load_content(content_dir, mod_dirs, installed)
        result.problems = capped(result.problems)
        cached.store(result)
    return result


def capped(problems: list[Problem], limit: int = MAX_TOTAL_PROBLEMS) -> list[Problem]:
    """At most ``limit`` problems, errors first, then a line saying how many were left
    out: a mod of a hundred thousand stray files must not print a hundred thousand lines."""
    if len(problems) <= limit:
        return problems
    # Kept first: files that could not be read or were not read (they say why the rest
    # is missing), then the other errors, then warnings; shown in their usual order.
    ranked = sorted(problems, key=lambda p: (p.severity != ERROR or p.code != "file", p.severity != ERROR))
    kept = set(ranked[:limit])
    shown = [p for p in problems if p in kept]
    left_out = [p for p in problems if p not in kept]
    first = left_out[0]
    severity = ERROR if any(p.severity == ERROR for p in left_out) else WARNING
    errors_out = sum(p.severity == ERROR for p in left_out)
    shown.append(Problem(first.path, first.line, first.col, severity, "file",
                         _("{count} more problems ({errors} errors, {warnings} warnings) not listed: at most {limit} "
                           "are, fix these first").format(count=f"{len(left_out):,}", errors=f"{errors_out:,}",
                                                          warnings=f"{len(left_out) - errors_out:,}",
                                                          limit=f"{limit:,}")))
    return shown


def load_merged(content_dir: Path | None = None, mod_dirs: Sequence[Path] = (), *,
                installed: Path | None = None) -> tuple[LoadResult, Collected | None]:
    """A fresh load (never the cache) with the merged items as the modder wrote them:
    the :class:`~game.loading.build.Collected` of the layers, or None when the files could
    not be put together. ``multivector content`` prints from it."""
    merged: list[Collected] = []
    result = _load_content(content_dir, mod_dirs, installed, merged)
    return result, (merged[-1] if merged else None)


def _load_content(content_dir: Path | None, mod_dirs: Sequence[Path], installed: Path | None,
                  merged: list | None = None) -> LoadResult:
    from game.loading.build import build
    from game.loading.layers import Layer

    base = Path(content_dir) if content_dir is not None else default_content_dir()
    problems: list[Problem] = []
    if not base.exists():
        problems.append(Problem(str(base), 1, 1, ERROR, "file", _("content folder not found")))
        return LoadResult(None, problems)
    explicit: list[Mod] = []
    for folder in (Path(m) for m in mod_dirs):
        if not folder.exists():
            problems.append(Problem(str(folder), 1, 1, ERROR, "file", _("mod folder not found")))
        else:
            explicit.append(read_mod(folder, EXPLICIT))
    if problems:
        return LoadResult(None, problems, mods=explicit)
    found, notes = discover(Path(installed)) if installed is not None else ([], [])
    mods = explicit + found
    order, chosen = select(mods)
    problems.extend(notes)
    problems.extend(chosen)

    reader = _Reader()
    base_files, base_results, base_problems = reader.folder(base)
    problems.extend(base_problems)
    layers: dict[str | None, Layer] = {None: Layer(base_results)}
    files_of: dict[str, list[Path]] = {}
    for mod in order:
        manifest = mod.folder / S.MANIFEST_NAME if not mod.single_file else None
        files, results, found_problems = reader.folder(mod.folder, manifest)
        files_of[mod.id] = files
        mod.files = files
        if mod.source == EXPLICIT:
            problems.extend(found_problems)
        else:
            mod.problems.extend(found_problems)
            errors = [p for p in found_problems if p.severity == ERROR]
            if errors:
                _set_aside(mod, ngettext("{n} error: {first}", "{n} errors, the first: {first}", len(errors)).format(
                    n=len(errors), first=errors[0].message), problems)
                continue
        layers[mod.id] = Layer(results, mod)

    if any(p.severity == ERROR for p in problems):
        if reader.exhausted:  # what was read is what there is to fix
            problems.extend(p for result in reader.cache.values() for p in result.problems)
        return LoadResult(None, sort_problems(problems), _files(base_files, order, files_of), _listed(order, mods))

    active = [m for m in order if m.active]
    collected, found_problems = _assemble(layers, active)
    if any(p.severity == ERROR for p in found_problems):
        active, collected, found_problems = _without_broken_installed(layers, active, found_problems, problems)
    problems.extend(found_problems)
    if not any(p.severity == ERROR for p in problems):
        problems.extend(_translate(collected, base, active))
    if merged is not None and collected is not None:
        merged.append(collected)
    problems = sort_problems(problems)
    files = _files(base_files, active, files_of)
    if any(p.severity == ERROR for p in problems):
        return LoadResult(None, problems, files, _listed(order, mods))
    return LoadResult(build(collected), problems, files, _listed(order, mods))


def _translate(collected, base: Path, mods: list[Mod]) -> list[Problem]:
    """Merge the translation files (``locale/<lang>.po`` of the base game, then of each
    mod) into the content's texts; :mod:`game.loading.translations` says how."""
    from game.loading import translations

    folders = [base, *(m.folder for m in mods if not m.single_file)]
    catalogues, problems = translations.read_catalogues(folders)
    translations.apply(collected.items, catalogues)
    return problems


def _files(base_files: list[Path], mods: list[Mod], files_of: dict[str, list[Path]]) -> list[Path]:
    return [*base_files, *(f for m in mods if m.active for f in files_of.get(m.id, ()))]


def _listed(order: list[Mod], mods: list[Mod]) -> list[Mod]:
    return [m for m in order if m.active] + [m for m in mods if not m.active]


def _set_aside(mod: Mod, reason: str, problems: list[Problem]) -> None:
    mod.deactivate(reason)
    where = mod.place()
    problems.append(Problem(where.path, where.line, where.col, WARNING, "mod-inactive",
                            _("mod '{id}' is not loaded: {reason}; run: multivector validate {folder}").format(
                                id=mod.id, reason=reason, folder=display_path(mod.folder))))


def _assemble(layers: dict, mods: list[Mod]):
    from game.loading.build import check
    from game.loading.layers import resolve

    chosen = [layers[None], *(layers[m.id] for m in mods)]
    collected = resolve(chosen)
    problems = [p for result in collected.files for p in result.problems]
    problems.extend(collected.problems)
    if not any(p.code in _UNREADABLE and p.severity == ERROR for p in problems):
        # Cross-file checks on a half-read tree would only add noise.
        problems.extend(check(collected))
    return collected, problems


def _needed(mods: list[Mod]) -> set[str]:
    """The explicit mods and everything they depend on."""
    by_id = {m.id: m for m in mods}
    needed: set[str] = set()
    todo = [m.id for m in mods if m.source == EXPLICIT]
    while todo:
        mod_id = todo.pop()
        if mod_id in needed or mod_id not in by_id:
            continue
        needed.add(mod_id)
        todo.extend(d.id for d in by_id[mod_id].depends)
    return needed


def _without_broken_installed(layers: dict, active: list[Mod], failed: list[Problem], problems: list[Problem]):
    """Set aside the installed mods that bring errors, keeping every other mod.

    The mods the command line needs are kept whatever happens (their errors are the
    player's to see). The others are added one at a time, in load order, and each one
    that brings an error is set aside with the first of its errors.
    """
    needed = _needed(active)
    optional = [m for m in active if m.id not in needed]
    if not optional:
        return active, None, failed  # nothing to set aside
    kept = [m for m in active if m.id in needed]
    collected, found = _assemble(layers, kept)
    if any(p.severity == ERROR for p in found):
        return active, None, failed  # the errors are not the installed mods' doing
    for mod in optional:
        missing = [d.id for d in mod.depends if d.id not in {k.id for k in kept}]
        if missing:
            _set_aside(mod, _("needs mod '{needed}', which is not loaded").format(needed=missing[0]), problems)
            continue
        trial = [m for m in active if m in kept or m is mod]
        trial_collected, trial_found = _assemble(layers, trial)
        errors = [p for p in trial_found if p.severity == ERROR]
        if errors:
            mod.problems.extend(errors)
            _set_aside(mod, ngettext("{n} error with the base game, at {place}: {first}",
                                     "{n} errors with the base game, the first at {place}: {first}", len(errors)).format(
                n=len(errors), place=f"{errors[0].path}:{errors[0].line}:{errors[0].col}", first=errors[0].message),
                problems)
            continue
        kept, collected, found = trial, trial_collected, trial_found
    return kept, collected, found


# One result kept for the next identical request in this process: the command line
# loads once to learn which installed mods are active, and the command then asks for
# exactly that content again. Used once, then dropped, so a later reload reads afresh.
_KEPT: dict[tuple, tuple[LoadResult, list]] = {}


def _stamps(files: Sequence[Path]) -> list[tuple[int, int] | None]:
    stamps: list[tuple[int, int] | None] = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((info.st_mtime_ns, info.st_size))
    return stamps


def _key(content_dir: Path | None, mod_dirs: Sequence[Path]) -> tuple:
    base = Path(content_dir) if content_dir is not None else default_content_dir()
    # The language too: the problems a load keeps are worded in it.
    return (base.resolve(), tuple(sorted(str(Path(m).resolve()) for m in mod_dirs)), language())


def keep_for_next_load(result: LoadResult, content_dir: Path | None, mod_dirs: Sequence[Path]) -> None:
    """Let the next ``load_content(content_dir, mod_dirs)`` return ``result`` unread."""
    _KEPT.clear()
    _KEPT[_key(content_dir, mod_dirs)] = (result, _stamps(result.files))


def load_or_raise(content_dir: Path | None = None, mod_dirs: Sequence[Path] = (), *,
                  installed: Path | None = None) -> Content:
    """The content, or :class:`ContentError` listing every problem."""
    result = load_content(content_dir, mod_dirs, installed=installed)
    if not result.ok:
        raise ContentError(result.problems)
    assert result.content is not None
    return result.content
