"""Alphabetical order as a reader of each language expects it.

Python sorts by code point, which puts the Kazakh letters (ә ғ қ ң ө ұ ү һ і, all
outside the Russian block) after я, and Ё before А. A list a player scans (the
glossary) must follow the alphabet taught in school instead, so this module gives a
sort key per language without a dependency on the system's locales (which a player's
machine may lack, and which differ between libc versions).

Kazakh Cyrillic: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш
Щ Ъ Ы І Ь Э Ю Я. Russian: the same without the Kazakh letters, with Ё filed under Е
as dictionaries do. In either, a word in Latin letters comes after the Cyrillic ones
and digits before both; punctuation and quotes («Байқоңыр») do not count, except to
break a tie.
"""

from __future__ import annotations

KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"

# Where each script comes in a language's lists: digits, then the language's own
# alphabet, then Latin, then any other letter by code point.
_DIGIT, _OWN, _LATIN, _OTHER = range(4)


def _ranks(alphabet: str, folded: dict[str, str]) -> dict[str, tuple[int, int]]:
    ranks = {letter: (_OWN, i) for i, letter in enumerate(alphabet)}
    for letter, same_as in folded.items():
        ranks[letter] = ranks[same_as]
    ranks.update({letter: (_LATIN, i) for i, letter in enumerate(LATIN)})
    return ranks


_RANKS = {
    "kk": _ranks(KAZAKH, {}),
    # Russian dictionaries file ё with е; the Kazakh letters a Russian text may quote
    # (Ақорда) go beside their nearest Russian ones.
    "ru": _ranks(RUSSIAN, {"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о",
                           "ұ": "у", "ү": "у", "һ": "х", "і": "и"}),
}
# English: Latin first, then any Cyrillic by the Kazakh alphabet (a superset).
_RANKS["en"] = {**{letter: (_OWN, i) for i, letter in enumerate(LATIN)},
                **{letter: (_LATIN, i) for i, letter in enumerate(KAZAKH)}}


def sort_key(text: str, language: str) -> tuple:
    """A key that sorts ``text`` in ``language``'s alphabetical order (case ignored,
    punctuation ignored but for ties; an unknown language sorts as English)."""
    ranks = _RANKS.get(language, _RANKS["en"])
    folded = text.casefold()
    primary = []
    for char in folded:
        if char in ranks:
            primary.append(ranks[char])
        elif char.isdigit():
            primary.append((_DIGIT, ord(char)))
        elif char.isalpha():
            primary.append((_OTHER, ord(char)))
    return (tuple(primary), folded, text)
