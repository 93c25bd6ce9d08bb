"""The game's own colour theme: steppe sky blue and sun gold, as on Kazakhstan's flag.

A full-colour theme, never an ANSI one: with ``NO_COLOR`` Textual turns it monochrome,
where an ANSI theme would come out black on black.
"""

from __future__ import annotations

from textual.theme import Theme

THEME_NAME = "steppe"

STEPPE = Theme(
    name=THEME_NAME,
    primary="#00AFCA",
    secondary="#3E7CB1",
    accent="#FEC50C",
    warning="#F2A541",
    error="#F0565C",
    success="#4CC38A",
    foreground="#E4EDF2",
    background="#0C1821",
    surface="#12222E",
    panel="#1A3142",
    dark=True,
    variables={
        "footer-key-foreground": "#FEC50C",
        "block-cursor-background": "#00AFCA",
        "block-cursor-foreground": "#0C1821",
        "input-selection-background": "#00AFCA 35%",
    },
)
