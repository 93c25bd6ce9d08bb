"""The report as data: every heading, row and sentence the debrief prints.

:mod:`game.classroom.debrief` works out what happened in a game; this module decides
what the report says about it, once. The HTML and Markdown renderers only lay these
texts out (and escape them), so the two can no longer drift apart: a figure or a
sentence is in both or in neither (tests/test_report_model.py checks it).

Every text here is plain, unescaped and already translated; numbers are formatted the
way both renderers print them (a real minus sign, as on the printed deck).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.classroom.charts import Series
from game.classroom.debrief import Debrief, Step, closing_questions, comparable
from game.classroom.deck_html import goal_ranges
from game.classroom.htmlkit import moves_words
from game.classroom.session import record_headline
from game.engine import VICTORY, describe_date, tr

# The headings, in order; both renderers print exactly these.
CHART = "The meters over time"
FIGURES = "The figures behind the chart"
GOALS = "Each team's goals"
EVENTS = "The facilitator stepped in"
NOTES = "Notes on the records"
DECISIONS = "Decision by decision"
QUESTIONS = "Closing debrief"
SIDE_BY_SIDE = "The groups side by side"
INTRO = ("Read it together after the session: the meters, each decision with the teams' picks and "
         "reasons, the roads not taken, what really happened, and questions to talk about.")
ROADS = "The roads not taken"
ROADS_NOTE = "the immediate effect only; later cards would have differed too"

_EVENT_WORDS = (("pause", "pause", "pauses"), ("extend", "extra time", "extra times"), ("undo", "undo", "undos"),
                ("inject", "injected card", "injected cards"), ("override", "override", "overrides"),
                ("timeout", "decision taken when time ran out", "decisions taken when time ran out"))


_RULES = {"majority": "majority vote", "decider": "the designated decider", "rotate": "each team in turn, card by card",
          "facilitator": "the facilitator"}


def fold(value: object) -> str:
    return " ".join(str(value).split())


@dataclass(frozen=True)
class EndingView:
    heading: str                      # "Game over: The Kremlin loses patience"
    kind: str                         # the ending's kind ("victory", "loss"...), "" if unfinished
    text: str                         # the ending's text (paragraphs kept), or why the term stopped
    score: str = ""                   # "Balance score 71 of 100: Steady hands."
    grade_text: str = ""
    decisive: str = ""                # "The decisive decision: ..."


@dataclass(frozen=True)
class GoalRow:
    role: str
    envoy: bool
    goal: str
    ranges: str
    values: str                       # "Moscow 54, Beijing 40" at the end
    met: bool

    @property
    def verdict(self) -> str:
        # Words and a mark, never colour alone: it prints in black and white.
        return "✔ met" if self.met else "✘ not met"


@dataclass(frozen=True)
class RoadView:
    label: str
    moves: str
    ends: str                         # "That alone would have ended the game: ..." or ""


@dataclass(frozen=True)
class DecisionView:
    anchor: str
    number: int
    heading: str                      # "3. Spring 2020: The loan"
    tags: tuple[str, ...]
    speaker: str                      # "Brought by the ..." or ""
    text: str                         # the card's text (paragraphs kept)
    picks: tuple[tuple[str, str], ...]  # (team, the answer it picked)
    how: str                          # "Time ran out; decided by majority vote (3 of 4 teams)"
    chosen: str
    rationale: str
    outcome: str
    moved: str
    roads: tuple[RoadView, ...]
    note: str
    source: str
    question: str


@dataclass(frozen=True)
class GroupView:
    name: str
    anchor: str
    summary: tuple[tuple[str, str], ...]
    ending: EndingView
    series: tuple[Series, ...]
    marks: Mapping[int, str]
    figures_head: tuple[str, ...]     # "Decision", then the meters
    figures: tuple[tuple[int, ...], ...]
    goals_met: str                    # "3 of 5 goals met at the end of the game." or ""
    goals: tuple[GoalRow, ...]
    events: str                       # "1 undo, 2 pauses." or ""
    warnings: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    questions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ComparisonView:
    note: str
    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    grid: tuple[tuple[int, tuple[tuple[str, str] | None, ...]], ...]  # per decision: (card, answer) per group


@dataclass(frozen=True)
class ReportView:
    title: str
    intro: str
    comparison: ComparisonView | None
    groups: tuple[GroupView, ...]


def moves_text(d: Debrief, moves: Mapping[str, int]) -> str:
    return moves_words(d.content, moves, d.lang)


def _summary(d: Debrief) -> tuple[tuple[str, str], ...]:
    state, scenario = d.state, d.content.scenarios.get(d.state.scenario)
    rows = [("Scenario", fold(tr(scenario.name, d.lang)) if scenario else state.scenario),
            ("Seed", str(state.seed)),
            ("Decisions", f"{len(state.decisions)}" + (f" of {scenario.turns}" if scenario else ""))]
    if d.teams:
        rows.append(("Teams", ", ".join(fold(tr(r.name, d.lang)) for r in d.teams)))
    if d.envoys:
        rows.append(("Envoys", ", ".join(fold(tr(r.name, d.lang)) for r in d.envoys)))
    if d.session:
        rule = str(d.session.get("decide") or "")
        how = _RULES.get(rule, rule)
        if rule == "decider" and d.session.get("decider"):
            how += f" ({d.role_name(str(d.session.get('decider')))})"
        if how:
            rows.append(("Decided by", how))
        minutes = d.session.get("minutes")
        if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0:
            rows.append(("Discussion time", f"{minutes:g} minutes a card"))
    return tuple(rows)


def _ending(d: Debrief) -> EndingView:
    state = d.state
    if not state.over:
        who = "The facilitator stopped" if d.ended_early else "The game stopped"
        return EndingView(d.ending_title(), "",
                          f"{who} after {len(state.decisions)} decisions; the term was not finished.")
    ending = d.content.endings.get(state.ending or "")
    kind = ending.kind if ending else ""
    score = grade_text = ""
    if state.score is not None:
        grade = next((g for g in d.content.grades if g.id == state.grade), None)
        score = f"Balance score {state.score} of 100" + (f": {fold(tr(grade.title, d.lang))}." if grade else ".")
        grade_text = fold(tr(grade.text, d.lang)) if grade else ""
    decisive = f"The decisive decision: {d.decisive_reason()}." if d.decisive is not None else ""
    return EndingView(("" if kind == VICTORY else "Game over: ") + d.ending_title(), kind,
                      tr(ending.text, d.lang).strip() if ending else "", score, grade_text, decisive)


def _goals(d: Debrief) -> tuple[str, tuple[GoalRow, ...]]:
    rows = []
    for role in d.teams + d.envoys:
        for check in d.goals.get(role.id, []):
            rows.append(GoalRow(
                fold(tr(role.name, d.lang)), bool(role.envoy_of), fold(tr(check.goal.text, d.lang)),
                goal_ranges(d.content, check.goal.meters, d.lang),
                ", ".join(f"{d.meter_name(m)} {v}" for m, v in check.values.items()), check.met))
    if not rows:
        return "", ()
    return f"{sum(r.met for r in rows)} of {len(rows)} goals met at the end of the game.", tuple(rows)


def _events(d: Debrief) -> str:
    counts = d.events or {}
    items = [f"{counts[key]} {one if counts[key] == 1 else many}" for key, one, many in _EVENT_WORDS
             if isinstance(counts.get(key), int) and not isinstance(counts[key], bool) and counts[key] > 0]
    return ", ".join(items) + "." if items else ""


def _decision(d: Debrief, step: Step, group: int) -> DecisionView:
    decision, record = step.decision, step.record
    card = d.content.cards.get(decision.card)
    title = fold(tr(card.title, d.lang)) if card else decision.card
    tags = []
    if decision.injected:
        tags.append("injected by the facilitator")
    if decision.followup:
        tags.append("delayed consequence")
    if record and record.get("override"):
        tags.append("override")
    if record and (record.get("timeout") or record.get("method") == "timeout"):
        tags.append("time ran out")
    speaker = d.content.cast.get(card.speaker) if card else None
    how = record_headline(record, d.role_name) if record else ""
    roads = []
    for road in step.roads:
        if road.taken:
            continue
        ends = ""
        if road.ends:
            ending = d.content.endings.get(road.ends)
            ends = f"That alone would have ended the game: {fold(tr(ending.title, d.lang)) if ending else road.ends}."
        roads.append(RoadView(d.choice_label(decision.card, road.index), moves_text(d, road.moves), ends))
    outcome = ""
    if card and 0 <= decision.choice < len(card.choices):
        outcome = fold(tr(card.choices[decision.choice].outcome, d.lang))
    history = card.history if card else None
    return DecisionView(
        anchor=f"g{group}-d{step.number}", number=step.number,
        heading=f"{step.number}. {describe_date(decision.date)}: {title}", tags=tuple(tags),
        speaker=f"Brought by the {fold(tr(speaker.name, d.lang))}." if speaker else "",
        text=tr(card.text, d.lang).strip() if card else "",
        picks=tuple((d.role_name(team), d.choice_label(decision.card, pick)) for team, pick in d.ordered_picks(record))
        if record and record.get("picks") else (),
        how=(how[:1].upper() + how[1:]) if how else "Chosen",
        chosen=d.choice_label(decision.card, decision.choice),
        rationale=fold(record.get("rationale") or "") if record else "",
        outcome=outcome, moved=moves_text(d, step.moved), roads=tuple(roads),
        note=fold(tr(history.note, d.lang)) if history else "",
        source=fold(tr(history.source, d.lang)) if history else "",
        question=fold(tr(history.question, d.lang)) if history else "",
    )


def group_view(d: Debrief, index: int = 0) -> GroupView:
    history = d.history
    meters = d.content.meters
    series = tuple(Series(m.id, fold(tr(m.name, d.lang)), [snap.get(m.id, 0) for snap in history],
                          m.high_ending is not None) for m in meters)
    goals_met, goals = _goals(d)
    return GroupView(
        name=d.name, anchor=f"group-{index}", summary=_summary(d), ending=_ending(d), series=series,
        marks={s.number: "injected" for s in d.steps if s.decision.injected},
        figures_head=("Decision",) + tuple(d.meter_name(m.id) for m in meters),
        figures=tuple((n,) + tuple(snap.get(m.id, 0) for m in meters) for n, snap in enumerate(history)),
        goals_met=goals_met, goals=goals, events=_events(d), warnings=tuple(d.warnings),
        decisions=tuple(_decision(d, step, index) for step in d.steps),
        questions=tuple(closing_questions(d)),
    )


def _comparison(debriefs: Sequence[Debrief]) -> ComparisonView:
    first = debriefs[0]
    rows = [("Ending", tuple(d.ending_title() for d in debriefs)),
            ("Balance score", tuple(str(d.state.score) if d.state.score is not None else "–" for d in debriefs)),
            ("Decisions", tuple(str(len(d.state.decisions)) for d in debriefs))]
    for meter in first.content.meters:
        rows.append((fold(tr(meter.name, first.lang)), tuple(str(d.state.meters.get(meter.id, "–")) for d in debriefs)))
    rows.append(("Goals met", tuple(f"{sum(c.met for cs in d.goals.values() for c in cs)} of "
                                    f"{sum(len(cs) for cs in d.goals.values())}" for d in debriefs)))
    grid = []
    for n in range(max(len(d.steps) for d in debriefs)):
        cells: list[tuple[str, str] | None] = []
        for d in debriefs:
            if n < len(d.steps):
                step = d.steps[n]
                card = d.content.cards.get(step.decision.card)
                cells.append((fold(tr(card.title, d.lang)) if card else step.decision.card,
                              d.choice_label(step.decision.card, step.decision.choice)))
            else:
                cells.append(None)
        grid.append((n + 1, tuple(cells)))
    note = ("Every group played the same deal (same scenario and seed), so the first card is the same for all; "
            "where the cards differ later, the groups' own choices changed what came." if comparable(debriefs) else
            "The groups played different deals (scenario or seed), so their cards differ.")
    return ComparisonView(note, tuple(d.name for d in debriefs), tuple(rows), tuple(grid))


def report_view(debriefs: Sequence[Debrief]) -> ReportView:
    """What the report of one or more games says, for either renderer."""
    debriefs = list(debriefs)
    title = "Multi-Vector: debrief" + (f" of {debriefs[0].name}" if len(debriefs) == 1 else
                                       f" of {len(debriefs)} groups")
    return ReportView(title, INTRO, _comparison(debriefs) if len(debriefs) > 1 else None,
                      tuple(group_view(d, n) for n, d in enumerate(debriefs)))
