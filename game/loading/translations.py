"""Content translations kept in files of their own: ``locale/<lang>.po`` beside the content.

A translator never edits a card. Each language has one gettext catalogue per content
folder (the base game's ``content/locale/ru.po``, a mod's ``<mod>/locale/kk.po``), which
any .po editor opens (Poedit, Lokalize, Weblate). An entry is one text of the content:

    #: cards/china.yaml:4
    msgctxt "card:china.protests_2019:choices.0.label"
    msgid "Disperse the rallies and detain the organisers"
    msgstr "Разогнать митинги и задержать организаторов"

``msgctxt`` names the item (kind and id; a glossary entry by its term) and the field's
path in it; ``msgid`` is the English the translation was made from. When the English is
edited the entry no longer matches: the text shows in English again (never a translation
of something the card no longer says) and ``multivector translations`` lists it as
outdated until the translator has looked at it (``--update`` marks it fuzzy, keeping
the old English beside it, as gettext's msgmerge does).

At load (:func:`apply`) every translated text becomes a map ``{en: ..., ru: ...}`` in
the content, so the rest of the game sees the same Text maps as for an inline
``title: {en: ..., ru: ...}``, which keeps working: a catalogue entry that matches the
English wins over an inline translation, and any text without either falls back to
English on its own. Catalogues load in the content's order (base game, then each mod),
so a mod may ship translations of its own texts or better ones of the base game's.

Citations (``history.source``) stay as written: they name a real publication.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from game.base.i18n import LANGUAGES, MAX_CATALOGUE, parse_po
from game.base.paths import display_path
from game.loading import spec as S
from game.loading.problems import WARNING, Problem

# Whatever the caller keeps beside each item (its place and file), passed through.
_Place = TypeVar("_Place")
_Result = TypeVar("_Result")

LOCALE_FOLDER = "locale"
TEMPLATE_NAME = "content.pot"
# What a context calls each kind (one word, singular).
KIND_NAMES = {
    "meters": "meter",
    "situations": "situation",
    "endings": "ending",
    "grades": "grade",
    "scenarios": "scenario",
    "cast": "cast",
    "cards": "card",
    "glossary": "glossary",
    "roles": "role",
    "achievements": "achievement",
}
# Field paths never translated (a publication's title stays as published).
UNTRANSLATED = {"history.source"}
# {name}, {0}, %s, %(name)s, %d: what the game might fill in; a translation keeps them.
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]*\}|%(?:\([A-Za-z0-9_]+\))?[sdif]")


@dataclass(frozen=True)
class Source:
    """One translatable text of the content as it will be played."""

    context: str  # "card:china.protests_2019:choices.0.label"
    english: str  # the English, stripped of the surrounding white space YAML leaves
    path: str  # the content file, as shown
    line: int  # where its item starts
    inline: tuple[tuple[str, str], ...] = ()  # translations written in the card itself
    limit: int = 20_000  # the most characters the field takes

    def reference(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Entry:
    english: str
    text: str
    fuzzy: bool = False


@dataclass
class Catalogue:
    """One language's translations: context -> entry (the English it was made from)."""

    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)


def english_of(text: object) -> str | None:
    if isinstance(text, str):
        return text.strip()
    if isinstance(text, dict) and isinstance(text.get("en"), str):
        return text["en"].strip()
    return None


def _walk(value: object, spec: S.Spec, path: str) -> Iterator[tuple[str, object]]:
    """(field path, text) for every Text in ``value`` as ``spec`` describes it."""
    for path, text, _ in _walk_specs(value, spec, path):
        yield path, text


def _walk_specs(value: object, spec: S.Spec, path: str) -> Iterator[tuple[str, object, S.Text]]:
    if isinstance(spec, S.Text):
        if path not in UNTRANSLATED:
            yield path, value, spec
    elif isinstance(spec, S.Obj) and isinstance(value, dict):
        for name, fld in spec.fields.items():
            if name in value:
                yield from _walk_specs(value[name], fld.spec, f"{path}.{name}" if path else name)
    elif isinstance(spec, S.ListOf) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_specs(item, spec.item, f"{path}.{index}")
    elif isinstance(spec, S.MapOf) and isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_specs(item, spec.value, f"{path}.{key}")


