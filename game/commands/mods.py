"""``multivector mods``: the mods found, which are active, and why the others are not.

Also home to :func:`add_installed_mods`, which the command line runs before any command
that plays content: mods installed in the ``mods/`` folder beside the save folder are
active by default (``--no-mods`` leaves them out for one run), and an installed mod that
cannot load is set aside with a note instead of stopping the game.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game import __version__
from game.base.i18n import _
from game.base.paths import display_path, installed_mods_dir, shown_path
from game.base.text import escape_controls

# The loader is imported where content is loaded: add_installed_mods runs before the
# title screen is drawn and, with no mods installed, loads nothing.


def installed_dir(args: argparse.Namespace) -> Path:
    """The ``mods/`` folder these options point at (``--saves`` or the default)."""
    return installed_mods_dir(getattr(args, "saves", None))


def add_installed_mods(args: argparse.Namespace) -> None:
    """Put the active installed mods into ``args.mods``, and all of ``args.mods`` in load
    order (with ``--no-mods``, only the order).

    Every later ``load_content(args.content, args.mods)`` of the command (the game, a
    simulator's worker processes, a save's fingerprint) then sees the same mods. The
    content read here is handed to the command's own load rather than read twice.
    """
    folder = installed_dir(args)
    explicit = list(getattr(args, "mods", None) or [])
    installed = folder if folder.is_dir() and not getattr(args, "no_mods", False) else None
    if installed is None and not explicit:
        return
    from game.loading import load_content
    from game.loading.load import keep_for_next_load
    from game.loading.mods import INSTALLED

    result = load_content(getattr(args, "content", None), explicit, installed=installed)
    if not result.ok:
        return  # the command's own load reports the errors
    for mod in result.mods:
        if mod.source == INSTALLED and not mod.active:
            print(_("multivector: mod '{mod}' in {folder} is not loaded: {reason} (see 'multivector mods')").format(
                mod=escape_controls(mod.id), folder=shown_path(mod.folder), reason=escape_controls(mod.reason)),
                file=sys.stderr)
    args.mods = [mod.folder for mod in result.active_mods]
    keep_for_next_load(result, getattr(args, "content", None), args.mods)


def run(args: argparse.Namespace) -> int:
    from game.loading import load_content
    from game.loading.mods import EXPLICIT

    folder = installed_dir(args)
    installed = None if getattr(args, "no_mods", False) else folder
    result = load_content(args.content, list(args.mods or []), installed=installed)
    print(_("Installed mods are read from {folder}").format(folder=escape_controls(folder)))
    print(_("(active by default; --no-mods plays without them; --saves DIR or MULTIVECTOR_SAVES moves the folder)"))
    if not folder.is_dir():
        print(_("That folder does not exist yet: create it and put each mod's folder inside."))
    print()
    if not result.mods:
        print(_("No mods found. Put a mod's folder (the one with mod.yaml) into the folder above,"))
        print(_("or add one for a single run with --mod DIR. docs/modding.md shows how to write one."))
    # The state column is as wide as its longest word in the language shown.
    width = max(9, len(_("active")), len(_("inactive")))
    indent = " " * (width + 3)
    for mod in result.mods:
        state = _("active") if mod.active and result.ok else _("inactive")
        source = "--mod" if mod.source == EXPLICIT else _("installed")
        # Every text here comes from a folder name or a mod.yaml: written out, never raw.
        author = _(" by {author}").format(author=_text(mod.author)) if mod.author else ""
        print(f"  {state:<{width}} {escape_controls(mod.id)} {escape_controls(mod.version)}  {_text(mod.title)}{author}")
        print(f"{indent}{shown_path(mod.folder)} ({source})")
        if mod.game:
            print(indent + _("works with game {wanted} (this is {version})").format(wanted=_text(mod.game),
                                                                                   version=__version__))
        if mod.depends:
            needs = ", ".join(d.id + (f" {d.requirement}" if d.requirement else "") for d in mod.depends)
            print(indent + _("needs: {mods}").format(mods=escape_controls(needs)))
        if not mod.active:
            print(indent + _("not loaded: {reason}").format(reason=escape_controls(mod.reason)))
    notes = [p for p in result.problems if p.code == "mod-inactive" and not any(
        p.path.startswith(display_path(m.folder)) for m in result.mods)]
    for note in notes:
        print("  " + _("not a mod {path}: {message}").format(path=escape_controls(note.path), message=note.message))
    active = result.active_mods
    if active and result.ok:
        print()
        print(_("Load order: {mods}").format(mods=escape_controls(", ".join(m.id for m in active))))
    if not result.ok:
        print()
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print(_("multivector: {count} error(s): nothing can be played until they are fixed").format(
            count=len(result.errors)), file=sys.stderr)
        return 1
    return 0


def _text(value: object) -> str:
    from game.base.i18n import language
    from game.engine.text import tr

    return escape_controls(tr(value, language()) if isinstance(value, (str, dict)) else str(value))
