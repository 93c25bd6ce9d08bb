"""The classroom's Textual screens: the projector view over game.classroom's session."""
