"""``multivector content [KIND [ID]]``: the loaded game as the YAML a modder would write.

Without a kind it lists every id by kind; with a kind, that kind's ids; with an id, the
item after every mod has replaced, patched and reweighted it, as a content file a mod
could hold (``--replace`` adds ``replace: true``), with comments saying where each part
came from. The values printed are the ones read from the files, not rebuilt from engine
objects, so whatever the format holds comes back out unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from game.base.i18n import _
from game.base.suggest import did_you_mean
from game.base.text import escape_controls

# What a modder types -> the top-level key of a content file.
KIND_NAMES = {
    "card": "cards",
    "meter": "meters",
    "scenario": "scenarios",
    "ending": "endings",
    "situation": "situations",
    "grade": "grades",
    "cast": "cast",
    "role": "roles",
    "glossary": "glossary",
    "rivalry": "rivalry",
    "flag": "flags",
}
_PLURAL = {value: key for key, value in KIND_NAMES.items()}


def _kind(word: str) -> str | None:
    word = word.strip().lower()
    if word in KIND_NAMES:
        return KIND_NAMES[word]
    if word in _PLURAL:
        return word
    if word in ("speaker", "speakers"):
        return "cast"
    return None


_FLOW_WIDTH = 60


def _short(value: object) -> bool:
    """A plain value short enough to sit in a one-line list or map."""
    return not isinstance(value, (dict, list)) and len(str(value)) <= 30 and "\n" not in str(value)


def dump_yaml(data: object) -> str:
    """``data`` as block YAML a person would write: short lists and maps of plain values
    on one line, texts that end a line as ``>`` blocks, texts with line breaks as ``|``
    blocks; reading it back gives ``data`` (tests check it)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False):
            return super().increase_indent(flow, False)  # "  - id:" under "cards:", as people write it

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        body = value[:-1] if value.endswith("\n") else value
        style = None
        if "\n" in body:
            style = "|"
        elif value.endswith("\n") and body.strip() == body and body:
            style = ">"
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def mapping(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
        flow = bool(value) and all(_short(v) for v in value.values()) and len(str(value)) <= _FLOW_WIDTH
        return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)

    def sequence(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
        flow = all(_short(v) for v in value) and len(str(value)) <= _FLOW_WIDTH
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)

    _Dumper.add_representer(str, text)
    _Dumper.add_representer(dict, mapping)
    _Dumper.add_representer(list, sequence)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2)


def _where(place) -> str:
    return f"{place.path}:{place.line}:{place.col}"


def item_yaml(collected, kind: str, ident: str, *, replace: bool = False) -> str | None:
    """The item ``ident`` of ``kind`` as a content file, with its origins as comments."""
    from game.loading.build import as_played

    for item, _file, _place in collected.items.get(kind, ()):
        if item.get("id" if kind != "glossary" else "term") == ident:
            break
    else:
        return None
    if kind == "cards":
        item = as_played(collected, item)
    shown = {key: value for key, value in item.items() if key != "replace"}
    if replace:
        shown = {"id": shown.get("id"), "replace": True, **{k: v for k, v in shown.items() if k != "id"}}
    lines = []
    for part, place, label in collected.origins.get((kind, ident), ()):
        what = f"{_PLURAL.get(kind, kind)} '{ident}'" if not part else part
        lines.append("# " + _("{what}: from {origin}, {place}").format(what=what, origin=label, place=_where(place)))
    if kind == "cards" and ident in collected.disabled:
        lines.append("# " + _("disabled at {place}").format(place=_where(collected.disabled[ident])))
    if not replace:
        lines.append("# " + _("to change it in a mod, copy it there and add 'replace: true' under its id "
                              "(or print it with --replace)"))
    return "\n".join(lines) + "\n" + dump_yaml({kind: [shown]})


def rivalry_yaml(collected, meter: str | None) -> str | None:
    rivalry = collected.rivalry if meter is None else (
        {meter: collected.rivalry[meter]} if meter in collected.rivalry else None)
    if rivalry is None:
        return None
    lines = ["# " + _("rivalry: a gain with the first meter costs the second this share of it")]
    for meter_id in rivalry:
        place = collected.rivalry_places.get(meter_id)
        if place is not None:
            lines.append("# " + _("{meter}: first written at {place}").format(meter=meter_id, place=_where(place)))
    return "\n".join(lines) + "\n" + dump_yaml({"rivalry": rivalry})


def flag_uses(collected) -> dict[str, dict[str, list]]:
    """Flag id -> {"set": [places], "tested": [places]}, over the files that count."""
    flags: dict[str, dict[str, list]] = {}
    for definition in collected.definitions:
        if definition.kind == "flag_set":
            flags.setdefault(definition.id, {"set": [], "tested": []})["set"].append(definition.place)
    for reference in collected.references:
        if reference.kind == "flag":
            flags.setdefault(reference.value, {"set": [], "tested": []})["tested"].append(reference.place)
    return flags


def ids_of(collected, kind: str) -> list[str]:
    if kind == "rivalry":
        return list(collected.rivalry)
    if kind == "flags":
        return sorted(flag_uses(collected))
    key = "term" if kind == "glossary" else "id"
    return [item.get(key) for item, _file, _place in collected.items.get(kind, ()) if isinstance(item.get(key), str)]


def _listing(collected, kinds: Iterable[str]) -> str:
    out = []
    for kind in kinds:
        ids = ids_of(collected, kind)
        out.append(f"{kind} ({len(ids)}):")
        out.extend(f"  {escape_controls(ident)}" for ident in ids)
    return "\n".join(out) + "\n"


def _flag_text(collected, flag: str) -> str | None:
    uses = flag_uses(collected).get(flag)
    if uses is None:
        return None
    lines = ["# " + _("flag '{flag}': a flag is not written on its own; choices and scenarios set it "
                      "(set_flags:, flags:), conditions test it (when: flags:, not_flags:)").format(flag=flag)]
    lines += ["# " + _("set at {place}").format(place=_where(place)) for place in uses["set"]] or [
        "# " + _("set nowhere")]
    lines += ["# " + _("tested at {place}").format(place=_where(place)) for place in uses["tested"]] or [
        "# " + _("tested nowhere")]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from game.loading.load import load_merged

    result, collected = load_merged(getattr(args, "content", None), getattr(args, "mods", []) or [])
    if collected is None or not result.ok:
        for problem in result.errors:
            print(problem.format())
        print(_("multivector: content has {count} error(s); run 'multivector validate' for details").format(
            count=len(result.errors)), file=sys.stderr)
        return 1
    if args.kind is None:
        sys.stdout.write(_listing(collected, KIND_NAMES.values()))
        return 0
    kind = _kind(args.kind)
    if kind is None:
        print(_("multivector: no kind '{kind}'{hint}; kinds: {kinds}").format(
            kind=escape_controls(args.kind), hint=did_you_mean(args.kind, KIND_NAMES), kinds=", ".join(KIND_NAMES)),
            file=sys.stderr)
        return 2
    if args.id is None and kind != "rivalry":
        sys.stdout.write(_listing(collected, [kind]))
        return 0
    if kind == "rivalry":
        text = rivalry_yaml(collected, args.id)
    elif kind == "flags":
        text = _flag_text(collected, args.id)
    else:
        text = item_yaml(collected, kind, args.id, replace=args.replace)
    if text is None:
        known = ids_of(collected, kind)
        print(_("multivector: no {kind} '{id}'{hint}; list them with: multivector content {kind}").format(
            kind=_PLURAL[kind], id=escape_controls(args.id), hint=did_you_mean(args.id, known)), file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
