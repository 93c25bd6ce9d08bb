"""Pathological content files: each is refused with a message naming it, fast, in bounded memory.

The catalogue below is what a stranger's mod could hold: alias and merge-key bombs,
nesting thousands deep, files of millions of values, binary bytes and other encodings,
Python-object tags, tabs, files that are not mappings, oversized files, pipes and
folders with a .yaml name, unreadable files, terminal escape sequences. Each is tried
twice: in-process through the loader, and end to end as an attacker would, dropped into
a copy of content/ and run through ``multivector validate --content COPY`` (exit 1, the
file named, no traceback, within 2 s, under a memory bound).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.loading import load_content
from game.loading.reader import MAX_FILE_BYTES, read_file

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

SECONDS = 2.0
PEAK_MB = 200  # the game itself needs about 50 MB to validate the base content

_CARD = """\
  - {anchor}
    id: {card_id}
    title: A card
    speaker: activist
    text: Some text.
    choices:
      - {{label: One, effects: {{moscow: 1}}}}
      - {{label: Two, effects: {{moscow: -1}}}}
    history: {{note: n, source: s, question: q}}
"""


def _laughs() -> str:
    # The classic: ten levels of nine aliases each, a billion strings once expanded.
    lines = ["laughs:", "  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\ncards: *a9\n"


def _merge_bomb() -> str:
    # Merge keys (<<) copy a mapping's keys into another: nested, they multiply too.
    lines = ["cards:", "  - &m0 {id: x.bomb, title: t, text: t}"]
    for level in range(1, 12):
        lines.append(f"  - &m{level} {{<<: [" + ", ".join([f"*m{level - 1}"] * 9) + "]}")
    return "\n".join(lines) + "\n"


def _card_fan_out() -> str:
    # One valid card, listed again by alias a hundred thousand times.
    return "cards:\n" + _CARD.format(anchor="&c", card_id="x.fan") + "  - *c\n" * 100_000


def _flat(item: str) -> str:
    count = (MAX_FILE_BYTES - 100) // (len(item) + 1)
    return "cards: [" + ",".join([item] * count) + "]\n"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _unreadable(path: Path) -> None:
    path.write_text("cards: []\n", encoding="utf-8")
    path.chmod(0)


def _too_many_files(path: Path) -> None:
    path.mkdir()
    for index in range(5_100):
        (path / f"f{index:04}.yaml").write_bytes(b"cards: []\n")


def _oversized(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: no need to write the bytes
        handle.truncate(MAX_FILE_BYTES + 1)


@dataclass(frozen=True)
class Bad:
    name: str
    make: str | bytes | Callable[[Path], None]
    says: str  # a piece of the message that explains it
    code: str = ""
    names: str = ""  # what the message's path names, if not the file itself

    def write(self, path: Path) -> None:
        if callable(self.make):
            self.make(path)
        else:
            path.write_bytes(self.make if isinstance(self.make, bytes) else self.make.encode("utf-8"))


CATALOGUE = [
    Bad("laughs.yaml", _laughs(), "alias", "unsafe-yaml"),
    Bad("merge_bomb.yaml", _merge_bomb(), "alias", "unsafe-yaml"),
    Bad("fan_out.yaml", _card_fan_out(), "values", "unsafe-yaml"),
    Bad("flat_numbers.yaml", _flat("1"), "values", "unsafe-yaml"),
    Bad("flat_tagged.yaml", _flat("!!str"), "values", "unsafe-yaml"),
    Bad("flat_mappings.yaml", _flat("{}"), "values", "unsafe-yaml"),
    Bad("deep_flow.yaml", "cards: " + "[" * 3000 + "]" * 3000 + "\n", "nest", "yaml"),
    Bad("deep_flow_map.yaml", "cards: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "nest", "yaml"),
    Bad("deep_block.yaml", "cards:\n" + "- " * 3000 + "x\n", "nest", "yaml"),
    Bad("deep_block_map.yaml", "cards:\n" + "".join(" " * i + "a:\n" for i in range(3000)), "nest"),
    Bad("deep_but_parsed.yaml", "cards: " + "[" * 990 + "]" * 990 + "\n", "expected a mapping", "type"),
    Bad("binary.yaml", bytes(range(256)) * 64, "binary", "file"),
    Bad("latin1.yaml", "cards:\n  - id: caf\xe9\n".encode("latin-1"), "UTF-8", "file"),
    Bad("utf16.yaml", "cards: []\n".encode("utf-16"), "UTF-8", "file"),
    Bad("python_apply.yaml", "cards: !!python/object/apply:os.system ['echo PWNED']\n", "not allowed", "unsafe-yaml"),
    Bad("python_new.yaml", "cards:\n  - !!python/object/new:builtins.exec ['print(1)']\n", "not allowed", "unsafe-yaml"),
    Bad("python_name.yaml", "cards: !!python/name:os.system\n", "not allowed", "unsafe-yaml"),
    Bad("tag_directive.yaml", "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\ncards: !p!os.system [x]\n",
        "not allowed", "unsafe-yaml"),
    Bad("local_tag.yaml", "cards: !cards []\n", "not allowed", "unsafe-yaml"),
    Bad("tabs.yaml", "cards:\n\t- id: x.tab\n", "tabs", "yaml"),
    Bad("bare_string.yaml", "just a sentence\n", "mapping", "not-a-mapping"),
    Bad("bare_list.yaml", "- cards\n- meters\n", "mapping", "not-a-mapping"),
    Bad("two_documents.yaml", "cards: []\n---\ncards: []\n", "single document", "yaml"),
    Bad("oversized.yaml", _oversized, "limit", "file"),
    Bad("escape_raw.yaml", "cards:\n  - id: x.esc\n    title: \x1b[2J\x1b]0;pwned\x07\n", "control", "yaml"),
    Bad("escape_quoted.yaml", 'cards:\n  - id: x.esc\n    title: "\\e[2J\\e]0;pwned\\a"\n', "control", "value"),
    Bad("bidi.yaml", "cards:\n  - id: x.bidi\n    title: \"Moscow \u202eecnis\u202c wins\"\n", "control", "value"),
    Bad("huge_key.yaml", "? " + "k" * 1_000_000 + "\n: 1\n", "unknown key", "unknown-key"),
    Bad("many_errors.yaml", "cards: [" + ", ".join(["1"] * 40_000) + "]\n", "more than 200 problems", "file"),
    Bad("fifo.yaml", _fifo, "not a regular file", "file"),
    Bad("unreadable.yaml", _unreadable, "cannot read", "file"),
    Bad("many_files", _too_many_files, "the limit is 5,000", "file", names="content"),
]
IDS = [bad.name for bad in CATALOGUE]


def _skip_if_not_applicable(bad: Bad) -> None:
    if bad.make is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    if bad.make is _unreadable and (not hasattr(os, "geteuid") or os.geteuid() == 0):
        pytest.skip("permissions do not stop root (see test_an_unreadable_file_is_named_even_as_root)")


def _copy_of_content(root: Path) -> Path:
    copy = root / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def _restore(path: Path) -> None:
    if path.exists() and not path.is_symlink():
        path.chmod(stat.S_IRWXU)


# --- in-process: the loader ------------------------------------------------------------


@pytest.mark.parametrize("bad", CATALOGUE, ids=IDS)
def test_the_loader_refuses_it_naming_the_file(bad, tmp_path):
    _skip_if_not_applicable(bad)
    copy = _copy_of_content(tmp_path)
    target = copy / bad.name
    bad.write(target)
    try:
        started = time.process_time()
        result = load_content(copy)
        elapsed = time.process_time() - started
    finally:
        _restore(target)
    assert not result.ok and result.content is None
    named = [p for p in result.errors if (bad.names or bad.name) in p.path]
    assert named, [p.format(snippet=False) for p in result.errors[:5]]
    assert any(bad.says.lower() in p.message.lower() for p in named), [p.message[:200] for p in named[:5]]
    if bad.code:
        assert any(p.code == bad.code for p in named), [p.code for p in named[:5]]
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


def test_a_python_tag_never_constructs_anything(tmp_path):
    # Each tag below would create this file if anything were ever constructed from it.
    marker = tmp_path / "constructed"
    command = f"import pathlib; pathlib.Path({str(marker)!r}).touch()"
    copy = _copy_of_content(tmp_path)
    tags = [
        f"!!python/object/apply:builtins.exec [{command!r}]",
        f"!!python/object/new:builtins.exec [{command!r}]",
        f"!!python/object/apply:os.system [\"touch '{marker}'\"]",
        f"!!python/object/apply:subprocess.call [[touch, '{marker}']]",
    ]
    places = ["cards: {tag}", "cards:\n  - id: {tag}", "meters: [{tag}]", "? {tag}\n: 1", "cards:\n  - text: {tag}"]
    for n, tag in enumerate(tags):
        for m, place in enumerate(places):
            (copy / f"attack_{n}_{m}.yaml").write_text(place.format(tag=tag) + "\n", encoding="utf-8")
    result = load_content(copy)
    assert not result.ok
    assert not marker.exists()
    unsafe = {p.path for p in result.errors if p.code == "unsafe-yaml"}
    assert len(unsafe) == len(tags) * (len(places) - 1)  # a tag on a key is never read at all


def test_an_unreadable_file_is_named_even_as_root(tmp_path, monkeypatch):
    copy = _copy_of_content(tmp_path)
    locked = copy / "locked.yaml"
    locked.write_text("cards: []\n", encoding="utf-8")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if Path(path).name == "locked.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = load_content(copy)
    assert [p.message for p in result.errors if "locked.yaml" in p.path] == ["cannot read file: Permission denied"]


def test_a_pipe_named_as_a_file_never_hangs(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = read_file(pipe, "pipe.yaml")  # read directly, as a mod.yaml or a named file is
    assert [p.code for p in result.problems] == ["file"]
    assert "not a regular file" in result.problems[0].message


def test_a_link_to_a_pipe_inside_the_folder_is_refused(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    copy = _copy_of_content(tmp_path)
    os.mkfifo(copy / "pipe")
    (copy / "link.yaml").symlink_to(copy / "pipe")
    result = load_content(copy)
    assert any("link.yaml" in p.path and "not a regular file" in p.message for p in result.errors)


def test_a_folder_named_like_a_file_is_read_as_a_folder(tmp_path):
    copy = _copy_of_content(tmp_path)
    (copy / "odd.yaml").mkdir()
    (copy / "odd.yaml" / "more.yaml").write_text("cards: []\n", encoding="utf-8")
    result = load_content(copy)
    assert result.ok and any(f.name == "more.yaml" for f in result.files)


def test_too_much_content_in_total_is_refused_before_it_is_all_read(tmp_path):
    # Each file is under every per-file limit; together they would take minutes to read.
    copy = _copy_of_content(tmp_path)
    folder = copy / "bulk"
    folder.mkdir()
    body = "notes: [" + ",".join(["1"] * 30_000) + "]\n"  # one problem, thirty thousand values
    for index in range(400):
        (folder / f"part{index:03}.yaml").write_text(body, encoding="utf-8")
    started = time.process_time()
    result = load_content(copy)
    elapsed = time.process_time() - started
    assert not result.ok
    assert any("bulk" in p.path and "in total" in p.message for p in result.errors)
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


def test_thousands_of_broken_files_stop_after_a_thousand_problems(tmp_path):
    copy = _copy_of_content(tmp_path)
    folder = copy / "broken"
    folder.mkdir()
    body = "cards: [" + ",".join(["1"] * 250) + "]\n"
    for index in range(3_000):
        (folder / f"part{index:04}.yaml").write_text(body, encoding="utf-8")
    started = time.process_time()
    result = load_content(copy)
    elapsed = time.process_time() - started
    assert any("fix those first" in p.message for p in result.errors)
    assert 1_000 < len(result.errors) < 1_300  # what was read is shown
    assert elapsed < SECONDS, f"{elapsed:.2f} s"


def test_problem_lines_are_safe_to_print(tmp_path):
    # Whatever a file holds, a problem prints as one short line per part, no control bytes.
    copy = _copy_of_content(tmp_path)
    (copy / "a.yaml").write_text("cards:\n  - id: x.esc\n    title: \x1b[31mred\n", encoding="utf-8")
    (copy / "b.yaml").write_text("cards: [" + "1, " * 20_000 + "{oops\n", encoding="utf-8")
    (copy / "c.yaml").write_text('"\\e[2J' + "k" * 50_000 + '": 1\n', encoding="utf-8")
    result = load_content(copy)
    for problem in result.problems:
        printed = problem.format()
        assert not any(ord(ch) < 32 and ch != "\n" or 0x7F <= ord(ch) < 0xA0 for ch in printed), printed[:300]
        assert all(len(line) <= 400 for line in printed.splitlines()), [len(x) for x in printed.splitlines()]
    assert {Path(p.path).name for p in result.errors} >= {"a.yaml", "b.yaml", "c.yaml"}


# --- end to end: the command, as an attacker runs it --------------------------------------
#
# Time is the command's CPU time (user + system), which a busy test machine does not
# inflate; the wall clock only has to show that nothing waits (a pipe) or hangs.

WALL_SECONDS = 15.0


@dataclass(frozen=True)
class Run:
    code: int
    output: str
    cpu: float  # seconds
    wall: float  # seconds
    peak_mb: float  # 0 where the platform cannot tell


def _run_measured(argv: list[str], cwd: Path) -> Run:
    with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=output, stderr=subprocess.STDOUT, cwd=cwd,
                                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        cpu = peak = 0.0
        if hasattr(os, "wait4"):
            while True:
                # ru_maxrss is useless here: Linux carries the forking parent's peak (this
                # pytest process) over the exec. VmHWM of the child's own memory map is
                # exact; polled until exit, its last reading is the peak within 10 ms.
                peak = max(peak, _high_water_mb(process.pid))
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    process.returncode = os.waitstatus_to_exitcode(status)
                    cpu = usage.ru_utime + usage.ru_stime
                    break
                if time.perf_counter() - started > WALL_SECONDS:
                    process.kill()
                    process.wait()
                    raise AssertionError(f"still running after {WALL_SECONDS} s: {argv}")
                time.sleep(0.01)
        else:  # pragma: no cover - Windows
            process.wait(timeout=WALL_SECONDS)
            cpu = time.perf_counter() - started
        wall = time.perf_counter() - started
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return Run(process.returncode, text, cpu, wall, peak)


def _high_water_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB, or 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _validate(copy: Path) -> list[str]:
    return [sys.executable, "-m", "game", "validate", "--no-mods", "--content", str(copy)]


@pytest.mark.parametrize("bad", CATALOGUE, ids=IDS)
def test_validate_as_an_attacker_runs_it(bad, tmp_path):
    _skip_if_not_applicable(bad)
    copy = _copy_of_content(tmp_path)
    target = copy / bad.name
    bad.write(target)
    try:
        run = _run_measured(_validate(copy), cwd=tmp_path)
    finally:
        _restore(target)
    assert run.code == 1, run.output[-2000:]
    assert "Traceback" not in run.output, run.output[-3000:]
    assert f"{bad.names or bad.name}" in run.output
    assert run.cpu < SECONDS, f"{run.cpu:.2f} s of CPU"
    if run.peak_mb:
        assert run.peak_mb < PEAK_MB, f"{run.peak_mb:.0f} MB"
    assert len(run.output) < 200_000, len(run.output)
    assert "\x1b" not in run.output


def test_remove_folder_removes_links_inside_as_links_and_refuses_a_link_in_its_place(tmp_path):
    from game.base.files import FileRefused, remove_folder

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("kept")
    doomed = tmp_path / "doomed"
    (doomed / "deep").mkdir(parents=True)
    (doomed / "deep" / "file").write_text("x")
    (doomed / "deep" / "link").symlink_to(outside, target_is_directory=True)
    assert remove_folder(doomed) is True
    assert not doomed.exists() and (outside / "keep.txt").read_text() == "kept"
    assert remove_folder(doomed) is False  # gone already
    (tmp_path / "alias").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FileRefused, match="a link"):
        remove_folder(tmp_path / "alias")
    with pytest.raises(FileRefused, match="not a folder"):
        remove_folder(outside / "keep.txt")
    assert (outside / "keep.txt").exists()


def test_last_change_is_the_newest_time_inside_without_following_links(tmp_path):
    from game.base.files import last_change

    folder = tmp_path / "f"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "new").write_text("x")
    (folder / "link").symlink_to(tmp_path, target_is_directory=True)
    for path, when in ((folder / "a" / "b" / "new", 5_000), (folder / "a" / "b", 100), (folder / "a", 100),
                       (folder, 100)):
        os.utime(path, (when, when))
    os.utime(folder / "link", (200, 200), follow_symlinks=False)
    assert last_change(folder, 100) == 5_000
    assert last_change(folder, 2) > 1_000_000_000  # more entries than it may look at: counted as now
