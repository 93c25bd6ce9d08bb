"""The layers are contracts (pyproject.toml, [tool.importlinter]): imports point down,
the engine stays pure, and nothing below the interface imports Textual. A cycle between
two layers breaks the layers contract, so this test also keeps game/ free of them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    out = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "BROKEN" not in out.stdout and out.stdout.count("KEPT") >= 3
