"""``multivector report SAVE... [--format markdown|html|csv] [-o FILE]``: the debrief
(csv: the rows a gradebook needs, :mod:`game.classroom.gradebook`).

Each save is read with :mod:`game.saves` and its session log (``<slot>.session.jsonl``
beside it) when there is one. A save that cannot be read gets a one-line message and
the report is made from the others.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.base.i18n import _
from game.commands.common import load_from_args


def load_debriefs(args: argparse.Namespace, content) -> tuple[list, int]:
    """``(debriefs, failures)`` for the saves named on the command line."""
    from game.classroom.debrief import build_debrief
    from game.classroom.session import term_content
    from game.base.paths import shown_path
    from game.classroom.sessionlog import SUFFIX, log_path_for, read_log
    from game.saves.errors import SaveError
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import read_save, resolve_save
    from game.saves.paths import saves_dir
    from game.saves.store import slot_of

    try:
        folder = saves_dir(getattr(args, "saves", None))
    except SaveError as error:
        print(f"multivector: {error}", file=sys.stderr)
        return [], len(args.saves_to_report)
    fingerprint = fingerprint_for_dirs(getattr(args, "content", None), getattr(args, "mods", []) or [])
    debriefs, failures = [], 0
    for name in args.saves_to_report:
        if str(name).endswith(SUFFIX):
            slot = str(name)[: -len(SUFFIX)]
            print(_("multivector: {name} is a session log, not a save; name the save and its log is read with "
                    "it: multivector report {slot}").format(name=shown_path(name), slot=shown_path(Path(slot).name)),
                  file=sys.stderr)
            failures += 1
            continue
        try:
            path = resolve_save(folder, name)
            # A classroom term is shorter than the scenario's: read the meta first, so the
            # save is checked against the rules it was really played with.
            head = read_save(path)
            session = head.meta.get("classroom") if isinstance(head.meta, dict) else None
            turns = session.get("turns") if isinstance(session, dict) else None
            rules = content
            if head.state.scenario in content.scenarios and isinstance(turns, int) and not isinstance(turns, bool) \
                    and 1 <= turns <= 1000:
                rules = term_content(content, head.state.scenario, turns)
            saved = read_save(path, rules, fingerprint)
        except SaveError as error:
            print(f"multivector: {error}", file=sys.stderr)
            failures += 1
            continue
        log = read_log(log_path_for(path))
        debrief = build_debrief(content, saved.state, name=slot_of(path), meta=saved.meta, log=log,
                                lang=getattr(args, "lang", "en") or "en")
        debrief.warnings[:0] = saved.warnings
        debriefs.append(debrief)
    return debriefs, failures


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    debriefs, failures = load_debriefs(args, content)
    if not debriefs:
        return 1
    if args.format == "html":
        from game.classroom.report_html import report_html

        text = report_html(debriefs)
    elif args.format == "csv":
        from game.classroom.gradebook import report_csv

        text = report_csv(debriefs)
    else:
        from game.classroom.report_markdown import report_markdown

        text = report_markdown(debriefs)
    if args.output is not None:
        from game.base.files import atomic_write

        try:
            atomic_write(args.output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
        except OSError as error:
            print(_("multivector: cannot write {path}: {error}").format(path=args.output,
                                                                        error=error.strerror or error),
                  file=sys.stderr)
            return 1
        print(_("wrote {path}").format(path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 1 if failures else 0
