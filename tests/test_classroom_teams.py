"""Teams a class names (up to eight, two may play one role), a group name, a decider
that rotates card by card, and a projector that shows every team's whole name."""

from __future__ import annotations

import argparse
import csv
import io

import pytest

from game.classroom import sessionlog as slog
from game.classroom.debrief import build_debrief
from game.classroom.gradebook import report_csv
from game.classroom.report_html import report_html
from game.classroom.session import MAX_TEAMS, ClassSession, Settings, parse_teams
from game.commands.classroom import settings_from_args, settings_from_meta
from game.tui.classroom.app import EndScreen, OutcomeScreen, SessionScreen, create_classroom_app
from tests.test_classroom_app import FakeClock
from tests.test_report_model import html_text

EIGHT = ("Lions of the Steppe=foreign_ministry,Eagles over Astana and Almaty=foreign_ministry,"
         "Owls=security_council,Wolves=security_council,Foxes=economy_ministry,Bears=economy_ministry,"
         "Hawks=civil_society,Snow Leopards=civil_society")


def args(**given) -> argparse.Namespace:
    base = dict(scenario=None, teams=None, turns=3, minutes=0, decide="majority", group=None)
    return argparse.Namespace(**{**base, **given})


def test_named_teams_two_to_a_role_up_to_eight(base_content):
    parsed = parse_teams(base_content, EIGHT.split(",") + ["moscow_envoy"])
    assert parsed.problems == ()
    assert len(parsed.teams) == 8 and parsed.envoys == ("moscow_envoy",)
    assert parsed.teams[:2] == ("lions_of_the_steppe", "eagles_over_astana_and_almaty")
    assert dict(parsed.roles)["owls"] == "security_council" and dict(parsed.names)["owls"] == "Owls"
    # Mixed with a plain role, and a name that would clash with a role id gets its own id.
    mixed = parse_teams(base_content, ["security_council", "Security Council=security_council"])
    assert mixed.problems == () and mixed.teams == ("security_council", "security_council_2")


@pytest.mark.parametrize("wanted, problem", [
    (EIGHT.split(",") + ["Ninth=civil_society"], f"at most {MAX_TEAMS} voting teams"),
    (["Spies=moscow_envoy"], "no advisory role 'moscow_envoy'"),
    (["Lions=foreign_ministy"], "did you mean"),
    (["Evil\u202egnirts=foreign_ministry"], "printable characters"),
    (["=foreign_ministry"], "printable characters"),
    ([("x" * 41) + "=foreign_ministry"], "printable characters"),
])
def test_bad_team_lists_are_refused_with_a_reason(base_content, wanted, problem):
    parsed = parse_teams(base_content, wanted)
    assert any(problem in p for p in parsed.problems), parsed.problems


def test_the_command_line_sets_names_group_and_rotation(base_content):
    settings, problem = settings_from_args(args(teams=EIGHT, group="Period 5", decide="rotate"), base_content, 9)
    assert problem is None and settings.group == "Period 5" and settings.decide == "rotate"
    assert len(settings.teams) == 8
    # A save carries them, and they come back as they were.
    session = ClassSession(base_content, settings)
    again, problem = settings_from_meta(session.meta(), base_content)
    assert problem is None and again == settings
    _, problem = settings_from_args(args(group="Period\x1b[2J"), base_content, 9)
    assert "--group" in problem


@pytest.mark.parametrize("tamper", [
    lambda m: m["names"].update(owls="Owls\x1b[31m"),
    lambda m: m["roles"].update(owls="moscow_envoy"),
    lambda m: (m["roles"].update({"<b>x</b>": "civil_society"}), m["names"].update({"<b>x</b>": "X"}),
               m["teams"].append("<b>x</b>")),
    lambda m: m["names"].pop("owls"),
    lambda m: m.update(teams=m["teams"] + ["owls"]),
])
def test_a_tampered_save_with_named_teams_is_refused(base_content, tamper):
    settings, _ = settings_from_args(args(teams=EIGHT), base_content, 9)
    meta = ClassSession(base_content, settings).meta()
    tamper(meta["classroom"])
    again, problem = settings_from_meta(meta, base_content)
    assert again is None and problem


