"""A cache of validated content, so that a second start skips reading and checking YAML.

A load that succeeds (no errors; warnings are kept) is written as one JSON file: the
content as plain data, the warnings, the files read and the mods. The next load of the
same request uses it if nothing it depends on has changed:

- every file the load could read: each YAML and translation (.po) file's bytes (hashed), and the names and
  kinds of everything else in the content folder, the mods named and the installed
  mods folder, so that a file edited, added or removed, or a stray ``.py`` file (which
  the loader warns about), means a fresh load;
- the game's version, the loader's and the engine model's source files (a change of
  the rules of validation), the working folder (problems show paths relative to it),
  the interface's language (the warnings kept are worded in it) and the request itself
  (content folder, mods, installed mods folder).

The cache is JSON and is decoded only into the engine's own dataclasses, field by field
as the model declares them: a damaged or doctored file cannot run code, and anything
in it that does not fit (truncated, another format, another version) is ignored and the
file rewritten after a fresh load. It is written atomically (a temporary file, then a
rename), so a crash never leaves half a file. The folder is ``.cache/`` of the checkout
when the game runs from one, else the user's cache folder (``$XDG_CACHE_HOME/multivector``,
``~/Library/Caches/multivector``, ``%LOCALAPPDATA%\\multivector\\Cache``);
``MULTIVECTOR_CACHE`` names another folder, or ``off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from game import __version__
from game.base.files import FileRefused, atomic_write, read_bounded
from game.base.i18n import language
from game.base.paths import checkout_root, user_cache_dir
from game.engine import model as M

FORMAT = 1
ENV_VAR = "MULTIVECTOR_CACHE"
KEEP = 24  # cache files kept (one per distinct request), newest first
# A cache file of the largest load the loader allows (250,000 values) is about 30 MB.
MAX_CACHE_BYTES = 128 * 1024 * 1024
_OFF = {"off", "0", "no", "none", "false"}
_YAML = (".yaml", ".yml")
# Files whose bytes a load depends on: the YAML, and the translations merged into it.
_HASHED = (*_YAML, ".po")
_MANIFEST = "mod.yaml"


# --- where ------------------------------------------------------------------------------


def cache_folder(env: Mapping[str, str] | None = None) -> Path | None:
    """Where cache files go, or None when the cache is off."""
    env = os.environ if env is None else env
    chosen = env.get(ENV_VAR, "").strip()
    if chosen.lower() in _OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    root = checkout_root()
    if root is not None:
        return root / ".cache"
    return user_cache_dir()


# --- what a cached load depends on --------------------------------------------------------


def _code_stamp() -> list:
    """Size and modification time of the loader's and the model's source files."""
    stamps = []
    package = Path(__file__).resolve().parent.parent
    for folder in ("loading", "engine"):
        for path in sorted((package / folder).glob("*.py")):
            info = path.stat()
            stamps.append([f"{folder}/{path.name}", info.st_size, info.st_mtime_ns])
    return stamps


def _walk(root: Path, digest) -> None:
    """Feed ``digest`` with everything under ``root`` the loader could look at: names and
    kinds of every entry (dot-names apart, as the loader skips them), link targets, and
    the bytes of every YAML file. Raises OSError if something cannot be read.

    It keeps to the loader's limits: a YAML file over MAX_FILE_BYTES, or more YAML files
    than MAX_FILES, is refused (:class:`FileRefused`, an OSError) before anything more is
    read, so the load goes to the loader, which says why."""
    from game.loading.files import MAX_FILE_BYTES, MAX_FILES

    yaml_files = 0

    def feed(*parts: object) -> None:
        digest.update(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogateescape") + b"\n")

    if root.is_symlink():
        feed("link", str(root), os.readlink(root))
    if not root.exists():
        feed("missing", str(root))
        return
    if root.is_file():
        feed("file", str(root))
        digest.update(read_bounded(root, MAX_FILE_BYTES, "content file"))
        return
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = prefix + entry.name
            if entry.is_symlink():
                feed("link", name, os.readlink(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                feed("dir", name)
                pending.append((Path(entry.path), name + "/"))
            elif entry.is_file(follow_symlinks=False):
                if Path(entry.name).suffix in _HASHED:
                    yaml_files += 1
                    if yaml_files > MAX_FILES:
                        raise FileRefused(f"more than {MAX_FILES:,} YAML files")
                    data = read_bounded(entry.path, MAX_FILE_BYTES, "content file")
                    feed("yaml", name, len(data))
                    digest.update(data)
                else:
                    feed("other", name)
            else:
                feed("special", name)


def _roots(content_dir: Path | None, mod_dirs: Sequence[Path], installed: Path | None) -> list[Path]:
    from game.base.paths import default_content_dir

    roots = [Path(content_dir) if content_dir is not None else default_content_dir()]
    for mod in mod_dirs:
        mod = Path(mod)
        roots.append(mod.parent if mod.name == _MANIFEST and mod.is_file() else mod)
    if installed is not None:
        roots.append(Path(installed))
    return roots


def _request(content_dir: Path | None, mod_dirs: Sequence[Path], installed: Path | None) -> str:
    # The interface's language too: the warnings kept are worded in it.
    parts = [FORMAT, __version__, os.getcwd(), str(content_dir) if content_dir is not None else None,
             [str(m) for m in mod_dirs], str(installed) if installed is not None else None,
             sys.version_info[:2], _code_stamp(), language()]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()


def _fingerprint(roots: list[Path]) -> str:
    digest = hashlib.sha256()
    for root in roots:
        digest.update(b"\0root\0")
        _walk(root, digest)
    return digest.hexdigest()


# --- the content as JSON -----------------------------------------------------------------

_MISSING = dataclasses.MISSING


class _Damaged(Exception):
    """The cache file does not hold what this version writes."""


def _check(kind: type) -> Callable:
    def decode(value):
        if type(value) is not kind:
            raise _Damaged(f"{kind.__name__} expected")
        return value
    return decode


def _number(value):
    if type(value) not in (int, float):
        raise _Damaged("number expected")
    return value


def _items(value) -> list:
    if type(value) is not list:
        raise _Damaged("list expected")
    return value


_DECODERS: dict = {}
_SCALARS = {str: (str,), int: (int,), bool: (bool,), float: (int, float)}


def _decoder(hint) -> Callable:
    """A function turning the JSON of a value of type ``hint`` back into that value."""
    found = _DECODERS.get(hint)
    if found is not None:
        return found
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str or hint is int or hint is bool:
        made = _check(hint)
    elif hint is float:
        made = _number
    elif origin in (typing.Union, types.UnionType):
        made = _union(args)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if args[0] in _SCALARS:
            kinds = _SCALARS[args[0]]

            def made(value):
                for x in _items(value):
                    if type(x) not in kinds:
                        raise _Damaged("wrong type in a list")
                return tuple(value)
        else:
            made = lambda value: tuple([item(x) for x in _items(value)])  # noqa: E731
    elif origin is tuple:
        parts = [_decoder(a) for a in args]
        if all(a in _SCALARS for a in args):  # (meter, amount), (meter, low, high): the bulk
            part_kinds = [_SCALARS[a] for a in args]

            def made(value):
                if type(value) is not list or len(value) != len(part_kinds):
                    raise _Damaged("wrong tuple")
                for x, allowed in zip(value, part_kinds):
                    if type(x) not in allowed:
                        raise _Damaged("wrong type in a tuple")
                return tuple(value)
        else:
            def made(value):
                value = _items(value)
                if len(value) != len(parts):
                    raise _Damaged("wrong length")
                return tuple([part(x) for part, x in zip(parts, value)])
    elif origin is frozenset:
        item = _decoder(args[0])
        made = lambda value: frozenset([item(x) for x in _items(value)])  # noqa: E731
    elif origin in (Mapping, dict):
        if args[0] is not str:
            raise TypeError(f"cannot cache {hint}")
        item = _decoder(args[1])

        def made(value):
            if type(value) is not dict:
                raise _Damaged("mapping expected")
            return {key: item(x) for key, x in value.items()}
    elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
        # A record may hold records of its own type (a condition's any:): while it is
        # being built, its decoder is found here and passes the value on.
        building: list[Callable] = []
        _DECODERS[hint] = lambda value: building[0](value)
        made = _record(hint)
        building.append(made)
    else:
        raise TypeError(f"cannot cache {hint}")
    _DECODERS[hint] = made
    return made


def _union(args) -> Callable:
    choices = [a for a in args if a is not type(None)]
    nullable = len(choices) < len(args)
    if len(choices) == 1:
        only = _decoder(choices[0])
        return lambda value: None if value is None and nullable else only(value)
    by_kind = {}
    for choice in choices:  # Text: str or a mapping of languages
        kind = dict if typing.get_origin(choice) in (Mapping, dict) else choice
        by_kind[kind] = _decoder(choice)

    def decode(value):
        if value is None and nullable:
            return None
        chosen = by_kind.get(type(value))
        if chosen is None:
            raise _Damaged("no type of the union fits")
        return chosen(value)
    return decode


def _record(cls: type) -> Callable:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    decoders = {f.name: _decoder(hints[f.name]) for f in fields}
    defaults = {f.name: f.default for f in fields if f.default is not _MISSING}
    factories = {f.name: f.default_factory for f in fields if f.default_factory is not _MISSING}
    required = {f.name for f in fields} - set(defaults) - set(factories)
    later = {f.name: f.default_factory for f in dataclasses.fields(cls)
             if not f.init and f.default_factory is not _MISSING}
    # The model's records are plain data: filled directly, they skip the frozen
    # dataclass __init__ (one object.__setattr__ per field), which would double the time.
    direct = not hasattr(cls, "__post_init__")

    def decode(value):
        if type(value) is not dict:
            raise _Damaged(f"{cls.__name__} expected")
        values = dict(defaults)
        for name, factory in factories.items():
            if name not in value:
                values[name] = factory()
        for name, raw in value.items():
            values[name] = decoders[name](raw)  # an unknown field: KeyError, damaged
        if not required <= values.keys():
            raise _Damaged(f"{cls.__name__} without {sorted(required - values.keys())}")
        if not direct:
            return cls(**values)
        record = object.__new__(cls)
        record.__dict__.update(values)
        for name, factory in later.items():
            record.__dict__[name] = factory()
        return record
    return decode


_ENCODERS: dict = {}


def _encode(value):
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [_encode(x) for x in value]
    if kind is frozenset or kind is set:
        return sorted(_encode(x) for x in value)
    if isinstance(value, Mapping):
        result = {}
        for key, x in value.items():
            if type(key) is not str:
                raise TypeError(f"cannot cache a mapping with {type(key).__name__} keys")
            result[key] = _encode(x)
        return result
    if dataclasses.is_dataclass(value):
        plan = _ENCODERS.get(kind)
        if plan is None:
            plan = _ENCODERS[kind] = [
                (f.name, f.default if f.default is not _MISSING else
                 f.default_factory() if f.default_factory is not _MISSING else _MISSING)
                for f in dataclasses.fields(kind) if f.init
            ]
        result = {}
        for name, default in plan:  # defaults are left out: smaller, faster to read
            x = getattr(value, name)
            if default is _MISSING or x != default:
                result[name] = _encode(x)
        return result
    raise TypeError(f"cannot cache a {kind.__name__}")


# --- a whole load result ------------------------------------------------------------------


def _encode_result(result) -> dict:
    return {
        "content": _encode(result.content),
        "problems": [_problem_json(p) for p in result.problems],
        "files": [str(f) for f in result.files],
        "mods": [_mod_json(m) for m in result.mods],
    }


def _problem_json(problem) -> list:
    return [problem.path, problem.line, problem.col, problem.severity, problem.code, problem.message,
            problem.source_line]


def _place_json(place) -> list | None:
    return None if place is None else [place.path, place.line, place.col]


def _mod_json(mod) -> dict:
    return {
        "folder": str(mod.folder), "source": mod.source, "id": mod.id, "name": mod.name, "version": mod.version,
        "author": mod.author, "description": mod.description, "game": mod.game,
        "depends": [[d.id, d.requirement, _place_json(d.place)] for d in mod.depends],
        "manifest_place": _place_json(mod.manifest_place), "status": mod.status, "reason": mod.reason,
        "problems": [_problem_json(p) for p in mod.problems], "files": [str(f) for f in mod.files],
        "single_file": mod.single_file,
    }


def _decode_result(data: dict):
    from game.loading.load import LoadResult
    from game.loading.mods import Dependency, Mod
    from game.loading.problems import Problem

    def problem(raw) -> Problem:
        path, line, col, severity, code, message, source = _items(raw)
        return Problem(_check(str)(path), _check(int)(line), _check(int)(col), _check(str)(severity),
                       _check(str)(code), _check(str)(message), _check(str)(source))

    def place(raw):
        if raw is None:
            return None
        from game.loading.reader import Place  # and YAML with it: only for a mod's places

        path, line, col = _items(raw)
        return Place(_check(str)(path), _check(int)(line), _check(int)(col))

    def text(raw):
        if raw is None or type(raw) is str or (type(raw) is dict and all(type(v) is str for v in raw.values())):
            return raw
        raise _Damaged("text expected")

    def mod(raw) -> Mod:
        if type(raw) is not dict:
            raise _Damaged("mod expected")
        return Mod(
            folder=Path(_check(str)(raw["folder"])), source=_check(str)(raw["source"]), id=_check(str)(raw["id"]),
            name=text(raw["name"]), version=_check(str)(raw["version"]), author=text(raw["author"]),
            description=text(raw["description"]), game=text(raw["game"]),
            depends=tuple(Dependency(_check(str)(i), text(r), place(p)) for i, r, p in _items(raw["depends"])),
            manifest=None, manifest_place=place(raw["manifest_place"]), status=_check(str)(raw["status"]),
            reason=_check(str)(raw["reason"]), problems=[problem(p) for p in _items(raw["problems"])],
            files=[Path(_check(str)(f)) for f in _items(raw["files"])], single_file=_check(bool)(raw["single_file"]),
        )

    if type(data) is not dict:
        raise _Damaged("result expected")
    content = _decoder(M.Content)(data["content"])
    return LoadResult(
        content,
        [problem(p) for p in _items(data["problems"])],
        [Path(_check(str)(f)) for f in _items(data["files"])],
        [mod(m) for m in _items(data["mods"])],
    )


# --- looking up and storing ---------------------------------------------------------------


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while content is read, checked and built.

    A load makes millions of short-lived objects (YAML nodes, values, records) and few
    or no reference cycles; the collector, triggered by allocations, would walk all the
    live ones again and again: measured, it took half to two thirds of a large mod's
    load. Objects are still freed by reference counting; cycles wait for the next
    collection after the load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()



class Lookup:
    """One load's use of the cache: ``result`` if it was there, and ``store`` for after."""

    def __init__(self, folder: Path | None, request: str | None, roots: list[Path], fingerprint: str | None) -> None:
        self.folder = folder
        self.request = request
        self.roots = roots
        self.fingerprint = fingerprint
        self.result = None
        self.path = folder / f"content-{request[:32]}.json" if folder is not None and request else None

    def read(self) -> None:
        if self.path is None or self.fingerprint is None:
            return
        try:
            data = json.loads(read_bounded(self.path, MAX_CACHE_BYTES, "cache file"))
        except (OSError, ValueError, RecursionError):
            return  # no cache yet, or a damaged one: a fresh load will replace it
        try:
            if (type(data) is not dict or data.get("format") != FORMAT or data.get("game") != __version__
                    or data.get("request") != self.request or data.get("fingerprint") != self.fingerprint):
                return
            self.result = _decode_result(data["result"])
        except (_Damaged, KeyError, TypeError, ValueError, AttributeError, RecursionError):
            self.result = None

    def store(self, result) -> None:
        """Keep ``result`` if it loaded without errors and no file changed meanwhile."""
        if self.path is None or self.fingerprint is None or result.content is None or result.errors:
            return
        try:
            if _fingerprint(self.roots) != self.fingerprint:
                return  # a file changed while it was being read: do not remember either version
            payload = {"format": FORMAT, "game": __version__, "request": self.request,
                       "fingerprint": self.fingerprint, "result": _encode_result(result)}
            data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogateescape")
        except (OSError, TypeError, ValueError):
            return
        _write_atomically(self.path, data)
        _prune(self.path.parent)


def lookup(content_dir: Path | None, mod_dirs: Sequence[Path], installed: Path | None) -> Lookup:
    """The cached result of ``load_content(content_dir, mod_dirs, installed=installed)``,
    if one is kept and still true (``.result``; None otherwise)."""
    folder = cache_folder()
    if folder is None:
        return Lookup(None, None, [], None)
    try:
        request = _request(content_dir, mod_dirs, installed)
        roots = _roots(content_dir, mod_dirs, installed)
        fingerprint = _fingerprint(roots)
    except (OSError, ValueError, RuntimeError):
        return Lookup(None, None, [], None)  # something unreadable: the loader will say what
    found = Lookup(folder, request, roots, fingerprint)
    found.read()
    return found


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError:  # FileRefused too: a link or a folder planted where the cache goes
        return  # a read-only or full disk: the game runs without the cache


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written cache files; a test run makes many."""
    try:
        found = [(p.stat().st_mtime_ns, p) for p in folder.glob("content-*.json")]
    except OSError:
        return
    for _, path in sorted(found, reverse=True)[KEEP:]:
        try:
            path.unlink()
        except OSError:
            pass
