"""Putting the base game and the mods together, layer by layer.

The base game is the first layer and each active mod, in load order, one more. A layer
may add items (cards, meters, endings, scenarios...), replace an item of an earlier
layer that has the same id (only with ``replace: true``: reusing an id by accident is an
error), patch part of one (``patches:``, :mod:`game.loading.patches`), disable cards,
scenarios, endings, situations and rivalry pairs (``disable_cards:``...), change card
weights (``card_weights:``) and set or replace rivalry pairs.
When two mods change the same thing the later one wins and a ``mod-conflict`` warning
names both places.

Replaced and disabled items take their ids and references with them, so a replaced
card's old follow-ups or flags do not linger in the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.loading.build import ID_KINDS, KINDS, Collected, problem_at
from game.loading.mods import Mod
from game.loading.problems import ERROR, WARNING, did_you_mean
from game.loading.reader import FileResult, Place, Reference

_SINGULAR = {
    "meters": "meter",
    "situations": "situation",
    "endings": "ending",
    "grades": "grade",
    "scenarios": "scenario",
    "cast": "cast member",
    "cards": "card",
    "roles": "role",
    "glossary": "glossary entry",
    "achievements": "achievement",
}

# References the layers settle themselves rather than the general check.
_LAYER_REFS = ("card_disable", "card_weight", "scenario_disable", "ending_disable", "situation_disable")
# disable_KIND keys other than disable_cards: the reference kind -> the kind of item.
_DISABLES = {"scenario_disable": "scenarios", "ending_disable": "endings", "situation_disable": "situations"}
_REF_OF = {"scenarios": "scenario", "endings": "ending", "situations": "situation"}
# A condition naming a disabled scenario or situation simply never holds (or, under
# not_situations, always holds): harmless, so not an unknown id. An ending is needed.
_HARMLESS_WHEN_DISABLED = ("scenario", "situation")


@dataclass
class Layer:
    """The files of the base game, or of one mod."""

    files: list[FileResult]
    mod: Mod | None = None

    @property
    def label(self) -> str:
        return "the base game" if self.mod is None else f"mod '{self.mod.id}'"

    @property
    def short(self) -> str:
        return "the base game" if self.mod is None else f"'{self.mod.id}'"


@dataclass
class _Entry:
    item: dict
    place: Place
    file: FileResult
    index: int
    layer: int
    kind: str
    # Whether its id definition and its references still count.
    defines: bool = True
    refers: bool = True
    default: bool = False
    # Paths a patch set (their ids are recorded where the patch wrote them); any patch
    # makes the item's ids be read again from its values (``patched`` is then not None).
    patched: set[tuple] | None = None


@dataclass
class _Change:
    layer: int
    place: Place
    what: str  # "replaces", "disables", "weight"
    value: float | None = None


@dataclass
class _State:
    layers: list[Layer]
    collected: Collected
    live: dict[str, dict[str, _Entry]] = field(default_factory=dict)
    # Items without a usable id (already an error), and glossary entries, by kind.
    plain: dict[str, list[_Entry]] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)
    changed: dict[tuple[str, str], _Change] = field(default_factory=dict)
    weighted: dict[str, _Change] = field(default_factory=dict)
    # Card id -> (layer, where disabled, the card's entry).
    disabled: dict[str, tuple[int, Place, _Entry]] = field(default_factory=dict)
    # (reference kind, id) of a disabled scenario, ending or situation -> (layer, where).
    taken_out: dict[tuple[str, str], tuple[int, Place]] = field(default_factory=dict)

    def problem(self, place: Place, code: str, message: str, severity: str = ERROR) -> None:
        self.collected.problems.append(problem_at(self.collected, place, code, message, severity))

    def label(self, layer: int) -> str:
        return self.layers[layer].label


def _where(place: Place) -> str:
    return f"{place.path}:{place.line}:{place.col}"


def resolve(layers: list[Layer]) -> Collected:
    """The items that will be played, with the problems of putting the layers together."""
    collected = Collected()
    state = _State(layers, collected, live={kind: {} for kind in ID_KINDS}, plain={kind: [] for kind in KINDS})
    for layer in layers:
        for result in layer.files:
            collected.files.append(result)
            collected.lines[result.path] = result.lines
    later_ids = _ids_by_layer(layers)
    for number, layer in enumerate(layers):
        own: dict[tuple[str, str], _Entry] = {}
        for result in layer.files:
            for kind in KINDS:
                for index, item in enumerate(result.data.get(kind, ())):
                    place = result.item_places.get((kind, index), Place(result.path, 1, 1))
                    entry = _Entry(item, place, result, index, number, kind)
                    state.entries.append(entry)
                    _add(state, entry, own, later_ids)
        _patch(state, number, layer)
        _rivalry(state, number, layer)
        _disable(state, number, layer)
        _disable_others(state, number, layer)
        _weights(state, number, layer)
    _defaults(state)
    _gather(state)
    return collected


def _ids_by_layer(layers: list[Layer]) -> list[dict[tuple[str, str], Place]]:
    found = []
    for layer in layers:
        ids: dict[tuple[str, str], Place] = {}
        for result in layer.files:
            for kind in ID_KINDS:
                for index, item in enumerate(result.data.get(kind, ())):
                    if isinstance(item.get("id"), str):
                        ids.setdefault((kind, item["id"]), result.item_places.get((kind, index), Place(result.path, 1, 1)))
        found.append(ids)
    return found


def _id_place(entry: _Entry) -> Place:
    """Where the item's id is written (its own definition), else where the item starts."""
    span = entry.file.item_spans.get((entry.kind, entry.index))
    if span is not None:
        for definition in entry.file.definitions[span[0]:span[1]]:
            if definition.id == entry.item.get("id") and definition.kind != "flag_set":
                return definition.place
    return entry.place


