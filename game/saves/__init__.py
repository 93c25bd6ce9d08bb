"""Saves, autosaves and replays: a game is never lost, and never silently changed.

A layer above the engine and beside the loader; it imports neither textual nor rich::

    folder = saves_dir(args.saves)
    path = write_save(folder, "bar1", content, state, fingerprint=content_fingerprint(result.files))
    saved = read_save(resolve_save(folder, "bar1"), content, fingerprint)
    saved.state, saved.meta, saved.warnings

The file format, the save folder and the migration rules are described in docs/saves.md.
"""

from game.saves.errors import SaveError
from game.saves.fingerprint import content_fingerprint, fingerprint_for_dirs
from game.saves.format import FORMAT, Record, decode_state, encode_state
from game.saves.paths import check_slot, default_saves_dir, saves_dir, slot_problem, user_data_dir
from game.saves.replay import Divergence, first_divergence, replay
from game.saves.store import (
    SavedGame,
    SaveInfo,
    autosave,
    latest_autosave,
    list_saves,
    read_save,
    resolve_save,
    write_save,
)
from game.saves.validate import state_problem

__all__ = [
    "FORMAT",
    "Divergence",
    "Record",
    "SaveError",
    "SaveInfo",
    "SavedGame",
    "autosave",
    "check_slot",
    "content_fingerprint",
    "decode_state",
    "default_saves_dir",
    "encode_state",
    "fingerprint_for_dirs",
    "first_divergence",
    "latest_autosave",
    "list_saves",
    "read_save",
    "replay",
    "resolve_save",
    "saves_dir",
    "slot_problem",
    "state_problem",
    "user_data_dir",
    "write_save",
]
