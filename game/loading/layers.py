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

from game.base.i18n import _
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
        # A name that stands as the subject of the messages it goes into, in every language.
        return _("the base game") if self.mod is None else _("mod '{id}'").format(id=self.mod.id)

    @property
    def short(self) -> str:
        return _("the base game") if self.mod is None else f"'{self.mod.id}'"


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
            layer, place, _file = state.disabled.pop(ident)
            state.problem(entry.place, "mod-conflict",
                          _("card '{id}' is disabled by {first} ({place}) and replaced by {second} here; {later} "
                            "loads later, so this card is dealt").format(
                              id=ident, first=state.label(layer), place=_where(place), second=state.label(entry.layer),
                              later=state.layers[entry.layer].short), WARNING)
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
        if example and example != ident:
            message = _("{kind} id '{id}' is already used by {layer} at {place}: to replace that {kind}, add "
                        "'replace: true' to this one; to add a new {kind}, give it another id (e.g. '{example}')")
        else:
            message = _("{kind} id '{id}' is already used by {layer} at {place}: to replace that {kind}, add "
                        "'replace: true' to this one; to add a new {kind}, give it another id")
        state.problem(entry.place, "duplicate-id", message.format(
            kind=what, id=ident, layer=state.label(earlier.layer), place=_where(earlier.place), example=example))
        return
    entry.default = bool(item.get("default"))
    live[ident] = entry


def _replace_nothing(state: _State, entry: _Entry, what: str, ident: str, later_ids: list[dict]) -> None:
    for number in range(entry.layer + 1, len(later_ids)):
        if (entry.kind, ident) in later_ids[number]:
            other = state.layers[number]
            state.problem(
                entry.place, "unknown-ref",
                _("'replace: true', but {kind} '{id}' comes from {other}, which loads after {layer}: add '{mod}' "
                  "to 'depends' in your mod.yaml so that it loads first").format(
                    kind=what, id=ident, other=other.label, layer=state.label(entry.layer),
                    mod=other.mod.id if other.mod else ""),
            )
            return
    if entry.layer == 0:
        message = _("'replace: true', but there is no {kind} '{id}' in an earlier layer to replace (this is the base "
                    "game, which comes first){hint}; to add a new {kind}, remove 'replace: true'")
    elif entry.layer == 1:
        message = _("'replace: true', but there is no {kind} '{id}' in the base game to replace{hint}; to add a new "
                    "{kind}, remove 'replace: true'")
    else:
        message = _("'replace: true', but there is no {kind} '{id}' in the base game or the mods loaded before this "
                    "one to replace{hint}; to add a new {kind}, remove 'replace: true'")
    known = state.live[entry.kind]
    state.problem(entry.place, "unknown-ref", message.format(kind=what, id=ident, hint=did_you_mean(ident, known)))


def _note_replacement(state: _State, entry: _Entry, earlier: _Entry, what: str, ident: str) -> None:
    change = state.changed.get((entry.kind, ident))
    if change is None or change.layer == entry.layer or change.layer == 0:
        return
    state.problem(
        entry.place, "mod-conflict",
        _("{kind} '{id}' is replaced by {first} ({place}) and by {second} here; {later} loads later, so its {kind} "
          "is used").format(kind=what, id=ident, first=state.label(change.layer), place=_where(change.place),
                            second=state.label(entry.layer), later=state.layers[entry.layer].short),
        WARNING,
    )


def _layer_refs(layer: Layer, kind: str):
    for result in layer.files:
        for reference in result.references:
            if reference.kind == kind:
                yield result, reference


