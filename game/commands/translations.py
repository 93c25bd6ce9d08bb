"""``multivector translations``: how far each language has come, and what is left.

For the content (the base game's ``content/locale/<lang>.po``, and each ``--mod``'s own
``locale/``) and for the interface (``game/locale/<lang>/LC_MESSAGES/multivector.po``):
coverage per language and per file, the texts not yet translated, those whose English
changed since (outdated), and translations that cannot be used (placeholders that do not
match the English, too long for the field, control characters).

A catalogue may declare files complete in its header (``X-Complete: meters.yaml
cards/china.yaml``, or ``*``); then any gap in them makes the command exit 1, so CI
catches a new English text nobody translated.

``--update`` writes the template (``content.pot``, ``multivector.pot``) and refreshes
every catalogue from the content and the code, the way gettext's msgmerge does: new texts
added empty, changed ones marked fuzzy with the old English kept beside them, texts gone
kept as obsolete. Only the template and existing catalogues are written, plus
``--lang``'s if it has none yet.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from game.base.i18n import LANGUAGES, LOCALE_DIR, PLURAL_FORMS, _, catalogue_path, read_po
from game.base.paths import default_content_dir, display_path
from game.loading import translations as T
from game.loading.problems import Problem

EXIT_OK, EXIT_GAPS = 0, 1
SHOWN = 15  # texts listed per kind of gap, unless --all
INTERFACE_TEMPLATE = "multivector.pot"
# Calls that mark interface strings: name -> (argument of msgid, of plural, of context).
_MARKERS = {"_": (0, None, None), "N_": (0, None, None), "gettext": (0, None, None),
            "ngettext": (0, 1, None), "pgettext": (1, None, 0),
            "Said": (0, None, None), "nsaid": (0, 1, None)}


@dataclass
class Row:
    """One language's standing in one part (content folder, interface)."""

    language: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    by_file: dict[str, dict[str, int]] = field(default_factory=dict)
    gaps: list[tuple[str, T.Source, str]] = field(default_factory=list)  # (status, source, detail)
    complete: list[str] = field(default_factory=list)
    not_complete: list[str] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.counts.get(T.TRANSLATED, 0)


def standing(sources: list[T.Source], catalogue: T.Catalogue | None, language: str, folder: Path) -> Row:
    """Coverage of ``sources`` by ``catalogue``, per file, with the gaps and the files
    declared complete that are not."""
    row = Row(language)
    declared = T.complete_files(catalogue)
    for source in sources:
        state, detail = T.status(source, catalogue)
        name = _relative(source.path, folder)
        row.total += 1
        row.counts[state] = row.counts.get(state, 0) + 1
        per_file = row.by_file.setdefault(name, {"total": 0, T.TRANSLATED: 0})
        per_file["total"] += 1
        per_file[state] = per_file.get(state, 0) + 1
        if state != T.TRANSLATED:
            row.gaps.append((state, source, detail))
    row.complete = [name for name, counts in row.by_file.items()
                    if ("*" in declared or name in declared)]
    row.not_complete = [name for name in row.complete
                        if row.by_file[name][T.TRANSLATED] < row.by_file[name]["total"]]
    return row


def _relative(path: str, folder: Path) -> str:
    try:
        return Path(path).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path


def content_rows(folder: Path, languages: list[str]) -> tuple[list[Row], list[T.Source], list]:
    sources, problems = T.texts_of_folder(folder)
    rows = []
    for language in languages:
        catalogue: T.Catalogue | None = None
        found: list[Problem] = []
        path = folder / T.LOCALE_FOLDER / f"{language}.po"
        if path.is_file():
            catalogue, found = T.read_catalogue(path, language)
        problems.extend(found)
        rows.append(standing(sources, catalogue, language, folder))
    return rows, sources, problems


# --- the interface's strings ------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str | None
    context: str | None
    path: str
    line: int


def interface_messages(package: Path) -> list[Message]:
    """Every string the code marks for translation (``_``, ``N_``, ``ngettext``,
    ``pgettext`` with literal arguments), in file order."""
    found = []
    for path in sorted(package.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            marker = _MARKERS.get(node.func.id)
            if marker is None:
                continue
            values = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                      for a in node.args]
            wanted = [i for i in marker if i is not None]
            if len(values) <= max(wanted) or any(values[i] is None for i in wanted):
                continue
            msgid_at, plural_at, context_at = marker
            msgid = values[msgid_at]
            assert msgid is not None  # msgid_at is among the wanted
            found.append(Message(msgid, values[plural_at] if plural_at is not None else None,
                                 values[context_at] if context_at is not None else None,
                                 path.relative_to(package.parent).as_posix(), node.lineno))
    found.sort(key=lambda m: (m.path, m.line))
    return found


