"""The interface's language: gettext catalogues, plural rules and the language chosen.

Every string of the interface (screens, messages, command output) is English in the
code and goes through :func:`_` (or :func:`ngettext` where a number decides the form);
the translations live in ``game/locale/<lang>/LC_MESSAGES/multivector.po``, read as
text with polib when a language other than English is first used. Nothing binary is
kept in the repository and no build step compiles catalogues.

Content (cards, meters, endings...) is translated elsewhere, per text, by
:mod:`game.loading.translations`; the language chosen here is the one both use.

Which language: ``--lang`` on the command line, else ``MULTIVECTOR_LANG``, else the
player's saved setting (:func:`save_language`), else the locale of the environment
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.

How other modules use it::

    from game.base.i18n import _, N_, ngettext

    label = _("Save the game")                          # at the moment it is shown
    line = ngettext("{n} turn left", "{n} turns left", n).format(n=n)
    HELP_KEYS = (("u", N_("undo")),)                     # marked at import time ...
    shown = _(HELP_KEYS[0][1])                           # ... translated when shown

``_`` must run when the text is shown, not at import: a constant defined at import time
is marked with :func:`N_` and translated where it is used, since the language is only
known once the command line has been read (and may change on the title screen).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from game.base.prefs import read_settings, remember

LANGUAGES = ("en", "ru", "kk")
DEFAULT = "en"
# Each language's own name, as its speakers write it (for the title screen's picker).
NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DOMAIN = "multivector"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
ENV_VAR = "MULTIVECTOR_LANG"
# A catalogue is a few hundred kilobytes; anything far larger is not one.
MAX_CATALOGUE = 4_000_000

# The gettext Plural-Forms header each catalogue must carry (a test checks it agrees
# with plural_index). Russian has three forms (1 день, 2 дня, 5 дней; 11-14 take the
# third); Kazakh nouns do not agree with a number (1 күн, 5 күн), so it has one.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=1; plural=0;",
}

_language = DEFAULT
# language -> {(context or "", msgid): msgstr or tuple of plural forms}
_catalogues: dict[str, dict[tuple[str, str], str | tuple[str, ...]]] = {}


# --- plural rules -------------------------------------------------------------------


def plural_index(language: str, n: int) -> int:
    """Which plural form ``n`` takes in ``language`` (the index into msgstr[])."""
    n = abs(int(n))
    if language == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    if language == "kk":
        return 0
    return 0 if n == 1 else 1


# --- the language in use --------------------------------------------------------------


def normalise(code: str | None) -> str | None:
    """``ru_RU.UTF-8`` -> ``ru``; None for anything not one of :data:`LANGUAGES`."""
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment's locale asks for, if the game has it.

    ``LANGUAGE`` is a colon-separated list of preferences (GNU); the first one the game
    has wins. Then the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set decides
    (as POSIX orders them): ``LC_ALL=C`` means English whatever ``LANG`` says.
    """
    environ = os.environ if environ is None else environ
    for wanted in (environ.get("LANGUAGE") or "").split(":"):
        found = normalise(wanted)
        if found:
            return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return normalise(value)
    return None


