"""Students on their own devices, in a real browser: headless Chromium joins two teams
with the code on the projector and votes by secret ballot; the projector shows who has
voted, then the tally once the teacher reveals it, and the decision taken from it is in
the SQLite state, the log and the save.

Skipped with a message where no Chromium is installed (.ci/run installs Debian's)."""

from __future__ import annotations

import sqlite3

import pytest

from game.classroom import sessionlog as slog
from game.classroom.session import Settings
from game.tui.classroom.app import OutcomeScreen, SessionScreen, create_classroom_app
from tests.cdp import Browser, find_chromium

CHROMIUM = find_chromium()
TEAMS = ("foreign_ministry", "security_council")
ENVOY = "moscow_envoy"


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed: apt-get install chromium chromium-driver")
async def test_two_teams_vote_from_a_browser_and_the_projector_shows_the_tally(tmp_path, base_content):
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS,
                        envoys=(ENVOY,), minutes=0, group="Devices")
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="devices", fingerprint="",
                               web=("127.0.0.1", 0))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        session, url, code = app.session, app.join_url, app.session.store.code
        status = str(app.screen.query_one("#status").render())
        assert code in status and url in status  # the projector shows where and how to join

        async with Browser(CHROMIUM) as browser:
            students = [await browser.tab() for _ in TEAMS]
            for tab, team in zip(students, TEAMS):
                await tab.goto(url)
                await tab.submit(f"document.getElementById('code').value = {code.lower()!r};"
                                 f"document.getElementById('team').value = {team!r};"
                                 "document.getElementById('join').click()")
                page = await tab.text()
                assert "Your private goals" in page and "Your team's vote" in page
                await tab.submit("document.getElementById('choice-2').click(); document.getElementById('cast').click()")
                assert "Your team's vote: answer 2" in await tab.text()

            # A wrong code does not join.
            stranger = await browser.tab()
            await stranger.goto(url)
            await stranger.submit("document.getElementById('code').value = 'WRONG1';"
                                  "document.getElementById('join').click()")
            assert "Not joined" in await stranger.text()

            # The envoy lobbies; what they type is shown as text, never as markup.
            envoy = await browser.tab()
            await envoy.goto(url)
            await envoy.submit(f"document.getElementById('code').value = {code!r};"
                               f"document.getElementById('team').value = {ENVOY!r};"
                               "document.getElementById('join').click()")
            await envoy.submit("document.getElementById('text').value = '<b>Think of the gas</b> \\u001b[2J';"
                               "document.getElementById('send').click()")
            assert "Sent" in await envoy.text()

            await pilot.pause()
            votes = str(app.screen.query_one("#votes").render())
            assert session.picks == {TEAMS[0]: 1, TEAMS[1]: 1}
            assert "✓" in votes and "2 of 2 voted" in votes and " 2\n" not in votes  # secret until revealed
            await pilot.press("v")
            await pilot.pause()
            votes = str(app.screen.query_one("#votes").render())
            assert "majority vote: 2" in votes

            # Revealed: the ballot is closed on the students' pages.
            await students[0].goto(url + "seat")
            assert "Voting on this card is closed" in await students[0].text()

            await pilot.press("m")
            message = str(app.screen.query_one("#message").render())
            assert "<b>Think of the gas</b>" in message and "\x1b" not in message

            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, OutcomeScreen)
            assert "BY MAJORITY VOTE (2 OF 2 TEAMS)" in str(app.screen.query_one("#outcome-body").render())

    db = sqlite3.connect(tmp_path / "devices.session.db")
    (choice, method, picks), = db.execute("SELECT choice, method, picks FROM decisions").fetchall()
    assert (choice, method) == (1, "majority") and '"foreign_ministry": 1' in picks
    decision = slog.standing_decisions(slog.read_log(tmp_path / "devices.session.jsonl").records)[0]
    assert decision["picks"] == {TEAMS[0]: 1, TEAMS[1]: 1} and decision["method"] == "majority"
