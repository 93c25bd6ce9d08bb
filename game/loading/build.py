"""Checks across files, and turning checked values into engine objects.

Reading each file (``reader``) checks its shape; this module checks what needs every
file at once: ids are unique, references resolve, flags are both set and tested, the
content has a victory, a default scenario and a fallback card, and then it builds the
:class:`~game.engine.model.Content` the engine plays.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable

from game.base.i18n import N_, _
from game.engine import dates
from game.engine import model as M
from game.loading import spec as S
from game.loading.problems import ERROR, WARNING, Problem, did_you_mean
from game.loading.reader import Definition, FileResult, Place, Reference

KINDS = ("meters", "situations", "endings", "grades", "scenarios", "cast", "cards", "glossary", "roles",
         "achievements")
# The kinds whose items have an id that a later layer may replace.
ID_KINDS = ("meters", "situations", "endings", "grades", "scenarios", "cast", "cards", "roles", "achievements")

_REF_KIND_NAMES = {
    "meter": "meter",
    "card": "card",
    "ending": "ending",
    "scenario": "scenario",
    "situation": "situation",
    "speaker": "cast member (speaker)",
    "flag": "flag",
}

# Known ids are listed in an unknown-ref message when there are no more than this.
_LIST_KNOWN = 30


class Collected:
    """Everything read from all files, after mods have replaced, disabled and reweighted:
    the items that will be played, with their positions, ids and references.

    Built by :func:`game.loading.layers.resolve`.
    """

    def __init__(self) -> None:
        self.items: dict[str, list[tuple[dict, Place, FileResult]]] = {kind: [] for kind in KINDS}
        self.rivalry: dict[str, dict[str, float]] = {}
        self.rivalry_places: dict[str, Place] = {}
        self.definitions: list[Definition] = []
        self.references: list[Reference] = []
        self.files: list[FileResult] = []
        # Lines of every file read, for problem snippets: path -> lines.
        self.lines: dict[str, list[str]] = {}
        # Card id -> weight set by card_weights.
        self.weights: dict[str, float] = {}
        # Card id -> where it was disabled.
        self.disabled: dict[str, Place] = {}
        # The default scenario's id, as the layers decided it (None: none marked).
        self.default_scenario: str | None = None
        # Problems found while putting the layers together.
        self.problems: list[Problem] = []
        # (kind, id) -> where each part of the item came from, for ``multivector content``:
        # (part, or "" for the item itself; its place; the layer's label).
        self.origins: dict[tuple[str, str], list[tuple[str, Place, str]]] = {}


def problem_at(collected: Collected, place: Place, code: str, message: str, severity: str = ERROR) -> Problem:
    lines = collected.lines.get(place.path, [])
    source = lines[place.line - 1] if 0 < place.line <= len(lines) else ""
    return Problem(place.path, place.line, place.col, severity, code, message, source)


# Names that content sets in one place and tests in another, checked as pairs: a name
# tested but never set, or set but never tested, is most likely a slip (a warning).
# kind tested -> (kind set, what sets it).
_SET_AND_TESTED = {
    "flag": ("flag_set", N_("flag '{name}' is tested but no choice or scenario sets it")),
    "counter": ("counter_set", N_("counter '{name}' is tested but no choice adds to it")),
}
_SET_KINDS = {set_kind: tested for tested, (set_kind, _) in _SET_AND_TESTED.items()}


def check(collected: Collected) -> list[Problem]:
    """Problems that need all files at once (ids, references, flags, structure)."""
    problems: list[Problem] = []
    defined: dict[str, dict[str, Place]] = defaultdict(dict)
    names_set: dict[str, dict[str, Place]] = {tested: {} for tested in _SET_AND_TESTED}
    for definition in collected.definitions:
        if definition.kind in _SET_KINDS:
            names_set[_SET_KINDS[definition.kind]].setdefault(definition.id, definition.place)
            continue
        first = defined[definition.kind].get(definition.id)
        if first is not None:
            problems.append(
                problem_at(
                    collected,
                    definition.place,
                    "duplicate-id",
                    _("{kind} id '{id}' is already defined at {place}").format(
                        kind=definition.kind, id=definition.id, place=f"{first.path}:{first.line}:{first.col}"),
                )
            )
        else:
            defined[definition.kind][definition.id] = definition.place

    names_tested: dict[str, dict[str, Place]] = {tested: {} for tested in _SET_AND_TESTED}
    for reference in collected.references:
        if reference.kind in _SET_AND_TESTED:
            names_tested[reference.kind].setdefault(reference.value, reference.place)
            known_set = names_set[reference.kind]
            if reference.value not in known_set:
                problems.append(
                    problem_at(
                        collected,
                        reference.place,
                        f"{reference.kind}-never-set",
                        _(_SET_AND_TESTED[reference.kind][1]).format(name=reference.value)
                        + did_you_mean(reference.value, known_set),
                        WARNING,
                    )
                )
            continue
        known = defined.get(reference.kind, {})
        if reference.value not in known:
            what = _REF_KIND_NAMES.get(reference.kind, reference.kind)
            problems.append(
                problem_at(
                    collected,
                    reference.place,
                    "unknown-ref",
                    _("unknown {kind} '{id}'").format(kind=what, id=reference.value) + _suggest(reference.value, known),
                )
            )
    for kind, set_here in names_set.items():
        for name, place in set_here.items():
            if name not in names_tested[kind]:
                if kind == "flag":
                    message = _("flag '{name}' is set but no card tests it")
                else:
                    message = _("counter '{name}' is added to but no card tests it")
                problems.append(problem_at(collected, place, f"{kind}-never-used", message.format(name=name), WARNING))
    problems.extend(_check_structure(collected))
    return problems


def _suggest(value: str, known) -> str:
    """A did-you-mean, or the short list of what there is."""
    suggestion = did_you_mean(value, known)
    if suggestion or not known or len(known) > _LIST_KNOWN:
        return suggestion
    return " (" + _("there are: {ids}").format(ids=", ".join(sorted(known))) + ")"


def _check_structure(collected: Collected) -> list[Problem]:
    problems: list[Problem] = []
    items = collected.items
    endings = {item.get("id"): (item, place) for item, place, _ in items["endings"]}
    first_file = collected.files[0].path if collected.files else "content"
    nowhere = Place(first_file, 1, 1)

    if not items["meters"]:
        problems.append(problem_at(collected, nowhere, "structure", _("the content defines no meters")))
    # The limits hold for the game and all its mods together, wherever the items are.
    for kind, limit in (("meters", S.MAX_METERS), ("situations", S.MAX_SITUATIONS)):
        if len(items[kind]) > limit:
            problems.append(problem_at(collected, items[kind][limit][1], "count",
                                       _("{count} {kind} in the game and its mods together; the limit is {limit} "
                                         "(this is the first past it)").format(count=f"{len(items[kind]):,}", kind=kind,
                                                                               limit=limit)))
    for meter, place, _file in items["meters"]:
        if meter.get("kind") == "vector" and "high_ending" not in meter:
            problems.append(
                problem_at(collected, place, "structure", _("vector meter '{id}' needs a high_ending: vectors are fatal at 100 too").format(
                    id=meter.get("id")))
            )
        for key in ("low_ending", "high_ending"):
            ending = endings.get(meter.get(key))
            if ending is not None and ending[0].get("kind") != "loss":
                problems.append(
                    problem_at(collected, place, "structure", _("meter '{id}': {key} '{ending}' must be an ending of kind loss").format(
                        id=meter.get("id"), key=key, ending=meter.get(key)))
                )
    for meter_id, rivals in collected.rivalry.items():
        if meter_id in rivals:
            problems.append(
                problem_at(collected, collected.rivalry_places[meter_id], "value",
                           _("meter '{id}' cannot be its own rival").format(id=meter_id))
            )

    victories = [(item, place) for item, place, _ in items["endings"] if item.get("kind") == "victory"]
    if not victories:
        where = items["endings"][0][1] if items["endings"] else nowhere
        problems.append(problem_at(collected, where, "structure",
                                   _("no ending has kind: victory (surviving the term needs one)")))
    for item, place in victories[1:]:
        problems.append(problem_at(collected, place, "structure",
                                   _("ending '{id}': there can be only one victory ending").format(id=item.get("id"))))

    scenarios = items["scenarios"]
    if not scenarios:
        problems.append(problem_at(collected, nowhere, "structure", _("the content defines no scenario")))
    if len(scenarios) > 1 and collected.default_scenario is None:
        problems.append(problem_at(collected, scenarios[0][1], "structure", _("no scenario has default: true")))

    for card, place, _file in items["cards"]:
        when = card.get("when") or {}
        if card.get("fallback"):
            if set(when) - {"scenarios"}:
                problems.append(
                    problem_at(collected, place, "structure", _("fallback card '{id}' may only limit 'scenarios' in 'when': it must be playable in any state").format(
                        id=card.get("id")))
                )
            if card.get("followup_only"):
                problems.append(problem_at(collected, place, "structure", _("card '{id}' cannot be both fallback and followup_only").format(id=card.get("id"))))
        dates_window = when.get("dates")
        if dates_window:
            low, high = (dates.parse_date(str(d)) for d in dates_window)
            if low is not None and high is not None and low > high:
                problems.append(problem_at(collected, place, "unsatisfiable", _("card '{id}': date window {low}..{high} ends before it starts").format(
                    id=card.get("id"), low=dates_window[0], high=dates_window[1])))
        effects_seen = []
        for choice in card.get("choices", []):
            if len(choice.get("add_counters") or {}) > S.MAX_COUNTERS:
                problems.append(problem_at(collected, place, "count", _("card '{id}': a choice adds to {count} counters; the limit is {limit}").format(
                    id=card.get("id"), count=len(choice["add_counters"]), limit=S.MAX_COUNTERS)))
            effects = choice.get("effects") or {}
            if effects and effects in effects_seen:
                problems.append(problem_at(collected, place, "value", _("card '{id}': two choices have the same effects").format(id=card.get("id"))))
            effects_seen.append(effects)

    cards_by_id = {card.get("id"): card for card, _, _ in items["cards"]}
    problems.extend(_check_followup_dates(collected, cards_by_id))
    problems.extend(_check_same_quarter_circles(collected))
    for scenario, place, _file in scenarios:
        scenario_id = scenario.get("id")
        excluded = set(scenario.get("exclude_tags", []))
        problems.extend(_check_opening(collected, scenario, place, cards_by_id.get(scenario.get("opening"))))
        problems.extend(_check_start_spread(collected, scenario, place, items["meters"]))
        for meter_id, rivals in (scenario.get("rivalry") or {}).items():
            if meter_id in rivals:
                problems.append(problem_at(collected, place, "value", _("scenario '{id}': meter '{meter}' cannot be its own rival").format(
                    id=scenario_id, meter=meter_id)))
        has_fallback = any(
            card.get("fallback")
            and not excluded.intersection(card.get("tags", []))
            and ((card.get("when") or {}).get("scenarios") is None or scenario_id in card["when"]["scenarios"])
            for card, _place, _file in items["cards"]
        )
        if not has_fallback:
            problems.append(
                problem_at(collected, place, "structure", _("scenario '{id}' has no fallback card (a card with fallback: true it can deal when nothing else is eligible)").format(
                    id=scenario_id))
            )
    return problems


def _window(when: dict, key: str) -> tuple[int, int] | None:
    """A card's ``dates`` (as date indexes) or ``turns`` window, None where not given or
    not readable (reported elsewhere)."""
    window = when.get(key)
    if not window or len(window) != 2:
        return None
    if key == "turns":
        low, high = window
        return (low, high) if isinstance(low, int) and isinstance(high, int) else None
    low, high = (dates.parse_date(str(d)) for d in window)
    return None if low is None or high is None else (low, high)



def _date(text: str) -> int:
    """A date the reader has checked against its pattern, as a date index."""
    found = dates.parse_date(text)
    if found is None:
        raise ValueError(f"not a date: {text!r}")  # the reader lets none through
    return found

def _check_followup_dates(collected: Collected, cards_by_id: dict) -> list[Problem]:
    """Warn about a follow-up that can only come due outside its card's dates: the
    engine drops such a follow-up, so it is never dealt. Where the scheduling card may be
    dealt is worked out per scenario from its own date and turn windows (a card with
    none may be dealt any quarter of the term); a follow-up due after the term never
    comes."""
    problems: list[Problem] = []
    terms = []
    for scenario, _place, _file in collected.items["scenarios"]:
        start = dates.parse_date(str(scenario.get("start", "")))
        if start is not None and isinstance(scenario.get("turns"), int):
            terms.append((scenario.get("id"), start, start + scenario["turns"] - 1))
    for card, place, _file in collected.items["cards"]:
        when = card.get("when") or {}
        own_dates, own_turns, only = _window(when, "dates"), _window(when, "turns"), when.get("scenarios")
        for choice in card.get("choices", []):
            for followup in choice.get("followups", ()):
                target = cards_by_id.get(followup.get("card"))
                delay = followup.get("in")
                window = _window((target or {}).get("when") or {}, "dates")
                if window is None or not isinstance(delay, int):
                    continue
                landings = []
                for scenario_id, first, last in terms:
                    if only is not None and scenario_id not in only:
                        continue
                    low, high = first, last
                    if own_dates:
                        low, high = max(low, own_dates[0]), min(high, own_dates[1])
                    if own_turns:
                        low, high = max(low, first + own_turns[0] - 1), min(high, first + own_turns[1] - 1)
                    if low + delay <= min(high + delay, last):
                        landings.append((low + delay, min(high + delay, last)))
                if landings and not any(low <= window[1] and window[0] <= high for low, high in landings):
                    low, high = min(l for l, _ in landings), max(h for _, h in landings)
                    problems.append(problem_at(
                        collected, place, "followup-dates",
                        _("card '{id}': its follow-up '{followup}' (in {delay}) can only come due in {low}..{high}, "
                          "outside that card's dates {first}..{last}: it would never be dealt").format(
                            id=card.get("id"), followup=followup.get("card"), delay=delay, low=dates.format_date(low),
                            high=dates.format_date(high), first=dates.format_date(window[0]),
                            last=dates.format_date(window[1])),
                        WARNING))
    return problems


def _check_same_quarter_circles(collected: Collected) -> list[Problem]:
    """Refuse follow-ups ``in: 0`` that lead back to a card they start from: each keeps
    the quarter open for the next, so a circle of them could keep it open for ever."""
    places = {}
    now: dict[str, list[str]] = {}
    for card, place, _file in collected.items["cards"]:
        card_id = str(card.get("id"))
        places[card_id] = place
        now[card_id] = [f.get("card") for choice in card.get("choices", []) for f in choice.get("followups", ())
                        if f.get("in") == 0]
    problems: list[Problem] = []
    done: set[str] = set()
    for start in now:
        if start in done:
            continue
        # Depth-first, by hand (a chain may be longer than Python's recursion).
        path, on_path, stack = [start], {start}, [iter(now[start])]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if target in on_path:
                circle = path[path.index(target):] + [target]
                problems.append(problem_at(
                    collected, places[target], "structure",
                    _("follow-ups with in: 0 go round in a circle ({circle}): each deals the next in the same "
                      "quarter, so the quarter might never end; give one of them in: 1 or more").format(
                        circle=" -> ".join(circle))))
            elif target in now and target not in done:
                path.append(target)
                on_path.add(target)
                stack.append(iter(now[target]))
    return problems


def _check_start_spread(collected: Collected, scenario: dict, place: Place, meters: list) -> list[Problem]:
    """A spread may not start a game on a fatal end (or past the meters' range)."""
    starts = {meter.get("id"): meter.get("start") for meter, _, _ in meters}
    problems = []
    for meter_id, spread in (scenario.get("start_spread") or {}).items():
        start = (scenario.get("meters") or {}).get(meter_id, starts.get(meter_id))
        if not isinstance(start, int) or not isinstance(spread, int):
            continue  # an unknown meter or a bad value, reported as such
        if start - spread <= M.METER_MIN or start + spread >= M.METER_MAX:
            problems.append(problem_at(
                collected, place, "value",
                _("scenario '{id}': meter '{meter}' starts at {start}, and a spread of {spread} could start it at "
                  "{low} or {high}, on a fatal end (keep it within {min}..{max})").format(
                    id=scenario.get("id"), meter=meter_id, start=start, spread=spread, low=start - spread,
                    high=start + spread, min=M.METER_MIN + 1, max=M.METER_MAX - 1),
            ))
    return problems


def _check_opening(collected: Collected, scenario: dict, place: Place, card: dict | None) -> list[Problem]:
    """The opening card is dealt whatever its conditions say; warn where they say it
    belongs elsewhere (another scenario, other dates): a slip, most likely."""
    if card is None:
        return []  # no opening, or an unknown card (reported as such)
    where = place
    scenario_id, card_id = scenario.get("id"), card.get("id")
    when = card.get("when") or {}
    problems = []
    if when.get("scenarios") is not None and scenario_id not in when["scenarios"]:
        problems.append(problem_at(collected, where, "opening", _("scenario '{id}' opens with card '{card}', whose 'when' lists only other scenarios").format(
            id=scenario_id, card=card_id), WARNING))
    window, start = when.get("dates"), dates.parse_date(str(scenario.get("start", "")))
    if window and start is not None:
        low, high = (dates.parse_date(str(d)) for d in window)
        if low is not None and high is not None and not low <= start <= high:
            problems.append(problem_at(collected, where, "opening", _("scenario '{id}' starts in {start}, outside the dates of its opening card '{card}' ({low}..{high})").format(
                id=scenario_id, start=scenario["start"], card=card_id, low=window[0], high=window[1]), WARNING))
    if card.get("followup_only") or card.get("fallback"):
        kind = "followup_only" if card.get("followup_only") else "fallback"
        problems.append(problem_at(collected, where, "opening", _("scenario '{id}' opens with card '{card}', which is {kind}").format(id=scenario_id, card=card_id, kind=kind),
            WARNING))
    return problems


# --- building engine objects ------------------------------------------------------


def _ranges(mapping: dict | None) -> tuple[tuple[str, int, int], ...]:
    return tuple((meter, low, high) for meter, (low, high) in (mapping or {}).items())


def _condition(data: dict | None, key: str) -> M.Condition:
    """The engine's condition for ``data``; ``key`` names where it stands (card id and
    path), which seeds its ``chance:`` roll: a condition's roll stays the same when other
    cards come and go, and differs from every other condition's."""
    if not data:
        return M.ALWAYS
    turns = data.get("turns")
    window = data.get("dates")
    scenarios = data.get("scenarios")
    chance = data.get("chance")
    return M.Condition(
        meters=_ranges(data.get("meters")),
        flags=frozenset(data.get("flags", ())),
        not_flags=frozenset(data.get("not_flags", ())),
        situations=frozenset(data.get("situations", ())),
        not_situations=frozenset(data.get("not_situations", ())),
        turns=tuple(turns) if turns else None,
        dates=(_date(window[0]), _date(window[1])) if window else None,
        scenarios=frozenset(scenarios) if scenarios is not None else None,
        counters=_ranges(data.get("counters")),
        any_of=tuple(_condition(part, f"{key}.any.{i}") for i, part in enumerate(data.get("any", ()))),
        chance=float(chance) if chance is not None else None,
        chance_key=zlib.crc32(key.encode("utf-8")) if chance is not None else 0,
    )


def _cast_member(data: dict) -> M.CastMember:
    greetings = tuple(M.Greeting(g["text"], _condition(g.get("when"), f"cast:{data['id']}.greetings.{i}"))
                      for i, g in enumerate(data.get("greetings") or ()))
    return M.CastMember(data["id"], data["name"], data.get("role", ""), data.get("voice", ""),
                        person=data.get("person", ""), portrait=data.get("portrait", ""), greetings=greetings)


def _achievement(data: dict) -> M.Achievement:
    return M.Achievement(
        data["id"], data["title"], data.get("text", ""), won=data.get("won", True), scenario=data.get("scenario"),
        min_score=data.get("min_score"), never_in_danger=data.get("never_in_danger", False),
        ironman=data.get("ironman", False), daily=data.get("daily", False),
        when=_condition(data.get("when"), f"achievement:{data['id']}.when"))


def _choice(data: dict) -> M.Choice:
    return M.Choice(
        label=data["label"],
        effects=tuple((meter, amount) for meter, amount in (data.get("effects") or {}).items()),
        set_flags=tuple(data.get("set_flags", ())),
        clear_flags=tuple(data.get("clear_flags", ())),
        followups=tuple(M.FollowUp(f["card"], f["in"]) for f in data.get("followups", ())),
        lingering=tuple(M.Lingering(l["meter"], l["amount"], l["turns"]) for l in data.get("lingering", ())),
        outcome=data.get("outcome", ""),
        add_counters=tuple((name, amount) for name, amount in (data.get("add_counters") or {}).items() if amount),
    )


def card_from(data: dict) -> M.Card:
    history = data.get("history") or {}
    return M.Card(
        id=data["id"],
        title=data["title"],
        speaker=data["speaker"],
        text=data["text"],
        choices=tuple(_choice(choice) for choice in data["choices"]),
        tags=tuple(data.get("tags", ())),
        when=_condition(data.get("when"), f"{data['id']}.when"),
        weight=float(data.get("weight", 10.0)),
        weight_if=tuple(M.WeightModifier(_condition(w["when"], f"{data['id']}.weight_if.{i}.when"), float(w["multiply"]))
                        for i, w in enumerate(data.get("weight_if", ()))),
        once=bool(data.get("once", False)),
        cooldown=int(data.get("cooldown", 4)),
        followup_only=bool(data.get("followup_only", False)),
        fallback=bool(data.get("fallback", False)),
        history=M.History(history.get("note", ""), history.get("source", ""), history.get("question", "")),
    )


def _rivalry(data: dict) -> dict[str, dict[str, float]]:
    return {m: {r: float(f) for r, f in rivals.items()} for m, rivals in data.items()}


def _threshold(data: dict) -> M.Threshold:
    return M.Threshold(data["meter"], data.get("below"), data.get("above"))


def _without_disabled_followups(card: dict, disabled: dict) -> dict:
    """The card with follow-ups to disabled cards dropped (the loader warned about it)."""
    choices = card.get("choices", [])
    if not any(f.get("card") in disabled for choice in choices for f in choice.get("followups", ())):
        return card
    return dict(
        card,
        choices=[
            dict(choice, followups=[f for f in choice.get("followups", ()) if f.get("card") not in disabled])
            for choice in choices
        ],
    )


def as_played(collected: Collected, card: dict) -> dict:
    """A card's values as the game plays them: its ``card_weights`` applied and its
    follow-ups to disabled cards dropped."""
    if card.get("id") in collected.weights:
        card = dict(card, weight=collected.weights[card["id"]])
    if collected.disabled:
        card = _without_disabled_followups(card, collected.disabled)
    return card


def build(collected: Collected, cards: Iterable[dict] | None = None) -> M.Content:
    """Engine objects from checked values. Call only when :func:`check` found no errors.

    ``cards`` overrides the card list; by default it is the cards the layers left, with
    their ``card_weights`` applied.
    """
    items = {kind: [item for item, _, _ in entries] for kind, entries in collected.items.items()}
    if cards is None:
        cards = [as_played(collected, card) for card in items["cards"]]
    meters = tuple(
        M.Meter(
            id=m["id"],
            name=m["name"],
            kind=m["kind"],
            start=m["start"],
            low_ending=m["low_ending"],
            high_ending=m.get("high_ending"),
            description=m.get("description", ""),
        )
        for m in items["meters"]
    )
    scenarios = {}
    for s in items["scenarios"]:
        scenarios[s["id"]] = M.Scenario(
            id=s["id"],
            name=s["name"],
            start=_date(s["start"]),
            turns=s["turns"],
            meters=dict(s.get("meters", {})),
            start_spread=dict(s.get("start_spread", {})),
            flags=frozenset(s.get("flags", ())),
            focus={tag: float(v) for tag, v in s.get("focus", {}).items()},
            exclude_tags=frozenset(s.get("exclude_tags", ())),
            default=s["id"] == collected.default_scenario or len(items["scenarios"]) == 1,
            description=s.get("description", ""),
            opening=s.get("opening"),
            rivalry=_rivalry(s["rivalry"]) if "rivalry" in s else None,
            balance=_balance(s.get("balance", {})),
            set_aside=_set_aside(s.get("set_aside")),
        )
    return M.Content(
        meters=meters,
        endings={e["id"]: M.Ending(e["id"], e["kind"], e["title"], e.get("text", ""),
                                     dict(e.get("epilogues") or {})) for e in items["endings"]},
        scenarios=scenarios,
        cards={c["id"]: card_from(c) for c in cards},
        rivalry=_rivalry(collected.rivalry),
        situations=tuple(
            M.Situation(
                id=s["id"],
                name=s["name"],
                starts=_threshold(s["starts"]),
                ends=_threshold(s["ends"]),
                per_turn=dict(s.get("per_turn", {})),
                description=s.get("description", ""),
            )
            for s in items["situations"]
        ),
        grades=tuple(M.Grade(g["id"], g["min_score"], g["title"], g.get("text", "")) for g in items["grades"]),
        cast={c["id"]: _cast_member(c) for c in items["cast"]},
        glossary=tuple(M.GlossaryEntry(g["term"], g["text"], g.get("full", "")) for g in items["glossary"]),
        roles=tuple(
            M.Role(
                id=r["id"],
                name=r["name"],
                brief=r.get("brief", ""),
                goals=tuple(M.Goal(g["text"], _ranges(g.get("meters"))) for g in r.get("goals", ())),
                envoy_of=r.get("envoy_of"),
            )
            for r in items["roles"]
        ),
        achievements=tuple(_achievement(a) for a in items["achievements"]),
    )


def _set_aside(spec: dict | None) -> M.SetAside | None:
    """A scenario's ``set_aside:`` (percent) as the engine's share (0..1); none at 0."""
    if not spec or not spec["percent"]:
        return None
    return M.SetAside(spec["percent"] / 100, spec.get("event_quarters", M.SetAside.event_quarters))


def _balance(spec: dict) -> dict[str, tuple[float, float]]:
    """A scenario's ``balance:`` as target name -> (low, high) shares (0..1): a single
    percent is a ceiling (``*_max``) or a floor (the others); ``survival`` entries become
    ``survival.<strategy>``."""
    bounds: dict[str, tuple[float, float]] = {}
    for key, value in spec.items():
        if key == "survival":
            for strategy, (low, high) in value.items():
                bounds[f"survival.{strategy}"] = (low / 100, high / 100)
        elif isinstance(value, list):
            bounds[key] = (value[0] / 100, value[1] / 100)
        elif key.endswith("_max"):
            bounds[key] = (0.0, value / 100)
        else:
            bounds[key] = (value / 100, 1.0)
    return bounds
