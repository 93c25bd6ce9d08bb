"""A chart of every meter over the whole game, one small strip per meter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from game.base.i18n import _, date_label
from game.engine import Meter, tr
from game.tui import render
from game.base.text import printable
from game.tui.widgets.styled import COMPONENT_CLASSES, Styled


class MeterChart(Styled, Widget):
    """Small multiples: a strip per meter on a shared 0-100 scale, start to end.

    Each strip is as tall as the terminal allows (two to six lines), with the meter's
    name, its first and last value and its lowest and highest point beside it.
    """

    COMPONENT_CLASSES = COMPONENT_CLASSES

    def __init__(self, meters: tuple[Meter, ...], history: Sequence[Mapping[str, int]], lang: str = "en",
                 first_date: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.meters = meters
        self.history = history
        self.lang = lang
        self.first_date = first_date

    def rows_per_meter(self) -> int:
        # What the terminal leaves beside the heading, texts and footer, shared out.
        room = self.app.size.height - 20
        return max(2, min(6, room // max(1, len(self.meters))))

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.meters) * self.rows_per_meter() + (1 if self.first_date is not None else 0)

    def render(self) -> RenderResult:
        width = self.content_size.width
        per = self.rows_per_meter()
        styles = self.mv_styles()
        name_width = max(8, min(16, width // 5))
        numbers_width = 16
        chart_width = max(4, width - name_width - numbers_width - 2)
        lines: list[Text] = []
        for meter in self.meters:
            values = [snap[meter.id] for snap in self.history if meter.id in snap]
            rows = render.chart_rows(meter, values, chart_width, per, styles)
            name = printable(tr(meter.name, self.lang))
            name = name if len(name) <= name_width else name[: name_width - 1] + "…"
            low, high = (min(values), max(values)) if values else (0, 0)
            first, last = (values[0], values[-1]) if values else (0, 0)
            labels = [Text(f"{first:>3} → {last:<3}", no_wrap=True),
                      Text(_("low {low}, high {high}").format(low=low, high=high), styles["hint"], no_wrap=True)]
            for index, row in enumerate(rows):
                line = Text(no_wrap=True, overflow="crop")
                line.append((name if index == 0 else "").ljust(name_width) + " ", "bold" if index == 0 else "")
                line.append_text(row)
                line.append(" ")
                if per == 1:
                    line.append_text(labels[0])
                elif index < len(labels):
                    line.append_text(labels[index])
                lines.append(line)
        if self.first_date is not None:
            # The time axis: the start of the term on the left, the last quarter played
            # on the right.
            start = date_label(self.first_date)
            end = date_label(self.first_date + max(0, len(self.history) - 2))
            axis = Text(" " * (name_width + 1), no_wrap=True, overflow="crop")
            gap = max(1, chart_width - len(start) - len(end))
            axis.append(f"{start}{' ' * gap}{end}", styles["hint"])
            lines.append(axis)
        return Text("\n").join(lines)
