"""The interface's language: plural rules, the choice of language, catalogues, --lang,
plain mode in Russian, and Kazakh letters one cell wide."""

from __future__ import annotations

import io
from pathlib import Path

import polib
import pytest
from rich.cells import cell_len
from rich.console import Console

from game.base import i18n
from game.base.i18n import LANGUAGES, PLURAL_FORMS, _, ngettext, plural_index, using

REPO = Path(__file__).resolve().parent.parent
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("n, form", [(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2),
                                     (21, 0), (22, 1), (25, 2), (101, 0), (111, 2), (112, 2), (1004, 1)])
def test_russian_has_three_forms(n, form):
    assert plural_index("ru", n) == form


def test_kazakh_nouns_do_not_agree_with_numbers_and_english_has_two_forms():
    assert {plural_index("kk", n) for n in range(200)} == {0}
    assert [plural_index("en", n) for n in (0, 1, 2)] == [1, 0, 1]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_catalogue_declares_the_plural_rule_the_game_applies(language):
    paths = [i18n.catalogue_path(language), REPO / "content" / "locale" / f"{language}.po"]
    for path in paths:
        assert polib.pofile(str(path)).metadata["Plural-Forms"] == PLURAL_FORMS[language], path


def test_the_language_comes_from_lang_then_the_forced_one_then_the_setting_then_the_locale(tmp_path):
    settings = tmp_path / "settings.json"
    env = {"MULTIVECTOR_SETTINGS": str(settings), "LANG": "ru_RU.UTF-8"}
    assert i18n.choose_language(None, env) == "ru"
    assert i18n.choose_language("kk", env) == "kk"
    i18n.save_language("kk", env)
    assert i18n.choose_language(None, env) == "kk"  # the player's choice beats the locale
    assert i18n.choose_language(None, {**env, "MULTIVECTOR_LANG": "en"}) == "en"
    assert i18n.choose_language(None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}) == "en"
    assert i18n.choose_language(None, {"LANGUAGE": "de:kk_KZ", "LANG": "ru_RU"}) == "kk"
    assert i18n.choose_language(None, {"LANG": "de_DE.UTF-8"}) == "en"


