"""The meters over time: a hand-written SVG chart for HTML, a text chart for Markdown.

No script, no font download, no library: the SVG is a few polylines that print the same
on every browser. Lines differ by dash pattern and marker as well as colour, so the
chart still reads on a black-and-white printer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.base.i18n import _
from game.classroom.htmlkit import esc

# Colour-blind-safe palette (Okabe-Ito), each with a dash pattern for grey-scale prints.
STYLES = [
    ("#D55E00", ""),            # vermilion, solid
    ("#0072B2", "8 4"),         # blue, dashed
    ("#009E73", "2 3"),         # green, dotted
    ("#CC79A7", "10 3 2 3"),    # purple, dash-dot
    ("#E69F00", "5 2 1 2 1 2"),  # orange, dash-dot-dot
    ("#000000", "1 0"),         # black, solid thin
    ("#56B4E9", "12 6"),        # sky blue, long dash
    ("#F0E442", "3 1"),         # yellow
]


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    values: Sequence[int]
    fatal_high: bool = False


def svg_chart(series: Sequence[Series], *, x_labels: Sequence[str] | None = None,
              marks: Mapping[int, str] | None = None, title: str = "The meters over time",
              width: int = 760, height: int = 320, ident: str = "chart") -> str:
    """An SVG line chart of 0..100 series over decisions (index 0 = the start).

    ``marks`` puts a labelled tick under given indexes (injected cards, undos...).
    ``ident`` names the chart's title element: give each chart of a page its own.
    """
    marks = marks or {}
    count = max((len(s.values) for s in series), default=1)
    left, right, top, bottom = 40, 150, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{esc(ident)}-title" class="chart" font-family="Arial, sans-serif" font-size="11">',
        f'<title id="{esc(ident)}-title">{esc(title)}</title>',
        # Fatal zones: every meter at 0, the powers (and some others) at 100 too.
        f'<rect x="{left}" y="{y(10):.1f}" width="{plot_w}" height="{y(0) - y(10):.1f}" fill="#e6e6e6"/>',
        f'<rect x="{left}" y="{y(100):.1f}" width="{plot_w}" height="{y(90) - y(100):.1f}" fill="#f0f0f0"/>',
        f'<text x="{left + 4}" y="{y(0) - 3:.1f}" fill="#555" font-size="9">{esc(_("danger: fatal at 0"))}</text>',
        f'<text x="{left + 4}" y="{y(100) + 10:.1f}" fill="#555" font-size="9">'
        f'{esc(_("danger for the powers: fatal at 100"))}</text>',
    ]
    for value in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#999" stroke-width="{1 if value in (0, 100) else 0.5}"/>')
        parts.append(f'<text x="{left - 5}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>')
    step = max(1, round(count / 20))
    for i in range(count):
        if i % step and i != count - 1:
            continue
        label = x_labels[i] if x_labels and i < len(x_labels) else str(i)
        parts.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="#000"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 15}" text-anchor="middle">{esc(label)}</text>')
    for i, label in marks.items():
        if 0 <= i < count:
            parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 28}" text-anchor="middle" font-size="9">'
                         f'{esc(label)}</text>')
            parts.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top}" y2="{top + plot_h}" '
                         f'stroke="#000" stroke-width="0.6" stroke-dasharray="1 3"/>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
                 f'{esc(_("decisions (0 = the start)"))}</text>')

    ends: list[list[Any]] = []  # [label y, series, colour, n]: lists, as the label y moves
    for n, s in enumerate(series):
        colour, dash = STYLES[n % len(STYLES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr} points="{points}">'
                     f'<title>{esc(s.name)}: {" → ".join(str(v) for v in s.values)}</title></polyline>')
        for i, v in enumerate(s.values):
            parts.append(_marker(n, x(i), y(v), colour))
        if s.values:
            ends.append([y(s.values[-1]), s, colour, n])
    # Labels at the right end, pushed apart so none overlap.
    ends.sort(key=lambda e: e[0])
    for k in range(1, len(ends)):
        ends[k][0] = max(ends[k][0], ends[k - 1][0] + 12)
    overflow = ends[-1][0] - (top + plot_h + 4) if ends else 0
    if overflow > 0:
        for e in ends:
            e[0] -= overflow
    for label_y, s, colour, n in ends:
        parts.append(_marker(n, left + plot_w + 10, label_y - 4, colour))
        parts.append(f'<text x="{left + plot_w + 18}" y="{label_y:.1f}" fill="#000">{esc(s.name)} {s.values[-1]}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _marker(n: int, cx: float, cy: float, colour: str) -> str:
    shape = n % 4
    if shape == 0:
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.6" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{cx - 2.5:.1f}" y="{cy - 2.5:.1f}" width="5" height="5" fill="{colour}"/>'
    if shape == 2:
        return (f'<polygon points="{cx:.1f},{cy - 3.2:.1f} {cx + 3:.1f},{cy + 2.4:.1f} {cx - 3:.1f},{cy + 2.4:.1f}" '
                f'fill="{colour}"/>')
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.6" fill="#fff" stroke="{colour}" stroke-width="1.4"/>'


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    return "".join(SPARKS[min(len(SPARKS) - 1, max(0, v * len(SPARKS) // 101))] for v in values)


def text_chart(series: Sequence[Series], letters: Sequence[str] | None = None, rows: int = 21) -> str:
    """A plain-text chart: one row per twentieth of the scale, one column per decision,
    each meter drawn with its letter (two letters share a cell; ``*`` where three or more
    meet). Fits in a Markdown code block."""
    letters = list(letters or [s.name[:1].upper() for s in series])
    count = max((len(s.values) for s in series), default=0)
    width = 3
    cells: list[list[list[str]]] = [[[] for _ in range(count)] for _ in range(rows)]
    for s, letter in zip(series, letters):
        for i, v in enumerate(s.values):
            cells[round((100 - v) * (rows - 1) / 100)][i].append(letter)
    lines = []
    for r, row in enumerate(cells):
        value = round(100 - r * 100 / (rows - 1))
        label = f"{value:>3}" if r % 2 == 0 else "   "
        drawn = "".join(("".join(c) if len(c) <= 2 else "*").center(width) for c in row)
        lines.append(f"{label} |{drawn}".rstrip())
    lines.append("    +" + "-" * (width * count))
    lines.append("     " + "".join(f"{i:^{width}}" for i in range(count)).rstrip())
    legend = ", ".join(f"{letter} = {s.name}" for s, letter in zip(series, letters))
    lines.append("     " + _("decisions (0 = the start); {legend}; * = three or more").format(legend=legend))
    return "\n".join(lines)


def meter_letters(names: Sequence[str]) -> list[str]:
    """One distinct letter per meter, from its name where possible."""
    used: set[str] = set()
    out = []
    for name in names:
        pick = next((c.upper() for c in name if c.isalpha() and c.upper() not in used), None)
        if pick is None:
            pick = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" if c not in used)
        used.add(pick)
        out.append(pick)
    return out
