"""Where saves go, which slot names are allowed, how names resolve, the fingerprint."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from game.engine import new_game, play
from game.saves import paths as save_paths
from game.saves.errors import SaveError
from game.saves.fingerprint import content_fingerprint, fingerprint_for_dirs
from game.saves.paths import default_saves_dir, saves_dir, slot_problem
from game.saves.store import list_saves, read_save, resolve_save, write_save
from tests.test_saves_support import FINGERPRINT

REPO = Path(__file__).resolve().parent.parent

BAD_SLOTS = [
    "../escape", "..", ".", "/abs", "/etc/passwd", "a/b", "a\\b", "C:evil", "", "   ", "x" * 65,
    "tab\there", "new\nline", "nul\x00byte", "bell\x07", "\u202eevil", "zero\u200bwidth", ".hidden",
    "trailing.", "trailing ", " leading", "CON", "nul.txt", "com1", "a..b", "star*", "quote\"", "pipe|",
    "\U0001F600" * 64, "bad\udcffbyte",
]
GOOD_SLOTS = ["bar1", "Team A", "class-3_2025", "v1.2", "Қазақстан", "x" * 64, "autosave", "con_game",
              "\U0001F600" * 50, "Ә" * 64]


@pytest.mark.parametrize("slot", BAD_SLOTS)
def test_path_like_and_odd_slot_names_are_refused(base_content, tmp_path, slot):
    folder = tmp_path / "saves"
    folder.mkdir()
    with pytest.raises(SaveError) as caught:
        write_save(folder, slot, base_content, new_game(base_content, seed=1), fingerprint=FINGERPRINT)
    assert "slot name" in str(caught.value) and "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["saves"]  # nothing written anywhere


@pytest.mark.parametrize("slot", GOOD_SLOTS)
def test_plain_slot_names_are_accepted(base_content, tmp_path, slot):
    state = new_game(base_content, seed=1)
    path = write_save(tmp_path, slot, base_content, state, fingerprint=FINGERPRINT)
    assert path.parent == tmp_path and slot in path.name
    assert resolve_save(tmp_path, slot) == path
    assert read_save(path).state == state


def test_slot_problem_refuses_non_text():
    assert slot_problem(None) and slot_problem(3) and slot_problem(Path("a"))
    assert slot_problem("bar1") is None


def test_a_slot_is_overwritten_atomically_and_leaves_no_temporary_file(base_content, tmp_path):
    first, second = play(base_content, None, 1, [0]), play(base_content, None, 1, [0, 1])
    write_save(tmp_path, "slot", base_content, first, fingerprint=FINGERPRINT)
    path = write_save(tmp_path, "slot", base_content, second, fingerprint=FINGERPRINT)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert read_save(path).state == second


def test_stale_temporary_files_are_cleaned_fresh_ones_kept(base_content, tmp_path):
    stale, fresh = tmp_path / ".a.save.json.0123456789ab.tmp", tmp_path / ".b.save.json.0123456789ab.tmp"
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (stale, fresh, foreign):
        path.write_text("x")
    old = os.stat(stale).st_mtime - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    write_save(tmp_path, "c", base_content, new_game(base_content, seed=1), fingerprint=FINGERPRINT)
    assert not stale.exists() and fresh.exists() and foreign.exists()


def test_save_folder_is_created(base_content, tmp_path):
    folder = tmp_path / "deep" / "er"
    write_save(folder, "x", base_content, new_game(base_content, seed=1), fingerprint=FINGERPRINT)
    assert (folder / "x.save.json").is_file()


def test_a_file_in_the_way_of_the_folder_is_a_save_error(base_content, tmp_path):
    blocker = tmp_path / "saves"
    blocker.write_text("I am a file")
    with pytest.raises(SaveError):
        saves_dir(blocker)
    with pytest.raises(SaveError):
        write_save(blocker, "x", base_content, new_game(base_content, seed=1), fingerprint=FINGERPRINT)


# --- the save folder ----------------------------------------------------------------


def test_saves_dir_prefers_explicit_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "from_env"))
    assert saves_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert (tmp_path / "explicit").is_dir()
    assert saves_dir() == tmp_path / "from_env" and (tmp_path / "from_env").is_dir()


def test_default_is_the_checkout_saves_folder(monkeypatch):
    monkeypatch.delenv("MULTIVECTOR_SAVES", raising=False)
    assert save_paths.checkout_root() == REPO
    assert default_saves_dir() == REPO / "saves"
    monkeypatch.setenv("MULTIVECTOR_SAVES", "  ")
    assert default_saves_dir() == REPO / "saves"


# --- finding saves ------------------------------------------------------------------


def test_resolve_by_slot_path_and_autosave_name(base_content, tmp_path, monkeypatch):
    from game.saves.store import autosave

    state = new_game(base_content, seed=1)
    slot = write_save(tmp_path, "mine", base_content, state, fingerprint=FINGERPRINT)
    auto = autosave(tmp_path, base_content, state, fingerprint=FINGERPRINT)
    assert resolve_save(tmp_path, "mine") == slot
    assert resolve_save(tmp_path, str(slot)) == slot
    assert resolve_save(tmp_path, slot) == slot
    assert resolve_save(tmp_path, auto.name.removesuffix(".autosave.json")) == auto
    monkeypatch.chdir(tmp_path)
    assert resolve_save("elsewhere", "./mine.save.json") == Path("./mine.save.json")


def test_resolve_unknown_names_say_what_exists(base_content, tmp_path):
    write_save(tmp_path, "bar1", base_content, new_game(base_content, seed=1), fingerprint=FINGERPRINT)
    with pytest.raises(SaveError, match=r"no save 'bar'.*did you mean 'bar1'"):
        resolve_save(tmp_path, "bar")
    with pytest.raises(SaveError, match="no save file"):
        resolve_save(tmp_path, str(tmp_path / "missing.json"))
    with pytest.raises(SaveError, match="holds no saves"):
        resolve_save(tmp_path / "empty", "x")
    with pytest.raises(SaveError):
        resolve_save(tmp_path, "../bar1")


def test_list_saves_of_a_missing_folder_is_empty(tmp_path):
    assert list_saves(tmp_path / "nope") == []


# --- the content fingerprint --------------------------------------------------------


def _copy_content(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(REPO / "content", target)
    return target


def _files(folder: Path) -> list[Path]:
    from game.loading import content_files

    return content_files(folder)


def test_fingerprint_ignores_where_the_content_lives(tmp_path):
    a, b = _copy_content(tmp_path, "a"), _copy_content(tmp_path, "elsewhere")
    assert content_fingerprint(_files(a)) == content_fingerprint(_files(b))
    assert content_fingerprint(_files(a)).startswith("sha256:")


def test_fingerprint_sees_bytes_names_and_order(tmp_path):
    folder = _copy_content(tmp_path, "c")
    files = _files(folder)
    base = content_fingerprint(files)
    assert content_fingerprint(list(reversed(files))) != base
    target = files[-1]
    target.write_bytes(target.read_bytes() + b"\n# a comment\n")
    assert content_fingerprint(files) != base
    target.rename(target.with_name("renamed.yaml"))
    renamed = _files(folder)
    assert content_fingerprint(renamed) not in (base, content_fingerprint(files))


def test_fingerprint_for_dirs_matches_the_loader(tmp_path):
    from game.loading import load_content

    result = load_content()
    assert fingerprint_for_dirs() == content_fingerprint(result.files)
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "extra.yaml").write_text("glossary:\n  - term: Akorda\n    text: The palace.\n", encoding="utf-8")
    with_mod = load_content(None, [mod])
    assert fingerprint_for_dirs(None, [mod]) == content_fingerprint(with_mod.files)
    assert fingerprint_for_dirs(None, [mod]) != fingerprint_for_dirs()


def test_fingerprint_of_an_unreadable_file_does_not_fail(tmp_path):
    assert content_fingerprint([tmp_path / "missing.yaml"]).startswith("sha256:")
    assert content_fingerprint([]) != content_fingerprint([tmp_path / "missing.yaml"])


def test_a_copy_of_the_package_outside_a_checkout_saves_in_the_user_data_folder(tmp_path):
    """The game as installed (the package alone, no pyproject.toml beside it) picks the
    XDG data folder; run in a real interpreter, not by patching the checkout test."""
    import subprocess
    import sys

    site = tmp_path / "site-packages"
    shutil.copytree(REPO / "game", site / "game", ignore=shutil.ignore_patterns("__pycache__"))
    import platformdirs  # a declared dependency; -S below hides the venv's site-packages

    installed = Path(platformdirs.__file__).resolve().parent.parent
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join([str(site), str(installed)]),
           "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    code = "import game.saves.paths as p; print(p.saves_dir())"
    # -S: no site-packages, so the editable install cannot point `game` back at the checkout.
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    if sys.platform.startswith("linux"):
        assert out.stdout.strip() == str(tmp_path / "data" / "multivector" / "saves"), out.stderr
        assert (tmp_path / "data" / "multivector" / "saves").is_dir()
    else:
        assert out.returncode == 0, out.stderr


def test_the_saves_layer_imports_no_interface():
    import subprocess
    import sys

    code = ("import sys, game.saves.session, game.saves.store, game.commands.replay, game.commands.headless;"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
            " or m.startswith(('game.tui', 'game.classroom')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == ""
