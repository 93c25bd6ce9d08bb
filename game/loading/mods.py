"""Mods: finding them, reading their mod.yaml, checking versions, and the load order.

A mod is a folder with a ``mod.yaml`` (see ``MOD_MANIFEST`` in :mod:`spec`) and any
number of content files. Mods come from two places: ``--mod DIR`` on the command line
(*explicit*) and the ``mods/`` folder beside the save folder (*installed*). An explicit
mod that cannot load is an error; an installed one is set aside with the reason, so that
one broken download never keeps the game from starting.

Load order follows dependencies, then mod ids: it does not depend on the order of
``--mod`` options or of folders on disk, so every computer in a class loads the same
mods the same way.
"""

from __future__ import annotations

import heapq
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__
from game.base.i18n import _, ngettext
from game.base.paths import display_path, installed_mods_dir
from game.engine.text import Text, tr
from game.loading import spec as S
from game.loading.problems import ERROR, WARNING, Problem, did_you_mean

if TYPE_CHECKING:
    from game.loading.reader import FileResult, Place

# The reader (and with it YAML) is imported where a file is read: the command line asks
# where the installed mods live before the title screen is drawn, and that reads nothing.

EXPLICIT = "command line"
INSTALLED = "installed"

ACTIVE = "active"
INACTIVE = "inactive"

MODS_FOLDER = "mods"


# --- versions ---------------------------------------------------------------------


def parse_version(text: str) -> tuple[int, ...]:
    """``"1.2"`` -> ``(1, 2)``; raises ValueError for anything else."""
    text = str(text).strip()
    if not re.match(S.VERSION_PATTERN, text):
        raise ValueError(text)
    return tuple(int(part) for part in text.split("."))


def _padded(version: tuple[int, ...], length: int = 3) -> tuple[int, ...]:
    return version + (0,) * (length - len(version))


def satisfies(version: str, requirement: str | None) -> bool:
    """Whether ``version`` meets ``requirement`` (``">=0.1, <1.0"``, ``"0.1"``, ``"*"``).

    A bare version is a prefix: ``0.1`` takes 0.1, 0.1.0 and 0.1.7 but not 0.2. So does
    ``==``. The other operators compare numbers part by part, missing parts being 0.
    """
    if requirement is None or not str(requirement).strip() or str(requirement).strip() == "*":
        return True
    have = parse_version(version)
    for clause in str(requirement).split(","):
        match = re.match(r"^\s*(>=|<=|>|<|==|!=)?\s*(\d+(?:\.\d+){0,2})\s*$", clause)
        if match is None:
            raise ValueError(requirement)
        op, wanted_text = match.group(1) or "==", match.group(2)
        wanted = parse_version(wanted_text)
        if op in ("==", "!="):
            same = have[: len(wanted)] == wanted if len(have) >= len(wanted) else _padded(have) == _padded(wanted)
            if same != (op == "=="):
                return False
            continue
        a, b = _padded(have), _padded(wanted)
        ok = {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]
        if not ok:
            return False
    return True


# --- mod descriptions -------------------------------------------------------------


@dataclass(frozen=True)
class Dependency:
    id: str
    requirement: str | None
    place: Place


@dataclass
class Mod:
    """One mod found on disk, what its mod.yaml says, and whether it is loaded."""

    folder: Path
    source: str  # EXPLICIT or INSTALLED
    id: str
    name: Text = ""
    version: str = "0"
    author: object = ""
    description: object = ""
    game: str | None = None
    depends: tuple[Dependency, ...] = ()
    manifest: FileResult | None = None
    manifest_place: Place | None = None
    status: str = ACTIVE
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Files of the mod as the loader reads them (display paths), filled when loaded.
    files: list[Path] = field(default_factory=list)
    single_file: bool = False

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    @property
    def title(self) -> str:
        return tr(self.name) or self.id

    def deactivate(self, reason: str) -> None:
        self.status, self.reason = INACTIVE, reason

    def place(self, key: str | None = None) -> Place:
        """Where to report a problem about this mod: a key of its mod.yaml, or the mod."""
        from game.loading.reader import Place

        if self.manifest is not None:
            if key is not None and ("", key) in self.manifest.key_places:
                return self.manifest.key_places[("", key)]
            return self.manifest_place or Place(self.manifest.path, 1, 1)
        return Place(display_path(self.folder), 1, 1)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "mod_" + slug
    return slug


