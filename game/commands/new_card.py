"""``multivector new-card ID``: a commented card template that validates as it stands.

Printed to the terminal, or with ``--into MOD_DIR`` written to ``MOD_DIR/cards/NAME.yaml``
(and a ``mod.yaml`` made for a folder that has none). The template uses a speaker and
meters that exist in the content it is checked against, so it loads before any edit.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from game import __version__
from game.engine.model import Content
from game.engine.text import tr
from game.loading import load_content
from game.loading import spec as S
from game.base.files import atomic_write
from game.base.i18n import _
from game.base.paths import display_path
from game.loading.mods import read_mod


def _suggest_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_.]+", "_", text.strip().lower())
    slug = re.sub(r"_+", "_", slug).strip("_.")
    return slug if re.match(S.ID_PATTERN, slug) else ""


def template(card_id: str, content: Content) -> str:
    """The card template, with a real speaker and real meters of ``content``."""
    cast = list(content.cast)
    speaker = "foreign_minister" if "foreign_minister" in content.cast else (cast[0] if cast else "narrator")
    others = ", ".join([c for c in cast if c != speaker][:4])
    vectors = [m.id for m in content.meters if m.is_vector] or [m.id for m in content.meters]
    domestic = [m.id for m in content.meters if not m.is_vector] or vectors
    first, second = vectors[0], vectors[-1] if len(vectors) > 1 else domestic[0]
    home = domestic[0]
    meters = ", ".join(content.meter_ids)
    scenario = content.default_scenario
    return f"""\
# A new card for Multi-Vector. Lines that start with # are comments: keep them or delete
# them. Every key is explained in docs/modding.md. Check your work with:
#   multivector validate --mod YOUR_MOD_FOLDER
cards:
  - id: {card_id}
    title: A short headline
    speaker: {speaker}    # who brings the card: a cast id{f" ({others}...)" if others else ""}
    tags: [{card_id.split(".")[0]}]    # words that scenarios use to deal a card more often or never
    text: >
      What is happening, in two to four sentences, as the speaker would tell the
      president. A '>' after the key lets the text run on over several lines.
    # when:                          # when the card may be dealt; every part is optional
    #   meters: {{{home}: [0, 60]}}    # each meter within [low, high]
    #   dates: [{_date(scenario.start)}, 2026-Q4]    # year and quarter, first and last
    #   flags: [some_flag]           # only after a choice has set these flags
    weight: 10                       # how often it is dealt, against other cards (default 10)
    once: true                       # at most once per game
    choices:                         # two or three
      - label: The first option, as the player sees it
        effects: {{{first}: 5, {second}: -3}}    # meter: change, from -50 to 50
        outcome: >
          What happens after this choice.
      - label: The second option
        effects: {{{second}: 4, {home}: -2}}
        outcome: >
          What happens after that one.
    # Meters: {meters}
    history:                         # for the classroom debrief
      note: >
        Two to four true sentences on what really happened.
      source: "Title of the source — publisher (year), https://..."
      question: A question for the class to discuss?
"""


def _date(index: int) -> str:
    from game.engine.dates import format_date

    return format_date(index)


def _manifest(folder: Path) -> str:
    mod_id = re.sub(r"[^a-z0-9_]+", "_", folder.resolve().name.lower()).strip("_") or "my_mod"
    if not mod_id[0].isalpha():
        mod_id = "mod_" + mod_id
    minor = ".".join(__version__.split(".")[:2])
    return f"""\
# What this mod is. Every key is explained in docs/modding.md.
id: {mod_id}                 # lower-case letters, digits and _; other mods name it in 'depends'
name: {folder.resolve().name}
version: "0.1.0"             # in quotes; raise it when you share a new version
author: Your name
description: >
  What the mod adds or changes, in a sentence or two.
game: ">={minor}"             # the game versions it works with
"""


def run(args: argparse.Namespace) -> int:
    card_id = args.card_id.strip()
    if not re.match(S.ID_PATTERN, card_id):
        suggestion = _suggest_id(card_id)
        hint = _(" (try '{id}')").format(id=suggestion) if suggestion and suggestion != card_id else ""
        print(_("multivector: '{card}' cannot be a card id: use lower-case letters, digits and _, "
                "optionally with dots (e.g. my_mod.border_talks)").format(card=card_id) + hint, file=sys.stderr)
        return 2
    into: Path | None = args.into
    mods = list(args.mods or [])
    if into is not None and into.exists() and not into.is_dir():
        print(_("multivector: --into needs a mod folder, and {path} is a file").format(path=into), file=sys.stderr)
        return 2
    if into is not None and (into / S.MANIFEST_NAME).is_file():
        mods.append(into)
    result = load_content(args.content, mods)
    if not result.ok:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print(_("multivector: fix these errors first: the new card is checked against this content"),
              file=sys.stderr)
        return 1
    content = result.content
    assert content is not None
    if card_id in content.cards:
        print(_("multivector: there is already a card '{card}'; choose another id, or write "
                "'replace: true' in your card to replace it").format(card=card_id), file=sys.stderr)
        return 1
    text = template(card_id, content)
    if into is None:
        sys.stdout.write(text)
        return 0
    return _write(into, card_id, text, mods, args)


def _write(into: Path, card_id: str, text: str, mods: list[Path], args: argparse.Namespace) -> int:
    created = []
    try:
        if not into.exists():
            into.mkdir(parents=True)
            created.append(into)
        manifest = into / S.MANIFEST_NAME
        if not os.path.lexists(manifest):
            atomic_write(manifest, _manifest(into).encode("utf-8"))
            created.append(manifest)
            mods.append(into)
        mod = read_mod(into, "command line")
        if "." not in card_id and mod.id:
            print(_("tip: ids that start with your mod's id ('{id}') never clash with another mod's").format(
                id=f"{mod.id}.{card_id}"), file=sys.stderr)
        target = into / "cards" / f"{card_id.replace('.', '_')}.yaml"
        if os.path.lexists(target):
            print(_("multivector: {path} exists already; nothing was written").format(path=display_path(target)),
                  file=sys.stderr)
            return 1
        target.parent.mkdir(exist_ok=True)
        atomic_write(target, text.encode("utf-8"))
    except OSError as error:  # FileRefused included: a link or a special file in the way
        print(_("multivector: cannot write into {folder}: {error}").format(
            folder=display_path(into), error=error), file=sys.stderr)
        return 1
    created.append(target)
    for path in created:
        print(_("created {path}").format(path=display_path(path)))
    check = load_content(args.content, mods)
    if not check.ok:  # pragma: no cover - the template is tested to validate
        for problem in check.errors:
            print(problem.format(), file=sys.stderr)
        return 1
    print(_("'{card}' loads with {mod}. Edit it, then run: multivector validate --mod {folder}").format(
        card=card_id, mod=mod.title, folder=display_path(into)))
    return 0
