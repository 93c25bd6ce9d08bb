"""The facilitator's private view under ``classroom --web``: behind a secret of its own,
with each answer's forecast (the engine's), the historical note, the votes while the
ballot is still secret, and only the cards that fit now for injecting."""

from __future__ import annotations

import json
import re

from aiohttp.test_utils import TestClient, TestServer

from game.classroom.htmlkit import moves_words
from game.classroom.session import ClassSession, Settings
from game.classroom.store import SessionStore
from game.classroom.web import ClassroomWeb
from game.engine import forecasts, tr
from game.tui.classroom.app import EndScreen, SessionScreen, TimeUp, create_classroom_app
from tests.test_report_model import html_text

TEAMS = ("foreign_ministry", "security_council")
TOKEN = "teacher-secret-for-the-test"


async def test_the_teachers_page_needs_its_own_secret_and_tells_what_the_class_must_not_see(tmp_path, base_content):
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=4, teams=TEAMS, minutes=0)
    store = SessionStore(tmp_path / "t.session.db", TEAMS)
    session = ClassSession(base_content, settings, store=store)
    session.pick(TEAMS[0], 1)
    pages = ClassroomWeb(lambda: session, teacher_token=TOKEN)
    async with TestClient(TestServer(pages.app())) as client:
        for wrong in ("x", TOKEN[:-1], store.code, ""):
            response = await client.get(f"/teacher/{wrong}")
            assert response.status == 404
        response = await client.get(f"/teacher/{TOKEN}")
        assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
        shown = html_text(await response.text())
        student = html_text(await (await client.get("/projector")).text())

    card = session.card
    for told in forecasts(session.rules, session.state):
        label = " ".join(tr(card.choices[told.choice].label).split())
        assert f"{told.choice + 1}. {label} {moves_words(session.rules, told.changes)}" in shown
    note = " ".join(tr(card.history.note).split())
    assert note and note in shown and note not in student
    # The secret ballot: the teacher sees the pick, the projector page only that a team voted.
    assert "secret" in shown and re.search(r"Foreign Ministry 2\b", shown)
    assert "Foreign Ministry voted" in student
    injects = shown[shown.index("Cards you could inject now"):]
    fitting = [c for c in session.rules.cards.values() if c.id != session.state.card
               and session.inject_problem(c.id) is None]
    unfit = [c for c in session.rules.cards.values() if session.inject_problem(c.id) is not None]
    assert fitting and unfit
    assert all(c.id in injects for c in fitting) and not any(f" {c.id} " in f" {injects} " for c in unfit)
    store.close()


async def test_the_app_writes_the_teachers_link_beside_the_save_and_not_on_the_projector(tmp_path, base_content):
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="t", fingerprint="",
                               web=("127.0.0.1", 0))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        url = app.teacher_url
        assert url and url.startswith("http://127.0.0.1:") and "/teacher/" in url
        link = (tmp_path / "t.teacher.html").read_text(encoding="utf-8")
        assert url in link
        token = url.rsplit("/", 1)[1]
        for widget in ("#status", "#message", "#votes", "#card-text"):
            assert token not in str(app.screen.query_one(widget).render())
        assert token != app.session.store.code
        assert "t.teacher.html" in str(app.screen.query_one("#message").render())  # where, not what


# --- the teacher runs the session from the private page ------------------------------------

LESSON_TEAMS = ("foreign_ministry", "security_council", "economy_ministry", "civil_society")


class Teacher:
    """The teacher's phone: reads the private page, presses its buttons."""

    def __init__(self, http, url: str, pilot) -> None:
        self.http, self.url, self.pilot = http, url, pilot

    async def page(self) -> str:
        async with self.http.get(self.url) as response:
            assert response.status == 200
            return await response.text()

    async def press(self, action: str, **fields) -> str:
        at = re.search(r'name="at" value="([^"]*)"', await self.page())
        assert at, "the page offers no control now"
        async with self.http.post(self.url + "/do", data={"action": action, "at": at.group(1), **fields}) as response:
            assert response.status == 200  # after the redirect back to the page
            shown = await response.text()
        await self.pilot.pause()
        return html_text(shown)