def read_mod(path: Path, source: str) -> Mod:
    """The mod at ``path`` (a folder, its mod.yaml, or one content file)."""
    from game.loading.reader import Place, read_file

    path = Path(path)
    if path.is_file() and path.name == S.MANIFEST_NAME:
        path = path.parent
    if path.is_file():
        return Mod(folder=path, source=source, id=_slug(path.stem), single_file=True)
    manifest_path = path / S.MANIFEST_NAME
    if not manifest_path.is_file():
        mod = Mod(folder=path, source=source, id=_slug(path.resolve().name))
        mod.problems.append(
            Problem(display_path(path), 1, 1, WARNING, "mod",
                    _("this folder has no {file}, so it loads as a mod called '{id}' with no version; add a {file} "
                      "(see docs/modding.md) so that players can see what it is").format(file=S.MANIFEST_NAME,
                                                                                          id=mod.id))
        )
        return mod
    if manifest_path.is_symlink() and not manifest_path.resolve().is_relative_to(path.resolve()):
        mod = Mod(folder=path, source=source, id=_slug(path.resolve().name))
        mod.problems.append(
            Problem(display_path(manifest_path), 1, 1, ERROR, "unsafe-path",
                    _("{file} is a link to {target}, outside the mod's folder; a mod may only use its own files: "
                      "copy the file in instead").format(file=S.MANIFEST_NAME, target=manifest_path.resolve()))
        )
        return mod
    result = read_file(manifest_path, display_path(manifest_path), root_spec=S.MOD_MANIFEST)
    data = result.data
    written_id = data.get("id")
    mod = Mod(
        folder=path,
        source=source,
        id=written_id if isinstance(written_id, str) else _slug(path.resolve().name),
        name=data.get("name", ""),
        version=str(data.get("version", "0")),
        author=data.get("author", ""),
        description=data.get("description", ""),
        game=data.get("game"),
        manifest=result,
        manifest_place=Place(result.path, 1, 1),
    )
    mod.problems.extend(result.problems)
    depends = []
    for index, entry in enumerate(data.get("depends", [])):
        place = _list_item_place(result, "depends", index) or mod.place("depends")
        if isinstance(entry, str):
            depends.append(Dependency(entry, None, place))
        elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
            depends.append(Dependency(entry["id"], entry.get("version"), place))
    mod.depends = tuple(depends)
    if "game" not in data and not result.problems:
        mod.problems.append(
            Problem(result.path, 1, 1, WARNING, "mod",
                    _("say which game versions this mod works with, e.g. game: \">={minor}\" (this game is "
                      "{version})").format(minor=_minor(__version__), version=__version__), _first_line(result))
        )
    return mod


def _first_line(result: FileResult) -> str:
    return result.lines[0] if result.lines else ""


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _list_item_place(result: FileResult, key: str, index: int) -> Place | None:
    return result.item_places.get((key, index))


def discover(mods_dir: Path) -> tuple[list[Mod], list[Problem]]:
    """The mods installed in ``mods_dir`` (each a sub-folder with a mod.yaml)."""
    mods: list[Mod] = []
    notes: list[Problem] = []
    if not mods_dir.is_dir():
        return mods, notes
    try:
        entries = sorted(mods_dir.iterdir(), key=lambda p: p.name)
    except OSError as error:
        notes.append(Problem(display_path(mods_dir), 1, 1, WARNING, "mod-inactive",
                             _("cannot read the mods folder: {reason}").format(reason=error.strerror or error)))
        return mods, notes
    for entry in entries:
        if entry.name.startswith("."):
            continue
        shown = display_path(entry)
        if entry.is_file():
            if entry.suffix.lower() == ".zip":
                notes.append(Problem(shown, 1, 1, WARNING, "mod-inactive",
                                     _("a zip file is not read: unpack it here, so that the mod is a folder with its "
                                       "mod.yaml")))
            elif entry.suffix in (".yaml", ".yml"):
                notes.append(Problem(shown, 1, 1, WARNING, "mod-inactive",
                                     _("a loose file in the mods folder is not read: a mod is a folder with a "
                                       "{file}").format(file=S.MANIFEST_NAME)))
            continue
        if not entry.is_dir():
            continue
        if not (entry / S.MANIFEST_NAME).is_file():
            nested = sorted(entry.glob(f"*/{S.MANIFEST_NAME}"))
            if nested:
                message = _("not a mod: the folder has no {file}; there is one in {inner}: move that folder into "
                            "{mods}").format(file=S.MANIFEST_NAME, inner=display_path(nested[0].parent),
                                             mods=display_path(mods_dir))
            else:
                message = _("not a mod: the folder has no {file}").format(file=S.MANIFEST_NAME)
            notes.append(Problem(shown, 1, 1, WARNING, "mod-inactive", message))
            continue
        mods.append(read_mod(entry, INSTALLED))
    return mods, notes


