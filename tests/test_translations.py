"""Content translations in locale/<lang>.po: merged at load, outdated ones left out, mods,
the cache, --update, and the base game's declared-complete files."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from game.engine import tr
from game.loading import load_content
from game.loading import translations as T
from tests.test_mods_kit import card, write_base, write_mod

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"


def po(entries: list[tuple[str, str, str]], flags: dict[str, list[str]] | None = None) -> str:
    """A catalogue with entries (context, English, translation)."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    for context, english, text in entries:
        catalogue.append(polib.POEntry(msgctxt=context, msgid=english, msgstr=text,
                                       flags=(flags or {}).get(context, [])))
    return str(catalogue)


def put(folder: Path, language: str, text: str) -> None:
    (folder / "locale").mkdir(exist_ok=True)
    (folder / "locale" / f"{language}.po").write_text(text, encoding="utf-8")


@pytest.fixture
def base(tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_CACHE", str(tmp_path / "cache"))
    return write_base(tmp_path)


def test_a_catalogue_translates_per_text_and_the_rest_stays_english(base):
    put(base, "ru", po([("card:base.loan:title", "A loan", "Кредит"),
                        ("ending:cold:title", "Frozen out", "Изоляция")]))
    content = load_content(base).content
    assert tr(content.cards["base.loan"].title, "ru") == "Кредит"
    assert tr(content.cards["base.loan"].title, "en") == "A loan"
    assert tr(content.endings["cold"].title, "ru") == "Изоляция"
    assert tr(content.cards["base.bill"].title, "ru") == "The bill"  # no translation: English
    assert tr(content.cards["base.loan"].title, "kk") == "A loan"


def test_a_translation_of_other_english_or_marked_fuzzy_is_not_shown(base):
    put(base, "ru", po([("card:base.loan:title", "An old loan", "Старый кредит"),
                        ("card:base.bill:title", "The bill", "Законопроект")],
                       flags={"card:base.bill:title": ["fuzzy"]}))
    result = load_content(base)
    assert tr(result.content.cards["base.loan"].title, "ru") == "A loan"
    assert tr(result.content.cards["base.bill"].title, "ru") == "The bill"
    sources, _ = T.texts_of_folder(base)
    catalogue, _ = T.read_catalogue(base / "locale" / "ru.po", "ru")
    by_context = {s.context: s for s in sources}
    assert T.status(by_context["card:base.loan:title"], catalogue)[0] == T.OUTDATED
    assert T.status(by_context["card:base.bill:title"], catalogue)[0] == T.OUTDATED


def test_inline_translations_keep_working_and_a_catalogue_entry_wins(tmp_path, base):
    mod = write_mod(tmp_path, "extra", {"cards.yaml": "cards:\n" + card(
        "extra.one", title="{en: Inline, ru: Встроенный, kk: Ішкі}")})
    put(mod, "ru", po([("card:extra.one:title", "Inline", "Из каталога"),
                       ("card:base.quiet:title", "Quiet", "Тишина")]))
    content = load_content(base, [mod]).content
    title = content.cards["extra.one"].title
    assert tr(title, "ru") == "Из каталога" and tr(title, "kk") == "Ішкі" and tr(title, "en") == "Inline"
    assert tr(content.cards["base.quiet"].title, "ru") == "Тишина"  # a mod may translate the base game


def test_a_broken_catalogue_is_a_warning_and_the_game_plays_in_english(base):
    put(base, "ru", 'msgid ""\nmsgstr ""\n\nmsgctxt "card:base.loan:title"\nthe translator typed here\nmsgid "A loan"\n'
                    'msgstr "Кредит"\n')
    result = load_content(base)
    assert result.ok
    assert [(p.code, p.line) for p in result.warnings] == [("translation", 5)]
    assert tr(result.content.cards["base.loan"].title, "ru") == "A loan"


def test_unusable_translations_are_left_out(base):
    put(base, "ru", po([("card:base.loan:title", "A loan", "Кредит\x1b[31m"),
                        ("card:base.bill:title", "The bill", "З" * 201),
                        ("card:base.summit:title", "A summit", "Саммит {name}")]))
    content = load_content(base).content
    for ident in ("base.loan", "base.bill", "base.summit"):
        assert tr(content.cards[ident].title, "ru") == tr(content.cards[ident].title, "en")
    sources, _ = T.texts_of_folder(base)
    catalogue, _ = T.read_catalogue(base / "locale" / "ru.po", "ru")
    states = {s.context: T.status(s, catalogue) for s in sources}
    assert states["card:base.loan:title"][0] == T.INVALID and "U+001B" in states["card:base.loan:title"][1]
    assert "at most 200" in states["card:base.bill:title"][1]
    assert "placeholders" in states["card:base.summit:title"][1]


def test_an_edited_catalogue_is_not_served_from_the_cache(base):
    put(base, "ru", po([("card:base.loan:title", "A loan", "Кредит")]))
    assert tr(load_content(base).content.cards["base.loan"].title, "ru") == "Кредит"
    put(base, "ru", po([("card:base.loan:title", "A loan", "Заём")]))
    assert tr(load_content(base).content.cards["base.loan"].title, "ru") == "Заём"


def test_update_marks_changed_english_fuzzy_keeps_the_old_and_obsoletes_what_is_gone(base):
    put(base, "ru", po([("card:base.loan:title", "An old loan", "Старый кредит"),
                        ("card:base.gone:title", "Gone", "Исчезнувшая"),
                        ("card:base.bill:title", "The bill", "Законопроект")]))
    sources, _ = T.texts_of_folder(base)
    fresh = T.refreshed(polib.pofile(str(base / "locale" / "ru.po")), sources, "ru", base)
    by_context = {e.msgctxt: e for e in fresh}
    loan = by_context["card:base.loan:title"]
    assert loan.msgid == "A loan" and loan.msgstr == "Старый кредит" and "fuzzy" in loan.flags
    assert loan.previous_msgid == "An old loan"
    assert by_context["card:base.gone:title"].obsolete
    assert by_context["card:base.bill:title"].msgstr == "Законопроект" and not by_context["card:base.bill:title"].flags
    assert "Plural-Forms" in fresh.metadata
    template = T.refreshed(None, sources, None, base)
    assert all(not e.msgstr for e in template) and len(template) == len({s.context for s in sources})


def test_the_translations_command_reports_gaps_and_fails_a_file_declared_complete(base, capsys):
    from game.cli import main

    text = po([("card:base.loan:title", "A loan", "Кредит")])
    put(base, "ru", text.replace('"Language: ru\\n"', '"Language: ru\\n"\n"X-Complete: content.yaml\\n"'))
    assert main(["translations", "--content", str(base), "--lang", "ru"]) == 1
    out = capsys.readouterr().out
    # --lang ru also speaks Russian to the translator
    assert "ОБЪЯВЛЕН ПОЛНЫМ, НО НЕ ПОЛОН" in out and "meter:moscow:name: 'Moscow'" in out
    put(base, "ru", text)
    assert main(["translations", "--content", str(base), "--lang", "ru"]) == 0


def test_citations_are_not_offered_for_translation():
    sources, _ = T.texts_of_folder(CONTENT)
    assert sources and not any(s.context.endswith("history.source") for s in sources)


# --- the base game ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_file_declared_complete_is_translated(language):
    """A new or changed English text in a file a catalogue declares complete fails here
    until it is translated (run: multivector translations --update --lang LANG)."""
    from game.commands.translations import content_rows

    rows, sources, problems = content_rows(CONTENT, [language])
    assert not [p for p in problems if p.code == "translation"]
    row = rows[0]
    gaps = [f"{source.reference()} {source.context}: {state} {detail}".strip()
            for state, source, detail in row.gaps if source.path.split("content/")[-1] in row.complete]
    assert row.complete, f"{language}: no file declared complete"
    assert not gaps, "\n".join(gaps[:20])
    assert not row.counts.get(T.INVALID)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_base_game_loads_its_translations(base_content, language):
    meter = base_content.meters[0]
    assert tr(meter.name, language) != tr(meter.name, "en")
    assert tr(base_content.default_scenario.name, language) != tr(base_content.default_scenario.name, "en")


def test_the_catalogues_are_as_update_writes_them(tmp_path):
    """Every catalogue and template is what `multivector translations --update` writes:
    a text added to the code or the content without it (an entry written by hand, a
    template left behind) fails here. References name files, not lines, so an update
    changes only the entries of what changed."""
    import shutil

    from game.base.i18n import LOCALE_DIR
    from game.commands.translations import content_rows, interface_messages, update_content, update_interface

    package = LOCALE_DIR.parent
    interface = tmp_path / "game"
    shutil.copytree(package / "locale", interface / "locale")
    written = update_interface(interface, interface_messages(package), ["ru", "kk"], None)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _rows, sources, _problems = content_rows(content, ["ru", "kk"])
    written += update_content(content, sources, ["ru", "kk"], None)
    assert len(written) == 6
    stale = [str(path.relative_to(tmp_path)) for path in written
             if path.read_bytes() != ((package.parent if path.is_relative_to(interface) else CONTENT.parent)
                                      / path.relative_to(tmp_path)).read_bytes()]
    assert not stale, f"run `multivector translations --update`: {stale} would change"


def test_a_catalogue_read_again_after_an_edit_gives_the_new_text(tmp_path):
    # Parsed catalogues are kept by a hash of their bytes (a --watch reload of the same
    # files parses nothing): an edit must still be seen, and a shared entry never changes.
    from game.loading.translations import read_catalogue

    path = tmp_path / "ru.po"

    def write(text: str) -> None:
        path.write_text(f'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgctxt "card:a:title"\nmsgid "Gas"\n'
                        f'msgstr "{text}"\n', encoding="utf-8")

    write("Газ")
    first, problems = read_catalogue(path, "ru")
    assert not problems and first.entries["card:a:title"].text == "Газ"
    again, _ = read_catalogue(path, "ru")
    assert again.entries == first.entries and again.entries is not first.entries
    write("Газпром")
    edited, _ = read_catalogue(path, "ru")
    assert edited.entries["card:a:title"].text == "Газпром" and first.entries["card:a:title"].text == "Газ"
    path.write_text('msgid "a"\nmsgid "b"\nmsgstr ""\n', encoding="utf-8")
    _broken, problems = read_catalogue(path, "ru")
    assert [p.code for p in problems] == ["translation"]
