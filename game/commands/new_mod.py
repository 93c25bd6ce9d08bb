"""``multivector new-mod ID``: a mod folder to start from, which validates as it stands.

It holds a ``mod.yaml``, one card (the ``new-card`` template), a meter example that is
all comments until the modder removes the ``#``, the JSON Schemas that editors read
through the first line of each file, a README and a license.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from game.base.files import atomic_write
from game.base.i18n import _
from game.base.paths import display_path
from game.commands.new_card import _manifest, template
from game.engine.model import Content
from game.loading import load_content
from game.loading import spec as S

LICENSE = "CC BY 4.0"

_METER = """\
# yaml-language-server: $schema=content.schema.json
# A new meter, for a mod that adds a power or a home front. Remove the # at the start of
# the lines below (and of the endings) to use it; docs/modding.md explains each key.
# A vector (a power) is fatal at both ends, so it needs an ending for 0 and one for 100.
#
# meters:
#   - id: {mod}
#     name: {title}
#     kind: vector              # vector: a power; domestic: public, elites, economy...
#     start: 50
#     low_ending: {mod}.hostile
#     high_ending: {mod}.client
#     description: What this relationship stands for.
#
# endings:
#   - id: {mod}.hostile
#     kind: loss
#     title: {title} turns hostile
#     text: What happens when the meter reaches 0.
#   - id: {mod}.client
#     kind: loss
#     title: A client of {title}
#     text: What happens when the meter reaches 100.
#
# rivalry:                      # a gain with the new power costs the others a share of it
#   {mod}: {{{first}: 0.2}}
#   {first}: {{{mod}: 0.2}}
"""

_README = """\
# {title}

A mod for Multi-Vector. What it adds or changes, in a few sentences.

## Use it

```sh
multivector validate --mod {folder}     # check it: exit 0, no errors
multivector play --mod {folder}         # play with it
multivector simulate --mod {folder}     # does the game stay balanced?
multivector play --mod {folder} --headless --seed 1 --choices 1,1,1,1 --trace   # which cards come up
```

To install it for good, copy this folder into the game's mods/ folder (`multivector mods`
says where it is).

## Files

- `mod.yaml`: what the mod is (id, name, version, the game versions it works with).
- `cards/`: the cards; `multivector new-card {mod}.another --into {folder}` adds one.
- `meters.yaml`: an example meter, commented out.
- `*.schema.json`: the format, for editors that check YAML as you type (the first line of
  each file points to it).

The guide is docs/modding.md; `multivector docs modding` prints it.

## License

{license}: see LICENSE.
"""

_LICENSE = """\
{title} — a mod for Multi-Vector, by {author}.

This mod is licensed under the Creative Commons Attribution 4.0 International License
(CC BY 4.0): you may share and adapt it for any purpose, if you give credit, link to the
license and say what you changed. The full text: https://creativecommons.org/licenses/by/4.0/

Replace this file to use another license, and change 'license:' in mod.yaml to match.
"""


def files_for(mod_id: str, content: Content) -> dict[str, str]:
    """The mod's files, by path inside its folder."""
    title = mod_id.replace("_", " ").title()
    vectors = [m.id for m in content.meters if m.is_vector] or [m.id for m in content.meters] or ["moscow"]
    manifest = _manifest(Path(mod_id)).replace("# What this mod is.", "# yaml-language-server: "
                                               "$schema=mod.schema.json\n# What this mod is.")
    manifest = re.sub(r"(?m)^name: .*$", f"name: {title}", manifest) + f"license: {LICENSE}\n"
    card = "# yaml-language-server: $schema=../content.schema.json\n" + template(f"{mod_id}.first_card", content)
    return {
        S.MANIFEST_NAME: manifest,
        "cards/first_card.yaml": card,
        "meters.yaml": _METER.format(mod=mod_id, title=title, first=vectors[0]),
        "content.schema.json": json.dumps(S.schema_for_kind("content"), indent=2) + "\n",
        "mod.schema.json": json.dumps(S.schema_for_kind("mod"), indent=2) + "\n",
        "README.md": _README.format(title=title, mod=mod_id, folder=mod_id, license=LICENSE),
        "LICENSE": _LICENSE.format(title=title, author="Your name"),
    }


def run(args: argparse.Namespace) -> int:
    mod_id = args.mod_id.strip()
    if not re.match(S.MOD_ID.pattern or "", mod_id):
        print(_("multivector: '{mod}' cannot be a mod id: use lower-case letters, digits and _, starting with a "
                "letter (e.g. ankara)").format(mod=mod_id), file=sys.stderr)
        return 2
    folder: Path = args.into if args.into is not None else Path(mod_id)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(_("multivector: {folder} exists already and is not empty; nothing was written").format(
            folder=display_path(folder)), file=sys.stderr)
        return 1
    result = load_content(getattr(args, "content", None), list(getattr(args, "mods", []) or []))
    if not result.ok or result.content is None:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print(_("multivector: fix these errors first: the new mod is checked against this content"), file=sys.stderr)
        return 1
    for name, text in files_for(mod_id, result.content).items():
        path = folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
        except OSError as error:  # FileRefused included: a link or a special file in the way
            print(_("multivector: cannot write into {folder}: {error}").format(
                folder=display_path(folder), error=error), file=sys.stderr)
            return 1
        print(_("created {path}").format(path=display_path(path)))
    check = load_content(getattr(args, "content", None), [*(getattr(args, "mods", []) or []), folder])
    for problem in check.problems:
        print(problem.format(), file=sys.stderr)
    if not check.ok:
        return 1
    print(_("mod '{mod}' validates. Next: edit {card}, then run: multivector validate --mod {folder}").format(
        mod=mod_id, card=display_path(folder / "cards" / "first_card.yaml"), folder=display_path(folder)))
    return 0
