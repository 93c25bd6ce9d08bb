"""The game's own commands in the command palette (``:``, or Textual's ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class GameCommands(Provider):
    """New game, save, load, undo, journal, glossary, help and the hint level."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        session = getattr(app, "session", None)
        playing = session is not None and session.started
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("New game", "Start a new game with the settings on the title screen", app.request_start),
            ("Set up a new game", "Pick the scenario, the seed and the advisor hints", app.request_setup),
            ("Continue", "Continue the latest autosave", app.request_continue),
            ("Load a saved game", "Pick a save to continue", app.action_load),
            ("How to play", "The rules and the keys", app.action_help),
            ("Glossary", "Terms the cards use", app.action_glossary),
            ("Title screen", "Back to the title screen (the game is autosaved)", app.action_title),
        ]
        if playing:
            commands += [
                ("Save the game", "Save under a name of your choice", app.action_save),
                ("Undo the last choice", "Take back the last decision", app.action_undo),
                ("Journal", "Every decision so far and what it moved", app.action_journal),
            ]
        for level, description in (
            ("none", "no advisor hints"),
            ("dots", "dots show which meters a choice moves, and how much, not which way"),
            ("exact", "exact numbers, for the classroom"),
        ):
            commands.append((f"Hints: {level}", f"Advisor hints: {description}", partial(app.set_hints, level)))
        commands.append(("Quit", "Leave the game (it is autosaved each quarter)", app.action_request_quit))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
