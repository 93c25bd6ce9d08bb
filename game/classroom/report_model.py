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
from game.base.i18n import N_, _, date_label, ngettext
from game.engine import VICTORY, tr

# The headings, in order; both renderers print exactly these, through _() (marked N_
# here: the language is known only when the report is made).
CHART = N_("The meters over time")
FIGURES = N_("The figures behind the chart")
GOALS = N_("Each team's goals")
EVENTS = N_("The facilitator stepped in")
NOTES = N_("Notes on the records")
DECISIONS = N_("Decision by decision")
QUESTIONS = N_("Closing debrief")
SIDE_BY_SIDE = N_("The groups side by side")
INTRO = N_("Read it together after the session: the meters, each decision with the teams' picks and "
           "reasons, the roads not taken, what really happened, and questions to talk about.")
ROADS = N_("The roads not taken")
ROADS_NOTE = N_("the immediate effect only; later cards would have differed too")


def _event_words(key: str, count: int) -> str | None:
    """``2 pauses``: one kind of the facilitator's interventions, counted."""
    if key == "pause":
        return ngettext("{n} pause", "{n} pauses", count).format(n=count)
    if key == "extend":
        return ngettext("{n} extra time", "{n} extra times", count).format(n=count)
    if key == "undo":
        return ngettext("{n} undo", "{n} undos", count).format(n=count)
    if key == "inject":
        return ngettext("{n} injected card", "{n} injected cards", count).format(n=count)
    if key == "override":
        return ngettext("{n} override", "{n} overrides", count).format(n=count)
    if key == "timeout":
        return ngettext("{n} decision taken when time ran out", "{n} decisions taken when time ran out",
                        count).format(n=count)
    return None


_EVENT_KEYS = ("pause", "extend", "undo", "inject", "override", "timeout")

_RULES = {"majority": N_("majority vote"), "decider": N_("the designated decider"),
          "rotate": N_("each team in turn, card by card"), "facilitator": N_("the facilitator")}


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
        return _("✔ met") if self.met else _("✘ not met")


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
    decisions = (_("{done} of {turns}").format(done=len(state.decisions), turns=scenario.turns) if scenario
                 else str(len(state.decisions)))
    rows = [(_("Scenario"), fold(tr(scenario.name, d.lang)) if scenario else state.scenario),
            (_("Seed"), str(state.seed)),
            (_("Decisions"), decisions)]
    if d.teams:
        rows.append((_("Teams"), ", ".join(fold(tr(r.name, d.lang)) for r in d.teams)))
    if d.envoys:
        rows.append((_("Envoys"), ", ".join(fold(tr(r.name, d.lang)) for r in d.envoys)))
    if d.session:
        rule = str(d.session.get("decide") or "")
        how = _(_RULES[rule]) if rule in _RULES else rule
        if rule == "decider" and d.session.get("decider"):
            how += f" ({d.role_name(str(d.session.get('decider')))})"
        if how:
            rows.append((_("Decided by"), how))
        minutes = d.session.get("minutes")
        if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0:
            rows.append((_("Discussion time"), _("{minutes} minutes a card").format(minutes=f"{minutes:g}")))
    return tuple(rows)


