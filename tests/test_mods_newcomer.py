"""A new modder follows docs/modding.md literally, in a fresh folder, with the commands
it shows; then makes the mistakes newcomers make and reads what the game says.

The YAML in the guide is taken from the guide itself (every block that starts with a
``# folder/file.yaml`` comment), so the guide cannot drift from what works.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import play
from game.loading import load_content

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "docs" / "modding.md").read_text(encoding="utf-8")


def guide_files(mod: str) -> dict[str, str]:
    """The guide's YAML blocks for ``mod``: relative path -> text."""
    files = {}
    for match in re.finditer(r"```yaml\n(# (([a-z_]+)/[a-z_/]+\.yaml)\n.*?)```", GUIDE, re.S):
        if match.group(3) == mod:
            assert match.group(2) not in files, f"the guide shows {match.group(2)} twice"
            files[match.group(2)] = match.group(1)
    return files


def build(folder: Path, mod: str) -> Path:
    for name, text in guide_files(mod).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / mod


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A fresh working folder, with the save folder (and so mods/) inside it."""
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "saves"))
    return tmp_path


def multivector(desk: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MULTIVECTOR_SAVES=str(desk / "saves"))
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True,
                          cwd=desk, env=env, timeout=300)


def test_the_first_mod_works_the_first_time(desk):
    assert set(guide_files("my_first_mod")) == {"my_first_mod/mod.yaml", "my_first_mod/cards.yaml"}
    build(desk, "my_first_mod")

    # Step 4: check it.
    checked = multivector(desk, "validate", "--mod", "my_first_mod")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stdout and "mods: my_first_mod 0.1.0" in checked.stdout
    assert "0 error(s), 0 warning(s)" in GUIDE and "mods: my_first_mod 0.1.0" in GUIDE

    # Step 5: play it and simulate it.
    played = multivector(desk, "--mod", "my_first_mod", "play", "--headless", "--seed", "3",
                         "--choices", ",".join(["1"] * 30))
    assert played.returncode == 0, played.stderr
    simulated = multivector(desk, "simulate", "--mod", "my_first_mod", "--games", "30",
                            "--strategy", "random", "--json", "--processes", "1")
    assert simulated.returncode == 0, simulated.stderr
    assert "my_first_mod.bumper_harvest" in json.loads(simulated.stdout)["random"]["cards"]

    # The next card, as the guide shows.
    made = multivector(desk, "new-card", "my_first_mod.border_talks", "--into", "my_first_mod")
    assert made.returncode == 0, made.stderr
    assert (desk / "my_first_mod" / "cards" / "my_first_mod_border_talks.yaml").is_file()
    checked = multivector(desk, "validate", "--mod", "my_first_mod")
    assert checked.returncode == 0 and "0 error(s), 0 warning(s)" in checked.stdout, checked.stdout

    # The editor's schema, and its comment line, change nothing for the game.
    schema = multivector(desk, "schema")
    (desk / "my_first_mod" / "content.schema.json").write_text(schema.stdout, encoding="utf-8")
    cards = desk / "my_first_mod" / "cards.yaml"
    cards.write_text("# yaml-language-server: $schema=content.schema.json\n" + cards.read_text(encoding="utf-8"),
                     encoding="utf-8")
    assert multivector(desk, "validate", "my_first_mod").returncode == 0

    # Step 6: install it where `multivector mods` says, and it is active by default.
    listing = multivector(desk, "mods")
    folder = Path(re.search(r"Installed mods are read from (.*)", listing.stdout).group(1).strip())
    assert folder == desk / "mods"
    folder.mkdir()
    shutil.copytree(desk / "my_first_mod", folder / "my_first_mod")
    listing = multivector(desk, "mods")
    assert re.search(r"active\s+my_first_mod 0\.1\.0\s+My first mod by Your name", listing.stdout), listing.stdout
    cards_json = multivector(desk, "cards", "--format", "json")
    assert "my_first_mod.bumper_harvest" in cards_json.stdout
    without = multivector(desk, "--no-mods", "cards", "--format", "json")
    assert without.returncode == 0 and "my_first_mod.bumper_harvest" not in without.stdout


def test_the_guides_brussels_mod_loads_and_plays(desk):
    folder = build(desk, "brussels")
    names = {Path(n).name for n in guide_files("brussels")}
    assert {"mod.yaml", "cards.yaml", "replacements.yaml", "deck.yaml", "scenarios.yaml", "meters.yaml",
            "people.yaml"} <= names
    result = load_content(None, [folder])
    assert result.ok, "\n".join(p.format() for p in result.problems)
    assert result.warnings == []
    content = result.content
    assert content.meter("brussels").is_vector and "west.blue_helmets" not in content.cards
    assert content.cards["energy.middle_corridor"].weight == 20
    state = play(content, "brussels_2023", 7, [0] * 40)
    assert state.over and state.ending in content.endings

    # The guide's example of an id reused without replace: true.
    replacements = folder / "replacements.yaml"
    replacements.write_text(replacements.read_text(encoding="utf-8").replace("    replace: true\n", ""), encoding="utf-8")
    [error] = load_content(None, [folder]).errors
    shown = re.search(r"error\[duplicate-id\]: (card id 'west.eu_raw_materials' is already used by the base game at )"
                      r"\S+(: to replace that card, .*)", GUIDE)
    assert shown.group(1) in error.message and shown.group(2) in error.message


# The mistakes of the guide's table, made on the first mod: each row's message must be
# what the game says (the parts between "..." in order).
MISTAKES = {
    "`effects: {moscw: 5}`": ("my_first_mod/cards.yaml", "{beijing: 5,", "{moscw: 5,"),
    "`speaker: president`": ("my_first_mod/cards.yaml", "speaker: economy_minister", "speaker: president"),
    "`efects:`": ("my_first_mod/cards.yaml", "        effects: {public: 6", "        efects: {public: 6"),
    "`id: My Card`": ("my_first_mod/cards.yaml", "id: my_first_mod.bumper_harvest", "id: My Card"),
    "an id the base game already has": ("my_first_mod/cards.yaml", "id: my_first_mod.bumper_harvest",
                                        "id: energy.middle_corridor"),
    "`text: He said: no`": ("my_first_mod/cards.yaml", "title: A bumper harvest", "title: He said: no"),
    "a card without the `- ` in front": ("my_first_mod/cards.yaml", "  - id: my_first_mod", "    id: my_first_mod"),
    "a tab to indent": ("my_first_mod/cards.yaml", "    title: A bumper", "\ttitle: A bumper"),
    "one choice only": ("my_first_mod/cards.yaml", "      - label: Keep it at home", lambda text: re.sub(
        r"      - label: Keep it at home.*?(?=    history:)", "", text, flags=re.S)),
    "`effects: {moscow: 80}`": ("my_first_mod/cards.yaml", "moscow: -3}", "moscow: 80}"),
    "`title: [draft] A summit`": ("my_first_mod/cards.yaml", "title: A bumper harvest", "title: [draft] A summit"),
    "`kz:` in a translation": ("my_first_mod/cards.yaml", "title: A bumper harvest", "title: {en: Harvest, kz: Егін}"),
    "a card at the top of a file, without `cards:`": ("my_first_mod/cards.yaml", "cards:\n", lambda text: "\n".join(
        line[4:] if line.startswith("    ") else line.replace("  - ", "", 1)
        for line in text.splitlines() if line != "cards:")),
    "`depends: [ankra]`": ("my_first_mod/mod.yaml", 'game: ">=0.1"', 'game: ">=0.1"\ndepends: [ankra]'),
    "a key indented further than the one above it": ("my_first_mod/cards.yaml", "    speaker: economy_minister",
                                                     "      speaker: economy_minister"),
    "a key indented less than the other keys of its item": ("my_first_mod/cards.yaml", "        effects: {public: 6",
                                                            "      effects: {public: 6"),
    "a `- ` list item out of line with the one before": ("my_first_mod/cards.yaml", "      - label: Keep it at home",
                                                         "     - label: Keep it at home"),
    "`disable_cards: [china.protest]`": ("my_first_mod/cards.yaml", "cards:\n",
                                         "disable_cards: [china.protest]\ncards:\n"),
    "`followup_only: true` on a card no choice schedules": ("my_first_mod/cards.yaml", "    tags: [economy]\n",
                                                            "    tags: [economy]\n    followup_only: true\n"),
    "`patches:` with a wrong path": ("my_first_mod/cards.yaml", "cards:\n",
                                     "patches:\n  - card: china.protests_2019\n    set: {when.flag: [x]}\ncards:\n"),
}


def _table() -> dict[str, str]:
    rows = re.findall(r"^\| (.+?) \| `(.+)`[^|]*\|$", GUIDE.split("### When something is wrong")[1].split("## ")[0], re.M)
    return dict(rows)


def test_the_guide_lists_the_mistakes_this_test_makes():
    assert set(_table()) == set(MISTAKES)


@pytest.mark.parametrize("row", sorted(MISTAKES))
def test_each_mistake_gets_the_message_the_guide_promises(desk, row):
    build(desk, "my_first_mod")
    if row == "`depends: [ankra]`":
        (desk / "mods").mkdir()
        shutil.copytree(REPO / "examples" / "mods" / "ankara", desk / "mods" / "ankara")
        mod_yaml = desk / "my_first_mod" / "mod.yaml"
        mod_yaml.write_text(mod_yaml.read_text(encoding="utf-8").replace("id: my_first_mod", "id: my_mod"),
                            encoding="utf-8")
    name, old, new = MISTAKES[row]
    path = desk / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the guide's mod no longer has {old!r}"
    path.write_text(new(text) if callable(new) else text.replace(old, new, 1), encoding="utf-8")
    checked = multivector(desk, "validate", "--mod", "my_first_mod")
    output = checked.stdout + checked.stderr
    assert "Traceback" not in output
    promised = _table()[row]
    position = 0
    for part in (p.strip() for p in promised.split("...")):
        if not part:
            continue
        found = output.find(part, position)
        assert found >= 0, f"{row}: expected {part!r} in:\n{output}"
        position = found + len(part)
    # Every message points at the mod's own file, with a line and a column.
    first = next(line for line in output.splitlines() if "error[" in line or "warning[" in line)
    assert re.match(r"^my_first_mod/(cards|mod)\.yaml:\d+:\d+: ", first), first
