"""Textual's footer, its binding descriptions in the language in use.

Textual 8.2.8 builds the footer's keys in ``Footer.compose`` from each binding's
``description``, a plain string fixed when the class is defined, before the language is
known. Screens therefore mark their descriptions with ``N_`` and use this footer, which
translates each key as it is composed. The footer composes again whenever the screen's
bindings are refreshed, so a language picked on the title screen shows after
``screen.refresh_bindings()`` (or a recompose of the screen).

Russian and Kazakh words are longer than English ones: when the keys would not fit the
window, the footer takes Textual's compact style (no padding around each key) rather
than cutting the last keys off.
"""

from __future__ import annotations

from textual.widgets import Footer as _TextualFooter
from textual.widgets._footer import FooterKey

from game.base.i18n import _

# Cells a key takes beside its key and description: padding around the key, after the
# description (Textual's FooterKey stylesheet), and in the compact style.
KEY_PADDING = 3
COMPACT_PADDING = 2
# Keys left out of the footer, in this order, when even the compact style does not fit:
# they still work, and the help lists them.
FIRST_LEFT_OUT = ("app.command_palette", "app.load", "app.glossary", "app.journal", "journal",
                  "hints", "rationale", "show_message")  # the last three: the projector's


class Footer(_TextualFooter):
    def compose(self):
        # The screen's bindings are never grouped (no Binding.group), so every key is a
        # top-level widget and the keys can be gathered before any is yielded.
        widgets = list(super().compose())
        # A binding's key_display is fixed with the class too: a screen whose keys change
        # with what it shows (1-2 or 1-3 answers) says so through ``footer_keys``.
        shown_keys = getattr(self.screen, "footer_keys", None)
        width = 0
        for widget in widgets:
            if isinstance(widget, FooterKey):
                if shown_keys is not None:
                    widget.key_display = shown_keys(widget.action) or widget.key_display
                widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
                width += len(widget.key_display) + len(widget.description) + KEY_PADDING
        room = self.app.size.width
        if width > room and not self.compact:
            self.compact = True
        if self.compact:
            keys = [w for w in widgets if isinstance(w, FooterKey)]
            width = sum(len(w.key_display) + len(w.description) + COMPACT_PADDING for w in keys)
            for action in FIRST_LEFT_OUT:
                if width <= room:
                    break
                for widget in [w for w in keys if w.action == action]:
                    widgets.remove(widget)
                    width -= len(widget.key_display) + len(widget.description) + COMPACT_PADDING
        yield from widgets
