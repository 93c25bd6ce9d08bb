"""``multivector play --headless ... --save NAME``: write the scripted game to a slot."""

from __future__ import annotations

import argparse
import sys

from game.engine import Content, GameState


def save_headless(args: argparse.Namespace, content: Content, state: GameState) -> int:
    """Save ``state`` in slot ``args.save`` of the save folder; 0, or 2 after a message."""
    from game.saves import SaveError, check_slot, fingerprint_for_dirs, saves_dir, write_save

    try:
        check_slot(args.save)  # before the folder is created for a name that cannot be used
        folder = saves_dir(getattr(args, "saves", None))
        fingerprint = fingerprint_for_dirs(getattr(args, "content", None), getattr(args, "mods", []) or [])
        meta = {"source": "headless"}
        if getattr(args, "hints", None):
            meta["hints"] = args.hints
        path = write_save(folder, args.save, content, state, fingerprint=fingerprint, meta=meta)
    except SaveError as error:
        print(f"multivector: cannot save: {error}", file=sys.stderr)
        return 2
    print(f"saved to {path}")
    return 0
