"""``multivector replay SAVE``: re-run a save's seed, choices and injects; check its state.

Exit 0 when the replay ends in exactly the saved state; 1 when it does not (the message
names the first turn where the two games part); 2 when the save or the content cannot be
read at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.base.i18n import _
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
        print(_("multivector: replay: {error}").format(error=error), file=sys.stderr)
        return EXIT_UNUSABLE
    # That warning is the verdict this command gives below, in its own words.
    edited = _("the saved state does not follow from its own choices ({where}); the file was edited").format(
        where=saved.divergence)
    for warning in saved.warnings:
        if warning != edited:
            print(_("multivector: warning: {warning}").format(warning=warning), file=sys.stderr)
    record = saved.record
    turns = len(record.choices)
    injects = _(", {count} inject(s)").format(count=len(record.injects)) if record.injects else ""
    described = _("{name}: scenario {scenario}, seed {seed}, {turns} choice(s){injects}").format(
        name=path.name, scenario=record.scenario, seed=record.seed, turns=turns, injects=injects)
    if saved.replayed:
        print(_("{described}: the saved state does not fit this content; the save cannot be verified with it")
              .format(described=described), file=sys.stderr)
        return EXIT_DIVERGED
    if saved.divergence is not None:
        cause = ""
        if saved.fingerprint and saved.fingerprint != fingerprint:
            cause = _(" (the save was made with other content, {fingerprint}; that may be why)").format(
                fingerprint=short(saved.fingerprint))
        print(_("{described}: DIVERGES at {where}{cause}").format(described=described, where=saved.divergence,
                                                                   cause=cause), file=sys.stderr)
        return EXIT_DIVERGED
    state = saved.state
    end = (_("ended: {ending}").format(ending=state.ending) if state.over
           else _("card {card} on the table").format(card=state.card))
    print(_("{described}: replay matches the saved state (turn {turn}, {end})").format(
        described=described, turn=state.turn, end=end))
    return EXIT_MATCH
