"""Declarative definitions of the content format.

One set of definitions serves three purposes: the reader checks YAML nodes against them
(with positions), :func:`schema_for_kind` turns them into a JSON Schema for editors, and the
docs quote them. The format is written once, here.

A spec's ``ref`` names the kind of thing a string refers to (``meter``, ``card``...)
and ``defines`` the kind of thing it names; the reader records both so that references
can be checked across files once everything is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.base.i18n import N_

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"

# Limits on what the engine iterates every turn, for the game and its mods together (the
# base game has 6 meters, 9 situations, 3 choices a card and 2 follow-ups a choice at
# most). Each step of a game, a forecast, or a simulated game costs in proportion to
# them: 2,000 meters made 50 simulated games take minutes. SECURITY.md lists them.
MAX_METERS = 32
MAX_SITUATIONS = 64
MAX_CHOICES = 3
MAX_FOLLOWUPS = 8  # per choice
MAX_LINGERING = 8  # per choice
MAX_ANY = 16  # conditions in one any:, at each level (the reader bounds the nesting)
MAX_COUNTERS = 8  # counters one choice adds to
COUNTER_MAX = 10_000  # a counter condition's range lies within -COUNTER_MAX..COUNTER_MAX
DATE_PATTERN = r"^\d{4}-Q[1-4]$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
# The languages the game is translated into; a text may carry others (warned about).
LANGUAGES = ("en", "ru", "kk")
VERSION_PATTERN = r"^\d+(\.\d+){0,2}$"
_CLAUSE = r"(>=|<=|>|<|==|!=)?\s*\d+(\.\d+){0,2}"
REQUIREMENT_PATTERN = rf"^\s*(\*|{_CLAUSE}(\s*,\s*{_CLAUSE})*)\s*$"


class Spec:
    doc: str = ""


@dataclass
class Str(Spec):
    doc: str = ""
    pattern: str | None = None
    pattern_hint: str = ""
    ref: str | None = None
    defines: str | None = None
    one_of: tuple[str, ...] | None = None
    max_length: int = 20_000
    # YAML reads an unquoted 1.0 as a number; where a version is meant, take its text.
    numbers_too: bool = False


@dataclass
class Int(Spec):
    doc: str = ""
    min: int | None = None
    max: int | None = None


@dataclass
class Num(Spec):
    doc: str = ""
    min: float | None = None
    max: float | None = None


@dataclass
class Bool(Spec):
    doc: str = ""


@dataclass
class Text(Spec):
    """A plain string, or a map of language code -> string."""

    doc: str = ""
    max_length: int = 20_000


@dataclass
class ListOf(Spec):
    item: Spec
    doc: str = ""
    min_items: int = 0
    max_items: int | None = None


@dataclass
class MapOf(Spec):
    key: Str
    value: Spec
    doc: str = ""


@dataclass
class Range(Spec):
    """``[low, high]``, inclusive, both within ``min..max``; ``item`` checks each end."""

    doc: str = ""
    item: Spec = field(default_factory=lambda: Int(min=0, max=100))


@dataclass
class OneOf(Spec):
    """One of several shapes, told apart by the YAML node: a word, a mapping or a list.

    At most one option per shape, so the reader knows which to check without guessing.
    """

    options: tuple[Spec, ...]
    doc: str = ""
    expected: str = ""


@dataclass
class PatchItem(Spec):
    """One partial patch: :mod:`game.loading.patches` reads it, checking each value
    against the part of the format its path leads to."""

    doc: str = ""


@dataclass
class Field:
    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass
class Obj(Spec):
    name: str
    fields: dict[str, Field]
    doc: str = ""


# --- the format -------------------------------------------------------------------

REPLACE = Field(
    Bool(),
    doc="true: this replaces the item with the same id from the base game or an earlier "
    "mod (without it, reusing an id is an error)",
)


def _item(name: str, fields: dict[str, Field], defines: str | None = None) -> Obj:
    """A content item's spec: the id it defines (its kind, ``name``, unless given) and
    ``replace:``, which every item has so a mod can replace it, then its own fields."""
    return Obj(name, {"id": Field(_id(defines=defines or name), required=True), "replace": REPLACE, **fields})


def _id(defines: str | None = None, ref: str | None = None, doc: str = "") -> Str:
    return Str(
        doc=doc,
        pattern=ID_PATTERN,
        pattern_hint=N_("lower-case letters, digits and _, optionally namespaced with dots (e.g. china.protests_2019)"),
        defines=defines,
        ref=ref,
    )


METER_ID = _id(ref="meter")
METER_VALUE = Int(min=0, max=100)
METER_RANGES = MapOf(METER_ID, Range(), doc="meter -> [low, high], inclusive")
EFFECTS = MapOf(METER_ID, Int(min=-50, max=50), doc="meter -> change")
DATE = Str(pattern=DATE_PATTERN, pattern_hint=N_("a year and quarter like 2019-Q2"))
RIVALRY = MapOf(
    METER_ID,
    MapOf(METER_ID, Num(min=0, max=1)),
    doc="meter -> {rival meter -> share of a gain with the meter that the rival loses}",
)

THRESHOLD = Obj(
    "threshold",
    {
        "meter": Field(METER_ID, required=True),
        "below": Field(METER_VALUE, doc="crossed when the meter is below this"),
        "above": Field(METER_VALUE, doc="crossed when the meter is above this"),
    },
)

CONDITION = Obj(
    "condition",
    {
        "meters": Field(METER_RANGES, doc="every meter within its range"),
        "flags": Field(ListOf(_id(ref="flag")), doc="all of these flags set"),
        "not_flags": Field(ListOf(_id(ref="flag")), doc="none of these flags set"),
        "situations": Field(ListOf(_id(ref="situation")), doc="all of these situations on"),
        "not_situations": Field(ListOf(_id(ref="situation")), doc="none of these situations on"),
        "turns": Field(Range(item=Int(min=1, max=1000)), doc="turn window, from 1"),
        "dates": Field(Range(item=DATE), doc="date window, e.g. [2019-Q3, 2021-Q4]"),
        "scenarios": Field(ListOf(_id(ref="scenario"), min_items=1), doc="only in these"),
        "counters": Field(
            MapOf(_id(ref="counter"), Range(item=Int(min=-COUNTER_MAX, max=COUNTER_MAX))),
            doc="counter -> [low, high], inclusive (a counter never added to is 0)",
        ),
        "chance": Field(
            Num(min=0, max=1),
            doc="holds with this probability (0..1), rolled once a quarter: the same answer all quarter",
        ),
    },
    doc="When a card may be dealt; every part given must hold.",
)
# ``any:`` nests conditions in a condition: the spec refers to itself.
CONDITION.fields["any"] = Field(
    ListOf(CONDITION, min_items=1, max_items=MAX_ANY),
    doc="a list of conditions of which at least one must hold (each may have an any: of its own)",
)

CHOICE = Obj(
    "choice",
    {
        "label": Field(Text(max_length=200), required=True, doc="what the player picks"),
        "effects": Field(EFFECTS),
        "set_flags": Field(ListOf(_id(defines="flag_set"))),
        "clear_flags": Field(ListOf(_id(ref="flag"))),
        "followups": Field(
            ListOf(
                Obj(
                    "followup",
                    {
                        "card": Field(_id(ref="card"), required=True),
                        "in": Field(Int(min=0, max=100), required=True,
                                    doc="turns later; 0: right after this choice, in the same quarter"),
                    },
                ),
                max_items=MAX_FOLLOWUPS,
            ),
            doc="cards dealt N turns later, before any draw (in: 0, in this quarter)",
        ),
        "lingering": Field(
            ListOf(
                Obj(
                    "lingering",
                    {
                        "meter": Field(METER_ID, required=True),
                        "amount": Field(Int(min=-50, max=50), required=True),
                        "turns": Field(Int(min=1, max=100), required=True),
                    },
                ),
                max_items=MAX_LINGERING,
            ),
            doc="per-turn changes that fade to nothing",
        ),
        "outcome": Field(Text(), doc="what happens, shown after the choice"),
        "add_counters": Field(
            MapOf(_id(defines="counter_set"), Int(min=-100, max=100)),
            doc="counter -> amount added (or taken, if negative); counters start at 0",
        ),
    },
)

CARD = _item(
    "card",
    {
        "title": Field(Text(max_length=200), required=True),
        "speaker": Field(_id(ref="speaker"), required=True, doc="a cast id"),
        "text": Field(Text(), required=True),
        "tags": Field(ListOf(_id())),
        "when": Field(CONDITION),
        "weight": Field(Num(min=0, max=10_000), doc="relative draw weight, default 10"),
        "weight_if": Field(
            ListOf(
                Obj(
                    "weight_modifier",
                    {
                        "when": Field(CONDITION, required=True),
                        "multiply": Field(Num(min=0, max=1000), required=True),
                    },
                )
            )
        ),
        "once": Field(Bool(), doc="at most once per game"),
        "cooldown": Field(Int(min=0, max=1000), doc="turns before it may come again, default 4"),
        "followup_only": Field(Bool(), doc="dealt only as a follow-up"),
        "fallback": Field(Bool(), doc="dealt when nothing else is eligible"),
        "choices": Field(ListOf(CHOICE, min_items=2, max_items=MAX_CHOICES), required=True),
        "history": Field(
            Obj(
                "history",
                {
                    "note": Field(Text(), doc="2-4 true sentences on what really happened"),
                    "source": Field(Text(), doc="a source a teacher can check"),
                    "question": Field(Text(), doc="a debrief question"),
                },
            )
        ),
    },
)

METER = _item(
    "meter",
    {
        "name": Field(Text(max_length=60), required=True),
        "kind": Field(Str(one_of=("vector", "domestic")), required=True),
        "start": Field(METER_VALUE, required=True),
        "description": Field(Text()),
        "low_ending": Field(_id(ref="ending"), required=True, doc="ending at 0"),
        "high_ending": Field(_id(ref="ending"), doc="ending at 100 (vectors must have one)"),
    },
)

SITUATION = _item(
    "situation",
    {
        "name": Field(Text(max_length=60), required=True),
        "description": Field(Text()),
        "starts": Field(THRESHOLD, required=True),
        "ends": Field(THRESHOLD, required=True),
        "per_turn": Field(EFFECTS),
    },
)

ENDING = _item(
    "ending",
    {
        "kind": Field(Str(one_of=("loss", "victory")), required=True),
        "title": Field(Text(max_length=200), required=True),
        "text": Field(Text()),
        "epilogues": Field(
            Obj(
                "epilogues",
                {
                    "balanced": Field(Text(), doc="won with every meter kept clear of its ends"),
                    "lucky": Field(Text(), doc="won, but some meter came within a hair of an end"),
                    "drift": Field(Text(), doc="won, but leaning toward one power (a vector ended high)"),
                },
            ),
            doc="a victory's closing words by how the term went (shown after its text)",
        ),
    },
)

GRADE = _item(
    "grade",
    {
        "min_score": Field(Int(min=0, max=100), required=True),
        "title": Field(Text(max_length=200), required=True),
        "text": Field(Text()),
    },
)

PERCENT = Num(min=0, max=100)
PERCENT_RANGE = Range(doc="[low, high] in percent")
# A scenario's own balance targets (docs/balance.md): each key replaces the bound of the
# target of that name for this scenario; "survival" adds targets of its own.
BALANCE = Obj(
    "balance",
    {
        "random_survival": Field(PERCENT_RANGE, doc="random play survives within [low, high] percent"),
        "single_vector_max": Field(PERCENT, doc="each single-vector bot survives under this percent"),
        "balancer_survival": Field(PERCENT_RANGE, doc="the balancer survives within [low, high] percent"),
        "balancer_lead": Field(PERCENT, doc="the balancer beats the best single-vector bot by these points"),
        "meter_loss_share": Field(PERCENT_RANGE, doc="each meter causes [low, high] percent of random losses"),
        "early_loss_max": Field(PERCENT, doc="at most this percent of random games lost in the first four turns"),
        "card_drawn_min": Field(PERCENT, doc="every dealable card is drawn in at least this percent of random games"),
        "survival": Field(MapOf(_id(), PERCENT_RANGE),
                          doc="strategy -> [low, high] percent of games it survives: targets of your own"),
    },
    doc="this scenario's own balance targets, in percent; the others keep the game's",
)

# A scenario's deck structure (game.engine.deck, docs/content-format.md): each game leaves
# a share of the open cards (not events, follow-ups or consequences) out of its draw.
SET_ASIDE = Obj(
    "set_aside",
    {
        "percent": Field(
            Int(min=0, max=90), required=True,
            doc="percent of each theme's open cards (by a card's first tag) each game leaves out of its "
                "draw, chosen by the game's seed",
        ),
        "event_quarters": Field(
            Int(min=0, max=400),
            doc="a card whose dates meet the term for at most this many quarters is an event and is "
                "never set aside (default 8)",
        ),
    },
    doc="each game deals from its own deck: a share of the cards not tied to a date, a follow-up "
        "or an earlier choice is set aside, so no two terms draw the same cards",
)

SCENARIO = _item(
    "scenario",
    {
        "name": Field(Text(max_length=100), required=True),
        "description": Field(Text()),
        "start": Field(DATE, required=True),
        "turns": Field(Int(min=1, max=400), required=True),
        "default": Field(Bool()),
        "meters": Field(MapOf(METER_ID, METER_VALUE), doc="start values"),
        "start_spread": Field(
            MapOf(METER_ID, Int(min=0, max=20)),
            doc="meter -> points: each game starts that meter up to so many points either side "
                "of its start value, fixed by the game's seed",
        ),
        "flags": Field(ListOf(_id(defines="flag_set")), doc="flags set at the start"),
        "focus": Field(MapOf(_id(), Num(min=0, max=100)), doc="weight multipliers by tag"),
        "set_aside": Field(SET_ASIDE),
        "exclude_tags": Field(ListOf(_id()), doc="cards with these tags are never dealt"),
        "opening": Field(
            _id(ref="card"),
            doc="a card dealt as the first card of the term, before any draw",
        ),
        "rivalry": Field(
            RIVALRY,
            doc="this term's own rivalry matrix, replacing the content's ({} for none)",
        ),
        "balance": Field(BALANCE),
    },
)

CAST_MEMBER = _item(
    "cast_member",
    {
        "name": Field(Text(max_length=100), required=True),
        "role": Field(Text()),
        "voice": Field(Text()),
        "person": Field(Text(max_length=100), doc="a fictional name (never a real person)"),
        "portrait": Field(Text(max_length=400), doc="one line on them, shown when the player first meets them"),
        "greetings": Field(
            ListOf(
                Obj(
                    "greeting",
                    {
                        "text": Field(Text(max_length=400), required=True),
                        "when": Field(CONDITION, doc="while this holds (meters, flags...)"),
                    },
                )
            ),
            doc="lines the speaker opens a card with; the first whose 'when' holds is said",
        ),
    },
    defines="speaker",
)

ACHIEVEMENT = _item(
    "achievement",
    {
        "title": Field(Text(max_length=100), required=True),
        "text": Field(Text(max_length=400), doc="how to earn it, as the record shows it ({margin}: the danger margin)"),
        "won": Field(Bool(), doc="the term must be survived (default true)"),
        "scenario": Field(_id(ref="scenario"), doc="in this scenario only"),
        "min_score": Field(Int(min=0, max=100), doc="a balance of at least this much at the end"),
        "never_in_danger": Field(Bool(), doc="no meter ever came within the danger margin of a fatal end"),
        "ironman": Field(Bool(), doc="in an ironman game (no undo)"),
        "daily": Field(Bool(), doc="in a daily game"),
        "when": Field(CONDITION, doc="a condition on the game's final state (flags, meters, counters...)"),
    },
)

GLOSSARY_ENTRY = Obj(
    "glossary_entry",
    {
        "term": Field(Str(max_length=100), required=True),
        "full": Field(Text(max_length=200)),
        "text": Field(Text(), required=True),
    },
)

ROLE = _item(
    "role",
    {
        "name": Field(Text(max_length=100), required=True),
        "brief": Field(Text()),
        "envoy_of": Field(METER_ID, doc="for envoys: the power they speak for"),
        "goals": Field(
            ListOf(
                Obj(
                    "goal",
                    {
                        "text": Field(Text(), required=True),
                        "meters": Field(METER_RANGES),
                    },
                )
            )
        ),
    },
)

CONTENT_FILE = Obj(
    "content_file",
    {
        "meters": Field(ListOf(METER, max_items=MAX_METERS)),
        "rivalry": Field(RIVALRY),
        "situations": Field(ListOf(SITUATION, max_items=MAX_SITUATIONS)),
        "endings": Field(ListOf(ENDING)),
        "grades": Field(ListOf(GRADE)),
        "scenarios": Field(ListOf(SCENARIO)),
        "cast": Field(ListOf(CAST_MEMBER)),
        "cards": Field(ListOf(CARD)),
        "glossary": Field(ListOf(GLOSSARY_ENTRY)),
        "roles": Field(ListOf(ROLE)),
        "achievements": Field(ListOf(ACHIEVEMENT), doc="feats the player's record notes across games"),
        "disable_cards": Field(
            ListOf(_id(ref="card_disable")),
            doc="ids of cards (from the base game or an earlier mod) that are never dealt",
        ),
        "card_weights": Field(
            MapOf(_id(ref="card_weight"), Num(min=0, max=10_000)),
            doc="card id -> new draw weight, for cards of the base game or an earlier mod "
            "(0: never drawn at random)",
        ),
        "patches": Field(
            ListOf(PatchItem()),
            doc="changes to part of an item of the base game or an earlier mod: card: ID (or meter:, "
            "scenario:...), set: {path: value}, remove: [path]",
        ),
        "disable_scenarios": Field(ListOf(_id(ref="scenario_disable")), doc="ids of scenarios no longer offered"),
        "disable_endings": Field(ListOf(_id(ref="ending_disable")), doc="ids of endings taken out"),
        "disable_situations": Field(ListOf(_id(ref="situation_disable")), doc="ids of situations taken out"),
        "disable_rivalry": Field(
            MapOf(METER_ID, ListOf(METER_ID)),
            doc="meter -> rivals whose rivalry with it is taken out (e.g. moscow: [washington])",
        ),
        "replace_rivalry": Field(
            Bool(),
            doc="true: this file's rivalry replaces every pair of the earlier layers' (without it, it sets "
            "only the pairs it names)",
        ),
    },
    doc="A Multi-Vector content file. Every top-level key is optional.",
)

# The kinds of things a content file holds, each under its own top-level key.
CONTENT_KINDS = tuple(CONTENT_FILE.fields)

MOD_ID = Str(
    pattern=r"^[a-z][a-z0-9_]*$",
    pattern_hint=N_("lower-case letters, digits and _ (e.g. ankara)"),
    max_length=60,
)
VERSION = Str(
    pattern=VERSION_PATTERN,
    pattern_hint=N_("numbers with dots, like 1.0.0 (put it in quotes: \"1.0.0\")"),
    max_length=30,
    numbers_too=True,
)
REQUIREMENT = Str(
    pattern=REQUIREMENT_PATTERN,
    pattern_hint=N_("versions with >=, <, ==... separated by commas, like \">=0.1, <1.0\" (in quotes), or \"*\" for any"),
    max_length=100,
    numbers_too=True,
)

MOD_MANIFEST = Obj(
    "mod",
    {
        "id": Field(MOD_ID, required=True, doc="the mod's id: other mods name it in depends"),
        "name": Field(Text(max_length=100), required=True, doc="the name players see"),
        "version": Field(VERSION, required=True, doc="this mod's version, like \"1.0.0\""),
        "author": Field(Text(max_length=200)),
        "description": Field(Text(), doc="what the mod adds or changes"),
        "game": Field(REQUIREMENT, doc="the game versions it works with, like \">=0.1, <1.0\""),
        "depends": Field(
            ListOf(
                OneOf(
                    (
                        MOD_ID,
                        Obj(
                            "dependency",
                            {
                                "id": Field(MOD_ID, required=True),
                                "version": Field(REQUIREMENT, doc="the versions that will do"),
                            },
                        ),
                    ),
                    expected=N_("a mod id, or {id: ..., version: \"...\"}"),
                )
            ),
            doc="mods that must be loaded first",
        ),
        "license": Field(Text(max_length=200)),
        "homepage": Field(Str(max_length=500)),
    },
    doc="mod.yaml: what a mod is, who made it and what it needs.",
)

MANIFEST_NAME = "mod.yaml"


# --- JSON Schema ------------------------------------------------------------------
#
# Draft 2020-12, written with the keywords older draft-07 validators read the same way
# (``items`` as one schema, ``$ref`` never beside other keywords), because editors'
# YAML plug-ins still validate with draft-07 engines.

SCHEMA_KINDS = ("content", "mod", *CONTENT_KINDS)

# The reader takes any plain scalar as text (``title: 1986``, YAML 1.1's ``yes``), so the
# schema does too, or an editor would underline what the game accepts.
_PLAIN_SCALARS = ["string", "number", "boolean"]


def schema_for_kind(kind: str = "content") -> dict:
    """The schema of one kind of file: ``content`` (any content file), ``mod`` (mod.yaml),
    or a content file holding only one top-level key (``cards``, ``meters``...).

    Raises KeyError for an unknown kind.
    """
    if kind == "content":
        return _document(CONTENT_FILE, "Multi-Vector content file", kind)
    if kind == "mod":
        return _document(MOD_MANIFEST, "Multi-Vector mod description (mod.yaml)", kind)
    field_ = CONTENT_FILE.fields[kind]
    only = Obj(f"{kind}_file", {kind: field_}, doc=f"A Multi-Vector content file of {kind}.")
    return _document(only, f"Multi-Vector content file: {kind}", kind)


def _document(spec: Spec, title: str, kind: str) -> dict:
    definitions: dict[str, dict] = {}
    root = _schema_of(spec, definitions)
    if isinstance(spec, Obj):
        # The root object inline, not as a "$ref" with siblings, which draft-07 ignores.
        root = definitions.pop(spec.name)
    schema: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://multivector.invalid/schema/{kind}.json",
        "title": title,
    }
    schema.update(root)
    if definitions:
        schema["$defs"] = definitions
    return schema


def _schema_of(spec: Spec, definitions: dict[str, dict]) -> dict:
    result: dict
    if isinstance(spec, Obj):
        if spec.name not in definitions:
            definitions[spec.name] = {}  # placeholder against recursion
            body = {
                "type": "object",
                "properties": {
                    name: _with_doc(_schema_of(f.spec, definitions), f.doc)
                    for name, f in spec.fields.items()
                },
                "additionalProperties": False,
            }
            required = [name for name, f in spec.fields.items() if f.required]
            if required:
                body["required"] = required
            if spec.doc:
                body["description"] = spec.doc
            definitions[spec.name] = body
        return {"$ref": f"#/$defs/{spec.name}"}
    if isinstance(spec, Str):
        if spec.numbers_too:
            kinds: str | list[str] = ["string", "number"]
        elif spec.pattern is None and spec.one_of is None:
            kinds = _PLAIN_SCALARS
        else:
            kinds = "string"
        result = {"type": kinds, "maxLength": spec.max_length}
        if spec.pattern:
            result["pattern"] = spec.pattern
        if spec.one_of:
            result["enum"] = list(spec.one_of)
    elif isinstance(spec, (Int, Num)):
        result = {"type": "integer" if isinstance(spec, Int) else "number"}
        if spec.min is not None:
            result["minimum"] = spec.min
        if spec.max is not None:
            result["maximum"] = spec.max
    elif isinstance(spec, Bool):
        result = {"type": "boolean"}
    elif isinstance(spec, Text):
        result = {
            "anyOf": [
                {"type": _PLAIN_SCALARS, "maxLength": spec.max_length},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANG_PATTERN},
                    "additionalProperties": {"type": "string", "maxLength": spec.max_length},
                    "minProperties": 1,
                },
            ]
        }
    elif isinstance(spec, PatchItem):
        result = {
            "type": "object",
            "properties": {
                **{word: {"type": "string", "pattern": ID_PATTERN}
                   for word in ("card", "meter", "scenario", "ending", "situation", "grade", "cast", "role")},
                "set": {"type": "object", "description": "path (e.g. choices.2.effects) -> its new value"},
                "remove": {"type": "array", "items": {"type": "string"}, "description": "paths to take out"},
            },
            "additionalProperties": False,
        }
    elif isinstance(spec, OneOf):
        result = {"anyOf": [_schema_of(option, definitions) for option in spec.options]}
    elif isinstance(spec, ListOf):
        result = {"type": "array", "items": _schema_of(spec.item, definitions)}
        if spec.min_items:
            result["minItems"] = spec.min_items
        if spec.max_items is not None:
            result["maxItems"] = spec.max_items
    elif isinstance(spec, MapOf):
        result = {
            "type": "object",
            "propertyNames": _schema_of(spec.key, definitions),
            "additionalProperties": _schema_of(spec.value, definitions),
        }
    elif isinstance(spec, Range):
        # Both ends share one item schema, so "items" says it for either draft.
        result = {"type": "array", "items": _schema_of(spec.item, definitions), "minItems": 2, "maxItems": 2}
    else:  # pragma: no cover - every spec class is handled above
        raise TypeError(spec)
    return _with_doc(result, spec.doc)


def _with_doc(schema: dict, doc: str) -> dict:
    if doc and "$ref" not in schema and "description" not in schema:
        schema = dict(schema, description=doc)
    elif doc and "$ref" in schema:
        schema = {"allOf": [schema], "description": doc}
    return schema
