"""Types are checked (pyproject.toml, [tool.mypy]): mypy's basic mode over game/, its
strict flags over game/engine. The README's one test command runs mypy through here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "pyproject.toml"


def _mypy(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(CONFIG), "--cache-dir", str(cache),
                           *args], capture_output=True, text=True, cwd=cwd)


def test_mypy_finds_no_error_in_game(tmp_path):
    out = _mypy(cwd=REPO, cache=tmp_path / "cache")
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    checked = re.search(r"no issues found in (\d+) source files", out.stdout)
    assert checked is not None and int(checked.group(1)) >= 100, out.stdout  # all of game/, not a part


def test_the_engine_alone_is_strict(tmp_path):
    """An untyped function is an error in game.engine and allowed elsewhere: the strict
    flags apply to the engine only (``strict = true`` in an override would leak)."""
    untyped = "def double(x):\n    return x * 2\n"
    for package in ("game", "game/engine", "game/sim"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "game/engine/probe.py").write_text(untyped)
    (tmp_path / "game/sim/probe.py").write_text(untyped)
    out = _mypy("game/engine/probe.py", "game/sim/probe.py", cwd=tmp_path, cache=tmp_path / "cache")
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[0] for line in errors] == ["game/engine/probe.py"], out.stdout
    assert "no-untyped-def" in errors[0]
