"""Shared test set-up: Hypothesis profiles and common fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI: explicit, derandomized and without deadlines, so the suite is deterministic and
# never flakes on a loaded machine. "dev" explores more, "long" far more. Choose with HYPOTHESIS_PROFILE.
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=300, deadline=None)
# "long": the exploit search of tests/test_exploits.py run for real (docs/balance.md),
# derandomized like ci so that a long run is reproducible too.
settings.register_profile(
    "long",
    max_examples=2000,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

# The long tests run at a CI size that still proves their property (each says how);
# MULTIVECTOR_FULL=1 runs them at full size, for before a release (CONTRIBUTING.md).
FULL = os.environ.get("MULTIVECTOR_FULL", "") not in ("", "0")


@pytest.fixture(autouse=True)
def _no_color_env(monkeypatch):
    # Snapshots and colour tests assume colour; tests that need NO_COLOR set it.
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    # The language follows --lang, a saved setting and the locale (game/base/i18n.py):
    # tests play in English whatever the machine's locale or the player's last choice.
    monkeypatch.setenv("MULTIVECTOR_LANG", "en")
    monkeypatch.setenv("MULTIVECTOR_SETTINGS", "off")


@pytest.fixture(scope="session")
def base_content():
    from game.loading import load_or_raise

    return load_or_raise(CONTENT)
