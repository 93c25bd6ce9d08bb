"""Game dates are quarters, stored as one integer: ``year * 4 + (quarter - 1)``."""

from __future__ import annotations

import re

_DATE = re.compile(r"^(\d{4})-Q([1-4])$")


def make_date(year: int, quarter: int) -> int:
    """The date index of ``quarter`` (1-4) of ``year``."""
    return year * 4 + (quarter - 1)


def parse_date(text: str) -> int | None:
    """Parse ``"2019-Q2"``; return ``None`` if the text is not such a date."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    return make_date(int(match.group(1)), int(match.group(2)))


def year_of(date: int) -> int:
    return date // 4


def quarter_of(date: int) -> int:
    return date % 4 + 1


def format_date(date: int) -> str:
    """``"2019-Q2"``: the form content uses."""
    return f"{year_of(date)}-Q{quarter_of(date)}"


def describe_date(date: int) -> str:
    """``"Q2 2019"``: the form players read."""
    return f"Q{quarter_of(date)} {year_of(date)}"
