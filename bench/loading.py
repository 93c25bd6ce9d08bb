"""Loading: the base game plus a 10,000-card mod, cold and from the cache, against a bare parse.

The floor is PyYAML's CSafeLoader turning the same files (base game and mod) into Python
objects, and nothing else. Measured alternately in one process (CPU time):

- cold: ``load_content`` with an empty cache: read, check every rule, put the layers
  together, build the engine objects, and write the cache. Budget: 2x the floor.
- cached: the same load again with the files unchanged, as a second start does: hash
  the files, read the cache. Budget: 0.2x the floor.

The loader pauses Python's cyclic garbage collector while it works (most of a large
load's time went to collections that found nothing to free); the figures against a
bare parse that pauses it too are printed as well.

The game refuses more than 250,000 values in one load (a limit against floods of
values in a stranger's mod), which cards like these reach at about 4,000; the bench
lifts that limit to measure the 10,000 cards the budget names.

    python bench/loading.py [--cards N] [--rounds R] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from _common import Figure, interleaved, timed

CARD = """  - id: big.card_{i}
    title: {{en: "Card {i}", ru: "Карта {i}"}}
    speaker: chief_of_staff
    tags: [big]
    text: >
      Something happens in quarter {i}, and the ministers disagree about what to do.
    when: {{meters: {{public: [10, 90]}}, turns: [2, 20]}}
    weight: 5
    choices:
      - {{label: Moscow, effects: {{moscow: 3, beijing: -2, public: -1}}, outcome: Moscow is pleased.}}
      - {{label: Beijing, effects: {{beijing: 3, moscow: -2}}, outcome: Beijing is pleased.}}
      - {{label: Wait, effects: {{public: -2}}, outcome: Nobody is pleased.}}
    history: {{note: Invented., source: none, question: Why?}}"""

CARDS_PER_FILE = 1_000  # about 60,000 values: under the limit of 100,000 for one file


def write_mod(folder: Path, cards: int) -> Path:
    """A mod of ``cards`` cards in files of CARDS_PER_FILE."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mod.yaml").write_text('id: big\nname: A big mod\nversion: "1.0"\ngame: ">=0.1"\n', encoding="utf-8")
    for number, start in enumerate(range(0, cards, CARDS_PER_FILE)):
        lines = ["cards:", *(CARD.format(i=i) for i in range(start, min(cards, start + CARDS_PER_FILE)))]
        (folder / f"cards_{number:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1,000 cards, 3 rounds: checks the script runs")
    args = parser.parse_args(argv)
    cards, rounds = (1_000, 3) if args.quick else (args.cards, args.rounds)

    import yaml

    from game.base.paths import default_content_dir
    from game.loading import cache, content_files, load_content
    from game.loading import load as load_module
    from game.loading import reader

    limit, chosen = load_module.MAX_TOTAL_VALUES, os.environ.get(cache.ENV_VAR)
    load_module.MAX_TOTAL_VALUES = max(limit, 70 * cards + 50_000)
    with tempfile.TemporaryDirectory(prefix="mv-bench-") as tmp:
        mod = write_mod(Path(tmp) / "big", cards)
        cache_dir = Path(tmp) / "cache"
        os.environ[cache.ENV_VAR] = str(cache_dir)
        files = content_files(default_content_dir()) + content_files(mod)
        size = sum(f.stat().st_size for f in files)

        def bare() -> None:
            for path in files:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def bare_paused() -> None:
            with cache.collector_paused():
                bare()

        def cold() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)
            reader._RESOLVED.clear()  # what a new process starts without
            result = load_content(None, [mod])
            assert result.ok and len(result.content.cards) > cards, [p.format() for p in result.errors[:3]]

        def cached() -> None:
            result = load_content(None, [mod])
            assert result.ok and len(result.content.cards) > cards

        try:
            result = interleaved({"yaml": lambda: timed(bare), "yaml-nogc": lambda: timed(bare_paused),
                                  "cold": lambda: timed(cold), "cached": lambda: timed(cached)}, rounds)
        finally:
            load_module.MAX_TOTAL_VALUES = limit
            if chosen is None:
                os.environ.pop(cache.ENV_VAR, None)
            else:
                os.environ[cache.ENV_VAR] = chosen
    print(f"loading: base game + a {cards:,}-card mod, {len(files)} files, {size / 2**20:.1f} MB, "
          f"median of {rounds} rounds (CPU)")
    for name in ("yaml", "yaml-nogc", "cold", "cached"):
        print(f"  {name:<9} {result[name] * 1000:8.0f} ms")
    figures = [Figure("loading: cold load + validate / yaml parse of the same files", result["cold"] / result["yaml"], 2.0),
               Figure("loading: second start, from the cache / yaml parse", result["cached"] / result["yaml"], 0.2)]
    for figure in figures:
        print(f"  {figure}")
    # The loader pauses the cyclic garbage collector, which a bare yaml.load does not:
    # against a parse that pauses it too, the same figures are these.
    paused = result["yaml-nogc"]
    print(f"  (against a parse with the collector paused too: cold {result['cold'] / paused:.2f}x, "
          f"cached {result['cached'] / paused:.2f}x)")
    return figures


if __name__ == "__main__":
    main()