# --- which mods load, and in what order -------------------------------------------


def _problem_at(mod: Mod, place: Place, severity: str, code: str, message: str) -> Problem:
    lines = mod.manifest.lines if mod.manifest is not None and place.path == mod.manifest.path else []
    source = lines[place.line - 1] if 0 < place.line <= len(lines) else ""
    return Problem(place.path, place.line, place.col, severity, code, message, source)


def _refuse(mod: Mod, place: Place, message: str, reason: str, problems: list[Problem]) -> None:
    """An explicit mod's problem is an error; an installed mod is set aside instead."""
    if mod.source == EXPLICIT:
        problems.append(_problem_at(mod, place, ERROR, "mod", message))
        mod.deactivate(reason)
    else:
        mod.deactivate(reason)
        problems.append(_problem_at(mod, place, WARNING, "mod-inactive",
                                    _("mod '{id}' is not loaded: {reason}").format(id=mod.id, reason=message)))


def select(mods: list[Mod], game_version: str = __version__) -> tuple[list[Mod], list[Problem]]:
    """Check ids, game versions and dependencies; return the active mods in load order.

    Marks every mod that cannot load inactive with its reason, and returns the problems:
    errors for explicit mods, warnings for installed ones.
    """
    problems: list[Problem] = []
    # A mod's own problems (its mod.yaml) first.
    for mod in mods:
        errors = [p for p in mod.problems if p.severity == ERROR]
        if mod.source == EXPLICIT:
            problems.extend(mod.problems)
            if errors:
                mod.deactivate(ngettext("{n} error in its {file}", "{n} errors in its {file}", len(errors)).format(
                    n=len(errors), file=S.MANIFEST_NAME))
        elif errors:
            mod.deactivate(ngettext("{n} error in its {file}; run: multivector validate {folder}",
                                    "{n} errors in its {file}; run: multivector validate {folder}", len(errors)).format(
                n=len(errors), file=S.MANIFEST_NAME, folder=display_path(mod.folder)))
            problems.append(_problem_at(mod, mod.place(), WARNING, "mod-inactive",
                                        _("mod '{id}' is not loaded: {reason}").format(id=mod.id, reason=mod.reason)))

    # The same folder twice counts once; the same id twice is a clash.
    seen_folders: dict[Path, Mod] = {}
    by_id: dict[str, Mod] = {}
    for mod in sorted(mods, key=lambda m: m.source != EXPLICIT):  # explicit ones first
        if not mod.active:
            continue
        real = mod.folder.resolve()
        if real in seen_folders:
            mod.deactivate(_("the same folder as mod '{id}'").format(id=seen_folders[real].id))
            continue
        seen_folders[real] = mod
        other = by_id.get(mod.id)
        if other is None:
            by_id[mod.id] = mod
            continue
        if mod.source == INSTALLED and other.source == EXPLICIT:
            mod.deactivate(_("--mod {folder} has the same id and is used instead").format(
                folder=display_path(other.folder)))
            continue
        _refuse(mod, mod.place("id"),
                _("two mods have the id '{id}': {first} and {second}; every mod needs its own id").format(
                    id=mod.id, first=display_path(other.folder), second=display_path(mod.folder)),
                _("another mod has the same id"), problems)

    # Game versions.
    for mod in mods:
        if mod.active and mod.game is not None:
            try:
                fits = satisfies(game_version, mod.game)
            except ValueError:
                continue  # the reader has reported the malformed requirement
            if not fits:
                _refuse(mod, mod.place("game"),
                        _("mod '{id}' {version} works with game versions {wanted}; this game is {game}").format(
                            id=mod.id, version=mod.version, wanted=mod.game, game=game_version),
                        _("needs game {wanted} (this is {game})").format(wanted=mod.game, game=game_version), problems)

    _strand(mods, problems)
    return _order(mods, problems), problems