async def run_lesson(tmp_path, base_content, by_web: bool):
    """One short lesson, every control used once, from the keyboard or from the teacher's page."""
    import aiohttp

    from tests.test_classroom_app import FakeClock

    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=LESSON_TEAMS, minutes=3)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="twin", fingerprint="",
                               clock=clock, wall=clock, web=("127.0.0.1", 0))
    notices = []
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as http:
        await pilot.pause()
        teacher = Teacher(http, app.teacher_url, pilot)
        screen = app.screen

        async def do(action: str, keys: tuple[str, ...], **fields) -> None:
            if by_web:
                notices.append(await teacher.press(action, **fields))
            else:
                await pilot.press(*keys)
                await pilot.pause()
            clock.now += 7

        async def with_reason(reason: str, keys: tuple[str, ...], action: str, **fields) -> None:
            if not by_web:
                await pilot.press("r", *reason, "enter")
            await do(action, keys, rationale=reason, **fields)

        # Card 1: start, extra time, pause and go on; votes; the vote decides, with a reason.
        await do("clock", ("space",))
        await do("extend", ("plus",))
        await do("clock", ("space",))
        await do("clock", ("space",))
        await pilot.press("2", "2", "1", "2")
        await do("reveal", ("v",))
        await with_reason("Gas before winter", ("enter",), "decide")
        await do("next", ("enter",))
        # Card 2: a unanimous vote overruled; then undone; then time runs out and the vote stands.
        await do("clock", ("space",))
        await pilot.press("1", "1", "1", "1")
        await with_reason("Moscow must not hear of it", ("f", "2"), "override-1")  # the page's button for answer 2
        await do("next", ("enter",))
        await do("undo", ("u",))
        await do("clock", ("space",))
        await pilot.press("1", "1", "2", "2")
        clock.now += 10_000
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, TimeUp)
        await do("decide", ("enter",))
        await do("next", ("enter",))
        # Card 3: the last decision, undone from the end screen and taken again.
        await do("clock", ("space",))
        await pilot.press("3", "3", "3", "1")
        await do("decide", ("enter",))
        await do("next", ("enter",))
        assert isinstance(app.screen, EndScreen)
        await do("undo", ("u",))
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("3", "3", "3", "1")
        await do("decide", ("enter",))
        await do("next", ("enter",))
        assert isinstance(app.screen, EndScreen)
    return app.session, notices


async def test_the_teachers_page_runs_the_session_as_the_keyboard_does(tmp_path, base_content):
    """Every control of the teacher's page (clock, extra time, reveal, decide with a
    reason, override with a reason, next card, undo, at 0:00 and on the end screen) leaves
    the very records its key leaves: the log, the SQLite state and the report agree."""
    import sqlite3

    from game.classroom import sessionlog as slog

    keys_session, _none = await run_lesson(tmp_path / "keys", base_content, by_web=False)
    web_session, notices = await run_lesson(tmp_path / "web", base_content, by_web=True)
    assert [d.choice for d in web_session.state.decisions] == [d.choice for d in keys_session.state.decisions]
    kinds = [r["type"] for r in web_session.records]
    for kind in ("pause", "resume", "extend", "decision", "undo"):
        assert kind in kinds
    standing = slog.standing_decisions(web_session.records)
    assert [d["rationale"] for d in standing][:1] == ["Gas before winter"]
    assert [(d["method"], d["override"], d["timeout"]) for d in standing] == \
        [("majority", False, False), ("timeout", False, True), ("majority", False, False)]
    undone = [r for r in web_session.records if r["type"] == "decision" and r.get("override")]
    assert undone and undone[0]["rationale"] == "Moscow must not hear of it"

    def recorded(folder):
        log = slog.read_log(folder / "twin.session.jsonl")
        db = sqlite3.connect(folder / "twin.session.db")
        decisions = db.execute("SELECT turn, card, choice, method, override, timeout, picks, rationale, undone "
                               "FROM decisions ORDER BY n").fetchall()
        events = [json.loads(r) for (r,) in db.execute("SELECT record FROM events ORDER BY n")]
        db.close()
        report = html_text((folder / "twin.report.html").read_text(encoding="utf-8"))
        return log.records, decisions, events, report

    keys, web = recorded(tmp_path / "keys"), recorded(tmp_path / "web")
    assert keys[0] == web[0] and keys[1] == web[1] and keys[2] == web[2] and keys[3] == web[3]
    assert web[2] == web[0]  # SQLite holds every step the log holds
    assert "Gas before winter" in web[3] and "overriding the vote" not in web[3]  # the override was undone
    # The page says what each button did (and is back on the card, or on the outcome).
    # The clock and the phase are in the page's live part, above the controls and their notice.
    assert "3:00 · running" in notices[0] and "Run the session The clock is running." in notices[0]
    assert "3:53" in notices[1] and "One more minute." in notices[1]
    assert "The clock is paused." in notices[2] and "The votes are on the projector." in notices[4]
    # While the class reads the outcome, the page has the decided card's history too.
    assert "The class is reading the outcome. What really happened" in notices[5]
    assert "The projector shows it too, with the question for discussion. Run the session Decided: the class " \
        "sees the outcome. Next card" in notices[5]
    assert "The last decision is undone" in notices[-3]


