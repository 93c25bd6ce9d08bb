"""Textual's ModalScreen, dismissed only while it is the screen on top.

Textual 8.2.8's ``Screen.dismiss`` pops whatever screen is on top of the stack, whoever
asks. Two events queued for one dialog before the first is handled — Enter twice on the
load list, Enter then Escape, a click on Cancel with a key in flight — dismiss it twice:
the second pops the game screen beneath, leaving an empty screen, and the next screen
change crashes the app ("pop from empty list"). Found by tests/test_monkey_tui.py; a
fast typist meets it too. Every dialog of the game and the classroom derives from this
class instead, so a dialog that has already gone ignores the later requests.
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen as _TextualModalScreen

ResultType = TypeVar("ResultType")


class ModalScreen(_TextualModalScreen[ResultType]):
    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:  # already dismissed, or covered by another screen
            return AwaitComplete.nothing()
        return super().dismiss(result)
