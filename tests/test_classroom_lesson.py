"""The classroom issue's "done when": a scripted lesson with four teams on the projector,
two of them voting from their own devices (headless Chromium), runs to the end; the
tally, the decision rule, the timeouts and the override are recorded truly, and alike,
in the SQLite state, the session log and the reports (HTML, Markdown and CSV).

The four decisions, one of each kind a teacher meets:

1. a majority, three of four (two votes from browsers, two typed by the teacher);
2. time runs out on a tied vote: the cautious default, said as such;
3. a unanimous vote the facilitator overrules from the teacher's page in the browser,
   with a reason: an override;
4. time runs out with one team's pick standing: "the votes cast", never a majority.

Skipped with a message where no Chromium is installed (.ci/run installs Debian's)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from game.classroom import sessionlog as slog
from game.classroom.session import Settings
from game.cli import main
from game.saves.fingerprint import fingerprint_for_dirs
from game.tui.classroom.app import EndScreen, OutcomeScreen, SessionScreen, TimeUp, create_classroom_app
from tests.cdp import Browser, find_chromium
from tests.test_classroom_app import FakeClock
from tests.test_report_model import html_text, md_text

CHROMIUM = find_chromium()
REASON = "<b>Moscow</b> must not hear of it"  # typed on the teacher's phone: text, never markup
TEAMS = ("foreign_ministry", "security_council", "economy_ministry", "civil_society")
ON_DEVICES = TEAMS[:2]

WORDS = [
    "decided by majority vote (3 of 4 teams)",
    "time ran out with no vote standing: the answer that moves the meters least",
    "decided by the facilitator, overriding the vote",
    "time ran out; decided by the votes cast (1 of 4 teams; 1 voted)",
]


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed: apt-get install chromium chromium-driver")
async def test_a_scripted_lesson_with_devices_is_recorded_truly(tmp_path, base_content):
    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=4, teams=TEAMS, minutes=3,
                        group="Period 5")
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="lesson",
                               fingerprint=fingerprint_for_dirs(),
                               clock=clock, wall=clock, web=("127.0.0.1", 0))
    headlines: list[str] = []

    async def outcome(pilot) -> None:
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        headlines.append(str(app.screen.query_one("#outcome-body").render()).splitlines()[0])
        await pilot.press("enter")
        await pilot.pause()

    async def time_runs_out(pilot) -> None:
        clock.now += 10_000
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, TimeUp)
        await pilot.press("enter")  # the teacher takes what stands (or the default)
        await outcome(pilot)

    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen, session, url, code = app.screen, app.session, app.join_url, app.session.store.code
        assert isinstance(screen, SessionScreen)
        async with Browser(CHROMIUM) as browser:
            tabs = {}
            for team in ON_DEVICES:
                tab = tabs[team] = await browser.tab()
                await tab.goto(url)
                await tab.submit(f"document.getElementById('code').value = {code!r};"
                                 f"document.getElementById('team').value = {team!r};"
                                 "document.getElementById('join').click()")

            async def vote(team: str, answer: int) -> None:
                tab = tabs[team]
                await tab.goto(url + "seat")
                await tab.submit(f"document.getElementById('choice-{answer}').click();"
                                 "document.getElementById('cast').click()")
                assert f"Your team's vote: answer {answer}" in await tab.text()
                await pilot.pause()

            # 1. The clock starts when the teacher is ready; two devices and two typed votes.
            await pilot.press("space")
            await vote(TEAMS[0], 2)
            await vote(TEAMS[1], 2)
            await pilot.press("down", "down", "2", "1")
            assert session.picks == dict(zip(TEAMS, (1, 1, 1, 0)))
            await pilot.press("enter")
            await outcome(pilot)

            # 2. A tie on the devices, and time runs out (each card's clock starts on space).
            await pilot.press("space")
            await vote(TEAMS[0], 1)
            await vote(TEAMS[1], 2)
            await time_runs_out(pilot)

            # 3. Everyone says 1; the facilitator decides 2, from the teacher's page on
            # their own phone, with a reason; the class reads the outcome, and the
            # teacher's page moves on to the next card.
            await pilot.press("space")
            await vote(TEAMS[0], 1)
            await vote(TEAMS[1], 1)
            await pilot.press("down", "down", "1", "1")
            teacher = await browser.tab()
            await teacher.goto(app.teacher_url)
            await teacher.submit(f"document.getElementById('rationale').value = {REASON!r};"
                                 "document.getElementById('override-2').click()")
            await pilot.pause()
            assert "The class is reading the outcome." in await teacher.text()
            assert REASON in str(app.screen.query_one("#outcome-body").render())
            await outcome(pilot)

            # 4. One device votes, and time runs out.
            await pilot.press("space")
            await vote(TEAMS[1], 2)
            await time_runs_out(pilot)
        assert isinstance(app.screen, EndScreen) and session.state.ending is not None

    assert headlines == [w.upper() for w in WORDS]
    methods = ["majority", "timeout", "facilitator", "majority"]
    timeouts = [False, True, False, True]
    overrides = [False, False, True, False]
    picks = [dict(zip(TEAMS, p)) for p in ((1, 1, 1, 0), (0, 1, None, None), (0, 0, 0, 0), (None, 1, None, None))]
    choices = [d.choice for d in session.state.decisions]
    assert choices[0] == 1 and choices[2] == 1 and choices[3] == 1

    # The SQLite state beside the save.
    db = sqlite3.connect(tmp_path / "lesson.session.db")
    rows = db.execute("SELECT choice, method, override, timeout, picks FROM decisions WHERE undone = 0 "
                      "ORDER BY n").fetchall()
    assert [(c, m, bool(o), bool(t), json.loads(p)) for c, m, o, t, p in rows] == \
        list(zip(choices, methods, overrides, timeouts, picks))
    reasons = [r for (r,) in db.execute("SELECT rationale FROM decisions WHERE undone = 0 ORDER BY n")]
    assert reasons == ["", "", REASON, ""]
    events = [json.loads(r) for (r,) in db.execute("SELECT record FROM events ORDER BY n")]
    device_votes = db.execute("SELECT turn, team, choice FROM votes ORDER BY turn, team").fetchall()
    assert {(team, choice) for _, team, choice in device_votes} >= {(TEAMS[0], 1), (TEAMS[1], 1), (TEAMS[0], 0)}
    assert {team for _, team, _ in device_votes} <= set(TEAMS)
    db.close()

    # The session log.
    log = slog.read_log(tmp_path / "lesson.session.jsonl")
    assert log.warnings == []
    assert events == log.records  # every step in SQLite too
    standing = slog.standing_decisions(log.records)
    assert [d["rationale"] for d in standing] == ["", "", REASON, ""]
    assert [(d["choice"], d["method"], d["override"], d["timeout"], d["picks"]) for d in standing] == \
        list(zip(choices, methods, overrides, timeouts, picks))

    # The reports: the one written at the end, and the command's Markdown and CSV.
    page = html_text((tmp_path / "lesson.report.html").read_text(encoding="utf-8"))
    md_out, csv_out = tmp_path / "again.md", tmp_path / "grades.csv"
    assert main(["report", "lesson", "--saves", str(tmp_path), "-o", str(md_out)]) == 0
    assert main(["report", "lesson", "--saves", str(tmp_path), "--format", "csv", "-o", str(csv_out)]) == 0
    text = md_text(md_out.read_text(encoding="utf-8"))
    for report in (page, text):
        assert REASON in report
        for words in WORDS:
            assert words[:1].upper() + words[1:] in report
        assert "no majority" not in report
        assert "Notes on the records" not in report
    grades = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    decided = [r["decided"] for r in grades if r["kind"] == "pick" and r["team"] == "Foreign Ministry"]
    assert decided == WORDS
    totals = {r["team"]: r for r in grades if r["kind"] == "team"}
    assert totals["Foreign Ministry"]["votes_cast"] == "3 of 4" and totals["Security Council"]["votes_cast"] == "4 of 4"
    assert totals["Civil Society"]["votes_cast"] == "2 of 4"
