"""``multivector play --watch``: reload the content when its files change.

For a modder writing cards in one window and playing them in another. About twice a
second :class:`game.loading.watch.Watcher` looks at the content's and mods' files; once
a change has settled, the content is loaded again in a thread, as at start-up.

- A load with errors changes nothing: the errors are shown (the first few, as
  ``file:line:col: message``) and the game goes on with the content it had.
- A load without errors is adopted by the session
  (:meth:`game.saves.session.GameSession.switch_content`): the game goes on, with its
  undo when its seed and choices still deal the same game (a text or a weight edited),
  without it when they do not but the state still fits, or starts again when it does
  not fit (a meter or the scenario removed); the player is told which.

Nothing is looked at while a dialog is open (the screens beneath are redrawn after a
reload, which would close it): a change made meanwhile is picked up once it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.base.text import printable

if TYPE_CHECKING:
    from game.loading.load import LoadResult
    from game.tui.app import MultiVectorApp

INTERVAL = 0.5  # seconds between two looks at the files
ERRORS_SHOWN = 5


class Reloader:
    def __init__(self, app: MultiVectorApp, content_dir, mods) -> None:
        from game.base.paths import default_content_dir
        from game.loading.watch import Watcher, roots_of

        self.app = app
        self.content_dir = content_dir
        self.mods = list(mods)
        base = content_dir if content_dir is not None else default_content_dir()
        # Built before the first load, so that an edit made during it is not missed.
        self.watcher = Watcher(roots_of(base, self.mods))
        self.busy = False

    def start(self) -> None:
        self.app.set_interval(INTERVAL, self.check)

    def check(self) -> None:
        from textual.screen import ModalScreen

        from game.tui.screens.too_small import TooSmallScreen

        app = self.app
        if self.busy or app.session is None or isinstance(app.screen, (ModalScreen, TooSmallScreen)):
            return
        if self.watcher.poll():
            self.busy = True
            app.run_worker(self._load, thread=True, group="reload")

    def _load(self) -> None:
        from game.loading import load_content

        result: LoadResult | Exception
        try:
            result = load_content(self.content_dir, self.mods)
        except Exception as error:  # noqa: BLE001 - one line on screen; the game goes on
            result = error
        self.app.call_from_thread(self.loaded, result)

    def loaded(self, result) -> None:
        """Adopt a load's result (on the app's thread)."""
        from game.saves.session import KEPT, RESTARTED

        app = self.app
        self.busy = False
        app.clear_notifications()  # an earlier try's errors: fixed, or shown again below
        if isinstance(result, Exception) or not result.ok:
            app.notify(printable("\n".join(error_lines(result))),
                       title="Not reloaded: the game goes on with the old content",
                       severity="error", timeout=30, markup=False)
            return
        session = app.session
        if session is None or result.content is None:
            return
        how = session.switch_content(result.content, result.files)
        if how == RESTARTED:
            app.notify("Reloaded. The game in progress does not fit the new content: a new game began.",
                       severity="warning", timeout=8)
        else:
            app.notify("Reloaded." + (" The game goes on without its undo." if how == KEPT else ""), timeout=3)
        title = app._title_screen()
        if title is not None and app.screen is title:
            title.content_ready(app._title_info(session))
        elif session.started:
            app.show_game()


def error_lines(result) -> list[str]:
    """What a failed reload shows: the exception, or the first errors and how many more."""
    if isinstance(result, Exception):
        return [f"{type(result).__name__}: {result}"]
    errors = result.errors
    lines = [problem.format(snippet=False) for problem in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        lines.append(f"and {len(errors) - ERRORS_SHOWN} more ('multivector validate' lists them all)")
    return lines
