"""The one error the saves layer raises."""

from __future__ import annotations

from pathlib import Path

from game.base.text import escape_controls

printable = escape_controls


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
