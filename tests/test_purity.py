"""The engine is pure: importing it pulls in no UI, no YAML and no other game layer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "game" / "engine"


def test_engine_imports_no_ui_yaml_or_other_layers():
    code = (
        "import sys, game.engine;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'yaml')"
        " or (m.startswith('game.') and not m.startswith('game.engine')));"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_source_has_no_io():
    forbidden_calls = {"open", "print", "input", "eval", "exec"}
    forbidden_modules = {"os", "io", "pathlib", "subprocess", "socket", "time", "datetime", "random"}
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden_calls, f"{path.name}: {node.func.id}()"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in forbidden_modules, f"{path.name}: import {alias.name}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in forbidden_modules, f"{path.name}: from {node.module}"
                if node.module.startswith("game."):
                    assert node.module.startswith("game.engine"), f"{path.name}: from {node.module}"