def _strand(mods: list[Mod], problems: list[Problem]) -> None:
    """Set aside every mod whose dependency is missing, not loaded or the wrong version,
    until nothing changes: setting one aside can strand another."""
    changed = True
    while changed:
        changed = False
        active = {m.id: m for m in mods if m.active}
        for mod in list(active.values()):
            for dep in mod.depends:
                needed = active.get(dep.id)
                if needed is None:
                    known = [m.id for m in mods]
                    missing = next((m for m in mods if m.id == dep.id), None)
                    if missing is not None:
                        why = _("mod '{id}' needs mod '{needed}', which is not loaded ({reason})").format(
                            id=mod.id, needed=dep.id, reason=missing.reason)
                    else:
                        nearby = _sibling_with_id(mod, dep.id)
                        if nearby is not None:
                            why = _("mod '{id}' needs mod '{needed}'{hint}, which is not loaded: add --mod "
                                    "{folder}").format(id=mod.id, needed=dep.id, hint=did_you_mean(dep.id, known),
                                                       folder=display_path(nearby))
                        else:
                            why = _("mod '{id}' needs mod '{needed}'{hint}, which is not loaded: add --mod with its "
                                    "folder, or put it into the mods folder").format(
                                id=mod.id, needed=dep.id, hint=did_you_mean(dep.id, known))
                    _refuse(mod, dep.place, why, _("needs mod '{needed}', which is not loaded").format(needed=dep.id),
                            problems)
                    changed = True
                    break
                if dep.requirement is not None:
                    try:
                        fits = satisfies(needed.version, dep.requirement)
                    except ValueError:
                        fits = True  # the reader has reported the malformed requirement
                    if not fits:
                        _refuse(mod, dep.place,
                                _("mod '{id}' needs mod '{needed}' version {wanted}, but {folder} is version "
                                  "{found}").format(id=mod.id, needed=dep.id, wanted=dep.requirement,
                                                    folder=display_path(needed.folder), found=needed.version),
                                _("needs '{needed}' {wanted} (found {found})").format(
                                    needed=dep.id, wanted=dep.requirement, found=needed.version), problems)
                        changed = True
                        break


def _sibling_with_id(mod: Mod, wanted: str, limit: int = 50) -> Path | None:
    """A folder beside ``mod`` whose mod.yaml has the id ``wanted``, to suggest it."""
    from game.loading.reader import read_file

    if mod.single_file:
        return None
    try:
        siblings = sorted(p for p in mod.folder.parent.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return None
    for folder in siblings[:limit]:
        manifest = folder / S.MANIFEST_NAME
        if folder.resolve() == mod.folder.resolve() or not manifest.is_file():
            continue
        if read_file(manifest, display_path(manifest), root_spec=S.MOD_MANIFEST).data.get("id") == wanted:
            return folder
    return None


def _order(mods: list[Mod], problems: list[Problem]) -> list[Mod]:
    """Active mods after their dependencies, ties broken by id; cycles are refused."""
    while True:
        active = {m.id: m for m in mods if m.active}
        waiting = {mod_id: {d.id for d in m.depends} for mod_id, m in active.items()}
        ready = [mod_id for mod_id, deps in waiting.items() if not deps]
        heapq.heapify(ready)
        order: list[Mod] = []
        while ready:
            mod_id = heapq.heappop(ready)
            order.append(active[mod_id])
            for other, deps in waiting.items():
                if mod_id in deps:
                    deps.discard(mod_id)
                    if not deps:
                        heapq.heappush(ready, other)
        if len(order) == len(active):
            return order
        cycle = _find_cycle({mod_id: deps for mod_id, deps in waiting.items() if deps})
        shown = " -> ".join([*cycle, cycle[0]])
        for mod_id in cycle:
            mod = active[mod_id]
            dep = next((d for d in mod.depends if d.id in cycle), None)
            _refuse(mod, dep.place if dep else mod.place(),
                    _("mods depend on each other in a circle: {circle}; one of them must drop its 'depends' on the "
                      "other").format(circle=shown),
                    _("depends on itself in a circle: {circle}").format(circle=shown), problems)
        _strand(mods, problems)  # the mods that needed the circle cannot load either


def _find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle among ``edges`` (each mod -> the unloaded mods it waits for)."""
    start = min(edges)
    path: list[str] = []
    seen: dict[str, int] = {}
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(d for d in edges[node] if d in edges)
    return path[seen[node]:]
