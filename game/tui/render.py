"""Rich ``Text`` builders for meters, hints, sparklines and charts.

Everything content-supplied goes into a ``Text`` as plain text, never through markup, so
a card that says ``[bold]`` shows ``[bold]``. Nothing relies on colour alone: numbers are
always printed, danger zones use their own glyphs, and signs are spelled out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rich.console import Group
from rich.style import Style
from rich.text import Text

from game.engine import DANGER_MARGIN, METER_MAX, METER_MIN, Content, GameState, Meter, forecast, tr
from game.base.i18n import _
from game.base.text import printable

DANGER = DANGER_MARGIN

SPARK = "▁▂▃▄▅▆▇█"
FULL = "█"
FULL_DANGER = "▓"
EMPTY = "─"
EMPTY_DANGER = "╌"
DOT = "●"


def in_danger(meter: Meter, value: float) -> bool:
    """Within the engine's danger margin of a fatal end."""
    return meter.in_danger(round(value))


def signed(amount: int) -> str:
    return f"+{amount}" if amount > 0 else str(amount)


def dots(amount: int) -> str:
    """Reigns-style size of a move: one dot small (<5), two medium (<10), three large."""
    size = abs(amount)
    return DOT * (1 if size < 5 else 2 if size < 10 else 3)


def bar(meter: Meter, value: int, width: int, styles: Mapping[str, Style]) -> Text:
    """A horizontal gauge ``width`` cells wide.

    The danger zones (within :data:`DANGER` of a fatal end) show as ``╌`` where empty.
    Only while the value itself is in danger does its zone fill with ``▓`` and the
    whole fill turn to the danger colour: a healthy meter's bar carries no danger mark.
    """
    text = Text(no_wrap=True, overflow="crop")
    if width <= 0:
        return text
    span = METER_MAX - METER_MIN
    filled = round((value - METER_MIN) / span * width)
    if value > METER_MIN and filled == 0:
        filled = 1
    danger = in_danger(meter, value)
    fill = styles["danger-fill" if danger else "fill"]
    for cell in range(width):
        middle = METER_MIN + (cell + 0.5) * span / width
        in_zone = in_danger(meter, middle)
        if cell < filled:
            text.append(FULL_DANGER if in_zone and danger else FULL, fill)
        elif in_zone:
            text.append(EMPTY_DANGER, styles["danger-empty"])
        else:
            text.append(EMPTY, styles["empty"])
    return text


def value_text(meter: Meter, value: int, styles: Mapping[str, Style]) -> Text:
    """The number, with a ``!`` beside it in a danger zone (colour is never the only cue)."""
    if in_danger(meter, value):
        return Text(f"{value:>3}!", styles["danger-value"])
    return Text(f"{value:>3} ", styles["value"])


SPARK_MAX_STEP = 3
SPARK_MIN_RANGE = 24
"""The smallest span of values a sparkline stretches over: a move of 3 points shows as
one step, without blowing a 1-point wobble up to the full height."""


def _spark_scale(values: Sequence[int]) -> tuple[float, float]:
    low: float = min(values)
    high: float = max(values)
    if high - low < SPARK_MIN_RANGE:
        middle = (low + high) / 2
        low, high = middle - SPARK_MIN_RANGE / 2, middle + SPARK_MIN_RANGE / 2
        if low < METER_MIN:
            low, high = METER_MIN, METER_MIN + SPARK_MIN_RANGE
        elif high > METER_MAX:
            low, high = METER_MAX - SPARK_MIN_RANGE, METER_MAX
    return low, high