def interface_rows(package: Path, languages: list[str]) -> tuple[list[Row], list[Message]]:
    messages = interface_messages(package)
    rows = []
    for language in languages:
        row = Row(language)
        table: dict[tuple[str, str], object] = {}
        path = catalogue_path(language, package / "locale")
        try:
            po = read_po(path) if path.is_file() else None
        except (OSError, ValueError, UnicodeDecodeError):
            po = None
        declared = (po.metadata.get("X-Complete", "") if po is not None else "").split()
        for entry in po or ():
            if not entry.obsolete and "fuzzy" not in entry.flags:
                table[(entry.msgctxt or "", entry.msgid)] = entry.msgstr_plural or entry.msgstr
        seen = set()
        for message in messages:
            key = (message.context or "", message.msgid)
            if key in seen:
                continue
            seen.add(key)
            found = table.get(key)
            done = bool(found) and (all(found.values()) if isinstance(found, dict) else True)
            state = T.TRANSLATED if done else T.MISSING
            if done and isinstance(found, str) and T.placeholders(found) != T.placeholders(message.msgid):
                state = T.INVALID
            row.total += 1
            row.counts[state] = row.counts.get(state, 0) + 1
            per_file = row.by_file.setdefault(message.path, {"total": 0, T.TRANSLATED: 0})
            per_file["total"] += 1
            per_file[state] = per_file.get(state, 0) + 1
            if state != T.TRANSLATED:
                row.gaps.append((state, T.Source(message.context or "", message.msgid, message.path,
                                                 message.line), ""))
        row.complete = [name for name in row.by_file if "*" in declared or name in declared]
        row.not_complete = [name for name in row.complete
                            if row.by_file[name][T.TRANSLATED] < row.by_file[name]["total"]]
        rows.append(row)
    return rows, messages


# --- --update --------------------------------------------------------------------------


def update_content(folder: Path, sources: list[T.Source], languages: list[str], asked: str | None) -> list[Path]:
    from game.base.files import atomic_write

    locale = folder / T.LOCALE_FOLDER
    locale.mkdir(parents=True, exist_ok=True)
    written = []
    template = locale / T.TEMPLATE_NAME
    atomic_write(template, str(T.refreshed(None, sources, None, folder)).encode("utf-8") + b"\n")
    written.append(template)
    for language in languages:
        path = locale / f"{language}.po"
        if not path.is_file() and language != asked:
            continue
        existing = read_po(path) if path.is_file() else None
        atomic_write(path, str(T.refreshed(existing, sources, language, folder)).encode("utf-8") + b"\n")
        written.append(path)
    return written


def update_interface(package: Path, messages: list[Message], languages: list[str], asked: str | None) -> list[Path]:
    import polib

    from game.base.files import atomic_write

    locale = package / "locale"
    written = []

    def build(existing, language: str | None):
        po = T.new_catalogue(existing, language, "multivector")
        old = {(e.msgctxt or "", e.msgid): e for e in existing or () if not e.obsolete}
        entries: dict[tuple[str, str], polib.POEntry] = {}
        for message in messages:
            key = (message.context or "", message.msgid)
            # A reference names the file, not the line: a line number would move with
            # every edit above it and rewrite the catalogues (and clash in merges).
            where = (message.path, "")
            if key in entries:
                if where not in entries[key].occurrences:
                    entries[key].occurrences.append(where)
                continue
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context, msgstr="",
                                  occurrences=[where])
            if "{" in message.msgid:
                entry.flags.append("python-brace-format")
            if message.plural:
                entry.msgid_plural = message.plural
                count = int(PLURAL_FORMS.get(language or "en", "nplurals=2").split("=")[1].split(";")[0])
                entry.msgstr_plural = {i: "" for i in range(count)}
            before = old.pop(key, None)
            if language is not None and before is not None:
                entry.tcomment = before.tcomment
                if message.plural and before.msgstr_plural:
                    entry.msgstr_plural = {**entry.msgstr_plural, **before.msgstr_plural}
                else:
                    entry.msgstr = before.msgstr
                if "fuzzy" in before.flags:
                    entry.flags.append("fuzzy")
            entries[key] = entry
            po.append(entry)
        for gone in old.values():
            if gone.msgstr or gone.msgstr_plural:
                gone.obsolete = True
                po.append(gone)
        return po

    locale.mkdir(parents=True, exist_ok=True)
    template = locale / INTERFACE_TEMPLATE
    atomic_write(template, str(build(None, None)).encode("utf-8") + b"\n")
    written.append(template)
    for language in languages:
        path = catalogue_path(language, locale)
        if not path.is_file() and language != asked:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = read_po(path) if path.is_file() else None
        atomic_write(path, str(build(existing, language)).encode("utf-8") + b"\n")
        written.append(path)
    return written


