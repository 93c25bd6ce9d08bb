"""``multivector play --headless ... --save`` and ``multivector replay``, run as a player would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def multivector(*args: str, saves: Path | None, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MULTIVECTOR_SAVES"}
    if saves is not None:
        env["MULTIVECTOR_SAVES"] = str(saves)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=60)


def _no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


def test_done_when_save_replay_and_damaged_copy(tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    played = multivector("play", "--headless", "--seed", "3", "--choices", "1,2,1,2,1,2", "--save", "bar1",
                         saves=saves, cwd=work)
    assert played.returncode == 0, played.stderr
    files = list(saves.iterdir())
    assert len(files) == 1 and "bar1" in files[0].name
    assert list(work.iterdir()) == []

    replayed = multivector("replay", str(files[0]), saves=saves, cwd=work)
    assert replayed.returncode == 0, replayed.stderr
    assert "matches" in replayed.stdout
    by_slot = multivector("replay", "bar1", saves=saves, cwd=work)
    assert by_slot.returncode == 0, by_slot.stderr

    data = files[0].read_bytes()
    half = tmp_path / "half.save.json"
    half.write_bytes(data[: len(data) // 2])
    broken = multivector("replay", str(half), saves=saves, cwd=work)
    assert broken.returncode != 0
    assert broken.stderr.strip() and len(broken.stderr.strip().splitlines()) == 1
    assert "half.save.json" in broken.stderr
    _no_traceback(broken)


@pytest.mark.parametrize("slot", ["../escape", "/abs", "a/b", "..", "bad\x01name", ""])
def test_path_like_save_names_are_refused_and_write_nothing(tmp_path, slot):
    saves = tmp_path / "saves"
    saves.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    result = multivector("play", "--headless", "--seed", "3", "--choices", "1,2", "--save", slot,
                         saves=saves, cwd=work)
    if slot == "":
        # argparse gives an empty --save; headless treats it as "no save", which writes nothing either.
        assert list(saves.iterdir()) == []
    else:
        assert result.returncode != 0
        assert "slot name" in result.stderr
    _no_traceback(result)
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert everything == ["saves", "work"]
    assert not Path("/abs.save.json").exists()


def test_a_cheating_edit_fails_replay_naming_the_turn(tmp_path):
    saves = tmp_path / "saves"
    assert multivector("play", "--headless", "--seed", "3", "--choices", "1,2,1,2,1,2", "--save", "c",
                       saves=saves, cwd=tmp_path).returncode == 0
    path = saves / "c.save.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["state"]["meters"]["economy"] = min(99, doc["state"]["meters"]["economy"] + 30)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    result = multivector("replay", "c", saves=saves, cwd=tmp_path)
    assert result.returncode == 1
    assert "turn 7" in result.stderr and "economy" in result.stderr
    _no_traceback(result)


def test_replay_with_the_saves_option_and_a_missing_slot(tmp_path):
    saves = tmp_path / "elsewhere"
    assert multivector("play", "--headless", "--seed", "5", "--choices", "2,2", "--save", "x", "--saves", str(saves),
                       saves=None, cwd=tmp_path).returncode == 0
    assert (saves / "x.save.json").is_file()
    assert multivector("replay", "x", "--saves", str(saves), saves=None, cwd=tmp_path).returncode == 0
    missing = multivector("replay", "y", "--saves", str(saves), saves=None, cwd=tmp_path)
    assert missing.returncode == 2 and "no save 'y'" in missing.stderr
    _no_traceback(missing)


def test_replay_of_a_save_with_injects(base_content, tmp_path):
    from game.engine import choose, inject, play
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    state = inject(base_content, play(base_content, None, 6, [0, 1]), sorted(base_content.cards)[5])
    state, _ = choose(base_content, state, 1)
    write_save(tmp_path, "class", base_content, state, fingerprint=fingerprint_for_dirs(REPO / "content"))
    result = multivector("replay", "class", saves=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 inject" in result.stdout


def test_replay_with_other_content_warns(tmp_path):
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    with (copy / "glossary.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit that changes no rule\n")
    saves = tmp_path / "saves"
    assert multivector("play", "--headless", "--seed", "3", "--choices", "1,2,1", "--save", "g",
                       saves=saves, cwd=tmp_path).returncode == 0
    result = multivector("replay", "g", "--content", str(copy), saves=saves, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "other content" in result.stderr


def test_replay_of_a_classroom_term_uses_its_length(base_content, tmp_path):
    """A classroom session may cut the term short; its save says so in meta, and the
    replay plays by the same rules (the game ends "term complete" at that length)."""
    import game.classroom.session as session
    from game.engine import play
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    scenario = base_content.default_scenario.id
    rules = session.term_content(base_content, scenario, 3)
    state = play(rules, scenario, 12, [0, 0, 0])
    meta = {"classroom": {"turns": 3, "scenario": scenario, "seed": 12}}
    write_save(tmp_path, "term", rules, state, fingerprint=fingerprint_for_dirs(REPO / "content"), meta=meta)
    result = multivector("replay", "term", saves=tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