def item_name(kind: str, item: dict) -> str | None:
    ident = item.get("term") if kind == "glossary" else item.get("id")
    return f"{KIND_NAMES[kind]}:{ident}" if isinstance(ident, str) else None


class _Located(Protocol):
    """Where an item was read: a :class:`~game.loading.reader.Place` or a file's top."""

    @property
    def path(self) -> str: ...

    @property
    def line(self) -> int: ...


def texts_of(items: Mapping[str, Sequence[tuple[dict, _Located, object]]]) -> list[Source]:
    """Every translatable text of ``Collected.items``, in content order."""
    found = []
    for kind, entries in items.items():
        spec = S.CONTENT_FILE.fields[kind].spec
        assert isinstance(spec, S.ListOf)
        for item, place, _ in entries:
            name = item_name(kind, item)
            if name is None:
                continue
            for path, text, text_spec in _walk_specs(item, spec.item, ""):
                english = english_of(text)
                if not english:
                    continue
                inline = tuple((k, v) for k, v in text.items() if k != "en") if isinstance(text, dict) else ()
                found.append(Source(f"{name}:{path}", english, place.path, place.line, inline,
                                    text_spec.max_length))
    return found


def texts_of_folder(folder: Path) -> tuple[list[Source], list[Problem]]:
    """Every translatable text of one content folder or mod, file by file (what its own
    catalogue translates), with the problems met reading it."""
    from game.loading.files import list_files
    from game.loading.reader import read_file

    files, problems = list_files(folder)
    found: list[Source] = []
    for path in files:
        if path.name == S.MANIFEST_NAME:
            continue
        result = read_file(path, display_path(path))
        problems.extend(result.problems)
        items = {kind: [(item, result.item_places.get((kind, index)) or _Top(result.path), result)
                        for index, item in enumerate(result.data.get(kind) or ()) if isinstance(item, dict)]
                 for kind in KIND_NAMES}
        found.extend(texts_of(items))
    return found, problems


@dataclass(frozen=True)
class _Top:
    path: str
    line: int = 1


# --- reading catalogues ---------------------------------------------------------------


def locale_files(folder: Path) -> dict[str, Path]:
    """The catalogues of a content folder or mod: language -> ``locale/<lang>.po``."""
    locale = Path(folder) / LOCALE_FOLDER
    return {lang: locale / f"{lang}.po" for lang in LANGUAGES
            if lang != "en" and (locale / f"{lang}.po").is_file()}


# Catalogues parsed lately, by a hash of their bytes: the header and the usable entries.
# A content folder is loaded again and again in one process (--watch after each edit of
# a card, the tests), and parsing the two catalogues was most of an uncached load.
_PARSED: dict[bytes, tuple[dict[str, str], dict[str, Entry]]] = {}
_PARSED_MAX = 16


def _parsed_catalogue(data: bytes) -> tuple[dict[str, str], dict[str, Entry]]:
    """The header and entries of a catalogue's bytes (shared: callers copy, never change)."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    found = _PARSED.get(key)
    if found is None:
        po = parse_po(data.decode("utf-8"))
        entries = {entry.msgctxt: Entry(entry.msgid.strip(), entry.msgstr.strip(), "fuzzy" in entry.flags)
                   for entry in po
                   if not entry.obsolete and entry.msgctxt and entry.msgstr.strip()}
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.pop(next(iter(_PARSED)))
        found = _PARSED[key] = (dict(po.metadata), entries)
    return found


def read_catalogue(path: Path, language: str, into: Catalogue | None = None) -> tuple[Catalogue, list[Problem]]:
    """The entries of one .po file added to ``into`` (later files win); a file that
    cannot be read is a warning: the game plays on, in English where it has to."""
    from game.base.files import read_bounded

    catalogue = into if into is not None else Catalogue(language)
    try:
        header, entries = _parsed_catalogue(read_bounded(path, MAX_CATALOGUE, "translation catalogue"))
    except (OSError, ValueError, UnicodeDecodeError) as error:
        line = re.search(r"line (\d+)", str(error))
        return catalogue, [Problem(display_path(path), int(line.group(1)) if line else 1, 1, WARNING, "translation",
                                   f"this translation file cannot be read ({error}); its texts show in English")]
    catalogue.files.append(path)
    if not catalogue.header:
        catalogue.header = dict(header)
    catalogue.entries.update(entries)
    return catalogue, []


def read_catalogues(folders: Sequence[Path]) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Every language's catalogue, the folders' files merged in order."""
    catalogues: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    for folder in folders:
        for language, path in locale_files(folder).items():
            catalogue, found = read_catalogue(path, language, catalogues.get(language))
            catalogues[language] = catalogue
            problems.extend(found)
    return catalogues, problems


