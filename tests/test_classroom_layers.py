"""The classroom service (game/classroom) runs without Textual: its screens live in
game/tui/classroom, so the web server and the report never pull in a terminal UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CLASSROOM = Path(__file__).resolve().parent.parent / "game" / "classroom"


def test_the_classroom_service_imports_no_textual():
    modules = sorted(f"game.classroom.{p.stem}" for p in CLASSROOM.glob("*.py") if p.stem != "__init__")
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in {modules!r}];"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m.startswith('game.tui'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
