"""``multivector new-mod``: a mod folder that validates as it stands, and once its meter is uncommented."""

from __future__ import annotations

import json

from game.cli import main
from game.loading import load_content
from tests.conftest import CONTENT


def test_new_mod_validates(tmp_path, capsys):
    folder = tmp_path / "border_talks"
    assert main(["new-mod", "border_talks", "--into", str(folder), "--no-mods"]) == 0
    assert "validates" in capsys.readouterr().out
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert names == ["LICENSE", "README.md", "cards/first_card.yaml", "content.schema.json", "meters.yaml",
                     "mod.schema.json", "mod.yaml"]
    assert (folder / "mod.yaml").read_text().startswith("# yaml-language-server: $schema=mod.schema.json\n")
    assert "license: CC BY 4.0" in (folder / "mod.yaml").read_text()
    json.loads((folder / "content.schema.json").read_text())
    result = load_content(CONTENT, [folder])
    assert result.ok and not result.warnings, [p.format() for p in result.problems]
    assert "border_talks.first_card" in result.content.cards
    assert main(["validate", "--mod", str(folder), "--no-mods"]) == 0


def test_meter_example_works_once_uncommented(tmp_path, capsys):
    folder = tmp_path / "eu"
    assert main(["new-mod", "eu", "--into", str(folder), "--no-mods"]) == 0
    meters = folder / "meters.yaml"
    lines = meters.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# meters:"))
    meters.write_text("\n".join(lines[:start] + [line[2:] for line in lines[start:]]) + "\n")
    result = load_content(CONTENT, [folder])
    assert result.ok, [p.format() for p in result.errors]
    assert "eu" in result.content.meter_ids
    assert result.content.rivalry["eu"] == {"moscow": 0.2}


def test_new_mod_refuses_a_folder_in_use(tmp_path, capsys):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["new-mod", "taken", "--into", str(folder), "--no-mods"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert main(["new-mod", "Bad-Id", "--into", str(tmp_path / "x"), "--no-mods"]) == 2
