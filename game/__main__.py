"""``python -m game`` runs the ``multivector`` command."""

from game.cli import main

raise SystemExit(main())
