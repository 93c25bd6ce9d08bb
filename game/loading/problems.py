"""Problems found in content: where, how bad, a stable code, and a message.

Every problem prints as ``path:line:col: error[code]: message`` followed by the line of
the file and a ``^`` under the column, the form compilers use and editors understand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.base.suggest import did_you_mean
from game.base.text import UNSAFE, escape_controls

__all__ = ["ERROR", "WARNING", "Problem", "did_you_mean", "sort_problems"]

ERROR = "error"
WARNING = "warning"

# Stable codes: tools and tests rely on them; add new ones, never rename.
CODES = {
    "file": "the file cannot be read (missing, too large, not UTF-8, binary)",
    "yaml": "the file is not valid YAML",
    "unsafe-yaml": "the YAML uses a feature that content may not (tags, too many aliases)",
    "not-a-mapping": "a content file must be a mapping of kinds (cards:, meters:, ...)",
    "unknown-key": "a key the format does not have here",
    "missing-key": "a required key is missing",
    "type": "a value of the wrong type",
    "range": "a number outside the allowed range",
    "value": "a value of the right type but not an allowed one",
    "count": "too few or too many items",
    "duplicate-id": "two things of the same kind share an id",
    "unknown-ref": "a reference to something that does not exist",
    "unsatisfiable": "a condition no game state can satisfy",
    "structure": "the content as a whole lacks something it needs",
    "opening": "a scenario's opening card belongs, by its own conditions, to other scenarios or dates",
    "flag-never-set": "a flag is tested but no choice or scenario sets it",
    "flag-never-used": "a flag is set but no card tests it",
    "counter-never-set": "a counter is tested but no choice adds to it",
    "counter-never-used": "a counter is added to but no card tests it",
    "mod": "a problem with a mod's description or load order",
    "mod-conflict": "two mods change the same thing",
    "language": "a translation in a language the game is not played in",
    "unsafe-path": "a link that leads outside the mod's folder (never read)",
    "ignored-file": "a file a mod cannot use (code, stylesheets): content only",
    "mod-inactive": "an installed mod that is not loaded, and why",
    "never-dealt": "a follow-up-only card that no choice schedules",
    "patch": "a patch whose path does not lead to a part of its item",
    "followup-dates": "a follow-up that can only come due outside its card's dates",
}


# What a problem may not print as it is: a line of a file or a value quoted in a message
# could hold terminal controls (escape sequences) or be megabytes long.
MESSAGE_MAX = 600
SNIPPET_MAX = 160




def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    keep = limit // 2 - 2
    return f"{text[:keep]} … {text[-keep:]}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str
    code: str
    message: str
    source_line: str = ""

    def __post_init__(self) -> None:
        # Made printable once, here, for every way a problem is shown (terminal, JSON, TUI).
        shown = escape_controls(self.message)
        if len(shown) > MESSAGE_MAX or shown != self.message:
            object.__setattr__(self, "message", _shortened(shown, MESSAGE_MAX))

    def format(self, *, snippet: bool = True) -> str:
        head = f"{escape_controls(self.path)}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        if not snippet or not self.source_line:
            return head
        text = self.source_line.rstrip("\n").replace("\t", " ")
        col = max(self.col - 1, 0)
        if len(text) > SNIPPET_MAX:  # a window around the column
            start = max(0, min(col - SNIPPET_MAX // 2, len(text) - SNIPPET_MAX))
            window = text[start:start + SNIPPET_MAX]
            text = ("…" if start else "") + window + ("…" if start + SNIPPET_MAX < len(text) else "")
            col = col - start + (1 if start else 0)
        text = UNSAFE.sub("?", text.replace("\n", "?"))  # one character for one: the caret stays put
        caret = " " * col + "^"
        return f"{head}\n    {text}\n    {caret}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file order; errors before warnings at the same place."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity != ERROR, p.code, p.message))