def spark_rows(meter: Meter, values: Sequence[int], width: int, height: int,
               styles: Mapping[str, Style]) -> list[Text]:
    """The last ``width`` values, one column per turn, right-aligned, ``height`` rows tall.

    The scale spans the values shown (at least :data:`SPARK_MIN_RANGE` points, within
    0-100), so the trend of the last quarters is visible; the bar shows the level.
    """
    height = max(1, height)
    if width <= 0:
        return [Text() for _ in range(height)]
    shown = list(values)[-width:]
    if not shown:
        return [Text(" " * width) for _ in range(height)]
    low, high = _spark_scale(shown)
    levels = height * 8
    # Few values on a wide line: give each up to SPARK_MAX_STEP columns, so the trend is
    # not a speck in the corner.
    step = max(1, min(SPARK_MAX_STEP, width // len(shown))) if height > 1 else 1
    rows = []
    for row in range(height - 1, -1, -1):
        text = Text(" " * (width - step * len(shown)), no_wrap=True, overflow="crop")
        for value in shown:
            # At least one eighth, so the lowest value still draws a mark.
            filled = max(1, round((value - low) / (high - low) * levels))
            part = filled - row * 8
            style = styles["danger-spark" if in_danger(meter, value) else "spark"]
            text.append((FULL if part >= 8 else SPARK[part - 1] if part > 0 else " ") * step, style)
        rows.append(text)
    return rows


def sparkline(meter: Meter, values: Sequence[int], width: int, styles: Mapping[str, Style]) -> Text:
    """One row of :func:`spark_rows`."""
    return spark_rows(meter, values, width, 1, styles)[0]


def choice_hint(content: Content, state: GameState, index: int, level: str, lang: str,
                styles: Mapping[str, Style], width: int | None = None) -> Text | None:
    """The advisor hint for choice ``index`` at ``level``, or ``None`` for no hints.

    Lines break between meters, never inside ``Public trust ●●``, when ``width`` is given.
    """
    if level == "none":
        return None
    moves = forecast(content, state, index).changes
    if not moves:
        return Text(_("moves no meter at once"), styles["hint"])
    items = []
    for meter in (m for m in content.meters if m.id in moves):
        amount = moves[meter.id]
        item = Text(printable(tr(meter.name, lang)) + " ", styles["hint"])
        if level == "exact":
            item.append(signed(amount), styles["up" if amount > 0 else "down"])
        else:
            item.append(dots(amount), styles["dots"])
        items.append(item)
    return flow(items, width)


def flow(items: Sequence[Text], width: int | None, first: int = 0) -> Text:
    """``items`` two spaces apart, broken into lines of ``width`` between items only.

    ``first`` cells of the first line are already taken (by a label before the items).
    Without a width, Rich wraps as it likes.
    """
    text = Text(no_wrap=width is not None, overflow="fold")
    line_length = first
    for position, item in enumerate(items):
        if position:
            if width is not None and line_length + 2 + len(item.plain) > width:
                text.append("\n")
                line_length = 0
            else:
                text.append("  ")
                line_length += 2
        elif width is not None and first and first + len(item.plain) > width:
            text.append("\n")
            line_length = 0
        text.append_text(item)
        line_length += len(item.plain)
    return text


def changes_text(content: Content, changes: Mapping[str, int], lang: str, styles: Mapping[str, Style],
                 width: int | None = None, first: int = 0) -> Text:
    """``Moscow +3  Public trust -8``, in meter order, never broken inside an item."""
    items = []
    for meter in content.meters:
        amount = changes.get(meter.id)
        if amount:
            item = Text(printable(tr(meter.name, lang)) + " ")
            item.append(signed(amount), styles["up" if amount > 0 else "down"])
            items.append(item)
    if not items:
        return Text(_("nothing moved"), styles["hint"])
    return flow(items, width, first)


def hanging(text: Text, indent: int) -> Text:
    """``text`` with every line after the first indented by ``indent`` cells."""
    return Text("\n" + " " * indent).join(text.split("\n"))


def chart_rows(meter: Meter, values: Sequence[int], width: int, height: int,
               styles: Mapping[str, Style]) -> list[Text]:
    """A small column chart of ``values`` (0-100), ``height`` rows of ``width`` cells.

    Each value gets an equal share of the width (at least one cell); with more values
    than cells, each cell shows the last value of its stretch.
    """
    if width <= 0 or height <= 0 or not values:
        return [Text() for _ in range(max(height, 0))]
    count = len(values)
    columns: list[int] = []
    for cell in range(width):
        index = min(count - 1, (cell * count) // width) if count <= width else \
            min(count - 1, ((cell + 1) * count) // width - 1)
        columns.append(values[index])
    levels = height * 8
    rows: list[Text] = []
    for row in range(height - 1, -1, -1):
        text = Text(no_wrap=True, overflow="crop")
        for value in columns:
            # Anything above zero draws at least the lowest mark; zero draws nothing.
            filled = max(1, round(value / METER_MAX * levels)) if value > METER_MIN else 0
            part = filled - row * 8
            style = styles["danger-spark" if in_danger(meter, value) else "spark"]
            if part >= 8:
                text.append(FULL, style)
            elif part > 0:
                text.append(SPARK[part - 1], style)
            else:
                text.append(" ")
        rows.append(text)
    return rows


_URL = re.compile(r"https?://\S+")


def source_text(source: str, label: str | None = None) -> Group:
    """A source, each web address on a line of its own that never breaks.

    Broken across lines an address cannot be copied or followed; on a line of its own
    it shows whole where it fits and ends in an ellipsis where it does not, and stays
    a link to the whole address in terminals that know links.
    """
    lines: list[Text] = []
    prose = Text()
    prose.append(_("Source:") + " " if label is None else label, "bold")
    position = 0
    for match in _URL.finditer(source):
        before = source[position:match.start()].strip().rstrip(",;:").strip()
        if before:
            prose.append(before)
        url = match.group(0).rstrip(".,;)")
        position = match.start() + len(url)
        if prose.plain:
            lines.append(prose)
            prose = Text()
        lines.append(Text(url, Style(link=url, underline=True), no_wrap=True, overflow="ellipsis"))
    rest = source[position:].strip().lstrip(",;:").strip()
    if rest:
        prose.append(rest)
    if prose.plain:
        lines.append(prose)
    return Group(*lines)