def _ending(d: Debrief) -> EndingView:
    state = d.state
    if not state.over:
        count = len(state.decisions)
        stopped = (ngettext("The facilitator stopped after {n} decision; the term was not finished.",
                            "The facilitator stopped after {n} decisions; the term was not finished.", count)
                   if d.ended_early else
                   ngettext("The game stopped after {n} decision; the term was not finished.",
                            "The game stopped after {n} decisions; the term was not finished.", count))
        return EndingView(d.ending_title(), "", stopped.format(n=count))
    ending = d.content.endings.get(state.ending or "")
    kind = ending.kind if ending else ""
    score = grade_text = ""
    if state.score is not None:
        grade = next((g for g in d.content.grades if g.id == state.grade), None)
        score = (_("Balance score {score} of 100: {grade}.").format(score=state.score, grade=fold(tr(grade.title, d.lang)))
                 if grade else _("Balance score {score} of 100.").format(score=state.score))
        grade_text = fold(tr(grade.text, d.lang)) if grade else ""
    decisive = (_("The decisive decision: {reason}.").format(reason=d.decisive_reason())
                if d.decisive is not None else "")
    heading = d.ending_title() if kind == VICTORY else _("Game over: {ending}").format(ending=d.ending_title())
    return EndingView(heading, kind,
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
    met = sum(r.met for r in rows)
    return ngettext("{met} of {total} goal met at the end of the game.",
                    "{met} of {total} goals met at the end of the game.", len(rows)).format(
        met=met, total=len(rows)), tuple(rows)


def _events(d: Debrief) -> str:
    counts = d.events or {}
    found = [_event_words(key, counts[key]) for key in _EVENT_KEYS
             if isinstance(counts.get(key), int) and not isinstance(counts[key], bool) and counts[key] > 0]
    items = [item for item in found if item]
    return ", ".join(items) + "." if items else ""


def _decision(d: Debrief, step: Step, group: int) -> DecisionView:
    decision, record = step.decision, step.record
    card = d.content.cards.get(decision.card)
    title = fold(tr(card.title, d.lang)) if card else decision.card
    tags = []
    if decision.injected:
        tags.append(_("injected by the facilitator"))
    if decision.followup:
        tags.append(_("delayed consequence"))
    if record and record.get("override"):
        tags.append(_("override"))
    if record and (record.get("timeout") or record.get("method") == "timeout"):
        tags.append(_("time ran out"))
    speaker = d.content.cast.get(card.speaker) if card else None
    how = record_headline(record, d.role_name) if record else ""
    roads = []
    for road in step.roads:
        if road.taken:
            continue
        ends = ""
        if road.ends:
            ending = d.content.endings.get(road.ends)
            ends = _("That alone would have ended the game: {ending}.").format(
                ending=fold(tr(ending.title, d.lang)) if ending else road.ends)
        roads.append(RoadView(d.choice_label(decision.card, road.index), moves_text(d, road.moves), ends))
    outcome = ""
    if card and 0 <= decision.choice < len(card.choices):
        outcome = fold(tr(card.choices[decision.choice].outcome, d.lang))
    history = card.history if card else None
    return DecisionView(
        anchor=f"g{group}-d{step.number}", number=step.number,
        heading=f"{step.number}. {date_label(decision.date)}: {title}", tags=tuple(tags),
        speaker=_("Brought by the {speaker}.").format(speaker=fold(tr(speaker.name, d.lang))) if speaker else "",
        text=tr(card.text, d.lang).strip() if card else "",
        picks=tuple((d.role_name(team), d.choice_label(decision.card, pick)) for team, pick in d.ordered_picks(record))
        if record and record.get("picks") else (),
        how=(how[:1].upper() + how[1:]) if how else _("Chosen"),
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
        marks={s.number: _("injected") for s in d.steps if s.decision.injected},
        figures_head=(_("Decision"),) + tuple(d.meter_name(m.id) for m in meters),
        figures=tuple((n,) + tuple(snap.get(m.id, 0) for m in meters) for n, snap in enumerate(history)),
        goals_met=goals_met, goals=goals, events=_events(d), warnings=tuple(d.warnings),
        decisions=tuple(_decision(d, step, index) for step in d.steps),
        questions=tuple(closing_questions(d)),
    )


def _comparison(debriefs: Sequence[Debrief]) -> ComparisonView:
    first = debriefs[0]
    rows = [(_("Ending"), tuple(d.ending_title() for d in debriefs)),
            (_("Balance score"), tuple(str(d.state.score) if d.state.score is not None else "–" for d in debriefs)),
            (_("Decisions"), tuple(str(len(d.state.decisions)) for d in debriefs))]
    for meter in first.content.meters:
        rows.append((fold(tr(meter.name, first.lang)), tuple(str(d.state.meters.get(meter.id, "–")) for d in debriefs)))
    rows.append((_("Goals met"), tuple(_("{done} of {turns}").format(
        done=sum(c.met for cs in d.goals.values() for c in cs), turns=sum(len(cs) for cs in d.goals.values()))
        for d in debriefs)))
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
    note = (_("Every group played the same deal (same scenario and seed), so the first card is the same for all; "
              "where the cards differ later, the groups' own choices changed what came.") if comparable(debriefs) else
            _("The groups played different deals (scenario or seed), so their cards differ."))
    return ComparisonView(note, tuple(d.name for d in debriefs), tuple(rows), tuple(grid))


def report_view(debriefs: Sequence[Debrief]) -> ReportView:
    """What the report of one or more games says, for either renderer."""
    debriefs = list(debriefs)
    title = (_("Multi-Vector: debrief of {name}").format(name=debriefs[0].name) if len(debriefs) == 1 else
             _("Multi-Vector: debrief of {count} groups").format(count=len(debriefs)))
    return ReportView(title, _(INTRO), _comparison(debriefs) if len(debriefs) > 1 else None,
                      tuple(group_view(d, n) for n, d in enumerate(debriefs)))