def _add(state: _State, entry: _Entry, own: dict, later_ids: list[dict]) -> None:
    kind, item = entry.kind, entry.item
    ident = item.get("id")
    if kind not in ID_KINDS or not isinstance(ident, str):
        state.plain[kind].append(entry)
        return
    entry.place = _id_place(entry)
    what = _SINGULAR[kind]
    live = state.live[kind]
    earlier = live.get(ident)
    if (kind, ident) in own:
        # The general check reports it ("already defined at"); its references still count.
        state.plain[kind].append(entry)
        return
    own[(kind, ident)] = entry
    if earlier is None and kind == "cards" and ident in state.disabled:
        earlier = state.disabled[ident][2]  # a disabled card's id is still taken
    if item.get("replace"):
        if earlier is None:
            _replace_nothing(state, entry, what, ident, later_ids)
            entry.default = bool(item.get("default"))
            live[ident] = entry
            return
        if ident not in live:  # it was disabled: the later layer brings it back
            layer, place, _ = state.disabled.pop(ident)
            state.problem(entry.place, "mod-conflict",
                          f"card '{ident}' is disabled by {state.label(layer)} ({_where(place)}) and replaced by "
                          f"{state.label(entry.layer)} here; {state.layers[entry.layer].short} loads later, "
                          "so this card is dealt", WARNING)
            entry.default = False
            live[ident] = entry
            state.changed[(kind, ident)] = _Change(entry.layer, entry.place, "replaces")
            return
        _note_replacement(state, entry, earlier, what, ident)
        earlier.defines = earlier.refers = False
        if earlier.default and "default" not in item:
            entry.default = True  # a replaced default scenario stays the default
        else:
            entry.default = bool(item.get("default"))
        live[ident] = entry  # same key: keeps the place in the deck's order
        state.changed[(kind, ident)] = _Change(entry.layer, entry.place, "replaces")
        return
    if earlier is not None:
        entry.defines = False
        state.plain[kind].append(entry)
        mod = state.layers[entry.layer].mod
        example = f"{mod.id}.{ident.split('.')[-1]}" if mod is not None else None
        new_id = f" (e.g. '{example}')" if example and example != ident else ""
        state.problem(
            entry.place, "duplicate-id",
            f"{what} id '{ident}' is already used by {state.label(earlier.layer)} at {_where(earlier.place)}: "
            f"to replace that {what}, add 'replace: true' to this one; to add a new {what}, "
            f"give it another id{new_id}",
        )
        return
    entry.default = bool(item.get("default"))
    live[ident] = entry


def _replace_nothing(state: _State, entry: _Entry, what: str, ident: str, later_ids: list[dict]) -> None:
    for number in range(entry.layer + 1, len(later_ids)):
        if (entry.kind, ident) in later_ids[number]:
            other = state.layers[number]
            state.problem(
                entry.place, "unknown-ref",
                f"'replace: true', but {what} '{ident}' comes from {other.label}, which loads after "
                f"{state.label(entry.layer)}: add '{other.mod.id if other.mod else ''}' to 'depends' in your "
                "mod.yaml so that it loads first",
            )
            return
    if entry.layer == 0:
        scope = "an earlier layer (this is the base game, which comes first)"
    elif entry.layer == 1:
        scope = "the base game"
    else:
        scope = "the base game or the mods loaded before this one"
    known = state.live[entry.kind]
    state.problem(
        entry.place, "unknown-ref",
        f"'replace: true', but there is no {what} '{ident}' in {scope} to replace"
        f"{did_you_mean(ident, known)}; to add a new {what}, remove 'replace: true'",
    )