def translation(source: Source, catalogue: Catalogue) -> str | None:
    """The current translation of ``source``, if the catalogue has one: not fuzzy, made
    from the English the content says now, and fit to show (within the field's length,
    no control characters: the checks the loader makes of an inline text)."""
    entry = catalogue.entries.get(source.context)
    if entry is None or entry.fuzzy or entry.english != source.english:
        return None
    if problem_of(entry.text, source) is not None:
        return None
    return entry.text


def problem_of(text: str, source: Source) -> str | None:
    """Why a translation cannot be used as it stands, or None."""
    from game.base.text import describe_char, first_unsafe

    unsafe = first_unsafe(text)
    if unsafe is not None:
        return f"holds the character {describe_char(unsafe)}, which no shown text may hold"
    if len(text) > source.limit:
        return f"is {len(text)} characters; the field takes at most {source.limit}"
    if placeholders(text) != placeholders(source.english):
        return (f"has the placeholders {', '.join(placeholders(text)) or 'none'}, the English "
                f"{', '.join(placeholders(source.english)) or 'none'}")
    return None


# --- applying them --------------------------------------------------------------------


def _merged(text: object, translations: dict[str, str]) -> object:
    if not translations:
        return text
    if isinstance(text, str):
        return {"en": text, **translations}
    if isinstance(text, dict):
        return {**text, **translations}
    return text  # not a text: the reader has reported it


def _translated(value: object, spec: S.Spec, path: str, found: dict[str, dict[str, str]]) -> object:
    """A copy of ``value`` with the translations of ``found`` (path -> language -> text)
    merged into its Text maps; parts without any are shared, not copied."""
    if isinstance(spec, S.Text):
        return _merged(value, found.get(path, {}))
    if isinstance(spec, S.Obj) and isinstance(value, dict):
        prefix = f"{path}." if path else ""
        changed = {name: _translated(value[name], fld.spec, prefix + name, found)
                   for name, fld in spec.fields.items() if name in value
                   and any(p == prefix + name or p.startswith(prefix + name + ".") for p in found)}
        return {**value, **changed} if changed else value
    if isinstance(spec, S.ListOf) and isinstance(value, list):
        return [_translated(item, spec.item, f"{path}.{index}", found) for index, item in enumerate(value)]
    if isinstance(spec, S.MapOf) and isinstance(value, dict):
        return {key: _translated(item, spec.value, f"{path}.{key}", found) for key, item in value.items()}
    return value


def apply(items: dict[str, list[tuple[dict, _Place, _Result]]], catalogues: dict[str, Catalogue]) -> int:
    """Merge the catalogues' current translations into ``items`` (``Collected.items``),
    replacing each translated item by a translated copy. Returns how many texts."""
    if not catalogues:
        return 0
    count = 0
    for kind, entries in items.items():
        spec = S.CONTENT_FILE.fields[kind].spec
        assert isinstance(spec, S.ListOf)
        for number, (item, place, result) in enumerate(entries):
            name = item_name(kind, item)
            if name is None:
                continue
            found: dict[str, dict[str, str]] = {}
            for path, text, text_spec in _walk_specs(item, spec.item, ""):
                english = english_of(text)
                if not english:
                    continue
                source = Source(f"{name}:{path}", english, "", 0, limit=text_spec.max_length)
                for language, catalogue in catalogues.items():
                    text_found = translation(source, catalogue)
                    if text_found is not None:
                        found.setdefault(path, {})[language] = text_found
                        count += 1
            if found:
                translated = _translated(item, spec.item, "", found)
                assert isinstance(translated, dict)  # an Obj spec over a dict gives a dict
                entries[number] = (translated, place, result)
    return count


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --- coverage -------------------------------------------------------------------------

