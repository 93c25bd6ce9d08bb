"""What the title screen waits for: nothing but the command line, the app and its screen.

bench/startup.py measures the start-up against a bare Textual app; these tests keep
its main cause from coming back: the loader, YAML, the engine, the saves and the
simulator are imported after the first frame (the content loads in the background),
not on the way to it. The package __init__ files import their names on first use,
so every name they export must still be there.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("package", ["game.engine", "game.loading", "game.saves"])
def test_lazy_packages_still_export_every_name(package):
    code = (f"import {package} as p, json; names = sorted(p.__all__) if hasattr(p, '__all__') else [];"
            "names = names or [n for n in dir(p) if not n.startswith('_')];"
            "missing = [n for n in names if getattr(p, n, None) is None];"
            "print(json.dumps(missing))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_star_imports_and_names_shared_with_submodules():
    code = ("from game.engine import *; from game.saves import *; from game.loading import *;"
            "import game.saves.replay, game.saves as saves; from game.saves import replay;"
            "import types; assert isinstance(replay, types.FunctionType), replay;"
            "assert saves.replay is replay and callable(new_game) and callable(load_content);"
            "from game.loading import spec; from game.saves import paths; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_an_unknown_name_is_still_an_attribute_error():
    import game.engine
    import game.loading
    import game.saves

    for package in (game.engine, game.loading, game.saves):
        with pytest.raises(AttributeError):
            package.no_such_name  # noqa: B018


def test_installed_mods_folder_is_found_without_the_loader(tmp_path):
    code = ("import sys, argparse; from game.commands.mods import installed_dir;"
            f"print(installed_dir(argparse.Namespace(saves={str(tmp_path / 'saves')!r})));"
            "print('yaml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    folder, yaml_loaded = out.stdout.split()
    assert folder == str(tmp_path / "mods") and yaml_loaded == "False"

