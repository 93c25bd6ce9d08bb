"""Text from outside the program made safe to show: the one rule for the whole game.

Content, save files, file names and error messages come from strangers. A terminal obeys
the escape sequences in what it is sent (Textual passes them through), and bidirectional
overrides and zero-width marks make a text read differently from what it holds (a name
that displays as ``report.html`` but is not). The loader and the save reader refuse text
holding any of these (:func:`first_unsafe`); everything shown passes through
:func:`printable` (screens) or :func:`escape_controls` (one-line messages) as well.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, the C1 controls (ESC [ can be written as CSI),
# the zero-width and directional marks, the bidirectional embeddings, overrides and
# isolates, the word joiner and invisible operators, and the byte-order mark.
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# For one-line messages the newline and the tab are written out too.
_UNSAFE_IN_A_LINE = re.compile(f"[\t\n{_UNSAFE_CLASS}]")
_SHOWN_AS_IS_BUT_TAB = re.compile(f"[\t{_UNSAFE_CLASS}]")


def first_unsafe(text: str) -> str | None:
    """The first character of ``text`` that no shown text may hold, or None."""
    found = UNSAFE.search(text)
    return found.group() if found else None


def describe_char(char: str) -> str:
    """``U+001B`` and the like, with the character's Unicode name where it has one
    (``U+200B (ZERO WIDTH SPACE)``), to name a refused character in a message: an
    invisible one cannot be pointed at in the file."""
    import unicodedata

    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def printable(text: object) -> str:
    """``text`` for a screen: every unsafe character shown as U+FFFD, a tab as a space;
    newlines kept."""
    value = str(text)
    if not _SHOWN_AS_IS_BUT_TAB.search(value):
        return value
    return _SHOWN_AS_IS_BUT_TAB.sub(lambda match: " " if match.group() == "\t" else "\ufffd", value)


def escape_controls(text: object) -> str:
    """``text`` for one line of a message: unsafe characters, newlines and tabs written
    out as ``\\x1b``, ``\\x0a`` or ``\\u202e``, so what a file holds is visible."""
    value = str(text)
    if not _UNSAFE_IN_A_LINE.search(value):
        return value
    return _UNSAFE_IN_A_LINE.sub(_written_out, value)


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
