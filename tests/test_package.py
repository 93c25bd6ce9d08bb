"""The package: what pyproject declares matches what the code imports and what it ships."""

from __future__ import annotations

import ast
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from game.cli import main
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# Import name -> the distribution that provides it, where they differ.
_DISTRIBUTION = {"yaml": "pyyaml", "textual_serve": "textual-serve"}


def _declared() -> dict[str, Requirement]:
    return {Requirement(r).name.lower(): Requirement(r) for r in PYPROJECT["project"]["dependencies"]}


def _imported() -> set[str]:
    found = set()
    for path in (REPO / "game").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "game"}


def test_every_imported_package_is_declared():
    declared = _declared()
    missing = sorted(name for name in _imported() if _DISTRIBUTION.get(name, name).lower() not in declared)
    assert missing == []


def test_textual_is_a_range_and_the_constraints_pin_what_it_allows():
    declared = _declared()
    assert str(declared["textual"].specifier).count(",") == 1  # a range, not "==": users get fixes
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = Version(version)
    test_extra = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]]
    for requirement in [*declared.values(), *test_extra]:
        assert requirement.name.lower() in pins, requirement.name
        assert pins[requirement.name.lower()] in requirement.specifier, requirement


def test_license_matches_pyproject():
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_wheel_ships_every_guide():
    shipped = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    guides = sorted(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))
    assert sorted(key for key in shipped if key.startswith("docs/")) == guides
    assert all(shipped[g] == "game/_" + g for g in guides)


def test_docs_command_prints_a_guide(capsys):
    assert main(["docs", "modding"]) == 0
    assert capsys.readouterr().out == (REPO / "docs" / "modding.md").read_text(encoding="utf-8")
    assert main(["docs", "modding.md"]) == 0
    capsys.readouterr()
    assert main(["docs", "modim"]) == 2
    assert "did you mean 'modding'" in capsys.readouterr().err
