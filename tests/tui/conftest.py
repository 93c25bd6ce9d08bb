"""Fixtures for the Textual app's tests: injected content, a fixed seed, a tmp save folder."""

from __future__ import annotations

import pytest

from game.loading import load_content
from tests.tui.helpers import CONTENT, SNAPSHOT_CONTENT, THEME


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch, tmp_path):
    # The theme is passed to the app explicitly; saves never leak into the checkout.
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "env-saves"))


@pytest.fixture(scope="session")
def loaded():
    result = load_content(CONTENT)
    assert result.ok, [p.format() for p in result.errors]
    return result


@pytest.fixture(scope="session")
def deck():
    """The small fixed deck of tests/tui/content: four powers, two domestic meters."""
    result = load_content(SNAPSHOT_CONTENT)
    assert result.ok, [p.format() for p in result.errors]
    return result


@pytest.fixture
def saves(tmp_path):
    return tmp_path / "saves"


@pytest.fixture
def make_app(loaded, saves):
    """``make_app(**options)``: the app on the base content, seed 7, saves in tmp_path."""
    from game.tui.app import create_app

    def make(**options):
        options.setdefault("content", loaded.content)
        options.setdefault("files", loaded.files)
        options.setdefault("seed", 7)
        options.setdefault("saves_dir", saves)
        options.setdefault("theme", THEME)
        return create_app(**options)

    return make