# --- the command ----------------------------------------------------------------------


def _percent(done: int, total: int) -> str:
    return f"{100 * done // total}%" if total else "-"


def _print_rows(title: str, rows: list[Row], show: int | None) -> None:
    print(title)
    for row in rows:
        counts = row.counts
        print("  " + _("{lang}: {done} of {total} texts ({percent}); {outdated} outdated, {missing} missing, "
                       "{invalid} unusable").format(
            lang=row.language, done=row.translated, total=row.total, percent=_percent(row.translated, row.total),
            outdated=counts.get(T.OUTDATED, 0), missing=counts.get(T.MISSING, 0),
            invalid=counts.get(T.INVALID, 0)))
    for row in rows:
        print("  " + _("by file ({lang}):").format(lang=row.language))
        width = max((len(name) for name in row.by_file), default=10)
        for name, counts in row.by_file.items():
            mark = ""
            if name in row.complete:
                mark = _("complete") if name not in row.not_complete else _("DECLARED COMPLETE, IS NOT")
            print(f"    {name:<{width}}  {counts[T.TRANSLATED]:>4}/{counts['total']:<4} "
                  f"{_percent(counts[T.TRANSLATED], counts['total']):>4}  {mark}".rstrip())
        for state in (T.INVALID, T.OUTDATED, T.MISSING):
            gaps = [gap for gap in row.gaps if gap[0] == state]
            if not gaps:
                continue
            limit = len(gaps) if show is None else show
            print("  " + _("{state} ({lang}), {count}:").format(state=state, lang=row.language, count=len(gaps)))
            for _state, source, detail in gaps[:limit]:
                english = " ".join(source.english.split())
                english = english if len(english) <= 60 else english[:57] + "..."
                print(f"    {source.reference()}: {source.context or '-'}: {english!r}"
                      + (f": {detail}" if detail else ""))
            if len(gaps) > limit:
                print("    " + _("... and {count} more (--all lists every one)").format(count=len(gaps) - limit))


def _as_json(row: Row) -> dict:
    return {
        "language": row.language,
        "total": row.total,
        "translated": row.translated,
        "counts": row.counts,
        "files": row.by_file,
        "declared_complete": row.complete,
        "declared_complete_but_not": row.not_complete,
        "gaps": [{"status": state, "context": s.context, "english": s.english, "where": s.reference(),
                  "detail": detail} for state, s, detail in row.gaps],
    }


def run(args: argparse.Namespace) -> int:
    from game.base.paths import checkout_root

    asked = getattr(args, "lang_asked", None)
    asked = asked if asked in LANGUAGES and asked != "en" else None
    languages = [asked] if asked else [lang for lang in LANGUAGES if lang != "en"]
    folders = [Path(args.content) if getattr(args, "content", None) else default_content_dir(),
               *(Path(m) for m in getattr(args, "mods", None) or ())]
    package = LOCALE_DIR.parent
    report: dict = {"content": {}, "interface": {}}
    failed = False
    for folder in folders:
        if not folder.is_dir():
            print(_("multivector: {folder} is not a content folder").format(folder=display_path(folder)),
                  file=sys.stderr)
            return 2
        rows, sources, problems = content_rows(folder, languages)
        for problem in problems:
            if problem.code == "translation" or problem.severity == "error":
                print(problem.format(), file=sys.stderr)
        if args.update:
            for path in update_content(folder, sources, languages, asked):
                print(_("wrote {path}").format(path=display_path(path)), file=sys.stderr)
            rows, sources, _problems = content_rows(folder, languages)
        failed = failed or any(row.not_complete or row.counts.get(T.INVALID) for row in rows)
        report["content"][display_path(folder)] = [_as_json(row) for row in rows]
        if args.format == "text":
            _print_rows(_("Content translations ({folder}):").format(
                folder=display_path(folder / T.LOCALE_FOLDER)), rows, None if args.all else SHOWN)
    if not getattr(args, "mods", None) or getattr(args, "content", None) is None:
        rows, messages = interface_rows(package, languages)
        if args.update and checkout_root() is not None:
            for path in update_interface(package, messages, languages, asked):
                print(_("wrote {path}").format(path=display_path(path)), file=sys.stderr)
            rows, messages = interface_rows(package, languages)
        failed = failed or any(row.not_complete or row.counts.get(T.INVALID) for row in rows)
        report["interface"] = [_as_json(row) for row in rows]
        if args.format == "text":
            _print_rows(_("Interface translations ({folder}):").format(folder=display_path(package / "locale")),
                        rows, None if args.all else SHOWN)
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return EXIT_GAPS if failed else EXIT_OK
