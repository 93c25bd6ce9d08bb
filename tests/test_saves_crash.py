"""A process killed (SIGKILL) in the middle of saving leaves the previous save intact.

These tests kill real child processes that are really writing: no internals are called
to pretend a crash. POSIX only (SIGKILL).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.engine import play
from game.saves.store import list_saves, read_save, write_save
from tests.test_saves_support import FINGERPRINT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

REPO = Path(__file__).resolve().parent.parent
BLOB = 3_000_000  # characters of meta per save: long enough to be killed mid-write

PRELUDE = """
import sys
from game.engine import play
from game.loading import load_or_raise
from game.saves.store import write_save
content = load_or_raise({content!r})
folder = sys.argv[1]
"""


def _child(script: str, folder: Path) -> subprocess.Popen:
    code = textwrap.dedent(PRELUDE.format(content=str(REPO / "content"))) + textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()


def test_killed_while_rewriting_a_large_save_again_and_again(base_content, tmp_path):
    """The child overwrites one slot in a loop with a big meta; it is killed at random
    moments. Whatever instant it dies, the slot holds one complete save."""
    rng = random.Random(20250131)
    state = play(base_content, None, 7, [0, 1, 2, 0])
    script = f"""
    state = play(content, None, 7, [0, 1, 2, 0])
    i = 0
    while True:
        write_save(folder, "big", content, state, fingerprint={FINGERPRINT!r},
                   meta={{"i": i, "blob": "x" * {BLOB}}})
        print(i, flush=True)
        i += 1
    """
    leftovers = 0
    for attempt in range(4):
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        child = _child(script, folder)
        first = child.stdout.readline()  # one save is complete before the kill
        assert first.strip() == "0", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        _kill(child)
        saved = read_save(folder / "big.save.json", base_content, FINGERPRINT)
        assert saved.state == state and saved.verified
        assert saved.meta["blob"] == "x" * BLOB and saved.meta["i"] >= 0
        infos = list_saves(folder)
        assert [(i.slot, i.error) for i in infos] == [("big", None)]
        leftovers += any(p.name.endswith(".tmp") for p in folder.iterdir())
    # Not asserted (timing): how often the kill landed inside a write.
    print(f"kills that left a temporary file behind: {leftovers}/4")


def test_killed_between_writing_and_renaming(base_content, tmp_path):
    """The child's rename is held up (it prints, then sleeps) so the kill lands after
    the new save is fully written to its temporary file and before it replaces the old
    one: the old save must still be there, whole, and listed alone."""
    old = play(base_content, None, 5, [0, 1])
    path = write_save(tmp_path, "slot", base_content, old, fingerprint=FINGERPRINT, meta={"which": "old"})
    script = f"""
    import os, time
    real_replace = os.replace
    def held_up(src, dst):
        print("renaming", src, flush=True)
        time.sleep(60)
        real_replace(src, dst)
    os.replace = held_up
    state = play(content, None, 5, [0, 1, 1, 1])
    write_save(folder, "slot", content, state, fingerprint={FINGERPRINT!r}, meta={{"which": "new"}})
    """
    child = _child(script, tmp_path)
    line = child.stdout.readline()
    assert line.startswith("renaming"), child.stderr.read()
    _kill(child)
    temp = Path(line.split(" ", 1)[1].strip())
    assert temp.parent == tmp_path and temp.name.startswith(".slot.save.json.") and temp.exists()
    assert read_save(temp).meta == {"which": "new"}  # the new save was complete, only not renamed
    saved = read_save(path, base_content, FINGERPRINT)
    assert saved.state == old and saved.meta == {"which": "old"}
    assert [(i.slot, i.error) for i in list_saves(tmp_path)] == [("slot", None)]
    # The next save goes through as usual, beside the leftover temporary file.
    newer = play(base_content, None, 5, [0, 1, 1])
    write_save(tmp_path, "slot", base_content, newer, fingerprint=FINGERPRINT)
    assert read_save(path).state == newer


def test_killed_while_autosaving_keeps_the_earlier_autosaves(base_content, tmp_path):
    from game.saves.store import autosave, latest_autosave

    earlier = play(base_content, None, 8, [1])
    for _ in range(3):
        autosave(tmp_path, base_content, earlier, fingerprint=FINGERPRINT, keep=3)
    before = sorted(p.name for p in tmp_path.iterdir())
    script = f"""
    import os, time
    from game.saves.store import autosave
    real_replace = os.replace
    def held_up(src, dst):
        print("renaming", flush=True)
        time.sleep(60)
    os.replace = held_up
    autosave(folder, content, play(content, None, 8, [1, 1]), fingerprint={FINGERPRINT!r}, keep=3)
    """
    child = _child(script, tmp_path)
    assert child.stdout.readline().startswith("renaming"), child.stderr.read()
    _kill(child)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == before
    latest = latest_autosave(tmp_path)
    assert latest is not None and read_save(latest.path).state == earlier
