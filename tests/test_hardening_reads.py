"""Every read is bounded before any parse or hash: a file of any size costs little.

Each case runs in a child process whose address space is capped (``ulimit -v``), so a
read that takes a whole file, or a parse that builds millions of values, fails there
with a MemoryError instead of filling the test machine; and a read that waits on a pipe
is caught by the child's time-out. Big files are sparse (``truncate``): cheap to make.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Python with the game's modules and YAML needs well under 100 MB of address space.
ADDRESS_SPACE = 400 * 1024 * 1024
HANG = 60  # seconds: only a read that waits forever takes this long

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                reason="address-space limits need Linux")


def _bounded_child(code: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` in a Python whose memory is capped at ADDRESS_SPACE."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=HANG, cwd=cwd, preexec_fn=cap,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)


def _no_traceback(run: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]


# --- the content cache ----------------------------------------------------------------------


def test_the_cache_fingerprint_never_reads_past_the_loaders_file_limit(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    _sparse(copy / "huge.yaml", 1024 * 1024 * 1024)  # 1 GB of nothing
    run = _bounded_child(f"""
        from game.loading import cache, load_content
        found = cache.lookup({str(copy)!r}, [], None)
        assert found.result is None
        result = load_content({str(copy)!r})
        print([p.format(snippet=False) for p in result.errors])
    """, tmp_path, {"MULTIVECTOR_CACHE": str(tmp_path / "cache")})
    _no_traceback(run)
    assert "huge.yaml" in run.stdout and "limit" in run.stdout


def test_an_installed_mod_with_a_huge_file_is_set_aside_not_a_crash(tmp_path):
    mod = tmp_path / "mods" / "big"
    mod.mkdir(parents=True)
    (mod / "mod.yaml").write_text('id: big\nname: Big\nversion: "1.0"\ngame: ">=0.1"\n', encoding="utf-8")
    _sparse(mod / "cards.yaml", 3 * 1024 * 1024 * 1024)
    (tmp_path / "saves").mkdir()
    run = _bounded_child("""
        import sys
        from game.cli import main
        sys.exit(main(["mods", "--saves", "saves"]))
    """, tmp_path, {"MULTIVECTOR_CACHE": str(tmp_path / "cache")})
    _no_traceback(run)
    assert "inactive" in run.stdout and "big" in run.stdout


def test_the_cache_fingerprint_stops_at_the_file_count_limit(tmp_path, monkeypatch):
    from game.loading import cache
    from game.loading.files import MAX_FILES

    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    bulk = copy / "bulk"
    bulk.mkdir()
    for index in range(MAX_FILES + 100):
        (bulk / f"f{index:05}.yaml").write_bytes(b"cards: []\n")
    read = []
    real = cache.read_bounded
    monkeypatch.setattr(cache, "read_bounded", lambda *a, **k: read.append(a[0]) or real(*a, **k))
    monkeypatch.setenv("MULTIVECTOR_CACHE", str(tmp_path / "cache"))
    found = cache.lookup(copy, [], None)
    assert found.result is None and found.fingerprint is None  # the loader refuses the folder
    assert len(read) <= MAX_FILES + 1


# --- session logs ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "sparse"])
def test_a_session_log_that_is_not_a_small_regular_file_is_a_warning(tmp_path, kind):
    log = tmp_path / "game.session.jsonl"
    if kind == "dev-zero":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        log.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(log)
    else:
        _sparse(log, 2 * 1024 * 1024 * 1024)
    run = _bounded_child(f"""
        from game.classroom.sessionlog import read_log
        read = read_log({str(log)!r})
        assert read.records == [], read.records
        print(read.warnings)
    """, tmp_path)
    _no_traceback(run)
    assert "session log" in run.stdout


# --- saves ---------------------------------------------------------------------------------------


def _real_save(folder: Path) -> Path:
    from game.engine import choose, new_game
    from game.loading import load_content
    from game.saves.fingerprint import content_fingerprint
    from game.saves.store import write_save

    loaded = load_content(REPO / "content")
    state = new_game(loaded.content, None, 3)
    state, _ = choose(loaded.content, state, 0)
    return write_save(folder, "real", loaded.content, state, fingerprint=content_fingerprint(loaded.files))


def _flooded(real: Path, path: Path, filler: str) -> None:
    from game.saves.format import MAX_BYTES

    document = json.loads(real.read_text(encoding="utf-8"))
    document["meta"] = {"votes": "@@"}
    text = json.dumps(document)
    room = MAX_BYTES - len(text) - 16
    text = text.replace('"@@"', "[" + ",".join([filler] * (room // (len(filler) + 1))) + "]")
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("filler", ["[]", "0", "{}", '""'])
def test_a_save_whose_meta_floods_tiny_values_is_refused_before_it_is_parsed(tmp_path, filler, monkeypatch):
    from game.saves import format as save_format
    from game.saves.errors import SaveError
    from game.saves.store import list_saves, read_save

    real = _real_save(tmp_path)
    flood = tmp_path / "flood.save.json"
    _flooded(real, flood, filler)
    parsed = []
    real_loads = save_format.json.loads
    monkeypatch.setattr(save_format.json, "loads", lambda text, **k: parsed.append(len(text)) or real_loads(text, **k))
    with pytest.raises(SaveError) as refused:
        read_save(flood)
    assert "values" in str(refused.value) and "\n" not in str(refused.value)
    assert parsed == []  # refused on its bytes, before any parse
    listed = {info.slot: info for info in list_saves(tmp_path)}
    assert listed["real"].ok and "values" in (listed["flood"].error or "")
    assert parsed == [real.stat().st_size]  # listing parsed only the real save


def test_listing_a_folder_of_flooded_saves_stays_within_memory(tmp_path):
    real = _real_save(tmp_path)
    for index in range(3):
        _flooded(real, tmp_path / f"flood{index}.save.json", "[]")
    run = _bounded_child(f"""
        from game.saves.store import list_saves
        print(sorted((i.slot, i.ok) for i in list_saves({str(tmp_path)!r})))
    """, tmp_path)
    _no_traceback(run)
    assert "('real', True)" in run.stdout and "('flood0', False)" in run.stdout


def test_the_content_fingerprint_of_a_save_never_reads_past_the_file_limit(tmp_path):
    _sparse(tmp_path / "huge.yaml", 1024 * 1024 * 1024)
    (tmp_path / "small.yaml").write_text("cards: []\n", encoding="utf-8")
    run = _bounded_child(f"""
        from pathlib import Path
        from game.saves.fingerprint import content_fingerprint
        folder = Path({str(tmp_path)!r})
        print(content_fingerprint([folder / "huge.yaml", folder / "small.yaml"]))
    """, tmp_path)
    _no_traceback(run)
    assert run.stdout.startswith("sha256:")
