"""Load a content folder (and mods) into engine objects, collecting every problem."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.model import Content
from game.loading.build import Collected, build, check
from game.loading.problems import ERROR, WARNING, Problem, sort_problems
from game.loading.reader import read_file

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILES = 5_000


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
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors


def default_content_dir() -> Path:
    """``content/`` of the checkout when run from one, else the copy inside the package."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "content"
    if checkout.is_dir():
        return checkout
    return package / "_content"


def display_path(path: Path) -> str:
    """A path as problems show it: relative to the working folder where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def content_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, in a fixed order (sorted relative paths)."""
    if folder.is_file():
        return [folder]
    files = [p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file() and not p.is_symlink()]
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())[:MAX_FILES]


def collect(folders: Sequence[Path]) -> Collected:
    collected = Collected()
    for folder in folders:
        for path in content_files(folder):
            collected.add(read_file(path, display_path(path)))
    return collected


def load_content(content_dir: Path | None = None, mod_dirs: Sequence[Path] = ()) -> LoadResult:
    """Read, check and build the base content plus mods. Never raises for bad content."""
    base = Path(content_dir) if content_dir is not None else default_content_dir()
    problems: list[Problem] = []
    if not base.exists():
        problems.append(Problem(str(base), 1, 1, ERROR, "file", "content folder not found"))
        return LoadResult(None, problems)
    folders = [base, *(Path(m) for m in mod_dirs)]
    for folder in folders[1:]:
        if not folder.exists():
            problems.append(Problem(str(folder), 1, 1, ERROR, "file", "mod folder not found"))
    if problems:
        return LoadResult(None, problems)
    collected = collect(folders)
    for result in collected.files:
        problems.extend(result.problems)
    unreadable = {"file", "yaml", "unsafe-yaml", "not-a-mapping"}
    if not any(p.code in unreadable for p in problems):
        # Cross-file checks on a half-read tree would only add noise.
        problems.extend(check(collected))
    problems = sort_problems(problems)
    files = [p for f in folders for p in content_files(f)]
    if any(p.severity == ERROR for p in problems):
        return LoadResult(None, problems, files)
    return LoadResult(build(collected), problems, files)


def load_or_raise(content_dir: Path | None = None, mod_dirs: Sequence[Path] = ()) -> Content:
    """The content, or :class:`ContentError` listing every problem."""
    result = load_content(content_dir, mod_dirs)
    if not result.ok:
        raise ContentError(result.problems)
    assert result.content is not None
    return result.content
