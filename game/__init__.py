"""Multi-Vector: Kazakhstan's multi-vector foreign policy as a terminal strategy game.

The package is layered; imports point down only:

- ``game.engine``   the rules: pure, deterministic, no I/O;
- ``game.loading``  YAML content -> engine objects, with validation;
- ``game.sim``, ``game.saves``  strategies and simulator; save files and replays;
- ``game.tui``, ``game.classroom``, ``game.cli``  the shells people use.
"""

__version__ = "0.1.0"
