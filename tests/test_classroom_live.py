"""The live status of the teacher's page and of a student's seat: the status part alone
is fetched every couple of seconds, behind the page's own secret (or seat), escaped; the
forms are never touched, so a reason being typed survives; a page whose buttons no
longer fit says so and links to a fresh one. In headless Chromium (tests/cdp.py) where
one is installed, and over plain HTTP for the guards."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from game.base.i18n import _, using
from game.classroom.session import ClassSession, Settings
from game.classroom import web
from game.classroom.store import SessionStore
from game.classroom.web import ClassroomWeb
from game.tui.classroom.app import SessionScreen, create_classroom_app
from tests.cdp import Browser, find_chromium

CHROMIUM = find_chromium()
TEAMS = ("foreign_ministry", "security_council")
TOKEN = "teacher-secret-for-the-test"


async def until(tab, expression: str, seconds: float = 4.0):
    """Wait (without reloading anything) until ``expression`` is true in the tab."""
    for _step in range(int(seconds / 0.1)):
        if await tab.js(expression):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never true: {expression}\n{await tab.text()}")


async def test_the_status_needs_the_page_secret_or_a_seat_and_escapes_what_it_shows(tmp_path, base_content):
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    store = SessionStore(tmp_path / "t.session.db", TEAMS)
    session = ClassSession(base_content, settings, store=store)
    pages = ClassroomWeb(lambda: session, teacher_token=TOKEN)
    async with TestClient(TestServer(pages.app())) as client:
        for wrong in ("x", TOKEN[:-1], store.code):
            assert (await client.get(f"/teacher/{wrong}/status")).status == 404
        assert (await client.get("/seat/status")).status == 403  # no seat: nothing said
        page = await (await client.get(f"/teacher/{TOKEN}")).text()
        assert 'id="live"' in page and '<script src="/live.js" defer></script>' in page
        assert '<a href="">refresh</a>' in page  # with script off, the page still refreshes by hand
        key = page.split('data-key="', 1)[1].split('"', 1)[0]
        answer = await client.get(f"/teacher/{TOKEN}/status", params={"key": key})
        assert answer.status == 200 and answer.headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
        fragment = await answer.text()
        assert "id='votes'" in fragment and 'id="stale"' not in fragment and "<form" not in fragment
        session.pick(TEAMS[0], 1)  # a vote now stands: the page's decide button is out of date
        fragment = await (await client.get(f"/teacher/{TOKEN}/status", params={"key": key})).text()
        assert 'id="stale"' in fragment and "answer 2" in fragment
        # Whatever comes back in a key is never markup.
        fragment = await (await client.get(f"/teacher/{TOKEN}/status", params={"key": '"><b>x'})).text()
        assert "<b>x" not in fragment
        # The second screen's tally follows the votes too (it has no one to press refresh).
        assert 'data-live="/projector/status"' in await (await client.get("/projector")).text()
        assert "Foreign Ministry</td><td class=\"num\">voted" in await (await client.get("/projector/status")).text()
        script = await client.get("/live.js")
        assert script.status == 200 and script.content_type == "text/javascript"
    store.close()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed: apt-get install chromium chromium-driver")
async def test_the_teachers_page_shows_a_vote_arriving_and_keeps_the_reason_being_typed(tmp_path, base_content,
                                                                                         monkeypatch):
    from tests.test_classroom_app import FakeClock

    monkeypatch.setattr(web, "LIVE_SECONDS", 0.3)  # the pages ask more often than in class: a quick test

    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=2)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="live", fingerprint="",
                               clock=clock, wall=clock, web=("127.0.0.1", 0))
    async with app.run_test(size=(140, 40)) as pilot, Browser(CHROMIUM) as browser:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        session = app.session
        teacher, student = await browser.tab(), await browser.tab()
        await teacher.goto(app.teacher_url)
        await teacher.js("window.__same = true;"
                         "document.getElementById('rationale').value = 'Gas before winter'")
        assert "not started" in await teacher.js("document.getElementById('clock').innerText")

        await student.goto(app.join_url)
        await student.submit(f"document.getElementById('code').value = {session.store.code!r};"
                             f"document.getElementById('team').value = {TEAMS[0]!r};"
                             "document.getElementById('join').click()")
        await student.js("window.__same = true")
        await student.submit("document.getElementById('choice-2').click(); document.getElementById('cast').click()")
        await pilot.press("space")  # the clock starts on the projector
        clock.now += 20

        # The teacher's page shows the vote and the clock without a reload; the reason stays.
        await until(teacher, "document.getElementById('votes').innerText.includes('2')")
        await until(teacher, "document.getElementById('clock').innerText.includes('1:40')")
        assert await teacher.js("window.__same === true")
        assert await teacher.js("document.getElementById('rationale').value") == "Gas before winter"
        assert "The vote stands at answer 2." in await teacher.js("document.getElementById('standing').innerText")
        assert "out of date" in await teacher.js("document.getElementById('stale').innerText")

        # The student's page learns the vote has closed without a reload.
        await student.js("window.__same = true")
        await pilot.press("v")
        await until(student, "!!document.getElementById('stale')")
        assert await student.js("window.__same === true")
        assert "Voting on this card is closed." in await student.js("document.getElementById('stale').innerText")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed: apt-get install chromium chromium-driver")
async def test_the_live_status_speaks_russian_and_kazakh(tmp_path, base_content, monkeypatch):
    monkeypatch.setattr(web, "LIVE_SECONDS", 0.3)
    async with Browser(CHROMIUM) as browser:
        for lang in ("ru", "kk"):
            with using(lang):
                settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS,
                                    minutes=0)
                app = create_classroom_app(base_content, settings, saves_folder=tmp_path / lang, slot="live",
                                           fingerprint="", web=("127.0.0.1", 0), lang=lang)
                async with app.run_test(size=(140, 40)) as pilot:
                    await pilot.pause()
                    tab = await browser.tab()
                    await tab.goto(app.teacher_url)
                    assert await tab.js("document.documentElement.lang") == lang
                    app.session.pick(TEAMS[1], 0)
                    await until(tab, "!!document.getElementById('stale')")
                    shown = await tab.js("document.getElementById('live').innerText")
                    assert _("The vote stands at answer {answer}.").format(answer=1) in shown
                    assert _("The session has moved on: the buttons and forecasts below are out of date.") in shown
                    assert "The vote" not in shown and "out of date" not in shown
