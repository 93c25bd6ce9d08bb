"""``multivector docs [NAME]``: the guides the game's messages point to, as installed.

A checkout reads its ``docs/``; an installed game reads the copy the wheel carries
(``game/_docs``), so "see docs/modding.md" holds wherever the game runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.base.i18n import _
from game.base.paths import PACKAGE, checkout_root, display_path
from game.base.suggest import did_you_mean
from game.base.text import escape_controls


def docs_dir() -> Path:
    root = checkout_root()
    return root / "docs" if root is not None else PACKAGE / "_docs"


def guides(folder: Path) -> dict[str, Path]:
    """Guide name (the file's stem) -> its file."""
    try:
        return {path.stem: path for path in sorted(folder.glob("*.md")) if path.is_file()}
    except OSError:
        return {}


def run(args: argparse.Namespace) -> int:
    folder = docs_dir()
    found = guides(folder)
    if not found:
        print(_("multivector: no guides found in {folder}").format(folder=display_path(folder)), file=sys.stderr)
        return 1
    if args.name is None:
        print(_("The guides (in {folder}); print one with: multivector docs NAME").format(folder=display_path(folder)))
        for name in found:
            print(f"  {name}")
        return 0
    name = args.name.removesuffix(".md").removeprefix("docs/")
    if name not in found:
        print(_("multivector: no guide '{name}'{hint}; guides: {guides}").format(
            name=escape_controls(args.name), hint=did_you_mean(name, found), guides=", ".join(found)), file=sys.stderr)
        return 2
    sys.stdout.write(found[name].read_text(encoding="utf-8"))
    print(f"({display_path(found[name])})", file=sys.stderr)
    return 0
