"""The projector in a terminal too small for its layout: the game's too-small notice
instead of a garbled screen, the clock held behind it (as behind any dialog), votes from
devices still counted, the teacher's page told why nothing can be done, and everything
as it was once the window is large enough again."""

from __future__ import annotations

import json

from game.classroom.session import Settings
from game.commands.classroom import settings_from_args
from game.tui.classroom.app import ProjectorDesk, SessionScreen, create_classroom_app
from game.tui.screens.too_small import TooSmallScreen
from tests.test_classroom_app import TEAMS, FakeClock
from tests.test_classroom_teams import EIGHT, args


def notice(app) -> str:
    return str(app.screen.query_one("#too-small-message").render())


async def test_too_small_holds_the_clock_keeps_the_votes_and_gives_the_screen_back(tmp_path, base_content):
    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=2)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="small", fingerprint="",
                               clock=clock, wall=clock, web=("127.0.0.1", 0))
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen, session = app.screen, app.session
        assert isinstance(screen, SessionScreen)
        await pilot.press("2", "space")  # the first team picks answer 2; the clock starts
        clock.now += 30
        screen.tick()
        assert session.timer.running and session.timer.text() == "1:30"

        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        shown = notice(app)
        assert "60x20" in shown and "80x27" in shown  # 80x24, and three rows for the devices
        assert "clock stops" in shown and "devices are still counted" in shown
        assert not session.timer.running
        clock.now += 600  # ten minutes behind the notice: no card times out unseen
        screen.tick()
        await pilot.press("3", "enter", "space")  # keys do nothing behind the notice
        session.pick(TEAMS[1], 0)  # a student's device votes meanwhile
        desk = ProjectorDesk(app)
        assert desk.phase() == "too-small"
        assert "too small" in await desk.act("decide", {})
        assert session.state.decisions == () and session.timer.text() == "1:30"

        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen is screen
        assert session.timer.running and session.timer.text() == "1:30"
        assert session.picks == {TEAMS[0]: 1, TEAMS[1]: 0, TEAMS[2]: None, TEAMS[3]: None}
        assert "2 of 4 voted" in str(screen.query_one("#votes").render())


async def test_eight_teams_need_more_rows_and_q_on_the_notice_saves_the_picks(tmp_path, base_content):
    settings, problem = settings_from_args(args(teams=EIGHT), base_content, 9)
    assert problem is None
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="eight", fingerprint="")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("1")
        await pilot.resize_terminal(100, 30)  # enough for four teams' rows, not for eight
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen) and "80x32" in notice(app)
        assert "clock" not in notice(app) and "devices" not in notice(app)  # no clock, no devices here
        await pilot.press("q")
        await pilot.pause()
    saved = json.loads((tmp_path / "eight.save.json").read_text(encoding="utf-8"))
    picks = saved["meta"]["classroom"]["table"]["picks"]
    assert list(picks.values()).count(0) == 1  # the pick typed before the window shrank
