"""The JSON Schema: generated from the loader's specs, valid draft 2020-12, accepts the
game's own files and refuses what the loader refuses.

``jsonschema`` (a test dependency) is the reference implementation of JSON Schema; it
checks the generated schema against the draft's meta-schema and validates files with
it the way an editor would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.loading import spec as S
from game.loading.reader import read_text

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
EXAMPLES = REPO / "examples" / "mods"


def validator(kind: str = "content", draft=jsonschema.Draft202012Validator):
    return draft(S.schema_for_kind(kind))


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.name != S.MANIFEST_NAME)


@pytest.mark.parametrize("kind", S.SCHEMA_KINDS)
def test_every_schema_is_valid_draft_2020_12(kind):
    schema = S.schema_for_kind(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    # Editors' YAML plug-ins still validate with draft-07 engines: it must read there too.
    jsonschema.Draft7Validator.check_schema(schema)


def test_the_command_prints_the_generated_schema():
    for kind in ("content", "mod", "cards"):
        out = subprocess.run([sys.executable, "-m", "game", "schema", "--kind", kind],
                             capture_output=True, text=True, cwd=REPO, check=True).stdout
        assert json.loads(out) == S.schema_for_kind(kind)
    bad = subprocess.run([sys.executable, "-m", "game", "schema", "--kind", "crads"],
                         capture_output=True, text=True, cwd=REPO)
    assert bad.returncode == 2 and "did you mean 'cards'" in bad.stderr


def test_the_base_content_validates_against_the_schema():
    everything = validator("content")
    files = yaml_files(CONTENT)
    assert len(files) >= 5
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [e.message for e in everything.iter_errors(data)]
        assert errors == [], f"{path}: {errors[:3]}"
        # And against the schema of each key it holds, alone.
        for key, value in data.items():
            assert list(validator(key).iter_errors({key: value})) == [], f"{path}: {key}"
        # Draft-07 engines give the same verdict.
        assert list(validator("content", jsonschema.Draft7Validator).iter_errors(data)) == []


def test_the_example_mods_validate_against_the_schema():
    content, manifest = validator("content"), validator("mod")
    for mod in ("ankara", "turkic_week"):
        folder = EXAMPLES / mod
        assert list(manifest.iter_errors(yaml.safe_load((folder / S.MANIFEST_NAME).read_text(encoding="utf-8")))) == []
        for path in yaml_files(folder):
            assert list(content.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == [], path


def test_the_schema_files_shipped_with_the_example_are_current():
    # examples/mods/ankara carries the schemas for editors; regenerate with
    #   multivector schema > examples/mods/ankara/content.schema.json
    #   multivector schema --kind mod > examples/mods/ankara/mod.schema.json
    folder = EXAMPLES / "ankara"
    assert json.loads((folder / "content.schema.json").read_text(encoding="utf-8")) == S.schema_for_kind("content")
    assert json.loads((folder / "mod.schema.json").read_text(encoding="utf-8")) == S.schema_for_kind("mod")


GOOD_CARD = {
    "id": "demo.card",
    "title": {"en": "Title", "ru": "Заголовок"},
    "speaker": "aide",
    "text": "Text",
    "weight": 5,
    "when": {"meters": {"public": [0, 60]}, "dates": ["2019-Q2", "2020-Q1"]},
    "choices": [
        {"label": "A", "effects": {"moscow": 3}, "followups": [{"card": "demo.next", "in": 2}]},
        {"label": "B", "effects": {"moscow": -3}, "lingering": [{"meter": "public", "amount": 2, "turns": 2}]},
    ],
}

# Changes to a good card that the loader reports while reading the file: the schema must
# refuse every one of them too.
BREAKAGES = [
    ("unknown key", lambda c: c.update(colour="red")),
    ("missing title", lambda c: c.pop("title")),
    ("title a list", lambda c: c.update(title=["a"])),
    ("weight as text", lambda c: c.update(weight="high")),
    ("negative weight", lambda c: c.update(weight=-1)),
    ("one choice", lambda c: c.update(choices=c["choices"][:1])),
    ("four choices", lambda c: c.update(choices=c["choices"] * 2)),
    ("effect too big", lambda c: c["choices"][0].update(effects={"moscow": 80})),
    ("effect a fraction", lambda c: c["choices"][0].update(effects={"moscow": 1.5})),
    ("bad id", lambda c: c.update(id="Demo Card")),
    ("bad date", lambda c: c["when"].update(dates=["2019-Q5", "2020-Q1"])),
    ("range of three", lambda c: c["when"].update(meters={"public": [0, 10, 20]})),
    ("range above 100", lambda c: c["when"].update(meters={"public": [0, 120]})),
    ("follow-up in -1 turns", lambda c: c["choices"][0]["followups"][0].update({"in": -1})),
    ("unknown language code shape", lambda c: c.update(title={"English": "x"})),
    ("empty translation", lambda c: c.update(title={})),
    ("replace not a boolean", lambda c: c.update(replace="yes please")),
    ("once not a boolean", lambda c: c.update(once="sometimes")),
]


def _reader_problems(document: dict) -> list[str]:
    raw = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")
    return [p.code for p in read_text(raw, "x.yaml").problems if p.severity == "error"]


def test_the_good_card_passes_both():
    document = {"cards": [json.loads(json.dumps(GOOD_CARD))]}
    assert _reader_problems(document) == []
    assert list(validator("cards").iter_errors(document)) == []


@pytest.mark.parametrize("name, breakage", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_what_the_loader_refuses_the_schema_refuses(name, breakage):
    card = json.loads(json.dumps(GOOD_CARD))
    breakage(card)
    document = {"cards": [card]}
    assert _reader_problems(document), f"the loader accepts: {name}"
    assert list(validator("cards").iter_errors(document)), f"the schema accepts: {name}"


@pytest.mark.parametrize(
    "manifest, ok",
    [
        ({"id": "m", "name": "M", "version": "1.0.0", "game": ">=0.1, <1.0", "depends": ["a", {"id": "b", "version": "*"}]}, True),
        ({"id": "m", "name": "M", "version": 1.5}, True),  # an unquoted version is read as its text
        ({"id": "m", "name": "M"}, False),
        ({"id": "M-1", "name": "M", "version": "1"}, False),
        ({"id": "m", "name": "M", "version": "one"}, False),
        ({"id": "m", "name": "M", "version": "1", "game": "newest"}, False),
        ({"id": "m", "name": "M", "version": "1", "depends": [["a"]]}, False),
        ({"id": "m", "name": "M", "version": "1", "cards": []}, False),
    ],
)
def test_mod_yaml_loader_and_schema_agree(manifest, ok):
    raw = yaml.safe_dump(manifest).encode("utf-8")
    reader_ok = not [p for p in read_text(raw, "mod.yaml", root_spec=S.MOD_MANIFEST).problems if p.severity == "error"]
    schema_ok = not list(validator("mod").iter_errors(manifest))
    assert (reader_ok, schema_ok) == (ok, ok)


def test_every_key_the_loader_knows_is_documented():
    docs = (REPO / "docs" / "content-format.md").read_text(encoding="utf-8") + (
        REPO / "docs" / "modding.md").read_text(encoding="utf-8")
    missing = []

    def visit(spec, seen):
        if isinstance(spec, S.Obj):
            if spec.name in seen:
                return
            seen.add(spec.name)
            for name, field in spec.fields.items():
                if f"{name}:" not in docs and f"`{name}`" not in docs:
                    missing.append(f"{spec.name}.{name}")
                visit(field.spec, seen)
        elif isinstance(spec, (S.ListOf,)):
            visit(spec.item, seen)
        elif isinstance(spec, S.MapOf):
            visit(spec.value, seen)
        elif isinstance(spec, S.OneOf):
            for option in spec.options:
                visit(option, seen)

    seen: set[str] = set()
    visit(S.CONTENT_FILE, seen)
    visit(S.MOD_MANIFEST, seen)
    assert missing == []


def test_what_the_loader_accepts_as_text_the_schema_accepts():
    card = json.loads(json.dumps(GOOD_CARD))
    card["title"] = 1986
    card["choices"][0]["outcome"] = True  # YAML 1.1 reads an unquoted "yes" as true
    document = {"cards": [card], "glossary": [{"term": 1991, "text": "The year of independence."}]}
    assert _reader_problems(document) == []
    assert list(validator("content").iter_errors(document)) == []
