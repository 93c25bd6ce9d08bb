"""``multivector schema``: the JSON Schema of a content file, from the loader's own specs.

``--kind content`` (the default) fits any content file; ``--kind mod`` fits mod.yaml;
``--kind cards`` (or meters, scenarios...) fits a file holding only that key. Editors
use it to underline typos while typing (docs/modding.md shows how).
"""

from __future__ import annotations

import argparse
import json
import sys

from game.base.suggest import did_you_mean
from game.loading.spec import SCHEMA_KINDS, schema_for_kind

# What people type for a kind, mapped to its name.
_ALIASES = {
    "card": "cards",
    "meter": "meters",
    "ending": "endings",
    "scenario": "scenarios",
    "situation": "situations",
    "grade": "grades",
    "role": "roles",
    "manifest": "mod",
    "mod.yaml": "mod",
    "all": "content",
}


def run(args: argparse.Namespace) -> int:
    kind = (args.kind or "content").strip().lower()
    kind = _ALIASES.get(kind, kind)
    if kind not in SCHEMA_KINDS:
        print(f"multivector: no kind '{args.kind}'{did_you_mean(kind, SCHEMA_KINDS)}; kinds: "
              f"{', '.join(SCHEMA_KINDS)}", file=sys.stderr)
        return 2
    json.dump(schema_for_kind(kind), sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0
