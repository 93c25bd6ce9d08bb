"""Textual's command palette, made safe against keys that arrive faster than it draws.

Found by the monkey test (tests/test_monkey_tui.py), with Textual 8.2.8: keys typed
quickly, as a fast typist or a held key sends them, crash the whole app through the
palette in two ways.

- A search started by a keystroke runs after Escape has already closed the palette; it
  looks for the palette's list, which is gone (``NoMatches`` in a worker, which takes the
  app down).
- PageUp/PageDown right after the palette opens move through a list that has not been
  laid out yet (``KeyError`` in ``OptionList._move_page``).

- Escape and a click outside it, queued together, dismiss it twice, and the second
  pops the screen beneath (see game/tui/modal.py).
- A click on a result drawn before the next keystroke replaced the results names an
  option that is gone (``IndexError`` in ``OptionList._on_click``).

All four are the palette's own business: a search for a closed palette is dropped, a
page move before the list is drawn does nothing, a second dismissal is ignored, a click
on a vanished result does nothing.

Why this leans on Textual's private names (checked against Textual 8.2.8's source). The
search is the private ``_gather_commands``, a ``@work`` worker that exits the app on any
error (``exit_on_error``, reported through the private ``App._handle_exception``); no
public hook sees its error or starts the search, so the guard wraps the original
(``__wrapped__``, which ``functools.wraps`` gives the decorated method) in the same
worker group. The safe list can only be put in by copying ``compose`` (which reads the
private ``_placeholder``). Two guards have public equivalents — a public ``on_click``
that calls ``event.prevent_default()`` runs before ``OptionList._on_click`` (handlers
run subclass first), and ``check_action`` could refuse the page keys — but a cleaner
spelling of two guards would leave the class tied to 8.2.8 all the same, and none of
the four races could be brought about on purpose in a test (the monkey test, which
found them, does not meet them again for certain), so a rewrite could not be shown to
keep them fixed. Hence Textual is held to 8.2.x (pyproject) and tests run on 8.2.8
(constraints.txt); re-check this module before allowing a newer Textual.
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Button, LoadingIndicator


class SafeCommandList(CommandList):
    async def _on_click(self, event: events.Click) -> None:
        # Textual calls every class's handler in turn: stop before OptionList's indexes.
        option = event.style.meta.get("option")
        if isinstance(option, int) and not 0 <= option < self.option_count:
            event.prevent_default()


class SafeCommandPalette(CommandPalette):
    def compose(self) -> ComposeResult:
        # CommandPalette.compose of Textual 8.2.8, with the safe list.
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield SafeCommandList()
                yield LoadingIndicator()

    def dismiss(self, result=None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        if not self.is_attached:
            return
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:  # the palette closed while the search ran
            return

    def _action_command_list(self, action: str) -> None:
        try:
            if not self.query(CommandList):
                return
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list is not laid out yet
            return