def _note_replacement(state: _State, entry: _Entry, earlier: _Entry, what: str, ident: str) -> None:
    change = state.changed.get((entry.kind, ident))
    if change is None or change.layer == entry.layer or change.layer == 0:
        return
    state.problem(
        entry.place, "mod-conflict",
        f"{what} '{ident}' is replaced by {state.label(change.layer)} ({_where(change.place)}) and by "
        f"{state.label(entry.layer)} here; {state.layers[entry.layer].short} loads later, so its {what} is used",
        WARNING,
    )


def _layer_refs(layer: Layer, kind: str):
    for result in layer.files:
        for reference in result.references:
            if reference.kind == kind:
                yield result, reference


def _disable(state: _State, number: int, layer: Layer) -> None:
    cards = state.live["cards"]
    for _, reference in _layer_refs(layer, "card_disable"):
        ident, place = reference.value, reference.place
        entry = cards.get(ident)
        if entry is None:
            if ident in state.disabled:
                continue  # disabled twice: the same wish
            state.problem(place, "unknown-ref",
                          f"cannot disable card '{ident}': there is no such card{did_you_mean(ident, cards)}")
            continue
        change = state.changed.get(("cards", ident))
        if change is not None and change.what == "replaces" and change.layer not in (number, 0):
            state.problem(place, "mod-conflict",
                          f"{layer.label} disables card '{ident}', which {state.label(change.layer)} replaces "
                          f"({_where(change.place)}); {layer.short} loads later, so the card is disabled", WARNING)
        entry.defines = entry.refers = False
        del cards[ident]
        state.disabled[ident] = (number, place, entry)
        state.changed[("cards", ident)] = _Change(number, place, "disables")


def _patch(state: _State, number: int, layer: Layer) -> None:
    """Apply the layer's partial patches to the items the layers before it (and its own
    items) left, each checked against the item it changes."""
    from game.loading.patches import apply

    for result in layer.files:
        for patch in result.data.get("patches", ()):
            live = state.live[patch.kind]
            entry = live.get(patch.id)
            what = _SINGULAR[patch.kind]
            if entry is None:
                if patch.kind == "cards" and patch.id in state.disabled:
                    by, where, _ = state.disabled[patch.id]
                    state.problem(patch.place, "mod-conflict",
                                  f"card '{patch.id}' is disabled by {state.label(by)} ({_where(where)}), so this "
                                  "patch does nothing", WARNING)
                else:
                    state.problem(patch.place, "unknown-ref",
                                  f"cannot patch {what} '{patch.id}': there is no such {what} in the layers loaded "
                                  f"before {layer.label}{did_you_mean(patch.id, live)}")
                continue
            patched, failed = apply(entry.item, patch, f"{what} '{patch.id}'")
            if entry.patched is None:
                entry.patched = set()
            for change, why in failed:
                state.problem(change.place, "patch", why)
            entry.item = patched
            entry.patched.update(c.steps for c in patch.changes if not c.remove)
            origins = state.collected.origins.setdefault((patch.kind, patch.id), [])
            not_made = {id(change) for change, _ in failed}
            for change in patch.changes:
                if id(change) not in not_made:
                    verb = "removed" if change.remove else "set"
                    origins.append((f"{change.path} ({verb})", change.place, f"a patch of {layer.label}"))


def _disable_others(state: _State, number: int, layer: Layer) -> None:
    """disable_scenarios, disable_endings, disable_situations: the item is taken out, and
    whatever still names it is reported by the general check as an unknown id."""
    for ref_kind, kind in _DISABLES.items():
        live = state.live[kind]
        for _, reference in _layer_refs(layer, ref_kind):
            ident, place = reference.value, reference.place
            entry = live.get(ident)
            what = _SINGULAR[kind]
            if entry is None:
                if (kind, ident) not in state.changed:
                    state.problem(place, "unknown-ref", f"cannot disable {what} '{ident}': there is no such "
                                                        f"{what}{did_you_mean(ident, live)}")
                continue
            entry.defines = entry.refers = False
            del live[ident]
            state.changed[(kind, ident)] = _Change(number, place, "disables")
            state.taken_out[(_REF_OF[kind], ident)] = (number, place)


