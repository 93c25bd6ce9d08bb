"""The one error the saves layer raises."""

from __future__ import annotations

import re
from pathlib import Path

# Terminal controls (escape sequences) and bidirectional overrides: a save or its file name
# comes from anywhere, and what it holds is shown in terminals. Shown as \x1b and the like.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters written out (``\\x1b``), safe to print or show."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)


class SaveError(Exception):
    """A save could not be written, found or read.

    ``reason`` is one line for a player, without the file name; ``str(error)`` puts the
    file name in front when there is one, ready for ``print``.
    """

    def __init__(self, reason: str, path: Path | str | None = None) -> None:
        self.reason = printable(" ".join(str(reason).split()))
        self.path = Path(path) if path is not None else None
        super().__init__(self.reason)

    def __str__(self) -> str:
        if self.path is None:
            return self.reason
        return f"{printable(self.path.name)}: {self.reason}"
