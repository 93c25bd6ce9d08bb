"""What the title screen waits for: nothing but the command line, the app and its screen.

bench/startup.py measures the start-up against a bare Textual app; these tests keep
its main cause from coming back: the loader, YAML, the engine, the saves and the
simulator are imported after the first frame (the content loads in the background),
not on the way to it. What the title needs (folders, settings) lives in game.base and
game.tui.settings, which import none of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

TITLE_PATH = """
import argparse, json, sys
import game.cli
from game.commands.mods import add_installed_mods
add_installed_mods(argparse.Namespace(mods=[], no_mods=True, saves=None, content=None))
import game.tui.app
print(json.dumps(sorted(sys.modules)))
"""

NOT_BEFORE_THE_TITLE = (
    "yaml",
    "game.loading.load",
    "game.loading.reader",
    "game.loading.build",
    "game.engine.model",
    "game.engine.rules",
    "game.saves.store",
    "game.saves.format",
    "game.sim",
    "game.classroom",
)


def test_the_title_screen_imports_no_loader_engine_saves_or_simulator():
    out = subprocess.run([sys.executable, "-c", TITLE_PATH], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    early = [m for m in loaded if m.split(".")[0] == "yaml" or any(
        m == name or m.startswith(name + ".") for name in NOT_BEFORE_THE_TITLE)]
    assert early == []


def test_the_title_path_leaves_hashing_and_json_for_later(tmp_path):
    # secrets (hashlib, hmac) is for writing a file or drawing a seed, json for a settings
    # file that exists: a start with neither need not compile or load them before the
    # title (about 40 ms without byte-code; bench/startup.py --bytecode off).
    probe = TITLE_PATH.replace("import argparse, json, sys", "import argparse, sys").replace(
        "print(json.dumps(sorted(sys.modules)))",
        "from game.base.i18n import saved_language\nsaved_language()\nprint(','.join(sorted(sys.modules)))")
    env = {**os.environ, "MULTIVECTOR_SETTINGS": str(tmp_path / "none.json")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    loaded = out.stdout.strip().split(",")
    assert "game.tui.app" in loaded
    assert [m for m in ("secrets", "hashlib", "hmac", "json") if m in loaded] == []


@pytest.mark.parametrize("package", ["game.engine", "game.loading"])
def test_front_packages_export_every_name_they_list(package):
    code = (f"import {package} as p, json;"
            "missing = [n for n in p.__all__ if getattr(p, n, None) is None];"
            "print(json.dumps(missing))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_no_package_resolves_its_names_lazily():
    # Plain imports only: a module-level __getattr__ in a package hides where names live.
    for init in (REPO / "game").rglob("__init__.py"):
        assert "def __getattr__" not in init.read_text(encoding="utf-8"), init


def test_installed_mods_folder_is_found_without_the_loader(tmp_path):
    code = ("import sys, argparse; from game.base.paths import installed_mods_dir as installed_dir;"
            f"print(installed_dir({str(tmp_path / 'saves')!r}));"
            "print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    folder, yaml_loaded = out.stdout.split()
    assert folder == str(tmp_path / "mods") and yaml_loaded == "False"