def _weights(state: _State, number: int, layer: Layer) -> None:
    cards = state.live["cards"]
    for result, reference in _layer_refs(layer, "card_weight"):
        ident, place = reference.value, reference.place
        weight = result.data.get("card_weights", {}).get(ident)
        if weight is None:
            continue  # the value was wrong; the reader said so
        if ident not in cards:
            if ident in state.disabled:
                by, where, _ = state.disabled[ident]
                state.problem(place, "mod-conflict",
                              f"card '{ident}' is disabled by {state.label(by)} ({_where(where)}), so its weight "
                              "does nothing", WARNING)
            else:
                state.problem(place, "unknown-ref",
                              f"cannot change the weight of card '{ident}': there is no such card"
                              f"{did_you_mean(ident, cards)}")
            continue
        earlier = state.weighted.get(ident)
        if earlier is not None and earlier.layer not in (number, 0) and earlier.value != weight:
            state.problem(place, "mod-conflict",
                          f"card '{ident}' gets weight {earlier.value:g} from {state.label(earlier.layer)} "
                          f"({_where(earlier.place)}) and {weight:g} from {layer.label}; {layer.short} loads later, "
                          f"so {weight:g} is used", WARNING)
        state.weighted[ident] = _Change(number, place, "weight", weight)
        state.collected.weights[ident] = weight
        state.collected.origins.setdefault(("cards", ident), []).append(
            ("weight", place, f"card_weights of {layer.label}"))


def _rivalry(state: _State, number: int, layer: Layer) -> None:
    """A layer's rivalry sets the pairs it names and keeps the others; with
    ``replace_rivalry: true`` it replaces them all; ``disable_rivalry`` takes pairs out."""
    collected = state.collected
    for result in layer.files:
        if result.data.get("replace_rivalry") and number > 0:
            collected.rivalry.clear()
            for key in [key for key in state.changed if key[0] == "rivalry"]:
                del state.changed[key]
        for meter_id, rivals in result.data.get("rivalry", {}).items():
            place = result.key_places.get(("rivalry", meter_id), Place(result.path, 1, 1))
            mine = collected.rivalry.setdefault(meter_id, {})
            for rival, factor in rivals.items():
                before = state.changed.get(("rivalry", f"{meter_id}>{rival}"))
                if (before is not None and before.layer not in (number, 0)
                        and mine.get(rival) != factor):
                    state.problem(place, "mod-conflict",
                                  f"rivalry {meter_id} -> {rival} is {mine.get(rival):g} in {state.label(before.layer)} "
                                  f"({_where(before.place)}) and {factor:g} in {layer.label}; {layer.short} loads "
                                  f"later, so {factor:g} is used", WARNING)
                mine[rival] = factor
                state.changed[("rivalry", f"{meter_id}>{rival}")] = _Change(number, place, "rivalry")
            collected.rivalry_places.setdefault(meter_id, place)
    for result in layer.files:
        for meter_id, rivals in result.data.get("disable_rivalry", {}).items():
            place = result.key_places.get(("disable_rivalry", meter_id), Place(result.path, 1, 1))
            mine = collected.rivalry.get(meter_id, {})
            for rival in rivals:
                if rival not in mine:
                    state.problem(place, "unknown-ref",
                                  f"cannot disable the rivalry {meter_id} -> {rival}: the layers before "
                                  f"{layer.label} give it none{did_you_mean(rival, mine)}", WARNING)
                    continue
                del mine[rival]
                state.changed[("rivalry", f"{meter_id}>{rival}")] = _Change(number, place, "disables")


def _defaults(state: _State) -> None:
    """The default scenario: the one marked in the latest layer that marks one."""
    marked: dict[int, list[_Entry]] = {}
    for entry in state.live["scenarios"].values():
        if entry.default:
            marked.setdefault(entry.layer, []).append(entry)
    for entries in marked.values():
        for entry in entries[1:]:
            state.problem(entry.place, "structure",
                          f"scenario '{entry.item.get('id')}': only one scenario may be the default "
                          f"('{entries[0].item.get('id')}' already is, at {_where(entries[0].place)})")
    mods_marking = [layer for layer in sorted(marked) if layer != 0]
    for earlier, later in zip(mods_marking, mods_marking[1:]):
        first, second = marked[earlier][0], marked[later][0]
        state.problem(second.place, "mod-conflict",
                      f"{state.label(earlier)} ({_where(first.place)}) and {state.label(later)} both make their "
                      f"scenario the default; {state.layers[later].short} loads later, so "
                      f"'{second.item.get('id')}' is the default", WARNING)
    if marked:
        state.collected.default_scenario = marked[max(marked)][0].item.get("id")


