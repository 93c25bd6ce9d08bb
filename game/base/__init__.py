"""The floor under loading, saves and every shell: user folders, bounded reads, atomic
link-refusing writes, the one sanitiser for text shown to a terminal or a page, and
did-you-mean. Imports nothing of the game but :mod:`game.engine` (and none of that yet).

Each module is imported by name (``from game.base.files import atomic_write``); this
file imports none, so the title screen can ask for a folder without paying for the rest.
"""
