"""The game's own commands in the command palette (``:``, or Textual's ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from game.tui.messages import ContinueGame, HintsChosen, HistoryChosen, NewGame, SetUpGame

from game.base.i18n import N_, _
from game.tui.settings import HINT_WORDS


class GameCommands(Provider):
    """New game, save, load, undo, journal, glossary, help, the hint level and the
    history after each decision."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Each command asks the app, as a screen does: by a message or an app action."""
        app = self.app

        def post(message: Message) -> Callable[[], object]:
            return partial(app.post_message, message)

        def action(name: str) -> Callable[[], object]:
            return partial(app.run_action, name)

        session = getattr(app, "session", None)
        playing = session is not None and session.started
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (_("New game"), _("Start a new game with the settings on the title screen"), post(NewGame())),
            (_("Set up a new game"), _("Pick the scenario, the seed and the advisor hints"), post(SetUpGame())),
            (_("Continue"), _("Continue the latest autosave"), post(ContinueGame())),
            (_("Load a saved game"), _("Pick a save to continue"), action("load")),
            (_("How to play"), _("The rules and the keys"), action("help")),
            (_("Glossary"), _("Terms the cards use"), action("glossary")),
            (_("Title screen"), _("Back to the title screen (the game is autosaved)"), action("title")),
        ]
        if playing:
            commands += [
                (_("Save the game"), _("Save under a name of your choice"), action("save")),
                (_("Undo the last choice"), _("Take back the last decision"), action("undo")),
                (_("Journal"), _("Every decision so far and what it moved"), action("journal")),
            ]
        settings = session.settings if session is not None else None

        def now(chosen: bool) -> str:
            # The setting in force is ticked: both ways are always offered.
            return "  ✓" if chosen else ""

        for level, description in (
            ("none", N_("no advisor hints")),
            ("dots", N_("dots show which meters a choice moves, and how much, not which way")),
            ("exact", N_("exact numbers, for the classroom")),
        ):
            commands.append((_("Hints: {level}").format(level=_(HINT_WORDS[level]))
                             + now(settings is not None and settings.hints == level),
                             _("Advisor hints: {description}").format(description=_(description)),
                             post(HintsChosen(level))))
        history = settings.history if settings is not None else None
        commands += [
            (_("“What really happened” after each decision: on") + now(history is True),
             _("Under the outcome of each decision, what Kazakhstan really did, with the source"),
             post(HistoryChosen(True))),
            (_("“What really happened” after each decision: off") + now(history is False),
             _("The game alone: the history only at the end"),
             post(HistoryChosen(False))),
        ]
        commands.append((_("Quit"), _("Leave the game (it is autosaved each quarter)"), action("request_quit")))
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
