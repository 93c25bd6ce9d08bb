"""``report --format csv``: the gradebook rows say what the debrief says, and a student's
rationale cannot become a spreadsheet formula."""

from __future__ import annotations

import csv
import io

from game.classroom import report_model as rm
from game.classroom import sessionlog as slog
from game.classroom.debrief import build_debrief
from game.classroom.gradebook import COLUMNS, report_csv
from game.cli import main
from tests.test_report_model import TEAMS, lesson


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def played(tmp_path):
    content, session, log, now = lesson(tmp_path)
    session.pick("red", 1)
    session.pick("blue", 1)
    session.pick("green", 0)
    session.decide(rationale='=HYPERLINK("http://x.example","click"), and a "quote"')
    session.pick("gold", 1)
    now[0] += 120
    session.decide(timeout=True, rationale="-2 for the economy")
    log.close()
    return content, session, build_debrief(content, session.state, name="Period 3, room 12",
                                           meta=session.meta(), log=slog.read_log(log.path))


def test_one_row_per_team_and_decision_then_goals_then_totals(tmp_path):
    content, session, debrief = played(tmp_path)
    rows = read(report_csv([debrief]))
    assert list(rows[0]) == list(COLUMNS)
    picks = [r for r in rows if r["kind"] == "pick"]
    assert len(picks) == 2 * len(TEAMS)
    first = [r for r in picks if r["decision"] == "1"]
    assert [(r["team"], r["picked"], r["with_decision"]) for r in first] == [
        ("Team Red", "2", "yes"), ("Team Blue", "2", "yes"), ("Team Green", "1", "no"), ("Team Gold", "", "")]
    assert {r["chosen"] for r in first} == {"2"} and {r["group"] for r in rows} == {"Period 3, room 12"}
    # How each was decided: the report's (and the projector's) words.
    view = rm.report_view([debrief]).groups[0]
    assert [r["decided"] for r in picks[::len(TEAMS)]] == [v.how[:1].lower() + v.how[1:] for v in view.decisions]
    assert picks[-1]["decided"].startswith("time ran out")
    goals = [r for r in rows if r["kind"] == "goal"]
    assert [r["met"] == "yes" for r in goals] == [c.met for role in debrief.teams + debrief.envoys
                                                   for c in debrief.goals[role.id]]
    totals = {r["team"]: r for r in rows if r["kind"] == "team"}
    assert totals["Team Red"]["votes_cast"] == "1 of 2" and totals["Team Red"]["picks_taken"] == "1"
    assert totals["Team Green"]["picks_taken"] == "0"


def test_typed_text_cannot_become_a_formula(tmp_path):
    content, session, debrief = played(tmp_path)
    rationales = [r["rationale"] for r in read(report_csv([debrief])) if r["kind"] == "pick"]
    assert rationales[0] == '\'=HYPERLINK("http://x.example","click"), and a "quote"'
    assert rationales[-1] == "'-2 for the economy"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in read(report_csv([debrief]))
                   for cell in row.values())


def test_report_command_writes_csv(tmp_path, capsys):
    saves = str(tmp_path)
    assert main(["play", "--headless", "--seed", "3", "--choices", "1,2,1", "--save", "g1", "--saves", saves]) == 0
    out = tmp_path / "grades.csv"
    assert main(["report", "g1", "--saves", saves, "--format", "csv", "-o", str(out)]) == 0
    rows = read(out.read_text(encoding="utf-8"))
    # A game without a classroom session has no picks: goals and totals only.
    assert rows and {r["kind"] for r in rows} == {"goal", "team"}
