"""A classroom session without any interface: settings, the timer, votes, undo, inject.

The facilitator app is a thin Textual layer over :class:`ClassSession`; tests drive the
session directly with a fake clock. Every step is written to the session log as it
happens, and the save's meta carries the settings and the standing decisions, so the
debrief report can be made from either.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from game.base.i18n import _, ngettext
from game.classroom import sessionlog as slog

if TYPE_CHECKING:  # SQLite is opened only for a session with devices
    from game.classroom.store import SessionStore
from game.engine import (
    Content,
    GameState,
    Role,
    RuleError,
    choose,
    condition_holds,
    current_card,
    forecast,
    inject,
    new_game,
    tr,
    window_cards,
)

DEFAULT_MINUTES = 4.0
MAX_TEAMS = 8          # voting teams on one projector: more would not fit, nor be heard
MAX_NAME = 40          # a team's name, as the class chose it
# Term lengths that fit a lesson: about four minutes a card plus briefing and debrief.


def term_content(content: Content, scenario_id: str, turns: int | None) -> Content:
    """``content`` with the scenario's term cut to ``turns`` decisions (the rules unchanged).

    The game then ends "term complete" after that many decisions, as any term does.
    """
    scenario = content.scenarios[scenario_id]
    if turns is None or turns == scenario.turns:
        return content
    scenarios = dict(content.scenarios)
    scenarios[scenario_id] = replace(scenario, turns=turns)
    return replace(content, scenarios=scenarios)


def majority(picks: Mapping[str, int | None]) -> int | None:
    """The choice most teams picked; ``None`` if nobody voted or the top is tied."""
    counts = Counter(choice for choice in picks.values() if choice is not None)
    if not counts:
        return None
    (top, votes), *rest = counts.most_common()
    if rest and rest[0][1] == votes:
        return None
    return top


def cautious_default(content: Content, state: GameState) -> int:
    """The answer that moves the meters least at once (ties: the first).

    Taken when the timer runs out with no majority: indecision is a choice too, and
    the cautious one is what a bureaucracy does when nobody decides.
    """
    card = current_card(content, state)
    sizes = [sum(abs(v) for v in forecast(content, state, i).changes.values()) for i in range(len(card.choices))]
    return sizes.index(min(sizes))


class DiscussionTimer:
    """A countdown that can be paused and extended. ``clock`` returns seconds (monotonic)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.total = float(seconds)
        self._used = 0.0          # seconds consumed before the current run
        self._since: float | None = None  # when the current run started; None: paused
        self.started = False

    def start(self, seconds: float | None = None) -> None:
        if seconds is not None:
            self.total = float(seconds)
        self._used = 0.0
        self._since = self.clock()
        self.started = True

    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def elapsed(self) -> float:
        extra = self.clock() - self._since if self._since is not None else 0.0
        return self._used + extra

    @property
    def remaining(self) -> float:
        return max(0.0, self.total - self.elapsed)

    @property
    def expired(self) -> bool:
        return self.total > 0 and self.remaining <= 0

    def pause(self) -> None:
        if self._since is not None:
            self._used += self.clock() - self._since
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self.clock()

    def extend(self, seconds: float) -> None:
        self.total += seconds

    def text(self) -> str:
        """``3:07`` (rounded up, so 0:00 means time is really up)."""
        left = int(-(-self.remaining // 1))
        return f"{left // 60}:{left % 60:02d}"


@dataclass(frozen=True)
class Settings:
    seed: int
    scenario: str
    turns: int
    teams: tuple[str, ...]
    envoys: tuple[str, ...] = ()
    decide: str = "majority"          # majority | decider | rotate | facilitator
    decider: str | None = None        # with decide="decider": the team that decides
    minutes: float = DEFAULT_MINUTES  # discussion time per card; 0: no timer
    group: str = ""                   # a name for this group (class, period, table)
    # Teams the class named ("Lions=foreign_ministry"): each team's name and the role it
    # plays. A team not listed here is a role itself (its id is the role's id), so two
    # teams can play one role and a class can have more teams than the content has roles.
    names: tuple[tuple[str, str], ...] = ()
    roles: tuple[tuple[str, str], ...] = ()
    # The teacher's switch: what really happened on the projector after each decision.
    # Off for a role-play that keeps history for the debrief; the save keeps it.
    history: bool = True

    def role_id(self, team: str) -> str:
        return dict(self.roles).get(team, team)

    def decider_of(self, decision: int) -> str | None:
        """The team that takes decision ``decision`` (0-based): the fixed decider, or with
        ``rotate`` each team in turn, card by card."""
        if self.decide == "rotate" and self.teams:
            return self.teams[decision % len(self.teams)]
        return self.decider if self.decide == "decider" else None

    def as_meta(self) -> dict:
        meta = {
            "seed": self.seed, "scenario": self.scenario, "turns": self.turns, "teams": list(self.teams),
            "envoys": list(self.envoys), "decide": self.decide, "decider": self.decider,
            "minutes": self.minutes, "group": self.group, "history": self.history,
        }
        if self.names or self.roles:
            meta["names"], meta["roles"] = dict(self.names), dict(self.roles)
        return meta


def team_role(content: Content, settings: Settings, team: str, lang: str = "en") -> Role | None:
    """The role ``team`` plays, as that team (see :func:`named_role`)."""
    return named_role(content, team, dict(settings.names).get(team), settings.role_id(team), lang)


def named_role(content: Content, team: str, name: str | None, role_id: str, lang: str = "en") -> Role | None:
    """Role ``role_id`` as played by ``team``: a team the class named gets its own id and
    a name that says both ("Lions (Foreign Ministry)"), with the role's brief and goals."""
    role = next((r for r in content.roles if r.id == role_id), None)
    if role is None or (name is None and team == role.id):
        return role
    return replace(role, id=team, name=f"{name} ({' '.join(tr(role.name, lang).split())})" if name else team)


@dataclass
class Outcome:
    """What :meth:`ClassSession.decide` did, for the screen."""

    choice: int
    method: str
    override: bool
    report: object
    ending: str | None
    timeout: bool = False             # the clock had run out when it was taken
    votes_for: int = 0                # teams that had picked ``choice``
    voted: int = 0                    # teams that had picked anything
    teams: int = 0                    # teams voting in the session
    decider: str = ""                 # the deciding team's name, when a team decided

    def headline(self) -> str:
        """How the decision was reached, in words a class can check against what it saw."""
        return decision_headline(self.method, override=self.override, timeout=self.timeout,
                                 votes_for=self.votes_for, voted=self.voted, teams=self.teams,
                                 decider=self.decider)


def decision_headline(method: str, *, override: bool, timeout: bool, votes_for: int, voted: int,
                      teams: int, decider: str = "") -> str:
    """How a decision was reached, as the projector said it and the report repeats it: a
    single pick is never called a majority, a timeout always says so, and a facilitator's
    choice against the vote says it overrode it."""
    counted = ngettext("{votes} of {n} team", "{votes} of {n} teams", teams).format(votes=votes_for, n=teams)
    if method == "timeout":
        return _("time ran out with no vote standing: the answer that moves the meters least")
    if method == "decider":
        how = (_("by the designated decider ({team})").format(team=decider) if decider
               else _("by the designated decider"))
    elif method == "facilitator":
        how = _("by the facilitator, overriding the vote") if override else _("by the facilitator")
    elif votes_for * 2 > teams:
        how = _("by majority vote ({counted})").format(counted=counted)
    else:
        how = _("by the votes cast ({counted}; {voted} voted)").format(counted=counted, voted=voted)
    return (_("time ran out; decided {how}") if timeout else _("decided {how}")).format(how=how)


def record_headline(record: Mapping, name: Callable[[str], str] = str) -> str:
    """:func:`decision_headline` of a logged decision (its picks hold every voting team);
    ``name`` gives a team's name from its id."""
    found = record.get("picks")
    picks: Mapping = found if isinstance(found, Mapping) else {}
    choice = record.get("choice")
    method = record.get("method")
    if method not in slog.METHODS:
        return _("decided (how is not recorded)")
    return decision_headline(method, override=bool(record.get("override")),
                             timeout=bool(record.get("timeout")) or method == "timeout",
                             votes_for=sum(1 for v in picks.values() if v == choice),
                             voted=sum(1 for v in picks.values() if v is not None), teams=len(picks),
                             decider=name(record["decider"]) if isinstance(record.get("decider"), str) else "")


@dataclass
class ClassSession:
    """One group's session: the game, the picks on the current card, the timer and the log."""

    content: Content                  # the base content; the session plays a term copy
    settings: Settings
    log: slog.SessionLog | None = None
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    state: GameState = field(init=False)
    undo_stack: list[GameState] = field(init=False, default_factory=list)
    picks: dict[str, int | None] = field(init=False, default_factory=dict)
    autostart: bool = True            # start the timer with each card (the app starts it itself)
    resume_from: GameState | None = None  # continue a saved session from this state
    earlier: list[dict] = field(default_factory=list)  # the log records written before a resume
    resume_picks: Mapping | None = None  # meta["classroom"]["table"] of the save resumed: picks typed
    store: SessionStore | None = None  # votes from devices, kept on disk
    revealed: bool = field(init=False, default=True)  # with devices: the tally is secret until revealed
    version: int = field(init=False, default=0)        # bumped on every change a view shows
    records: list[dict] = field(init=False, default_factory=list)
    ended_early: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.rules = term_content(self.content, self.settings.scenario, self.settings.turns)
        self.timer = DiscussionTimer(self.settings.minutes * 60, self.clock)
        self.records = list(self.earlier)
        if self.resume_from is not None:
            self.state = self.resume_from
            self.undo_stack = _states_before_decisions(self.rules, self.state)
        else:
            self.state = new_game(self.rules, self.settings.scenario, self.settings.seed)
            s = self.settings
            self._write(slog.session_record(at=self.wall(), seed=s.seed, scenario=s.scenario, turns=s.turns,
                                            teams=s.teams, envoys=s.envoys, decide=s.decide, decider=s.decider,
                                            minutes=s.minutes, group=s.group, names=dict(s.names),
                                            roles=dict(s.roles)))
        self._new_card()
        self._restore_picks(self.resume_picks)

    def _restore_picks(self, table: Mapping | None) -> None:
        """The picks typed on this card before the app was closed (a save's ``table``),
        kept only if the save's card is the card on the table and each pick is valid."""
        if not isinstance(table, Mapping) or self.over or table.get("card") != self.state.card \
                or table.get("turn") != self.state.turn or not isinstance(table.get("picks"), Mapping):
            return
        for team, choice in table["picks"].items():
            if team in self.picks and isinstance(choice, int) and not isinstance(choice, bool) \
                    and 0 <= choice < len(self.card.choices):
                self.picks[team] = choice

    # --- the record ---------------------------------------------------------------

    def _write(self, record: dict) -> None:
        self.records.append(record)
        if self.log is not None:
            self.log.append(record)
        if self.store is not None:
            self.store.event(record)

    def _new_card(self) -> None:
        self.picks = {team: None for team in self.settings.teams}
        self.revealed = self.store is None
        self.version += 1
        if self.state.over:
            return
        if self.store is not None:  # votes cast before the app was closed or killed
            self.picks.update(self.store.votes(self.state.turn, self._card_id()))
        self._write(slog.card_record(at=self.wall(), turn=self.state.turn, card=self._card_id(),
                                     injected=self.state.card_is_injected, followup=self.state.card_is_followup))
        self.timer = DiscussionTimer(self.settings.minutes * 60, self.clock)
        if self.autostart:
            self.start_discussion()

    def start_discussion(self) -> None:
        """Start the clock on the card on the table (the app does it once the outcome of
        the last decision has been read)."""
        if self.settings.minutes > 0 and not self.over and not self.timer.started:
            self.timer.start(self.settings.minutes * 60)

    # --- the facilitator's controls -------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state.over or self.ended_early

    @property
    def card(self):
        return None if self.over else self.rules.cards[self.state.card]

    def _card_id(self) -> str:
        """The id of the card on the table (asked only while the game is on)."""
        return current_card(self.rules, self.state).id

    def pick(self, team: str, choice: int | None, seat: str | None = None) -> None:
        if team not in self.picks:
            raise KeyError(team)
        if choice is not None and not 0 <= choice < len(self.card.choices):
            raise RuleError(f"choice {choice + 1} is not one of 1..{len(self.card.choices)}")
        self.picks[team] = choice
        self.version += 1
        if self.store is not None:
            self.store.vote(self.state.turn, self._card_id(), team, choice, self.wall(), seat)

    def reveal(self) -> None:
        """Show the secret ballot's tally (the decision reveals it anyway)."""
        self.revealed = True
        self.version += 1

    def pause(self) -> None:
        if self.timer.running:
            self.timer.pause()
            self._write(slog.timer_record("pause", at=self.wall(), turn=self.state.turn))

    def resume(self) -> None:
        if not self.timer.running:
            self.timer.resume()
            self._write(slog.timer_record("resume", at=self.wall(), turn=self.state.turn))

    def extend(self, seconds: float = 60) -> bool:
        """Add time to the clock; False (and nothing logged) when the session has no clock."""
        if self.settings.minutes <= 0 or self.over:
            return False
        self.timer.extend(seconds)
        self._write(slog.timer_record("extend", at=self.wall(), turn=self.state.turn, seconds=seconds))
        return True

    def proposed(self) -> tuple[int | None, str]:
        """The choice the rules of this session would take now, and how: before the
        facilitator confirms. ``None`` when the method gives no answer yet.

        With ``decide="facilitator"`` the teams still vote: their majority is what the
        facilitator confirms with one key, and going against it is an override."""
        decider = self.decider
        if decider in self.picks:
            return self.picks[decider], "decider"
        if self.settings.decide == "facilitator":
            return majority(self.picks), "facilitator"
        return majority(self.picks), "majority"

    @property
    def decider(self) -> str | None:
        """The team that decides the card on the table, if a team decides."""
        return self.settings.decider_of(len(self.state.decisions))

    def team_name(self, team: str, lang: str = "en") -> str:
        role = team_role(self.content, self.settings, team, lang)
        return " ".join(tr(role.name, lang).split()) if role else team

    def show_history(self, on: bool) -> None:
        """The teacher's switch for what really happened after each decision (the save's
        settings carry it, so a resumed session keeps it)."""
        self.settings = replace(self.settings, history=on)
        self.version += 1

    def inject_problem(self, card_id: str) -> str | None:
        """Why ``card_id`` does not fit the game now (its dates, turns or conditions), or
        None if a draw could deal it. The facilitator may still inject it, knowingly."""
        card = self.rules.cards.get(card_id)
        if card is None:
            return _("no card {card!r}").format(card=card_id)
        if card.followup_only:
            return _("it only comes as the consequence of another decision")
        state = self.state
        if card not in window_cards(self.rules, state.scenario, state.turn, state.date):
            return _("its dates or turns do not include this point of the game")
        if not condition_holds(card.when, state):
            return _("its conditions do not hold in this game")
        return None

    def decide(self, choice: int | None = None, rationale: str = "", *, timeout: bool = False) -> Outcome:
        """Take the decision. ``choice`` given: the facilitator decides (an override if it
        goes against the teams' proposal). ``timeout``: the timer ran out; the proposal
        stands if there is one, else the cautious default."""
        if self.over:
            raise RuleError("the game is over")
        proposal, method = self.proposed()
        if choice is not None:
            override = proposal is not None and choice != proposal
            if proposal != choice:
                method = "facilitator"
        elif timeout:
            override = False
            if proposal is None:
                choice, method = cautious_default(self.rules, self.state), "timeout"
            else:
                choice = proposal
        elif proposal is not None:
            choice, override = proposal, False
        else:
            raise RuleError("no decision yet: the teams are tied or have not voted")
        discussed = round(self.timer.elapsed, 1) if self.settings.minutes > 0 else None
        card_id, injected = self._card_id(), self.state.card_is_injected
        before = self.state
        self.state, report = choose(self.rules, self.state, choice)
        self.undo_stack.append(before)
        timed_out = timeout or (self.settings.minutes > 0 and self.timer.expired)
        picks = dict(self.picks)
        decider = self.settings.decider_of(len(before.decisions)) if method == "decider" else None
        self._write(slog.decision_record(
            at=self.wall(), turn=before.turn, card=card_id, choice=choice, picks=picks, method=method,
            meters=self.state.meters, rationale=" ".join(rationale.split()), override=override,
            injected=injected, ending=self.state.ending, discussed=discussed, timeout=timed_out, decider=decider))
        if self.store is not None:
            self.store.decided(turn=before.turn, card=card_id, choice=choice, method=method, override=override,
                               timeout=timed_out, picks=picks, at=self.wall(), rationale=" ".join(rationale.split()))
        if self.state.over:
            self.timer.pause()
            self._write(slog.end_record(at=self.wall(), turn=before.turn, reason="ending", ending=self.state.ending))
        self._new_card()
        return Outcome(choice, method, override, report, self.state.ending, timeout=timed_out,
                       votes_for=sum(p == choice for p in picks.values()),
                       voted=sum(p is not None for p in picks.values()), teams=len(picks),
                       decider=self.team_name(decider) if decider else "")

    def undo(self) -> bool:
        """Take back the last decision (even one that ended the game). False if none."""
        if not self.undo_stack or self.ended_early:
            return False
        last = self.state.decisions[-1]
        self.state = self.undo_stack.pop()
        self._write(slog.undo_record(at=self.wall(), turn=last.turn, card=last.card, choice=last.choice))
        if self.store is not None:
            self.store.undone()
        self._new_card()
        return True

    def inject(self, card_id: str) -> None:
        """Put ``card_id`` on the table instead of the dealt card (marked as injected)."""
        if self.over:
            raise RuleError("the game is over")
        replaced = self.state.card
        self.state = inject(self.rules, self.state, card_id)
        self._write(slog.inject_record(at=self.wall(), turn=self.state.turn, card=card_id, replaced=replaced))
        self._new_card()

    def end_early(self) -> None:
        if self.over:
            return
        self.ended_early = True
        self.timer.pause()
        self._write(slog.end_record(at=self.wall(), turn=self.state.turn, reason="early"))

    # --- saving -----------------------------------------------------------------------

    def meta(self) -> dict:
        """The session data a save carries: settings and the decisions that stand."""
        return {
            "classroom": {
                **self.settings.as_meta(),
                "ended_early": self.ended_early,
                "decisions": [
                    {k: r.get(k) for k in ("turn", "card", "choice", "picks", "method", "override", "rationale",
                                           "timeout", "decider")}
                    for r in slog.standing_decisions(self.records)
                ],
                "events": slog.event_counts(self.records),
                "table": {"card": self.state.card, "turn": self.state.turn, "picks": dict(self.picks)},
            }
        }


def _states_before_decisions(content: Content, state: GameState) -> list[GameState]:
    """The state before each decision of ``state``, replayed (for undo after a resume)."""
    states = []
    current = new_game(content, state.scenario, state.seed)
    for decision in state.decisions:
        if decision.injected:
            current = inject(content, current, decision.card)
        states.append(current)
        current, _report = choose(content, current, decision.choice)
    return states


def choose_teams(content: Content, wanted: Sequence[str] | None) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """``(teams, envoys, problems)`` from role ids given on the command line.

    Without a list: every advisory role is a team, and no envoys. Envoys (roles with
    ``envoy_of``) lobby but do not vote, so they are kept apart from the teams.
    """
    roles = {role.id: role for role in content.roles}
    if not wanted:
        return tuple(r.id for r in content.roles if not r.envoy_of), (), []
    problems = []
    teams, envoys = [], []
    for role_id in wanted:
        if role_id not in roles:
            from game.base.suggest import did_you_mean

            problems.append(f"no role '{role_id}'{did_you_mean(role_id, roles)}; roles: {', '.join(roles)}")
        elif roles[role_id].envoy_of:
            envoys.append(role_id)
        else:
            teams.append(role_id)
    if not teams and not problems:
        problems.append("at least one advisory team (a role without envoy_of) must take part")
    return tuple(dict.fromkeys(teams)), tuple(dict.fromkeys(envoys)), problems


@dataclass(frozen=True)
class Teams:
    """The teams of a session as the command line gave them (see :func:`parse_teams`)."""

    teams: tuple[str, ...]
    envoys: tuple[str, ...]
    names: tuple[tuple[str, str], ...]
    roles: tuple[tuple[str, str], ...]
    problems: tuple[str, ...]


def parse_teams(content: Content, wanted: Sequence[str] | None) -> Teams:
    """Teams from ``--teams``: each entry a role id (the team is that role) or
    ``Name=role`` (a team the class named, playing that role; two teams may play one
    role). Envoys are role ids only: they lobby, they do not vote. At most
    :data:`MAX_TEAMS` voting teams."""
    import re

    from game.base.text import first_unsafe

    plain = [w for w in wanted or () if "=" not in w]
    named = [w for w in wanted or () if "=" in w]
    teams, envoys, problems = choose_teams(content, plain) if plain or not named else ((), (), [])
    # Named teams alone are enough: the "at least one advisory team" of plain ids is moot.
    problems = [p for p in problems if not (named and p.startswith("at least one advisory team"))]
    team_list: list[str] = list(teams)
    names: list[tuple[str, str]] = []
    roles: list[tuple[str, str]] = []
    position: dict[str, int] = {}
    advisory = {r.id for r in content.roles if not r.envoy_of}
    for entry in named:
        name, role_id = (part.strip() for part in entry.split("=", 1))
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME or first_unsafe(name) is not None:
            problems.append(f"a team's name must be 1 to {MAX_NAME} printable characters (got {name!r})")
            continue
        if role_id not in advisory:
            from game.base.suggest import did_you_mean

            problems.append(f"team '{name}': no advisory role '{role_id}'{did_you_mean(role_id, advisory)}; "
                            f"roles: {', '.join(sorted(advisory))}")
            continue
        ident = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "team"
        base, n = ident, 2
        taken = set(team_list) | {r.id for r in content.roles}
        while ident in taken:
            ident, n = f"{base}_{n}", n + 1
        team_list.append(ident)
        names.append((ident, name))
        roles.append((ident, role_id))
        position[ident] = (wanted or []).index(entry)
    # The teams in the order the command line gave them (the projector lists them so).
    team_list.sort(key=lambda t: position.get(t, (wanted or []).index(t) if t in (wanted or []) else -1))
    if len(team_list) > MAX_TEAMS:
        problems.append(f"at most {MAX_TEAMS} voting teams (got {len(team_list)})")
    return Teams(tuple(team_list), tuple(envoys), tuple(names), tuple(roles), tuple(problems))
