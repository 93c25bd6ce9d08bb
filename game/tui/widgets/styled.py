"""Colours for hand-built ``Text``, taken from the stylesheet's component classes.

Widgets that draw bars, hints or changes read their colours through ``mv--*`` component
classes, so the one ``.tcss`` file and the active theme decide every colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

if TYPE_CHECKING:  # the mixin runs on a Widget, and calls Widget's through super()
    from textual.widget import Widget as _WidgetBase
else:
    _WidgetBase = object

STYLE_KEYS = (
    "fill",
    "danger-fill",
    "empty",
    "danger-empty",
    "value",
    "danger-value",
    "spark",
    "danger-spark",
    "hint",
    "dots",
    "up",
    "down",
)

COMPONENT_CLASSES = {f"mv--{key}" for key in STYLE_KEYS}


class Styled(_WidgetBase):
    """Mixin for widgets that draw their own text: ``self.mv_styles()`` maps keys to styles.

    Textual collects component classes only along a widget's first DOM base, not from
    mixins, so every class using this one also sets ``COMPONENT_CLASSES = COMPONENT_CLASSES``.
    """

    _mv_styles: dict[str, Style] | None = None

    def mv_styles(self) -> dict[str, Style]:
        # Textual drops its own style cache on every refresh; these change only with the
        # stylesheet or the theme, and computing them is a good part of a redraw.
        if self._mv_styles is None:
            self._mv_styles = {key: self.get_component_rich_style(f"mv--{key}", partial=True)
                               for key in STYLE_KEYS}
        return self._mv_styles

    def notify_style_update(self) -> None:
        self._mv_styles = None
        super().notify_style_update()
