"""``multivector replay SAVE``: re-run a save's seed, choices and injects; check its state.

Exit 0 when the replay ends in exactly the saved state; 1 when it does not (the message
names the first turn where the two games part); 2 when the save or the content cannot be
read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import load_from_args

EXIT_MATCH = 0
EXIT_DIVERGED = 1
EXIT_UNUSABLE = 2


def _rules_for(path, content):
    """The content the save was played under: a classroom term may be shorter than the
    scenario's (its meta says how long), and the game ends "term complete" there."""
    from game.saves.store import read_save

    meta = read_save(path).meta
    session = meta.get("classroom") if isinstance(meta, dict) else None
    turns = session.get("turns") if isinstance(session, dict) else None
    scenario = session.get("scenario") if isinstance(session, dict) else None
    if type(turns) is not int or not 1 <= turns <= 1000 or scenario not in content.scenarios:
        return content
    try:
        from game.classroom.session import term_content
    except ImportError:
        return content
    return term_content(content, scenario, turns)


def run(args: argparse.Namespace) -> int:
    from game.loading import load_content
    from game.saves.errors import SaveError
    from game.saves.fingerprint import content_fingerprint
    from game.saves.store import read_save, resolve_save
    from game.saves.paths import saves_dir
    from game.saves.fingerprint import short

    result = load_content(getattr(args, "content", None), getattr(args, "mods", []) or [])
    if not result.ok:
        load_from_args(args)  # prints the content errors the usual way
        return EXIT_UNUSABLE
    content = result.content
    fingerprint = content_fingerprint(result.files)
    try:
        name = args.save
        looks_like_path = any(sep in name for sep in "/\\") or name.endswith(".json")
        # A path needs no save folder: do not create one just to look a file up.
        folder = Path(".") if looks_like_path and args.saves is None else saves_dir(args.saves)
        path = resolve_save(folder, name)
        saved = read_save(path, _rules_for(path, content), fingerprint)
    except SaveError as error:
        print(f"multivector: replay: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    for warning in saved.warnings:
        if not warning.startswith("the saved state does not follow"):
            print(f"multivector: warning: {warning}", file=sys.stderr)
    record = saved.record
    turns = len(record.choices)
    injects = f", {len(record.injects)} inject(s)" if record.injects else ""
    described = f"{path.name}: scenario {record.scenario}, seed {record.seed}, {turns} choice(s){injects}"
    if saved.replayed:
        print(f"{described}: the saved state does not fit this content; the save cannot be verified with it",
              file=sys.stderr)
        return EXIT_DIVERGED
    if saved.divergence is not None:
        cause = ""
        if saved.fingerprint and saved.fingerprint != fingerprint:
            cause = f" (the save was made with other content, {short(saved.fingerprint)}; that may be why)"
        print(f"{described}: DIVERGES at {saved.divergence}{cause}", file=sys.stderr)
        return EXIT_DIVERGED
    state = saved.state
    end = f"ended: {state.ending}" if state.over else f"card {state.card} on the table"
    print(f"{described}: replay matches the saved state (turn {state.turn}, {end})")
    return EXIT_MATCH
