"""``multivector stats [--json]``: the player's record across games (game/saves/record.py):
games finished and won, the endings seen, the best balance per scenario, achievements.
"""

from __future__ import annotations

import argparse
import json
import sys

from game.base.i18n import _
from game.base.paths import shown_path
from game.base.text import escape_controls
from game.commands.common import load_from_args


def run(args: argparse.Namespace) -> int:
    from game.saves.record import describe_text, load_record, record_path

    path = record_path(getattr(args, "saves", None))
    record, warning = load_record(path)
    if warning:
        print(f"multivector: {escape_controls(warning)}", file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps(record.as_json(), indent=1, sort_keys=True))
        return 0
    content = load_from_args(args)
    if content is None:
        return 1
    print(describe_text(content, record, getattr(args, "lang", None) or "en"))
    if not record.played:
        print("\n" + _("No game finished yet: the record fills in as you play ({path}).").format(path=shown_path(path)))
    return 0
