"""``multivector schema``: the JSON Schema of a content file, from the loader's own specs."""

from __future__ import annotations

import argparse
import json
import sys

from game.loading.spec import json_schema


def run(args: argparse.Namespace) -> int:
    json.dump(json_schema(), sys.stdout, indent=2)
    print()
    return 0