def test_a_damaged_or_missing_settings_file_is_as_if_nothing_was_saved(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text("{not json", encoding="utf-8")
    env = {"MULTIVECTOR_SETTINGS": str(settings)}
    assert i18n.saved_language(env) is None
    i18n.save_language("ru", env)  # a broken file is replaced, not appended to
    assert i18n.saved_language(env) == "ru"
    assert i18n.saved_language({"MULTIVECTOR_SETTINGS": str(tmp_path / "none.json")}) is None
    assert i18n.save_language("ru", {"MULTIVECTOR_SETTINGS": "off"}) is None
    with pytest.raises(ValueError):
        i18n.save_language("xx", env)


def test_gettext_and_ngettext_follow_the_language_in_use():
    assert _("Nothing to undo.") == "Nothing to undo."
    with using("ru"):
        assert _("Nothing to undo.") == "Отменять нечего."
        assert [ngettext("{n} card", "{n} cards", n).format(n=n) for n in (1, 3, 5, 21)] == [
            "1 карточка", "3 карточки", "5 карточек", "21 карточка"]
        assert _("a text no catalogue has") == "a text no catalogue has"
    with using("kk"):
        assert ngettext("{n} card", "{n} cards", 5).format(n=5) == "5 карта"
    assert ngettext("{n} card", "{n} cards", 5).format(n=5) == "5 cards"


def test_interface_translations_keep_the_placeholders():
    for language in ("ru", "kk"):
        for entry in polib.pofile(str(i18n.catalogue_path(language))):
            if entry.obsolete or not entry.translated():
                continue
            texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                assert sorted(i18n_placeholders(text)) == sorted(i18n_placeholders(entry.msgid)), (language, entry.msgid)


def i18n_placeholders(text: str) -> list[str]:
    from game.loading.translations import placeholders

    return placeholders(text)


def test_help_is_translated_and_main_gives_the_language_back(capsys):
    from game.cli import main

    with pytest.raises(SystemExit):
        main(["--lang", "ru", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("использование: ") and "продолжить сохранённую игру" in out
    assert i18n.language() == "en"
    with pytest.raises(SystemExit):
        main(["--lang", "kk", "validate", "--format", "xml"])
    assert "жарамсыз мән" in capsys.readouterr().err


def test_plain_mode_plays_in_russian(base_content):
    from game.commands.plain import PlainGame
    from game.saves.session import GameSession

    session = GameSession(base_content, files=[], saves_folder=None)
    session.start("qantar_2022", 1)
    answers = iter(["1", "q"])
    out = io.StringIO()
    with using("ru"):
        PlainGame(session, Console(file=out, width=100), read=lambda prompt: next(answers), lang="ru",
                  autosave=False).play()
    text = out.getvalue()
    assert "Январские события и война (2022)" in text and "В сроке 20 кварталов." in text
    assert "Пятое января." in text  # the card, from content/locale/ru.po
    assert "ход 1 из 20" in text and "Шкалы: Москва" in text
    assert "Изменилось:" in text


@pytest.mark.parametrize("letter", KAZAKH_LETTERS)
def test_kazakh_letters_take_one_cell(letter):
    assert cell_len(letter) == 1


def test_kazakh_meter_names_line_up_in_a_rich_table(base_content):
    """The widths Rich computes for Kazakh text are its real widths: padded names end in
    the same column, as the meter panel needs."""
    from rich.table import Table

    from game.engine import tr

    table = Table.grid()
    table.add_column()
    table.add_column()
    for meter in base_content.meters:
        table.add_row(tr(meter.name, "kk"), "|")
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(table)
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    assert len({len(line) for line in lines}) == 1 and all(line.endswith("|") for line in lines)
    assert any(set(line) & set(KAZAKH_LETTERS) for line in lines)


def test_the_languages_the_loader_knows_are_the_interfaces():
    from game.loading.spec import LANGUAGES as CONTENT_LANGUAGES

    assert tuple(CONTENT_LANGUAGES) == LANGUAGES


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_interface_text_is_translated(language):
    """The catalogues declare the whole interface complete (X-Complete: *): a new English
    text marked with _() fails here until it is translated (multivector translations
    --update, then translate the new entries)."""
    from game.commands.translations import interface_rows

    rows, messages = interface_rows(i18n.LOCALE_DIR.parent, [language])
    row = rows[0]
    assert messages and row.complete == list(row.by_file)
    gaps = [f"{source.reference()}: {source.english!r} ({state})" for state, source, _detail in row.gaps]
    assert not row.not_complete and not gaps, "\n".join(gaps[:20])


def test_the_interface_guard_catches_an_untranslated_text(tmp_path):
    from game.commands.translations import interface_rows

    package = tmp_path / "game"
    (package / "locale" / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (package / "screen.py").write_text('from game.base.i18n import _\nTITLE = _("Old text")\nNEW = _("New text")\n',
                                       encoding="utf-8")
    (package / "locale" / "ru" / "LC_MESSAGES" / "multivector.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"X-Complete: *\\n"\n\nmsgid "Old text"\nmsgstr "Старый текст"\n',
        encoding="utf-8")
    row = interface_rows(package, ["ru"])[0][0]
    assert row.not_complete == ["game/screen.py"] and [s.english for _state, s, _d in row.gaps] == ["New text"]


@pytest.mark.parametrize("language", ["ru", "kk"])
async def test_the_students_and_teachers_pages_speak_the_language(base_content, tmp_path, language):
    """The classroom's web pages in Russian and Kazakh: the interface's words and the
    content's, with the page's lang attribute to match."""
    from aiohttp.test_utils import TestClient, TestServer

    from game.classroom.session import ClassSession, Settings
    from game.classroom.store import SessionStore
    from game.classroom.web import ClassroomWeb
    from tests.test_report_model import html_text

    scenario = base_content.default_scenario
    settings = Settings(seed=3, scenario=scenario.id, turns=scenario.turns, teams=("foreign_ministry", "civil_society"))
    store = SessionStore(tmp_path / "s.session.db", settings.teams)
    session = ClassSession(base_content, settings, store=store)
    words = {"ru": ("Присоединиться к игре", "Ваша вводная", "Что сдвинул бы каждый ответ"),
             "kk": ("Ойынға қосылу", "Сіздің нұсқауыңыз", "Әр жауап нені жылжытар еді")}[language]
    with using(language):
        pages = ClassroomWeb(lambda: session, language)
        async with TestClient(TestServer(pages.app())) as client:
            index = await (await client.get("/")).text()
            seat = html_text(await (await client.post("/join", data={"code": store.code,
                                                                      "team": "civil_society"})).text())
            teacher = html_text(await (await client.get(f"/teacher/{pages.teacher_token}")).text())
    store.close()
    assert f'<html lang="{language}">' in index and words[0] in html_text(index) and "Join" not in index
    assert words[1] in seat and "Your brief" not in seat and "You are" not in seat
    assert words[2] in teacher and "What each answer would move" not in teacher