def rotating(base_content, tmp_path):
    settings, _ = settings_from_args(args(teams="Lions=foreign_ministry,Owls=security_council,civil_society",
                                          decide="rotate", turns=4, group="Period 5"), base_content, 11)
    log = slog.SessionLog(tmp_path / "rot.session.jsonl")
    clock = iter(range(10_000)).__next__
    return ClassSession(base_content, settings, log=log, clock=clock, wall=clock), log


def test_the_decider_rotates_card_by_card_and_undo_turns_it_back(base_content, tmp_path):
    session, log = rotating(base_content, tmp_path)
    assert session.decider == "lions"
    session.pick("lions", 1)
    session.pick("owls", 0)
    session.pick("civil_society", 0)  # the majority says 1; the decider of this card says 2
    outcome = session.decide()
    assert outcome.choice == 1 and outcome.method == "decider"
    assert outcome.headline() == "decided by the designated decider (Lions (Foreign Ministry))"
    assert session.decider == "owls"
    session.undo()
    assert session.decider == "lions"
    session.pick("lions", 0)
    session.decide()
    session.pick("owls", 1)
    session.decide()
    assert session.decider == "civil_society"
    log.close()
    standing = slog.standing_decisions(slog.read_log(log.path).records)
    assert [d["decider"] for d in standing] == ["lions", "owls"]


def test_named_teams_in_the_report_and_the_gradebook(base_content, tmp_path):
    session, log = rotating(base_content, tmp_path)
    for _ in range(2):
        session.pick(session.decider, 0)
        session.decide()
    log.close()
    debrief = build_debrief(base_content, session.state, name="rot", meta=session.meta(),
                            log=slog.read_log(log.path))
    assert [r.id for r in debrief.teams] == ["lions", "owls", "civil_society"]
    assert debrief.goals["lions"] and debrief.warnings == []
    page = html_text(report_html([debrief]))
    assert "Decided by the designated decider (Owls (Security Council))" in page
    assert "each team in turn, card by card" in page and "Lions (Foreign Ministry)" in page
    rows = list(csv.DictReader(io.StringIO(report_csv([debrief]))))
    totals = {r["team"]: r for r in rows if r["kind"] == "team"}
    assert totals["Lions (Foreign Ministry)"]["votes_cast"] == "1 of 2"
    assert {r["team"] for r in rows if r["kind"] == "goal"} >= {"Lions (Foreign Ministry)", "Owls (Security Council)"}


async def test_the_projector_shows_eight_whole_names_and_goals_by_more_than_colour(tmp_path, base_content):
    settings, _ = settings_from_args(args(teams=EIGHT, turns=1, group="Period 5"), base_content, 42)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="eight", fingerprint="",
                               clock=FakeClock(), wall=FakeClock())
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press(*"12111111")
        await pilot.pause()
        votes = " ".join(str(app.screen.query_one("#votes").render()).split())
        for entry in EIGHT.split(","):
            assert entry.split("=")[0] in votes
        assert "Eagles over Astana and Almaty (Foreign Ministry)" in votes
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        shown = str(app.screen.query_one("Static").render())
        assert "Snow Leopards (Civil Society)" in shown
        assert "✔ MET" in shown or "✘ NOT MET" in shown


async def test_a_named_team_joins_from_a_device_and_sees_its_roles_brief(base_content, tmp_path):
    from aiohttp.test_utils import TestClient, TestServer

    from game.classroom.store import SessionStore
    from game.classroom.web import ClassroomWeb
    from game.engine import tr

    settings, _ = settings_from_args(args(teams="Lions=foreign_ministry,Eagles=foreign_ministry"), base_content, 3)
    store = SessionStore(tmp_path / "n.session.db", settings.teams)
    session = ClassSession(base_content, settings, store=store)
    async with TestClient(TestServer(ClassroomWeb(lambda: session).app())) as client:
        index = html_text(await (await client.get("/")).text())
        assert "Lions (Foreign Ministry)" in index and "Eagles (Foreign Ministry)" in index
        seat = await client.post("/join", data={"code": store.code, "team": "eagles"})
        page = html_text(await seat.text())
        assert "You are Eagles (Foreign Ministry)" in page
        brief = next(r for r in base_content.roles if r.id == "foreign_ministry").brief
        assert " ".join(tr(brief).split())[:60] in page
    store.close()
