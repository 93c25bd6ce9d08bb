"""Helpers for the mod tests: a tiny base game and mods written into a temporary folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

BASE = textwrap.dedent(
    """\
    meters:
      - {id: moscow, name: Moscow, kind: vector, start: 50, low_ending: cold, high_ending: owned}
      - {id: beijing, name: Beijing, kind: vector, start: 50, low_ending: cold, high_ending: owned}
      - {id: public, name: Public, kind: domestic, start: 50, low_ending: revolt}
    rivalry:
      moscow: {beijing: 0.2}
      beijing: {moscow: 0.2}
    endings:
      - {id: cold, kind: loss, title: Frozen out}
      - {id: owned, kind: loss, title: Owned}
      - {id: revolt, kind: loss, title: Revolt}
      - {id: won, kind: victory, title: Term complete}
    scenarios:
      - {id: base_2019, name: Base, start: 2019-Q2, turns: 8, default: true}
    cast:
      - {id: aide, name: Aide}
    cards:
      - id: base.quiet
        title: Quiet
        speaker: aide
        text: Nothing happens.
        fallback: true
        choices:
          - {label: A, effects: {moscow: 1, public: -1}}
          - {label: B, effects: {beijing: 1, public: -1}}
      - id: base.loan
        title: A loan
        speaker: aide
        text: Beijing lends.
        choices:
          - label: Take it
            effects: {beijing: 5, public: -2}
            followups: [{card: base.bill, in: 2}]
          - {label: Refuse, effects: {beijing: -5, public: 2}}
      - id: base.bill
        title: The bill
        speaker: aide
        text: Pay up.
        followup_only: true
        choices:
          - {label: Pay, effects: {public: -3}}
          - {label: Default, effects: {beijing: -6}}
      - id: base.summit
        title: A summit
        speaker: aide
        text: Moscow calls.
        choices:
          - {label: Go, effects: {moscow: 4, public: -1}}
          - {label: Stay, effects: {moscow: -4, public: 1}}
    """
)

CARD = """\
  - id: {id}
    title: {title}
    speaker: aide
    text: Something happens.{extra}
    choices:
      - {{label: Yes, effects: {{{effects}}}}}
      - {{label: No, effects: {{public: 1, moscow: -1}}}}
"""


def card(card_id: str, title: str = "A card", effects: str = "moscow: 2, public: -1", extra: str = "") -> str:
    """One card, as an item of a ``cards:`` list."""
    return CARD.format(id=card_id, title=title, effects=effects, extra=extra)


def write_base(root: Path) -> Path:
    folder = root / "base"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "content.yaml").write_text(BASE, encoding="utf-8")
    return folder


def write_mod(root: Path, mod_id: str, files: dict[str, str], manifest: str | None = None,
              depends: str = "", version: str = "1.0.0", game: str = ">=0.1") -> Path:
    """A mod folder ``root/mod_id`` with a mod.yaml and ``files`` (name -> YAML text)."""
    folder = root / mod_id
    folder.mkdir(parents=True, exist_ok=True)
    if manifest is None:
        manifest = f'id: {mod_id}\nname: {mod_id.title()}\nversion: "{version}"\ngame: "{game}"\n'
        if depends:
            manifest += f"depends: {depends}\n"
    (folder / "mod.yaml").write_text(manifest, encoding="utf-8")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def formatted(result) -> str:
    return "\n".join(p.format() for p in result.problems)
