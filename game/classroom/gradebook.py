"""``report --format csv``: the debrief as rows a gradebook or spreadsheet can sort.

One table, one row per fact, told apart by ``kind``:

``pick``  a team's pick on a decision, beside the answer taken, how it was taken (the
          projector's words) and the class's rationale;
``goal``  a role's private goal, its meter ranges, the values at the end, met or not;
``team``  a team's totals: votes cast, picks that became the decision, goals met.

The figures are the report's own (:mod:`game.classroom.report_model` and the debrief),
so the CSV cannot disagree with the HTML or Markdown. Every cell is text from the game or
typed by students: a cell that a spreadsheet would run as a formula is prefixed with an
apostrophe, and control characters are shown escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from game.base.text import escape_controls
from game.classroom.debrief import Debrief
from game.classroom.deck_html import goal_ranges
from game.classroom.session import record_headline
from game.engine import describe_date, tr

COLUMNS = ("group", "kind", "role", "team", "decision", "date", "card", "card_title", "picked", "picked_answer",
           "chosen", "chosen_answer", "decided", "with_decision", "rationale", "goal", "ranges", "at_end", "met",
           "votes_cast", "picks_taken", "goals_met")

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = escape_controls(" ".join(str(value).split()))
    return "'" + text if text.startswith(_FORMULA) else text


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def rows(d: Debrief) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    cast: dict[str, int] = {}
    taken: dict[str, int] = {}
    for step in d.steps:
        record, decision = step.record, step.decision
        card = d.content.cards.get(decision.card)
        base = {"decision": str(step.number), "date": describe_date(decision.date), "card": decision.card,
                "card_title": tr(card.title, d.lang) if card else decision.card,
                "chosen": str(decision.choice + 1),
                "chosen_answer": d.choice_label(decision.card, decision.choice),
                "decided": record_headline(record, d.role_name) if record else "",
                "rationale": str(record.get("rationale") or "") if record else ""}
        for team, raw in d.ordered_picks(record):
            pick = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
            cast[team] = cast.get(team, 0) + (pick is not None)
            taken[team] = taken.get(team, 0) + (pick == decision.choice)
            out.append({**base, "kind": "pick", "role": "team", "team": d.role_name(team),
                        "picked": str(pick + 1) if pick is not None else "",
                        "picked_answer": d.choice_label(decision.card, pick),
                        "with_decision": _yes(pick == decision.choice) if pick is not None else ""})
    for role in d.teams + d.envoys:
        for check in d.goals.get(role.id, []):
            out.append({"kind": "goal", "role": "envoy" if role.envoy_of else "team", "team": tr(role.name, d.lang),
                        "goal": tr(check.goal.text, d.lang), "ranges": goal_ranges(d.content, check.goal.meters, d.lang),
                        "at_end": ", ".join(f"{d.meter_name(m)} {v}" for m, v in check.values.items()),
                        "met": _yes(check.met)})
    decisions = sum(1 for s in d.steps if s.record and s.record.get("picks"))
    for role in d.teams + d.envoys:
        checks = d.goals.get(role.id, [])
        row = {"kind": "team", "role": "envoy" if role.envoy_of else "team", "team": tr(role.name, d.lang),
               "goals_met": f"{sum(c.met for c in checks)} of {len(checks)}"}
        if not role.envoy_of:
            row["votes_cast"] = f"{cast.get(role.id, 0)} of {decisions}"
            row["picks_taken"] = str(taken.get(role.id, 0))
        out.append(row)
    return [{"group": d.name, **row} for row in out]


def report_csv(debriefs: Sequence[Debrief]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for d in debriefs:
        for row in rows(d):
            writer.writerow({k: cell(v) for k, v in row.items()})
    return buffer.getvalue()
