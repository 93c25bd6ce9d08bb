"""The facilitator's private view under ``classroom --web``: behind a secret of its own,
with each answer's forecast (the engine's), the historical note, the votes while the
ballot is still secret, and only the cards that fit now for injecting."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient, TestServer

from game.classroom.htmlkit import moves_words
from game.classroom.session import ClassSession, Settings
from game.classroom.store import SessionStore
from game.classroom.web import ClassroomWeb
from game.engine import forecasts, tr
from game.tui.classroom.app import SessionScreen, create_classroom_app
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
