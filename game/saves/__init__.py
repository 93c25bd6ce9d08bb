"""Saves, autosaves and replays: a game is never lost, and never silently changed.

A layer above the engine and the loader; it imports neither textual nor rich. Each part
is imported from its module (this file imports none, so the title screen can ask for a
folder or catch a :class:`~game.saves.errors.SaveError` without loading the rest):

- :mod:`game.saves.store`: write, read, list and find saves and autosaves;
- :mod:`game.saves.format`: the file format, decoding a stranger's file safely;
- :mod:`game.saves.verify`: replay a save's record and find where it departs;
- :mod:`game.saves.fingerprint`: the content fingerprint a save records;
- :mod:`game.saves.paths`: the save folder and slot names;
- :mod:`game.saves.session`: the session controller every shell plays through.

The file format, the save folder and the migration rules are described in docs/saves.md.
"""