async def test_only_the_teachers_secret_and_a_current_page_can_act(tmp_path, base_content):
    """A wrong secret is a 404; a form from another site is refused; a page left open on
    an earlier moment, or while a dialog is open on the projector, changes nothing."""
    import aiohttp

    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=3)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="t", fingerprint="",
                               web=("127.0.0.1", 0))
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as http:
        await pilot.pause()
        session, url = app.session, app.teacher_url
        teacher = Teacher(http, url, pilot)
        old = re.search(r'name="at" value="([^"]*)"', await teacher.page()).group(1)
        base = url.rsplit("/teacher/", 1)[0]
        async with http.post(f"{base}/teacher/{session.store.code}/do", data={"action": "clock", "at": old}) as r:
            assert r.status == 404
        async with http.post(url + "/do", data={"action": "clock", "at": old},
                             headers={"Origin": "http://evil.example"}) as r:
            assert r.status == 403
        assert not session.timer.started
        await pilot.press("1", "1")
        await teacher.press("decide")
        await pilot.press("enter")  # the outcome is read; the next card is on the projector
        await pilot.pause()
        async with http.post(url + "/do", data={"action": "undo", "at": old}) as r:
            assert "The projector had moved on: nothing was done" in html_text(await r.text())
        assert len(session.state.decisions) == 1
        now = re.search(r'name="at" value="([^"]*)"', await teacher.page()).group(1)
        await pilot.press("r")  # the teacher starts typing a rationale on the keyboard
        await pilot.pause()
        assert "A dialog is open on the projector: finish it on its keyboard." in html_text(await teacher.page())
        async with http.post(url + "/do", data={"action": "clock", "at": now}) as r:
            assert "Not now: the projector shows something else" in html_text(await r.text())
        assert not session.timer.started and len(session.state.decisions) == 1


async def test_with_lan_the_link_file_gives_the_address_a_phone_opens(tmp_path, base_content, monkeypatch):
    """On the classroom's network the teacher's phone needs the computer's address, not
    127.0.0.1: the link file gives both, and the network one opens the same page."""
    import aiohttp

    import game.classroom.web as web

    monkeypatch.setattr(web, "lan_address", lambda: "127.0.0.2")  # a stand-in for 192.168.x.y
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="lan", fingerprint="",
                               web=("0.0.0.0", 0))
    async with app.run_test(size=(160, 45)) as pilot, aiohttp.ClientSession() as http:
        await pilot.pause()
        link = (tmp_path / "lan.teacher.html").read_text(encoding="utf-8")
        here = re.search(r'id="here">([^<]+)<', link).group(1)
        phone = re.search(r'id="phone">([^<]+)<', link).group(1)
        assert here.startswith("http://127.0.0.1:") and phone.startswith("http://127.0.0.2:")
        assert here.rsplit("/", 1)[1] == phone.rsplit("/", 1)[1]
        async with http.get(phone) as response:
            assert response.status == 200 and "Run the session" in html_text(await response.text())