def _disable(state: _State, number: int, layer: Layer) -> None:
    cards = state.live["cards"]
    for _file, reference in _layer_refs(layer, "card_disable"):
        ident, place = reference.value, reference.place
        entry = cards.get(ident)
        if entry is None:
            if ident in state.disabled:
                continue  # disabled twice: the same wish
            state.problem(place, "unknown-ref",
                          _("cannot disable card '{id}': there is no such card").format(id=ident)
                          + did_you_mean(ident, cards))
            continue
        change = state.changed.get(("cards", ident))
        if change is not None and change.what == "replaces" and change.layer not in (number, 0):
            state.problem(place, "mod-conflict",
                          _("{layer} disables card '{id}', which {other} replaces ({place}); {later} loads later, so "
                            "the card is disabled").format(layer=layer.label, id=ident, other=state.label(change.layer),
                                                           place=_where(change.place), later=layer.short), WARNING)
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
                    by, where, _file = state.disabled[patch.id]
                    state.problem(patch.place, "mod-conflict",
                                  _("card '{id}' is disabled by {layer} ({place}), so this patch does nothing").format(
                                      id=patch.id, layer=state.label(by), place=_where(where)), WARNING)
                else:
                    state.problem(patch.place, "unknown-ref",
                                  _("cannot patch {kind} '{id}': there is no such {kind} in the layers loaded before "
                                    "{layer}").format(kind=what, id=patch.id, layer=layer.label)
                                  + did_you_mean(patch.id, live))
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
        for _file, reference in _layer_refs(layer, ref_kind):
            ident, place = reference.value, reference.place
            entry = live.get(ident)
            what = _SINGULAR[kind]
            if entry is None:
                if (kind, ident) not in state.changed:
                    state.problem(place, "unknown-ref", _("cannot disable {kind} '{id}': there is no such {kind}").format(
                        kind=what, id=ident) + did_you_mean(ident, live))
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
                by, where, _file = state.disabled[ident]
                state.problem(place, "mod-conflict",
                              _("card '{id}' is disabled by {layer} ({place}), so its weight does nothing").format(
                                  id=ident, layer=state.label(by), place=_where(where)), WARNING)
            else:
                state.problem(place, "unknown-ref",
                              _("cannot change the weight of card '{id}': there is no such card").format(id=ident)
                              + did_you_mean(ident, cards))
            continue
        earlier = state.weighted.get(ident)
        if earlier is not None and earlier.layer not in (number, 0) and earlier.value != weight:
            state.problem(place, "mod-conflict",
                          _("card '{id}' gets weight {first} from {first_layer} ({place}) and {second} from "
                            "{second_layer}; {later} loads later, so {second} is used").format(
                              id=ident, first=f"{earlier.value:g}", first_layer=state.label(earlier.layer),
                              place=_where(earlier.place), second=f"{weight:g}", second_layer=layer.label,
                              later=layer.short), WARNING)
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
                                  _("rivalry {meter} -> {rival} is {first} in {first_layer} ({place}) and {second} in "
                                    "{second_layer}; {later} loads later, so {second} is used").format(
                                      meter=meter_id, rival=rival, first=f"{mine.get(rival):g}",
                                      first_layer=state.label(before.layer), place=_where(before.place),
                                      second=f"{factor:g}", second_layer=layer.label, later=layer.short), WARNING)
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
                                  _("cannot disable the rivalry {meter} -> {rival}: the layers before {layer} give it "
                                    "none").format(meter=meter_id, rival=rival, layer=layer.label)
                                  + did_you_mean(rival, mine), WARNING)
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
                          _("scenario '{id}': only one scenario may be the default ('{other}' already is, at "
                            "{place})").format(id=entry.item.get("id"), other=entries[0].item.get("id"),
                                               place=_where(entries[0].place)))
    mods_marking = [layer for layer in sorted(marked) if layer != 0]
    for earlier, later in zip(mods_marking, mods_marking[1:]):
        first, second = marked[earlier][0], marked[later][0]
        state.problem(second.place, "mod-conflict",
                      _("{first} ({place}) and {second} both make their scenario the default; {later} loads later, "
                        "so '{id}' is the default").format(
                          first=state.label(earlier), place=_where(first.place), second=state.label(later),
                          later=state.layers[later].short, id=second.item.get("id")), WARNING)
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
                              _("{kind} '{id}' is disabled by {layer} ({place}), but this still names it: patch this "
                                "to name another {kind}, or leave it in").format(
                                  kind=reference.kind, id=reference.value, layer=state.label(gone[0]),
                                  place=_where(gone[1])))
            continue
        collected.references.append(reference)
    for ident, places in followup_notes.items():
        layer, place, _file = disabled[ident]
        shown = ", ".join(places[:3])
        if len(places) > 3:
            shown = _("{listed} and {more} more").format(listed=shown, more=len(places) - 3)
        state.problem(place, "mod-conflict",
                      _("card '{id}' is the follow-up of card {cards}; disabled, it is never dealt as a follow-up "
                        "either").format(id=ident, cards=shown), WARNING)
    collected.disabled = {ident: place for ident, (_, place, _) in disabled.items()}
    _unscheduled(state)


def _unscheduled(state: _State) -> None:
    """Warn of a follow-up-only card that no choice schedules: it is never dealt."""
    scheduled = {r.value for r in state.collected.references if r.kind == "card"}
    for ident, entry in state.live["cards"].items():
        if entry.item.get("followup_only") and ident not in scheduled:
            state.problem(entry.place, "never-dealt",
                          _("card '{id}' is dealt only as a follow-up (followup_only: true), but no choice schedules "
                            "it, so it is never dealt: name it in a choice's 'followups:', or remove "
                            "'followup_only: true'").format(id=ident), WARNING)


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
