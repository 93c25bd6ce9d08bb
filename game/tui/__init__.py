"""The Textual app: ``multivector`` in a terminal.

Nothing is imported here so that ``import game.tui.app`` pays only for what the title
screen needs; the game, ending and dialog screens are imported when first shown.
"""
