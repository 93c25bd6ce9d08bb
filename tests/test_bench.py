"""The benchmark scripts run (their figures are measured by hand, not judged in CI).

``python bench/run_all.py --quick`` runs every script with a few rounds; the figures
mean nothing then, but a script that no longer runs is caught here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the start-up bench needs a pseudo-terminal")
def test_every_bench_script_runs_in_quick_mode():
    out = subprocess.run([sys.executable, "bench/run_all.py", "--quick"], capture_output=True, text=True,
                         cwd=REPO, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    summary = out.stdout.split("== summary", 1)[1]
    for budget in ("start-up: time", "start-up: peak memory", "engine: a game", "engine: random games",
                   "kernel: a turn / the floor", "kernel: a turn / the engine", "kernel: simulate",
                   "exploit search: rules", "scaling:", "loading: cold", "loading: second start", "simulate:"):
        assert budget in summary, summary
