"""The cache of validated content: a hit gives exactly what a fresh load gives, and any
change to the files, the game version or the cache file itself means a fresh load."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from game.loading import cache, load_content, reader
from tests.test_mods_kit import card, write_base, write_mod

REPO = Path(__file__).resolve().parent.parent
ANKARA = REPO / "examples" / "mods" / "ankara"
TURKIC_WEEK = REPO / "examples" / "mods" / "turkic_week"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def reads(monkeypatch):
    """How many YAML files the loader parses (none on a cache hit)."""
    count = []
    real = reader.read_file
    monkeypatch.setattr(reader, "read_file", lambda *a, **k: count.append(a[0]) or real(*a, **k))
    return count


def fresh(monkeypatch, *args, **kwargs):
    with monkeypatch.context() as m:
        m.setenv(cache.ENV_VAR, "off")
        return load_content(*args, **kwargs)


def mods_view(result):
    return [(m.folder, m.source, m.id, m.name, m.version, m.author, m.description, m.game,
             [(d.id, d.requirement, d.place) for d in m.depends], m.manifest_place, m.status, m.reason,
             m.problems, m.files, m.single_file) for m in result.mods]


def assert_same(cached, expected):
    assert cached.content == expected.content
    assert cached.problems == expected.problems
    assert cached.files == expected.files
    assert mods_view(cached) == mods_view(expected)
    assert cached.ok == expected.ok


def test_a_second_load_reads_no_yaml_and_gives_the_same_result(cache_dir, reads, monkeypatch):
    first = load_content(None, [ANKARA, TURKIC_WEEK])
    assert first.ok and reads
    assert len(list(cache_dir.glob("content-*.json"))) == 1
    reads.clear()
    second = load_content(None, [ANKARA, TURKIC_WEEK])
    assert reads == []
    assert_same(second, fresh(monkeypatch, None, [ANKARA, TURKIC_WEEK]))
    assert second.content is not first.content  # a new object: callers may keep their own


def test_warnings_come_back_from_the_cache(tmp_path, cache_dir, reads, monkeypatch):
    base = write_base(tmp_path)
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "cards.yaml").write_text("cards:\n" + card("loose.one"), encoding="utf-8")
    first = load_content(base, [loose])
    assert first.ok and [p.code for p in first.warnings] == ["mod"]
    reads.clear()
    second = load_content(base, [loose])
    assert reads == [] and second.warnings == first.warnings
    assert_same(second, fresh(monkeypatch, base, [loose]))


def test_installed_mods_are_cached_with_their_state(tmp_path, cache_dir, reads, monkeypatch):
    base = write_base(tmp_path)
    installed = tmp_path / "mods"
    installed.mkdir()
    write_mod(installed, "good", {"c.yaml": "cards:\n" + card("good.one")})
    write_mod(installed, "broken", {"c.yaml": "cards:\n  - id: [\n"})
    first = load_content(base, installed=installed)
    assert first.ok and {m.id: m.active for m in first.mods} == {"good": True, "broken": False}
    reads.clear()
    second = load_content(base, installed=installed)
    assert reads == []
    assert_same(second, fresh(monkeypatch, base, installed=installed))


@pytest.mark.parametrize("change", ["edit", "edit_same_size", "add", "remove", "add_other", "rename_mod_folder"])
def test_a_changed_file_means_a_fresh_load(tmp_path, cache_dir, reads, monkeypatch, change):
    base = write_base(tmp_path)
    installed = tmp_path / "mods"
    installed.mkdir()
    mod = write_mod(installed, "extra", {"c.yaml": "cards:\n" + card("extra.one", title="Alpha")})
    load_content(base, installed=installed)
    stamp = os.stat(mod / "c.yaml")
    if change == "edit":
        (mod / "c.yaml").write_text("cards:\n" + card("extra.one", title="A longer title"), encoding="utf-8")
    elif change == "edit_same_size":  # same size, same modification time: only the bytes tell
        (mod / "c.yaml").write_text("cards:\n" + card("extra.one", title="Omega"), encoding="utf-8")
        os.utime(mod / "c.yaml", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    elif change == "add":
        (mod / "d.yaml").write_text("cards:\n" + card("extra.two"), encoding="utf-8")
    elif change == "remove":
        (base / "content.yaml").rename(base / "content.yml.off")
    elif change == "add_other":  # not read, but the loader warns about it
        (mod / "helper.py").write_text("print('hi')\n", encoding="utf-8")
    elif change == "rename_mod_folder":
        shutil.move(mod, installed / "renamed")
    reads.clear()
    again = load_content(base, installed=installed)
    assert reads, "the cache was used although a file changed"
    assert_same(again, fresh(monkeypatch, base, installed=installed))
    if change == "edit_same_size":
        assert again.content.cards["extra.one"].title == "Omega"
    reads.clear()
    assert_same(load_content(base, installed=installed), again)  # and cached anew
    assert reads == [] or not again.ok


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "binary", "wrong_shape", "deep", "unknown_field"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(tmp_path, cache_dir, reads, monkeypatch, damage):
    base = write_base(tmp_path)
    expected = load_content(base)
    [path] = cache_dir.glob("content-*.json")
    data = path.read_bytes()
    stored = json.loads(data)
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_text("this is not json", encoding="utf-8")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "binary":
        path.write_bytes(os.urandom(512))
    elif damage == "wrong_shape":
        stored["result"]["content"]["cards"] = [1, 2, 3]
        path.write_text(json.dumps(stored), encoding="utf-8")
    elif damage == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif damage == "unknown_field":
        next(iter(stored["result"]["content"]["cards"].values()))["run"] = "__import__('os')"
        path.write_text(json.dumps(stored), encoding="utf-8")
    reads.clear()
    again = load_content(base)
    assert reads, "a damaged cache file was used"
    assert_same(again, expected)
    assert json.loads(path.read_bytes())["fingerprint"] == stored["fingerprint"]  # rewritten whole
    reads.clear()
    load_content(base)
    assert reads == []


def test_a_cache_from_another_game_version_is_ignored(tmp_path, cache_dir, reads, monkeypatch):
    base = write_base(tmp_path)
    load_content(base)
    [path] = cache_dir.glob("content-*.json")
    stored = json.loads(path.read_bytes())
    stored["game"] = "0.0.1"
    path.write_text(json.dumps(stored), encoding="utf-8")
    reads.clear()
    load_content(base)
    assert reads
    monkeypatch.setattr(cache, "__version__", "9.9.9")  # a new version never reads an old cache
    reads.clear()
    load_content(base)
    assert reads
    assert len(list(cache_dir.glob("content-*.json"))) == 2  # a file per version: both keep working


def test_a_load_with_errors_is_not_cached(tmp_path, cache_dir, reads):
    base = write_base(tmp_path)
    bad = write_mod(tmp_path, "bad", {"c.yaml": "cards:\n  - id: [\n"})
    assert not load_content(base, [bad]).ok
    assert not cache_dir.exists() or not list(cache_dir.glob("content-*.json"))
    reads.clear()
    assert not load_content(base, [bad]).ok and reads


def test_the_cache_file_is_plain_json_written_atomically(tmp_path, cache_dir):
    base = write_base(tmp_path)
    load_content(base)
    files = sorted(p.name for p in cache_dir.iterdir())
    assert len(files) == 1 and files[0].startswith("content-") and files[0].endswith(".json")  # no temp file left
    stored = json.loads((cache_dir / files[0]).read_text(encoding="utf-8"))
    assert stored["format"] == cache.FORMAT and "cards" in stored["result"]["content"]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, reads):
    monkeypatch.setenv(cache.ENV_VAR, "off")
    base = write_base(tmp_path)
    load_content(base)
    reads.clear()
    load_content(base)
    assert reads
    assert cache.cache_folder() is None


def test_an_unwritable_cache_folder_does_not_stop_the_game(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    assert load_content(write_base(tmp_path)).ok


def test_only_the_newest_cache_files_are_kept(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for n in range(5):
        load_content(write_base(tmp_path / f"b{n}"))
    assert len(list(cache_dir.glob("content-*.json"))) == 3


def test_where_the_cache_lives():
    assert cache.cache_folder({cache.ENV_VAR: "/tmp/x"}) == Path("/tmp/x")
    assert cache.cache_folder({cache.ENV_VAR: "off"}) is None
    assert cache.cache_folder({}) == REPO / ".cache"  # a checkout keeps it beside the code (gitignored)


def test_the_base_game_round_trips_through_json(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    expected = fresh(monkeypatch)
    encoded = json.loads(json.dumps(cache._encode_result(expected)))
    assert_same(cache._decode_result(encoded), expected)


def test_a_start_from_the_cache_reads_no_yaml(cache_dir):
    import subprocess
    import sys

    code = ("import sys; from game.loading import load_content; r = load_content();"
            "print(r.ok, 'yaml' in sys.modules, 'game.loading.reader' in sys.modules)")
    env = {**os.environ, cache.ENV_VAR: str(cache_dir)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert first.stdout.split() == ["True", "True", "True"], first.stderr
    assert second.stdout.split() == ["True", "False", "False"], second.stderr