def choose_language(asked: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to play in: ``asked`` (``--lang``), ``MULTIVECTOR_LANG``, the saved
    setting, the environment's locale, English. ``asked`` must be known or None."""
    environ = os.environ if environ is None else environ
    for found in (normalise(asked), normalise(environ.get(ENV_VAR)), saved_language(environ),
                  environment_language(environ)):
        if found:
            return found
    return DEFAULT


def set_language(language: str) -> None:
    """Use ``language`` for every interface string from now on."""
    global _language
    _language = normalise(language) or DEFAULT


def language() -> str:
    return _language


@contextmanager
def using(language_code: str) -> Iterator[None]:
    """Translate into ``language_code`` inside the block (a report in another language
    than the session's), then go back."""
    before = _language
    set_language(language_code)
    try:
        yield
    finally:
        set_language(before)


# --- the saved setting ----------------------------------------------------------------


def saved_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the player chose last time, if any."""
    value = read_settings(environ).get("lang")
    return normalise(value) if isinstance(value, str) else None


def save_language(language_code: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """Remember ``language_code`` for the next start (other settings in the file are
    kept). Returns the file written, or None when settings are off. Raises OSError."""
    code = normalise(language_code)
    if code is None:
        raise ValueError(f"not a language of the game: {language_code!r}")
    return remember(environ, lang=code)


# --- catalogues -----------------------------------------------------------------------


def catalogue_path(language_code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language_code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_po(path: Path, limit: int = MAX_CATALOGUE):
    """A .po file parsed by polib, read through the bounded reader. Raises OSError (the
    file) or ValueError (its syntax, with polib's message naming the line)."""
    from game.base.files import read_bounded

    return parse_po(read_bounded(path, limit, "translation catalogue").decode("utf-8"))


def parse_po(text: str):
    """A .po catalogue's text parsed by polib. Raises ValueError (its syntax, with
    polib's message naming the line)."""
    import polib

    if "\n" not in text.strip():
        # polib takes a one-line string for a file name to open: an empty or one-line
        # catalogue holds no entry anyway.
        return polib.POFile()
    try:
        return polib.pofile(text, wrapwidth=0)
    except OSError as error:  # polib reports syntax errors as OSError
        raise ValueError(str(error)) from None


def _load(language_code: str) -> dict[tuple[str, str], str | tuple[str, ...]]:
    table: dict[tuple[str, str], str | tuple[str, ...]] = {}
    try:
        po = read_po(catalogue_path(language_code))
    except (OSError, ValueError, UnicodeDecodeError):
        return table  # no catalogue, or a broken one: the interface stays English
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if forms and all(forms):
                table[key] = forms
        elif entry.msgstr:
            table[key] = entry.msgstr
    return table


def catalogue(language_code: str) -> dict[tuple[str, str], str | tuple[str, ...]]:
    if language_code not in _catalogues:
        _catalogues[language_code] = _load(language_code)
    return _catalogues[language_code]


def forget_catalogues() -> None:
    """Read the catalogues again on next use (tests, and a translator's edit)."""
    _catalogues.clear()


# --- translating ----------------------------------------------------------------------


def N_(message: str) -> str:  # noqa: N802 - the gettext name, which extractors know
    """Mark ``message`` for translation without translating it (constants)."""
    return message


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in use; ``context`` tells apart two uses of one
    English word ("Save" the verb and "Save" the noun)."""
    if _language == DEFAULT or not message:
        return message
    found = catalogue(_language).get((context, message))
    return found if isinstance(found, str) else message


def gettext(message: str) -> str:
    return pgettext("", message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that goes with the number ``n``."""
    if _language != DEFAULT:
        forms = catalogue(_language).get(("", singular))
        if isinstance(forms, tuple):
            index = plural_index(_language, n)
            return forms[min(index, len(forms) - 1)]
    return singular if n == 1 else plural


def quarter_label(quarter: int, year: int) -> str:
    """A game date as players read it ("Q2 2019"; "2 кв. 2019"; "2019 ж. 2-тоқсан")."""
    return _("Q{quarter} {year}").format(quarter=quarter, year=year)


def date_label(date: int) -> str:
    """A game date (the engine's quarter index) as players read it: :func:`quarter_label`."""
    from game.engine.dates import quarter_of, year_of

    return quarter_label(quarter_of(date), year_of(date))


class Said(str):
    """A text said two ways: the string itself is the English (for ``--json``, logs and
    the tests that read it), ``shown`` the same words in the language in use (for the
    person reading the terminal). Machine output keeps one language whatever ``--lang``
    says; the tables a person reads follow it.

    ``message`` is marked where it is written (``Said(N_("{n} of {m}"), n=1, m=2)``) so
    that the catalogue tools find it.
    """

    shown: str

    def __new__(cls, message: str, **values: object) -> Said:
        said = super().__new__(cls, message.format(**values))
        said.shown = gettext(message).format(**values)
        return said



def shown(text: str) -> str:
    """What a person reads of ``text``: its translation if it is :class:`Said`, else itself."""
    return getattr(text, "shown", text)


def nsaid(singular: str, plural: str, n: int, **values: object) -> Said:
    """:class:`Said` with the plural form that goes with ``n`` (``{n}`` in the text), in
    English and in the language in use; the catalogue tools read it as ``ngettext``."""
    said = str.__new__(Said, (singular if n == 1 else plural).format(n=n, **values))
    said.shown = ngettext(singular, plural, n).format(n=n, **values)
    return said
