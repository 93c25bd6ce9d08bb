"""The base floor: folders, bounded reads, atomic link-refusing writes, the sanitiser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.base import files, paths, text
from game.base.suggest import did_you_mean

REPO = Path(__file__).resolve().parent.parent


# --- folders ---------------------------------------------------------------------------


def test_a_checkout_is_this_repository():
    assert paths.checkout_root() == REPO
    assert paths.default_content_dir() == REPO / "content"


def test_an_installed_game_keeps_its_files_in_the_user_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    monkeypatch.delenv(paths.SAVES_ENV, raising=False)
    monkeypatch.setattr(os, "name", "posix")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.default_saves_dir() == tmp_path / "data" / "multivector" / "saves"
    assert paths.installed_mods_dir() == tmp_path / "data" / "multivector" / "mods"
    assert paths.user_cache_dir() == tmp_path / "cache" / "multivector"
    assert paths.default_content_dir() == paths.PACKAGE / "_content"


def test_a_relative_xdg_folder_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    assert paths.user_data_dir().is_absolute()


def test_another_package_content_folder_is_not_the_game(tmp_path, monkeypatch):
    # site-packages/content/ of some other distribution must not be taken for the cards.
    (tmp_path / "content").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')
    monkeypatch.setattr(paths, "PACKAGE", tmp_path / "game")
    paths.checkout_root.cache_clear()
    try:
        assert paths.checkout_root() is None
    finally:
        paths.checkout_root.cache_clear()


def test_saves_env_moves_saves_and_mods_together(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.SAVES_ENV, str(tmp_path / "class" / "saves"))
    assert paths.default_saves_dir() == tmp_path / "class" / "saves"
    assert paths.installed_mods_dir() == tmp_path / "class" / "mods"


# --- reading ---------------------------------------------------------------------------


def test_a_bounded_read_refuses_what_is_too_large_before_reading_it(tmp_path):
    big = tmp_path / "big"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(files.FileRefused, match="at most"):
        files.read_bounded(big, 1024)
    small = tmp_path / "small"
    small.write_bytes(b"hello")
    assert files.read_bounded(small, 1024) == b"hello"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_bounded_read_never_waits_on_a_pipe(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(files.FileRefused, match="named pipe"):
        files.read_bounded(fifo, 1024)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_bounded_read_refuses_a_link_to_a_device(tmp_path):
    link = tmp_path / "log"
    link.symlink_to("/dev/zero")
    with pytest.raises(files.FileRefused, match="device"):
        files.read_bounded(link, 1024)


# --- writing ---------------------------------------------------------------------------


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    files.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_an_atomic_write_refuses_a_link_and_leaves_its_target_alone(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    with pytest.raises(files.FileRefused, match="link"):
        files.atomic_write(link, b"overwritten")
    assert victim.read_text() == "precious"
    assert link.is_symlink()


def test_an_append_refuses_a_link(tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("x")
    link = tmp_path / "session.log.jsonl"
    link.symlink_to(victim)
    with pytest.raises(files.FileRefused):
        files.atomic_append(link, b"$(rm -rf ~)\n", 1024)
    assert victim.read_text() == "x"


def test_an_append_adds_at_the_end(tmp_path):
    log = tmp_path / "log"
    files.atomic_append(log, b"a\n", 1024)
    files.atomic_append(log, b"b\n", 1024)
    assert log.read_bytes() == b"a\nb\n"


# --- text ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200b", "\u200f", "\ufeff",
                                  "\u061c", "\u2060"])
def test_every_unsafe_character_is_refused_and_never_shown(char):
    value = f"a{char}b"
    assert text.first_unsafe(value) == char
    assert char not in text.printable(value)
    assert char not in text.escape_controls(value)


def test_safe_text_is_shown_as_typed():
    value = "Ақорда — Акорда [bold] :warning:\nline two"
    assert text.first_unsafe(value) is None
    assert text.printable(value) == value
    assert text.escape_controls("a\nb") == "a\\x0ab"


def test_did_you_mean():
    assert did_you_mean("mosow", ["moscow", "beijing"]) == " (did you mean 'moscow'?)"
    assert did_you_mean("zzz", ["moscow"]) == ""
