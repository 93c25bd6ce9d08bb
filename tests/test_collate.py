"""Alphabetical order per language (the glossary is listed in it)."""

from __future__ import annotations

import pytest

from game.base.collate import KAZAKH, sort_key


def ordered(words, language):
    return sorted(words, key=lambda word: sort_key(word, language))


def test_kazakh_letters_sort_where_the_kazakh_alphabet_puts_them():
    words = ["Яр", "Ішкі", "Үкімет", "Ұлт", "Қала", "Кеңес", "Әкім", "Астана", "Ёлка", "Ел", "Байқоңыр", "Өскемен",
             "Оқу", "Һижра", "Хат", "Ғалым", "Гүл", "Ыстық"]
    assert ordered(words, "kk") == ["Астана", "Әкім", "Байқоңыр", "Гүл", "Ғалым", "Ел", "Ёлка", "Кеңес", "Қала",
                                    "Оқу", "Өскемен", "Ұлт", "Үкімет", "Хат", "Һижра", "Ыстық", "Ішкі", "Яр"]


def test_the_kazakh_alphabet_has_its_42_letters_once():
    assert len(KAZAKH) == len(set(KAZAKH)) == 42


def test_russian_files_yo_with_ye_and_quotes_and_case_do_not_count():
    # ё counts as е: «Ёлка» (е-л-к) before ель (е-л-ь), as in a dictionary.
    words = ["ель", "«Ёлка»", "Есть", "аист", "Юг", "«Байконур»"]
    assert ordered(words, "ru") == ["аист", "«Байконур»", "«Ёлка»", "ель", "Есть", "Юг"]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_digits_then_cyrillic_then_latin(language):
    assert ordered(["OPEC+", "Астана", "1990-е"], language) == ["1990-е", "Астана", "OPEC+"]


def test_english_is_latin_first_and_ignores_case():
    assert ordered(["Zhanaozen", "Ақорда", "akim", "Akorda"], "en") == ["akim", "Akorda", "Zhanaozen", "Ақорда"]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_glossary_is_listed_in_the_readers_alphabet(base_content, language):
    from game.tui.screens.help import glossary_in_order
    from game.tui.session import Session

    from game.tui.settings import Settings

    session = Session(base_content, settings=Settings(lang=language))
    headings = [session.text(entry.full) or entry.term for entry in glossary_in_order(session)]
    assert headings == ordered(headings, language)
    assert headings != [session.text(entry.full) or entry.term for entry in base_content.glossary]