def _gather(state: _State) -> None:
    """The items, ids and references that count, in load order."""
    collected = state.collected
    dead_defs: dict[int, list[tuple[int, int]]] = {}
    dead_refs: dict[int, list[tuple[int, int]]] = {}
    reread: list[Reference] = []
    reread_defs: list = []
    for entry in state.entries:
        span = entry.file.item_spans.get((entry.kind, entry.index))
        if span is None:
            continue
        if not entry.defines:
            dead_defs.setdefault(id(entry.file), []).append((span[0], span[1]))
        if not entry.refers or (entry.patched is not None and entry.defines):
            dead_refs.setdefault(id(entry.file), []).append((span[2], span[3]))
        if entry.patched is not None and entry.defines and entry.refers:
            defs, refs = _reread(entry, span, dead_defs)
            reread_defs.extend(defs)
            reread.extend(refs)
    for kind in KINDS:
        if kind in ID_KINDS:
            ordered = list(state.live[kind].values())
            ordered += state.plain[kind]
        else:
            ordered = state.plain[kind]
        collected.items[kind] = [(e.item, e.place, e.file) for e in ordered]
        for entry in ordered:
            if entry.defines and isinstance(entry.item.get("id"), str):
                parts = collected.origins.setdefault((kind, entry.item["id"]), [])
                parts.insert(0, ("", entry.place, state.label(entry.layer)))
    disabled = state.disabled
    followup_notes: dict[str, list[str]] = {}
    for entry in state.live["cards"].values():
        span = entry.file.item_spans.get((entry.kind, entry.index))
        if span is None or not disabled:
            continue
        for reference in entry.file.references[span[2]:span[3]]:
            if reference.kind == "card" and reference.value in disabled:
                followup_notes.setdefault(reference.value, []).append(
                    f"'{entry.item.get('id')}' at {_where(reference.place)}")
    files = [(result, _drop_spans(result.references, dead_refs.get(id(result)))) for result in collected.files]
    for result in collected.files:
        collected.definitions.extend(_drop_spans(result.definitions, dead_defs.get(id(result))))
    collected.definitions.extend(reread_defs)
    for reference in [*(r for _, refs in files for r in refs), *reread]:
        if reference.kind in _LAYER_REFS:
            continue
        if reference.kind == "card" and reference.value in disabled:
            continue  # a follow-up to a disabled card: dropped, and noted above
        gone = state.taken_out.get((reference.kind, reference.value))
        if gone is not None:
            if reference.kind not in _HARMLESS_WHEN_DISABLED:
                state.problem(reference.place, "unknown-ref",
                              f"{reference.kind} '{reference.value}' is disabled by {state.label(gone[0])} "
                              f"({_where(gone[1])}), but this still names it: patch this to name another "
                              f"{reference.kind}, or leave it in")
            continue
        collected.references.append(reference)
    for ident, places in followup_notes.items():
        layer, place, _ = disabled[ident]
        shown = ", ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
        state.problem(place, "mod-conflict",
                      f"card '{ident}' is the follow-up of card {shown}; disabled, it is never dealt as a "
                      "follow-up either", WARNING)
    collected.disabled = {ident: place for ident, (_, place, _) in disabled.items()}
    _unscheduled(state)


def _unscheduled(state: _State) -> None:
    """Warn of a follow-up-only card that no choice schedules: it is never dealt."""
    scheduled = {r.value for r in state.collected.references if r.kind == "card"}
    for ident, entry in state.live["cards"].items():
        if entry.item.get("followup_only") and ident not in scheduled:
            state.problem(entry.place, "never-dealt",
                          f"card '{ident}' is dealt only as a follow-up (followup_only: true), but no choice "
                          "schedules it, so it is never dealt: name it in a choice's 'followups:', or remove "
                          "'followup_only: true'", WARNING)


def _reread(entry: _Entry, span: tuple, dead_defs: dict) -> tuple[list, list[Reference]]:
    """A patched item's ids, flags and references as its values now stand: the ones it
    was read with go (a follow-up a patch took out no longer schedules anything)."""
    from game.loading.patches import TARGETS, marks_of

    spec = next(spec for kind, spec in TARGETS.values() if kind == entry.kind)
    definitions, references = marks_of(entry.item, spec, entry.patched or set(), entry.place)
    own = entry.file.definitions[span[0]:span[1]]
    dead_defs.setdefault(id(entry.file), []).append((span[0], span[1]))
    kept = [d for d in own if d.kind != "flag_set"]  # its id, where it is written
    return kept + [d for d in definitions if d.kind == "flag_set"], references


def _drop_spans(values: list, spans: list[tuple[int, int]] | None) -> list:
    if not spans:
        return values
    keep = [True] * len(values)
    for start, end in spans:
        for i in range(start, end):
            keep[i] = False
    return [value for value, kept in zip(values, keep) if kept]
