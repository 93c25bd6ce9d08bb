"""The meters: one row per meter the content defines, however many that is.

A row draws itself for the height it is given: one line (name, bar, number) when many
meters share little room, two (name and number; bar and sparkline) normally, and on a
tall terminal a full-width sparkline under the bar, one or two lines high. The panel
shares its height out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.containers import Vertical
from textual.widget import Widget

from game.engine import Meter, tr
from game.tui import render
from game.base.text import printable
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled

NUMBER_WIDTH = 4  # " 60 " or " 12!"
MAX_ROW_HEIGHT = 5
EXTRA_WIDTH = 4  # "●●●" or "▲12", and a space
MIN_BAR = 7  # "Доверие общества" (16) reads whole in the 28 cells of the meters at 80 columns


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class MeterRow(Widget):
    """One meter: its name, a gauge with danger zones, its number and recent turns."""

    def __init__(self, meter: Meter, lang: str = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.meter = meter
        self.lang = lang
        self.value = meter.start
        self.history: list[int] = [meter.start]
        self.extra: Text | None = None
        # Colours come from the panel, which resolves the stylesheet's mv--* classes
        # once for all rows: cheaper than every row carrying its own.
        self.styles_map: dict[str, Style] = {}
        self.name_column = len(self.name_text)
        self.tooltip = Text(printable(tr(meter.description, lang)).strip()) if meter.description else None

    @property
    def name_text(self) -> str:
        return printable(tr(self.meter.name, self.lang))

    def show(self, value: int, history: list[int], extra: Text | None, styles: dict[str, Style]) -> None:
        self.value, self.history, self.extra, self.styles_map = value, history, extra, styles
        self.set_class(render.in_danger(self.meter, value), "-danger")
        self.refresh()

    def render(self) -> RenderResult:
        width, height = self.content_size.width, self.content_size.height
        styles = self.styles_map
        if not styles:
            return Text()
        number = render.value_text(self.meter, self.value, styles)
        extra = self.extra or Text()
        if height <= 1:
            # The hint or change gets a fixed slot, so that every bar has the same length.
            # Names as long as the longest (the panel sets it), leaving the bar at least
            # MIN_BAR cells: a name read whole matters more than a long bar.
            extra_width = EXTRA_WIDTH if width >= 30 else 0
            name_width = max(6, min(self.name_column, width - extra_width - 1 - NUMBER_WIDTH - MIN_BAR))
            name = Text(_fit(self.name_text, name_width).ljust(name_width) + " ", no_wrap=True)
            bar_width = max(0, width - name_width - 1 - NUMBER_WIDTH - extra_width)
            line = Text.assemble(name, render.bar(self.meter, self.value, bar_width, styles), number)
            if extra_width:
                slot = extra.copy()
                slot.truncate(extra_width - 1)
                line.append(" ")
                line.append_text(slot)
            line.truncate(width, pad=True)
            return line
        # First line: the name on the left, the hint or change and the number on the right.
        right = Text.assemble(extra, " " if extra.plain else "", number)
        name_width = max(1, width - len(right.plain) - 1)
        first = Text(_fit(self.name_text, name_width).ljust(name_width) + " ", style="bold", no_wrap=True)
        first.append_text(right)
        first.truncate(width)
        if height == 2:
            spark_width = max(4, min(10, width // 4))
            bar_width = max(1, width - spark_width - 1)
            second = render.bar(self.meter, self.value, bar_width, styles)
            second.append(" ")
            second.append_text(render.sparkline(self.meter, self.history, spark_width, styles))
            return Text("\n").join([first, second])
        bar_line = render.bar(self.meter, self.value, width, styles)
        spark = render.spark_rows(self.meter, self.history, width, height - 2, styles)
        return Text("\n").join([first, bar_line, *spark])


class MeterPanel(Styled, Vertical):
    """Every meter of the content, sharing the panel's height between them.

    The panel resolves the ``mv--*`` colours once for all its rows (a stylesheet sets
    them, as for any :class:`~game.tui.widgets.styled.Styled` widget).
    """

    COMPONENT_CLASSES = COMPONENT_CLASSES

    def __init__(self, meters: tuple[Meter, ...], lang: str = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.meters = meters
        self.lang = lang
        # The least height the panel may get on this screen (the game screen says): rows
        # are sized for it, so that they, and the bars, keep one shape from quarter to
        # quarter while the choices below take more or fewer lines.
        self.floor_height: int | None = None

    def compose(self):
        longest = max((len(printable(tr(meter.name, self.lang))) for meter in self.meters), default=6)
        for meter in self.meters:
            row = MeterRow(meter, self.lang, id=f"meter-{meter.id}", classes="meter")
            row.name_column = longest
            yield row

    def on_resize(self) -> None:
        self.share_height()

    def on_mount(self) -> None:
        self.call_after_refresh(self.share_height)

    def share_height(self) -> None:
        rows = list(self.query(MeterRow))
        if not rows:
            return
        available = self.content_size.height
        if self.floor_height is not None:
            available = max(1, min(available, self.floor_height))
        count = len(rows)
        per_row = max(1, min(MAX_ROW_HEIGHT, available // count))
        gap = 0
        if per_row >= 2:
            # A blank line between meters reads more calmly, where there is room for it.
            with_gaps = max(1, min(MAX_ROW_HEIGHT, (available + 1) // count - 1))
            if with_gaps >= 2 and with_gaps >= per_row - 1:
                per_row, gap = with_gaps, 1
        for index, row in enumerate(rows):
            row.styles.height = per_row
            row.styles.margin = (gap if index else 0, 0, 0, 0)

    def show(self, values: Mapping[str, int], history: Sequence[Mapping[str, int]], extras: dict[str, Text],
             styles: dict[str, Style] | None = None) -> None:
        styles = styles or self.mv_styles()
        for row in self.query(MeterRow):
            meter_id = row.meter.id
            row.show(values[meter_id], [snap[meter_id] for snap in history if meter_id in snap],
                     extras.get(meter_id), styles)
