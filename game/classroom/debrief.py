"""The debrief of a played game, as data: what the report prints, in HTML or Markdown.

A save holds the final state (seed, scenario, every decision with injects marked). The
debrief replays those decisions with the engine to recover the state before each one,
so it can show what moved and what every road not taken would have moved at once. The
session log (or the save's meta) adds each team's pick, how the decision was taken and
the rationale the class typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from game.base.i18n import _, ngettext
from game.classroom import sessionlog as slog
from game.classroom.session import named_role, term_content
from game.engine import (
    Content,
    Decision,
    Decisive,
    GameState,
    Goal,
    Role,
    RuleError,
    decisive_decision,
    forecasts,
    injects_of,
    replay_states,
    tr,
)


@dataclass(frozen=True)
class Road:
    """One answer on a card: what it would have moved at once, and whether that alone
    would have ended the game."""

    index: int
    moves: Mapping[str, int]
    ends: str | None
    taken: bool


@dataclass(frozen=True)
class Step:
    number: int
    decision: Decision
    before: Mapping[str, int]
    after: Mapping[str, int]
    roads: tuple[Road, ...]
    record: Mapping | None = None   # the session log's decision record, when there is one

    @property
    def moved(self) -> dict[str, int]:
        return {m: self.after[m] - self.before[m] for m in self.after if self.after[m] != self.before.get(m)}

    def parting(self, road: Road) -> int:
        """How far ``road`` parts from the road taken: the sum, over the meters, of how
        differently the two would have moved them (by the engine's forecast)."""
        taken = next((r for r in self.roads if r.taken), None)
        if taken is None:
            return 0
        keys = set(road.moves) | set(taken.moves)
        return sum(abs(road.moves.get(k, 0) - taken.moves.get(k, 0)) for k in keys)

    @property
    def road_not_taken(self) -> Road | None:
        """The road that parted most from the one taken (the first among equals)."""
        others = [r for r in self.roads if not r.taken]
        return max(others, key=lambda r: (self.parting(r), -r.index), default=None)

    @property
    def swing(self) -> int:
        """How far the road not taken parts from the one taken (for "what if")."""
        road = self.road_not_taken
        return self.parting(road) if road is not None else 0


@dataclass(frozen=True)
class GoalCheck:
    goal: Goal
    met: bool
    values: Mapping[str, int | None]  # None: a meter this content does not have


@dataclass
class Debrief:
    name: str
    content: Content               # the rules the game was played with (term length included)
    state: GameState
    steps: list[Step]
    teams: list[Role]
    envoys: list[Role]
    goals: dict[str, list[GoalCheck]]
    session: dict | None = None
    events: dict[str, int] = field(default_factory=dict)
    log_records: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lang: str = "en"

    @property
    def ended_early(self) -> bool:
        """The facilitator stopped the session before the game ended."""
        if self.state.over:
            return False
        if any(r.get("type") == "end" and r.get("reason") == "early" for r in self.log_records):
            return True
        return bool(self.session and self.session.get("ended_early"))

    @property
    def decisive(self) -> Decisive | None:
        """For a lost game, the decision that pushed the fatal meter furthest (engine's rule)."""
        return decisive_decision(self.content, self.state)

    def decisive_reason(self) -> str:
        """``Elite loyalty -9 on "The snap election" (decision 3)``, or an empty string."""
        found = self.decisive
        if found is None:
            return ""
        card = self.content.cards.get(found.decision.card)
        title = " ".join(tr(card.title, self.lang).split()) if card else found.decision.card
        amount = f"+{found.amount}" if found.amount > 0 else str(found.amount)
        return _("{meter} {amount} on “{card}” (decision {number}), the largest push toward the end it "
                 "reached").format(meter=self.meter_name(found.meter), amount=amount, card=title,
                                   number=found.decision.turn)

    @property
    def history(self) -> list[Mapping[str, int]]:
        return [self.steps[0].before] + [s.after for s in self.steps] if self.steps else list(self.state.history[:1])

    def ordered_picks(self, record: Mapping | None) -> list[tuple[str, int | None]]:
        """A decision record's picks in the order the teams were listed (the log sorts keys)."""
        picks = dict((record or {}).get("picks") or {})
        order = [r.id for r in self.teams if r.id in picks] + sorted(k for k in picks if k not in
                                                                      {r.id for r in self.teams})
        return [(team, picks[team]) for team in order]

    def meter_name(self, meter_id: str) -> str:
        try:
            return tr(self.content.meter(meter_id).name, self.lang)
        except KeyError:
            return meter_id

    def role_name(self, role_id: str) -> str:
        for role in [*self.teams, *self.envoys, *self.content.roles]:
            if role.id == role_id:
                return tr(role.name, self.lang)
        return role_id

    def choice_label(self, card_id: str, index: int | None) -> str:
        card = self.content.cards.get(card_id)
        if index is None:
            return _("no vote")
        if card is None or not 0 <= index < len(card.choices):
            return _("choice {number}").format(number=index + 1)
        return " ".join(tr(card.choices[index].label, self.lang).split())

    def ending_title(self) -> str:
        if self.state.ending is None:
            return _("Ended early by the facilitator") if self.ended_early else _("Not finished")
        ending = self.content.endings.get(self.state.ending)
        return tr(ending.title, self.lang) if ending else self.state.ending


def _roads(content: Content, state: GameState, taken: int) -> tuple[Road, ...]:
    roads = []
    for told in forecasts(content, state):
        ends = told.ending if content.meter_of_ending(told.ending) is not None else None
        roads.append(Road(told.choice, told.changes, ends, told.choice == taken))
    return tuple(roads)


def replay(content: Content, state: GameState) -> tuple[list[Step], list[str]]:
    """The steps of a game, rebuilt by replaying seed, choices and injects with the engine.

    If the replay drifts from the save (other content, a damaged file), the rest is
    rebuilt from the meters the save recorded, with a warning.
    """
    warnings: list[str] = []
    steps: list[Step] = []
    replayed = replay_states(content, state.scenario, state.seed, state.choices_made, injects_of(state))
    current: GameState | None = None
    try:
        current = next(replayed)
    except (KeyError, RuleError) as error:
        warnings.append(f"cannot replay the game with this content ({error}); figures come from the save alone")
    for number, decision in enumerate(state.decisions, start=1):
        if current is not None:
            try:
                current = next(replayed)
                if current.over or current.card != decision.card:
                    raise RuleError(f"decision {number} was on card '{decision.card}', "
                                    f"the replay dealt '{current.card}'")
                roads = _roads(content, current, decision.choice)
                before = current.meters
                current = next(replayed)
                steps.append(Step(number, decision, dict(before), dict(current.meters), roads))
                continue
            except (KeyError, RuleError, StopIteration) as error:
                warnings.append(f"the replay drifted from the save ({error}); "
                                "later figures come from the save alone")
                current = None
        steps.append(_step_from_history(content, state, number, decision))
    if current is not None and (dict(current.meters) != dict(state.meters) or current.ending != state.ending):
        warnings.append("replaying the save's choices does not reproduce its final state; "
                        "was it played with other content or mods?")
    return steps, warnings


def _step_from_history(content: Content, state: GameState, number: int, decision: Decision) -> Step:
    before = dict(state.history[number - 1]) if number - 1 < len(state.history) else dict(state.meters)
    after = dict(state.history[number]) if number < len(state.history) else dict(state.meters)
    roads: tuple[Road, ...] = ()
    if decision.card in content.cards and set(before) == set(content.meter_ids):
        probe = replace(state, meters=before, card=decision.card, ending=None)
        try:
            roads = _roads(content, probe, decision.choice)
        except (KeyError, RuleError):
            roads = ()
    return Step(number, decision, before, after, roads)


def check_goals(content: Content, role: Role, meters: Mapping[str, int]) -> list[GoalCheck]:
    checks = []
    for goal in role.goals:
        values = {m: meters.get(m) for m, _low, _high in goal.meters}
        met = all((v := values[m]) is not None and low <= v <= high for m, low, high in goal.meters)
        checks.append(GoalCheck(goal, met, values))
    return checks


def _session_from_meta(meta: Mapping) -> dict | None:
    data = meta.get("classroom") if isinstance(meta, Mapping) else None
    return dict(data) if isinstance(data, Mapping) else None


def _team(content: Content, session: Mapping, team: str, lang: str) -> Role | None:
    """A session's team as a role: a role id, or a team the class named (an advisory role
    played under the team's printable name); anything else is left out."""
    from game.base.text import first_unsafe

    found_names, found_roles = session.get("names"), session.get("roles")
    names: Mapping = found_names if isinstance(found_names, Mapping) else {}
    roles: Mapping = found_roles if isinstance(found_roles, Mapping) else {}
    name, role_id = names.get(team), roles.get(team, team)
    if name is not None and (not isinstance(name, str) or first_unsafe(name) is not None or len(name) > 80):
        return None
    if not isinstance(role_id, str) or any(r.id == role_id and r.envoy_of for r in content.roles):
        return None
    return named_role(content, team, name, role_id, lang)


def build_debrief(content: Content, state: GameState, *, name: str, meta: Mapping | None = None,
                  log: slog.SessionRead | None = None, lang: str = "en") -> Debrief:
    """Everything the report shows about one game."""
    meta = meta or {}
    warnings: list[str] = list(log.warnings) if log else []
    session = (log.session if log else None) or _session_from_meta(meta)
    turns = session.get("turns") if session else None
    if not isinstance(turns, int) or isinstance(turns, bool) or not 1 <= turns <= 1000:
        turns = None
    rules = content
    if state.scenario in content.scenarios:
        rules = term_content(content, state.scenario, turns)
    else:
        warnings.append(f"the save's scenario '{state.scenario}' is not in this content")
    steps, replay_warnings = replay(rules, state) if state.scenario in content.scenarios else ([], [])
    warnings.extend(replay_warnings)
    if not steps and state.decisions:
        steps = [_step_from_history(rules, state, n, d) for n, d in enumerate(state.decisions, start=1)]

    # Which log record belongs to which decision: the standing ones, in order, when they
    # agree with the save's decisions card for card.
    records: list[Mapping | None] = [None] * len(steps)
    standing: Sequence[Mapping]
    if log and log.records:
        standing = slog.standing_decisions(log.records)
    elif session and isinstance(session.get("decisions"), list):
        standing = [d for d in session["decisions"] if isinstance(d, Mapping)]
    else:
        standing = []
    if standing:
        aligned = 0
        for index, step in enumerate(steps):
            if index < len(standing) and standing[index].get("card") == step.decision.card \
                    and standing[index].get("choice") == step.decision.choice:
                records[index] = standing[index]
                aligned += 1
        if aligned < min(len(standing), len(steps)):
            warnings.append("the session log does not match the save everywhere; "
                            "picks and rationales are shown only where they agree")
    steps = [replace(step, record=record) for step, record in zip(steps, records)]

    roles = {role.id: role for role in content.roles}
    if session and isinstance(session.get("teams"), list):
        teams = [r for t in session["teams"] if isinstance(t, str) and (r := _team(content, session, t, lang))]
        envoys = [roles[t] for t in session.get("envoys") or [] if isinstance(t, str) and t in roles]
    else:
        teams = [r for r in content.roles if not r.envoy_of]
        envoys = [r for r in content.roles if r.envoy_of]
    goals = {role.id: check_goals(content, role, state.meters) for role in teams + envoys}
    group = session.get("group") if session and isinstance(session.get("group"), str) else ""
    return Debrief(
        name=group or name, content=rules, state=state, steps=steps, teams=teams, envoys=envoys,
        goals=goals, session=session, events=slog.event_counts(log.records) if log else
        (saved_events if isinstance(saved_events := session and session.get("events"), dict) else {}),
        log_records=list(log.records) if log else [], warnings=warnings, lang=lang,
    )


def what_if_step(debrief: Debrief) -> Step | None:
    """The decision whose other roads would have changed the most."""
    candidates = [s for s in debrief.steps if s.roads]
    return max(candidates, key=lambda s: (s.swing, -s.number), default=None)


def closing_questions(debrief: Debrief) -> list[tuple[str, str]]:
    """The closing debrief: (heading, question), specific to what this group did."""
    content, state = debrief.content, debrief.state
    count = len(state.decisions)
    ended = (_("The game ended with “{ending}”.").format(ending=debrief.ending_title()) if state.over else
             ngettext("The session stopped after {n} decision.", "The session stopped after {n} decisions.",
                      count).format(n=count))
    questions = [
        (_("What happened"),
         _("Retell the term in three sentences.") + " " + ended + " "
         + _("Which decision set that up, and when did you first notice?")),
        (_("How did it feel"),
         _("When did your team feel most under pressure, and from whom: another team, an envoy, the "
           "clock, or the meters? Did anyone change their mind during a discussion?")),
        (_("What did you learn"),
         _("Name one thing about balancing Moscow, Beijing and Washington that you understand better now. "
           "Why does a gain with one capital cost something with the others?")),
    ]
    step = debrief.steps[-1] if debrief.steps else None
    real = _("Pick one card from today and read its historical note.")
    if step is not None:
        card = content.cards.get(step.decision.card)
        if card is not None:
            real = _("Read the historical note on “{card}”.").format(card=" ".join(tr(card.title, debrief.lang).split()))
    questions.append((_("Kazakhstan's real choices"),
                      real + " " + _("Where did your class choose as Kazakhstan's leaders did, and where "
                                     "differently? What did they know, or fear, that you did not?")))
    pivot = what_if_step(debrief)
    if pivot is not None:
        card = content.cards.get(pivot.decision.card)
        title = " ".join(tr(card.title, debrief.lang).split()) if card else pivot.decision.card
        other = pivot.road_not_taken
        if other is not None:
            label = debrief.choice_label(pivot.decision.card, other.index)
            questions.append((_("What if"),
                              _("On “{card}” (decision {number}) you chose “{chosen}”. What if you had chosen "
                                "“{other}”? Look at the roads not taken: how would the rest of the term have "
                                "gone?").format(card=title, number=pivot.number, other=label,
                                                chosen=debrief.choice_label(pivot.decision.card,
                                                                            pivot.decision.choice))))
    if len(questions) < 5:
        questions.append((_("What if"),
                          _("Which single decision would you take back, and what would you choose instead?")))
    if state.grade is None and state.score is not None and state.over and state.ending != content.victory.id:
        questions.append((_("The ending"),
                          _("Which meter gave way, and could any team have warned the others in time?")))
    return questions


def comparable(debriefs: Sequence[Debrief]) -> bool:
    """Whether the groups played the same deal (same scenario and seed)."""
    keys = {(d.state.scenario, d.state.seed) for d in debriefs}
    return len(keys) == 1
