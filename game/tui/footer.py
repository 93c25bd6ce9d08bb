"""Textual's footer, its binding descriptions in the language in use.

Textual 8.2.8 builds the footer's keys in ``Footer.compose`` from each binding's
``description``, a plain string fixed when the class is defined, before the language is
known. Screens therefore mark their descriptions with ``N_`` and use this footer, which
translates each key as it is composed. The footer composes again whenever the screen's
bindings are refreshed, so a language picked on the title screen shows after
``screen.refresh_bindings()``.
"""

from __future__ import annotations

from textual.widgets import Footer as _TextualFooter
from textual.widgets._footer import FooterKey

from game.base.i18n import _


class Footer(_TextualFooter):
    def compose(self):
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            yield widget
