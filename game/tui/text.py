"""Text from outside the program (content, save files, error messages) made safe to show.

Textual passes escape sequences through to the terminal, so a control character in a
mod's card or a save's file name could clear the screen or retitle the window. The
loader already refuses them in content; everything shown passes through here as well.
"""

from __future__ import annotations

import re

# C0 controls but newline, DEL and the C1 controls (ESC [ can also be written as CSI).
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """``text`` as a string with every terminal control shown as U+FFFD (tabs as a space)."""
    value = str(text)
    if not _CONTROLS.search(value):
        return value
    return _CONTROLS.sub(lambda match: " " if match.group() == "\t" else "\ufffd", value)