TRANSLATED, OUTDATED, MISSING, INVALID = "translated", "outdated", "missing", "invalid"


def status(source: Source, catalogue: Catalogue | None) -> tuple[str, str]:
    """Where ``source`` stands in ``catalogue``: (status, detail)."""
    entry = catalogue.entries.get(source.context) if catalogue is not None else None
    if entry is not None and entry.english == source.english and not entry.fuzzy:
        problem = problem_of(entry.text, source)
        return (INVALID, problem) if problem else (TRANSLATED, "")
    language = catalogue.language if catalogue is not None else ""
    if dict(source.inline).get(language, "").strip():
        return TRANSLATED, "inline"
    if entry is not None:
        return OUTDATED, ("marked fuzzy: check it against the English" if entry.english == source.english
                          else f"made from other English: {entry.english[:60]!r}")
    return MISSING, ""


def complete_files(catalogue: Catalogue | None) -> list[str]:
    """The files a catalogue declares complete (header ``X-Complete``, names relative to
    the content folder, space-separated; ``*`` for all)."""
    if catalogue is None:
        return []
    return catalogue.header.get("X-Complete", "").split()


# --- refreshing a catalogue from the content (multivector translations --update) ------


def refreshed(existing, sources: Sequence[Source], language: str | None, folder: Path):
    """``existing`` (a polib POFile, or None) brought up to date with ``sources``: a new
    entry for each new text, the English of a changed one replaced and its translation
    kept but marked fuzzy (the old English beside it, ``#| msgid``), the entries of texts
    gone kept as obsolete (``#~``) so that nothing a translator wrote is lost. With
    ``language`` None: the template (.pot), every translation empty."""
    import polib

    po = new_catalogue(existing, language, "multivector content")
    old = {e.msgctxt: e for e in existing if not e.obsolete} if existing is not None else {}
    seen = set()
    for source in sources:
        if source.context in seen:
            continue
        seen.add(source.context)
        entry = polib.POEntry(msgctxt=source.context, msgid=source.english, msgstr="")
        try:
            where = Path(source.path).resolve().relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            where = source.path
        # The file, not the line (the context names the field): a line number would move
        # with every edit above it and rewrite the catalogues.
        entry.occurrences = [(where, "")]
        if source.limit < 20_000:
            entry.comment = f"at most {source.limit} characters"
        before = old.pop(source.context, None)
        if language is not None and before is not None:
            entry.msgstr = before.msgstr
            entry.tcomment = before.tcomment
            entry.flags = [f for f in before.flags if f != "fuzzy"]
            if before.msgid.strip() != source.english:
                entry.flags.append("fuzzy")
                entry.previous_msgid = before.msgid
            elif "fuzzy" in before.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = before.previous_msgid
        elif language is not None and dict(source.inline).get(language):
            entry.msgstr = dict(source.inline)[language].strip()  # an inline one, to start from
        po.append(entry)
    for gone in old.values():
        if gone.msgstr:
            gone.obsolete = True
            po.append(gone)
    if existing is not None:
        po.extend(e for e in existing if e.obsolete and e.msgctxt not in seen and e.msgstr)
    return po


def new_catalogue(existing, language: str | None, project: str):
    """An empty polib catalogue with ``existing``'s header (a translator's comments,
    the glossary) and the metadata every catalogue of the game carries."""
    import polib

    from game.base.i18n import PLURAL_FORMS

    po = polib.POFile(wrapwidth=0)
    if existing is not None:
        po.header = existing.header
        po.metadata = dict(existing.metadata)
    po.metadata.setdefault("Project-Id-Version", project)
    po.metadata.setdefault("MIME-Version", "1.0")
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Content-Transfer-Encoding"] = "8bit"
    if language is not None:
        po.metadata["Language"] = language
        po.metadata["Plural-Forms"] = PLURAL_FORMS[language]
    return po
