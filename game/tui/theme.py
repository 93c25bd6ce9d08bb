"""The game's colour themes: steppe sky blue and sun gold, as on Kazakhstan's flag, for
the game; white on black with yellow accents for the classroom's projector in a bright
room.

Full-colour themes, never ANSI ones: with ``NO_COLOR`` Textual turns them monochrome,
where an ANSI theme would come out black on black.
"""

from __future__ import annotations

from typing import Any

from textual.theme import Theme

THEME_NAME = "steppe"

# Each theme's colours, in the order of Theme's fields below.
_FIELDS = ("primary", "secondary", "accent", "warning", "error", "success",
           "foreground", "background", "surface", "panel")
_PALETTES = {
    THEME_NAME: ("#00AFCA", "#3E7CB1", "#FEC50C", "#F2A541", "#F0565C", "#4CC38A",
                 "#E4EDF2", "#0C1821", "#12222E", "#1A3142"),
    "projector": ("#FFD700", "#00BFFF", "#FFD700", "#FFA500", "#FF4040", "#40FF80",
                  "#FFFFFF", "#000000", "#000000", "#1A1A1A"),
}


def _theme(name: str, **variables: str) -> Theme:
    colours: dict[str, Any] = dict(zip(_FIELDS, _PALETTES[name], strict=True))
    cursor = colours["primary"]
    return Theme(
        name=name,
        dark=True,
        variables={"footer-key-foreground": colours["accent"], "block-cursor-background": cursor,
                   "block-cursor-foreground": colours["background"], **variables},
        **colours,
    )


STEPPE = _theme(THEME_NAME, **{"input-selection-background": "#00AFCA 35%"})
PROJECTOR = _theme("projector")
