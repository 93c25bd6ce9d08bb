"""Partial patches: a mod changes part of an item of an earlier layer by id and path.

```yaml
patches:
  - card: china.loan_due            # or meter:, scenario:, ending:, situation:, grade:, cast:, role:
    set:
      choices.2.effects: {beijing: 6, public: -3}
      weight: 20
      when.flags: [bri_loan_taken]
    remove: [when.dates]
```

A path is the keys from the item down, joined by dots; a list item is its number,
counted from 1 as the player counts choices. The reader checks each path against the
format (:mod:`game.loading.spec`) where it is written, with a did-you-mean, and each
value against what the path leads to, so a patched value is checked as if written in
place; whether the item and its list items exist is known only once every layer before
is read, so :func:`apply` checks that (:mod:`game.loading.layers` calls it).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import yaml

from game.base.i18n import _
from game.loading import spec as S
from game.loading.problems import did_you_mean
from game.loading.reader import Definition, Place, Reference

# What a patch names -> (the top-level key of its kind, the item's format).
TARGETS: dict[str, tuple[str, S.Obj]] = {
    "card": ("cards", S.CARD),
    "meter": ("meters", S.METER),
    "scenario": ("scenarios", S.SCENARIO),
    "ending": ("endings", S.ENDING),
    "situation": ("situations", S.SITUATION),
    "grade": ("grades", S.GRADE),
    "cast": ("cast", S.CAST_MEMBER),
    "role": ("roles", S.ROLE),
}
_UNPATCHABLE = ("id", "replace")
_ITEM_ID = S.Str(pattern=S.ID_PATTERN, pattern_hint="an id, e.g. china.loan_due")


@dataclass(frozen=True)
class Change:
    """One ``set`` (value given) or ``remove`` (value None) of a patch."""

    path: str
    steps: tuple
    value: object
    place: Place
    remove: bool = False


@dataclass(frozen=True)
class Patch:
    word: str  # card, meter...
    kind: str  # cards, meters...
    id: str
    place: Place
    changes: tuple[Change, ...]


class PathError(Exception):
    pass


def resolve(spec: S.Obj, path: str) -> tuple[tuple, S.Spec, list[tuple[str, str]]]:
    """The steps of ``path`` inside an item of format ``spec``, what it leads to, and the
    references its map keys make ((kind, value) pairs); PathError says what is wrong."""
    parts = path.split(".") if path else []
    if not parts or any(part == "" for part in parts):
        raise PathError(_("'{path}' is not a path: write the keys from the item down, joined by dots, e.g. "
                          "choices.2.effects").format(path=path))
    steps: list = []
    refs: list[tuple[str, str]] = []
    current: S.Spec = spec
    index = 0
    while index < len(parts):
        part = parts[index]
        shown = ".".join(parts[:index]) or _("the item")
        if isinstance(current, S.Obj):
            if current is S.THRESHOLD:
                raise PathError(_("set '{item}' as a whole ({{meter: ..., below: ...}} or {{meter: ..., above: ...}}), "
                                  "not one of its keys").format(item=shown))
            if part not in current.fields:
                fields = [name for name in current.fields if current is not spec or name not in _UNPATCHABLE]
                raise PathError(_("'{path}': there is no '{key}' in a {kind}{hint}; it has: {keys}").format(
                    path=path, key=part, kind=current.name, hint=did_you_mean(part, current.fields),
                    keys=", ".join(fields)))
            if current is spec and part in _UNPATCHABLE:
                raise PathError(_("'{key}' cannot be patched: to change an item's id, disable it and add a new "
                                  "one").format(key=part))
            steps.append(part)
            current = current.fields[part].spec
        elif isinstance(current, S.ListOf):
            if not re.fullmatch(r"[1-9][0-9]{0,3}", part):
                noun = current.item.name if isinstance(current.item, S.Obj) else _("item")
                raise PathError(_("'{path}': after '{item}' comes the number of a {kind}, counted from 1 (e.g. "
                                  "{item}.1), not '{step}'").format(path=path, item=shown, kind=noun, step=part))
            steps.append(int(part))
            current = current.item
        elif isinstance(current, S.MapOf):
            key = ".".join(parts[index:])  # ids may hold dots: the key is the rest of the path
            if current.key.pattern and not re.match(current.key.pattern, key):
                raise PathError(_("'{path}': '{key}' cannot be a key of '{item}': use {hint}").format(
                    path=path, key=key, item=shown, hint=_(current.key.pattern_hint)))
            if current.key.ref:
                refs.append((current.key.ref, key))
            steps.append(key)
            return tuple(steps), current.value, refs
        elif isinstance(current, S.Text):
            if part not in S.LANGUAGES and not re.match(S.LANG_PATTERN, part):
                raise PathError(_("'{path}': a text has one version per language ({languages}), not "
                                  "'{step}'").format(path=path, languages=", ".join(S.LANGUAGES), step=part))
            steps.append(part)
            return tuple(steps), S.Text(max_length=current.max_length), refs
        else:
            raise PathError(_("'{path}': '{item}' is a single value; set it whole").format(path=path, item=shown))
        index += 1
    return tuple(steps), current, refs


def _required(spec: S.Obj, steps: tuple) -> bool:
    """Whether the last step of ``steps`` is a key its object cannot do without."""
    current: S.Spec = spec
    for step in steps[:-1]:
        if isinstance(current, S.Obj):
            current = current.fields[step].spec
        elif isinstance(current, (S.ListOf,)):
            current = current.item
        else:
            return False
    return isinstance(current, S.Obj) and isinstance(steps[-1], str) and current.fields[steps[-1]].required


def walk_patch(walker, node: yaml.Node, depth: int):
    """Read one patch (the reader's walker calls this for each item under ``patches:``)."""
    from game.loading.reader import _MISSING

    if not isinstance(node, yaml.MappingNode):
        return walker.error(node, "type", _("a patch is a mapping: card: ID, then set: and/or remove:"))
    target = None
    sets = removes = None
    for key_node, value_node in walker.mapping_pairs(node, depth):
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in TARGETS:
            if target is not None:
                walker.error(key_node, "patch", _("a patch changes one item, and this one already names {kind} "
                                                  "'{id}': write another patch for this one").format(
                    kind=target[0], id=target[1]))
                continue
            ident = walker.walk_scalar(value_node, _ITEM_ID)
            if ident is _MISSING:
                return _MISSING
            target = (key, ident, walker.place(value_node))
        elif key == "set":
            sets = value_node
        elif key == "remove":
            removes = value_node
        else:
            walker.error(key_node, "unknown-key", _("unknown key '{key}' in a patch{hint}; a patch has one of "
                                                    "{kinds}, then set: and/or remove:").format(
                key=key, hint=did_you_mean(str(key), [*TARGETS, "set", "remove"]), kinds=", ".join(TARGETS)))
    if target is None:
        return walker.error(node, "missing-key", _("a patch names the item it changes: card: ID (or {others})").format(
            others=", ".join(w + ":" for w in list(TARGETS)[1:])))
    word, ident, place = target
    kind, spec = TARGETS[word]
    changes: list[Change] = []
    if sets is not None:
        if not isinstance(sets, yaml.MappingNode):
            walker.error(sets, "type", _("'set:' takes a mapping of path: value, e.g. choices.2.effects: {public: 3}"))
        else:
            for path_node, value_node in walker.mapping_pairs(sets, depth + 1):
                found = _path(walker, path_node, spec)
                if found is None:
                    continue
                steps, leaf = found
                value = walker.walk(value_node, leaf, depth + 2)
                if value is not _MISSING:
                    changes.append(Change(path_node.value, steps, value, walker.place(path_node)))
    if removes is not None:
        if not isinstance(removes, yaml.SequenceNode):
            walker.error(removes, "type", _("'remove:' takes a list of paths, e.g. [when.dates]"))
        else:
            for path_node in removes.value:
                found = _path(walker, path_node, spec)
                if found is None:
                    continue
                steps, _rest = found
                if _required(spec, steps):
                    walker.error(path_node, "patch", _("'{path}' cannot be removed: a {kind} needs it (set it to "
                                                       "another value instead)").format(path=path_node.value,
                                                                                        kind=spec.name))
                    continue
                changes.append(Change(path_node.value, steps, None, walker.place(path_node), remove=True))
    if sets is None and removes is None:
        walker.warn(node, "patch", _("this patch of {kind} '{id}' has neither 'set:' nor 'remove:', so it changes "
                                     "nothing").format(kind=word, id=ident))
    return Patch(word, kind, ident, place, tuple(changes))


def _path(walker, node: yaml.Node, spec: S.Obj):
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        walker.error(node, "type", _("a path is a word like choices.2.effects"))
        return None
    try:
        steps, leaf, refs = resolve(spec, str(node.value))
    except PathError as error:
        walker.error(node, "patch", str(error))
        return None
    for ref, value in refs:
        walker.result.references.append(Reference(ref, value, walker.place(node)))
    return steps, leaf


# --- applying ------------------------------------------------------------------------


def apply(item: dict, patch: Patch, noun: str) -> tuple[dict, list[tuple[Change, str]]]:
    """A copy of ``item`` with ``patch`` applied, and the changes that could not be made
    with why (a list item that does not exist, a list left too short)."""
    patched = copy.deepcopy(item)
    failed: list[tuple[Change, str]] = []
    for change in patch.changes:
        why = _apply_one(patched, change, TARGETS[patch.word][1], noun)
        if why:
            failed.append((change, why))
    return patched, failed


def _apply_one(item: dict, change: Change, spec: S.Obj, noun: str) -> str:
    holder: object = item
    current: S.Spec = spec
    for depth, step in enumerate(change.steps[:-1]):
        if isinstance(step, int):
            assert isinstance(current, S.ListOf)
            if not isinstance(holder, list) or step > len(holder):
                return _missing_item(change, depth, holder, current, noun)
            holder, current = holder[step - 1], current.item
        else:
            if isinstance(current, S.Obj):
                current = current.fields[step].spec
            if not isinstance(holder, dict):
                return _("'{path}': there is nothing at '{where}'").format(
                    path=change.path, where=".".join(map(str, change.steps[:depth])))
            if step not in holder:
                if change.remove:
                    return ""  # nothing to remove: already gone
                holder[step] = [] if isinstance(current, S.ListOf) else {}
            holder = holder[step]
    last = change.steps[-1]
    if isinstance(last, int):
        assert isinstance(current, S.ListOf)
        if not isinstance(holder, list) or last > len(holder):
            return _missing_item(change, len(change.steps) - 1, holder, current, noun)
        if change.remove:
            if len(holder) - 1 < current.min_items:
                return _("'{path}': removing it would leave {left}, and at least {least} are needed").format(
                    path=change.path, left=len(holder) - 1, least=current.min_items)
            del holder[last - 1]
        else:
            holder[last - 1] = change.value
        return ""
    if isinstance(holder, str):
        text = ".".join(map(str, change.steps[:-1]))
        return _("'{path}': '{text}' is one text for every language; to give it a translation, set '{text}' "
                 "whole, e.g. {{en: ..., {language}: ...}}").format(path=change.path, text=text, language=last)
    if not isinstance(holder, dict):
        return _("'{path}': there is nothing to change there").format(path=change.path)
    if change.remove:
        holder.pop(last, None)
        if not holder and len(change.steps) > 1:  # "when: {}" says nothing: take it out too
            _remove_empty(item, change.steps[:-1])
    else:
        holder[last] = change.value
    return ""


def _remove_empty(item: dict, steps: tuple) -> None:
    parent: object = item
    for step in steps[:-1]:
        parent = parent[step - 1] if isinstance(step, int) else parent[step]  # type: ignore[index]
    if isinstance(parent, dict) and isinstance(steps[-1], str):
        parent.pop(steps[-1], None)


def _missing_item(change: Change, depth: int, holder: object, spec: S.ListOf, noun: str) -> str:
    count = len(holder) if isinstance(holder, list) else 0
    what = spec.item.name if isinstance(spec.item, S.Obj) else _("item")
    where = ".".join(map(str, change.steps[:depth])) or _("the list")
    return _("'{path}': {item} has {count} under '{where}', so there is no {kind} {number}").format(
        path=change.path, item=noun, count=f"{count} {what}{'' if count == 1 else 's'}", where=where, kind=what,
        number=change.steps[depth])


def marks_of(item: dict, spec: S.Obj, skip: set[tuple], place: Place) -> tuple[list[Definition], list[Reference]]:
    """The ids a patched item defines and names, read from its values (all at ``place``),
    leaving out the parts under ``skip``: the patch's own values, which the reader
    recorded where they are written."""
    definitions: list[Definition] = []
    references: list[Reference] = []

    def mark(value: object, spec: S.Str) -> None:
        if not isinstance(value, str):
            return
        if spec.defines:
            definitions.append(Definition(spec.defines, value, place))
        if spec.ref:
            references.append(Reference(spec.ref, value, place))

    def walk(value: object, spec: S.Spec, path: tuple) -> None:
        if path in skip:
            return
        if isinstance(spec, S.Obj) and isinstance(value, dict):
            for key, inner in value.items():
                if key in spec.fields:
                    walk(inner, spec.fields[key].spec, (*path, key))
        elif isinstance(spec, S.ListOf) and isinstance(value, list):
            for number, inner in enumerate(value, start=1):
                walk(inner, spec.item, (*path, number))
        elif isinstance(spec, S.MapOf) and isinstance(value, dict):
            for key, inner in value.items():
                if (*path, key) not in skip:
                    mark(key, spec.key)
                    walk(inner, spec.value, (*path, key))
        elif isinstance(spec, S.Str):
            mark(value, spec)

    walk(item, spec, ())
    return definitions, references
