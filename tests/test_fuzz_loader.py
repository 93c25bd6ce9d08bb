"""Fuzzing the loader: whatever a file holds, the loader answers with its own problems.

Two sources of input: random YAML-like documents (from text built out of YAML's own
punctuation, and from random data dumped as YAML), and the real content files mangled the
way files get mangled (bytes flipped, lines deleted, duplicated or swapped, values swapped
between lines, a value's type changed, text cut short). Every outcome must be a
:class:`LoadResult` or :class:`FileResult` whose problems all print; no other exception.
Content that loads without errors must also play: a loader that accepts what the engine
cannot run would only move the crash.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.engine import choose, new_game
from game.loading import load_content
from game.loading import spec as S
from game.loading.files import content_files
from game.loading.problems import CODES
from game.loading.reader import read_text

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
FILES = [path.relative_to(CONTENT).as_posix() for path in content_files(CONTENT)]

# --- random documents ---------------------------------------------------------------------

_YAML_PUNCTUATION = list("-:?,[]{}#&*!|>'\"%@`\\ \n\t.") + ["- ", ": ", "\n  ", "\n- ", "<<: ", "!!", "---\n", "..."]
_WORDS = ["cards", "meters", "id", "title", "choices", "effects", "moscow", "label", "when", "flags",
          "scenarios", "endings", "text", "speaker", "history", "rivalry", "null", "true", "1", "-3", "0x1f",
          "1e309", ".nan", "2019-Q3", "~", "&a", "*a", "!!python/object:os.system", "!!str", "\u202e", "\x1b"]

yaml_like_text = st.lists(
    st.one_of(st.sampled_from(_YAML_PUNCTUATION), st.sampled_from(_WORDS), st.text(max_size=6)),
    max_size=80,
).map("".join)

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=20), st.sampled_from(_WORDS))
_keys = st.one_of(st.sampled_from(list(S.CONTENT_FILE.fields) + list(S.CARD.fields) + list(S.CHOICE.fields)),
                  st.text(max_size=10))
values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_keys, inner, max_size=5)),
    max_leaves=40,
)
documents = st.one_of(
    yaml_like_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    values.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "surrogatepass")),
    st.dictionaries(_keys, values, max_size=4).map(
        lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "surrogatepass")),
    st.binary(max_size=200),
)


def _check_problems(problems) -> None:
    for problem in problems:
        assert problem.code in CODES, problem
        assert problem.line >= 1 and problem.col >= 1
        printed = problem.format()
        assert "\x1b" not in printed
        problem.as_dict()


@given(raw=documents, manifest=st.booleans())
def test_any_document_gives_problems_never_an_exception(raw, manifest):
    root = S.MOD_MANIFEST if manifest else S.CONTENT_FILE
    result = read_text(raw, "fuzz.yaml", root_spec=root)
    _check_problems(result.problems)
    assert isinstance(result.data, dict)


# --- mutations of the real content -----------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def flip_byte(raw: bytes, rnd: random.Random) -> bytes:
    if not raw:
        return raw
    at = rnd.randrange(len(raw))
    return raw[:at] + bytes([rnd.randrange(256)]) + raw[at + 1:]


def delete_line(raw: bytes, rnd: random.Random) -> bytes:
    lines = raw.split(b"\n")
    del lines[rnd.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(raw: bytes, rnd: random.Random) -> bytes:
    lines = raw.split(b"\n")
    at = rnd.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"\n".join(lines)


def swap_lines(raw: bytes, rnd: random.Random) -> bytes:
    lines = raw.split(b"\n")
    a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def _value_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if b": " in line and not line.rstrip().endswith(b":")]


def swap_values(raw: bytes, rnd: random.Random) -> bytes:
    """Two `key: value` lines trade values (a title where a number was...)."""
    lines = raw.split(b"\n")
    candidates = _value_lines(lines)
    if len(candidates) < 2:
        return raw
    a, b = rnd.sample(candidates, 2)
    (key_a, value_a), (key_b, value_b) = lines[a].split(b": ", 1), lines[b].split(b": ", 1)
    lines[a], lines[b] = key_a + b": " + value_b, key_b + b": " + value_a
    return b"\n".join(lines)


_OTHER_TYPES = [b"[]", b"{}", b"[1, 2]", b"{a: 1}", b"0", b"-1", b"3.5", b"true", b"null", b"~", b"''",
                b"\"text\"", b"99999999999999999999999", b"1e400", b".inf", b"2019-01-01", b"*nowhere",
                b"&x 1", b"!!binary aGk=", b"!!set {a}", b"|\n", b">-", b"[[[[", b"\"\\e[31m\""]


def change_type(raw: bytes, rnd: random.Random) -> bytes:
    lines = raw.split(b"\n")
    candidates = _value_lines(lines)
    if not candidates:
        return raw
    at = rnd.choice(candidates)
    key = lines[at].split(b": ", 1)[0]
    lines[at] = key + b": " + rnd.choice(_OTHER_TYPES)
    return b"\n".join(lines)


def cut_short(raw: bytes, rnd: random.Random) -> bytes:
    return raw[:rnd.randrange(len(raw) + 1)]


def indent_line(raw: bytes, rnd: random.Random) -> bytes:
    lines = raw.split(b"\n")
    at = rnd.randrange(len(lines))
    lines[at] = rnd.choice([b" ", b"  ", b"\t", b"- "]) + lines[at]
    return b"\n".join(lines)


MUTATIONS = [flip_byte, delete_line, duplicate_line, swap_lines, swap_values, change_type, cut_short, indent_line]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    copy = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def _play_a_little(content, seed: int) -> None:
    """Validated content must run: each scenario, a few turns with varied choices."""
    for scenario in list(content.scenarios)[:3]:
        state = new_game(content, scenario, seed)
        for turn in range(12):
            if state.over:
                break
            card = content.cards[state.card]
            state, _ = choose(content, state, (seed + turn) % len(card.choices))


@given(
    file=st.sampled_from(FILES),
    steps=st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 2**32 - 1)), min_size=1, max_size=4),
)
def test_mangled_content_gives_problems_never_an_exception(workspace, file, steps):
    target = workspace / file
    original = (CONTENT / file).read_bytes()
    raw = original
    for mutation, seed in steps:
        raw = mutation(raw, random.Random(seed))
    target.write_bytes(raw)
    try:
        result = load_content(workspace)
    finally:
        target.write_bytes(original)
    _check_problems(result.problems)
    if result.ok:
        _play_a_little(result.content, steps[0][1])
    else:
        assert result.errors and result.content is None


@given(
    file=st.sampled_from(FILES),
    position=st.floats(0, 1),
    junk=st.one_of(yaml_like_text, st.sampled_from(_OTHER_TYPES).map(bytes.decode)),
)
def test_text_inserted_anywhere_gives_problems_never_an_exception(workspace, file, position, junk):
    target = workspace / file
    original = (CONTENT / file).read_bytes()
    at = int(position * len(original))
    target.write_bytes(original[:at] + junk.encode("utf-8", "surrogatepass") + original[at:])
    try:
        result = load_content(workspace)
    finally:
        target.write_bytes(original)
    _check_problems(result.problems)
    if result.ok:
        _play_a_little(result.content, at)
