"""What really happened, on the classroom's projector: after the class has decided, the
card's note and source beside the outcome and its question for discussion below; the
teacher's switch (h, or ``--no-history``) kept with the session; the teacher's page
shows the decided card's note too, the students' pages never."""

from __future__ import annotations

from dataclasses import replace

from aiohttp.test_utils import TestClient, TestServer
from textual.widgets import Static

from game.classroom.session import ClassSession, Settings
from game.classroom.store import SessionStore
from game.classroom.web import ClassroomWeb
from game.commands.classroom import settings_from_args, settings_from_meta
from game.engine import tr
from game.saves.store import read_save
from game.tui.classroom.app import OutcomeScreen, SessionScreen, create_classroom_app
from game.tui.footer import Footer
from tests.test_classroom_app import TEAMS, StubApp
from tests.test_classroom_teams import args
from tests.test_report_model import html_text


def words(value) -> str:
    return " ".join(tr(value).split())


def shown(app, selector: str) -> str:
    """The text of a widget of the screen on top, as one line ("" when it is not displayed)."""
    found = list(app.screen.query(selector).results(Static))
    return " ".join(str(found[0].render()).split()) if found and found[0].display else ""


def settings_for(content, **given) -> Settings:
    return Settings(seed=42, scenario=content.default_scenario.id, turns=3, teams=TEAMS, minutes=0, **given)


async def decide(pilot) -> None:
    await pilot.press("1", "1", "1", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OutcomeScreen)


async def test_after_the_decision_the_projector_shows_the_note_its_source_and_the_question(tmp_path, base_content):
    app = create_classroom_app(base_content, settings_for(base_content), saves_folder=tmp_path, slot="h",
                               fingerprint="")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        card = app.session.card
        assert words(card.history.note) not in shown(app, "#card-text")  # not before the class decides
        await decide(pilot)
        await pilot.pause()
        note = shown(app, "#history-note")
        assert note.startswith("What really happened") and words(card.history.note) in note
        source = app.screen.query_one("#history-source", Static)
        lines = [line.plain for line in source.content.renderables]  # the source, its address on a line of its own
        assert source.display and lines[0].startswith("Source:") and lines[-1].startswith("https://")
        assert shown(app, "#history-question") == f"For discussion: {words(card.history.question)}"
        assert "h hide what really happened" in shown(app, "#outcome-help")
        # At the projector size the guide names, the outcome and its history fit unscrolled.
        assert app.screen.query_one("#outcome").max_scroll_y == 0


async def test_a_card_without_a_note_shows_no_history(tmp_path, base_content):
    cards = {cid: replace(card, history=replace(card.history, note="")) for cid, card in base_content.cards.items()}
    content = replace(base_content, cards=cards)
    app = create_classroom_app(content, settings_for(content), saves_folder=tmp_path, slot="n", fingerprint="")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert tr(app.session.card.history.question)  # a question alone is not shown either
        await decide(pilot)
        for selector in ("#outcome-history", "#history-note", "#history-question"):
            assert not app.screen.query(selector)
        assert shown(app, "#outcome-help") == "enter next card"


async def test_h_turns_it_off_and_on_and_a_resumed_session_keeps_it(tmp_path, base_content):
    settings = settings_for(base_content)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="s", fingerprint="")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert app.session.settings.history is False
        assert "hidden, kept for the debrief" in shown(app, "#message")
        assert read_save(tmp_path / "s.save.json").meta["classroom"]["history"] is False  # saved at once
        await decide(pilot)
        assert not app.screen.query_one("#outcome-history").display
        assert "h show what really happened" in shown(app, "#outcome-help")
        await pilot.press("h")  # the teacher changes their mind while the class reads
        await pilot.pause()
        assert app.screen.query_one("#outcome-history").display and shown(app, "#history-question")
        await pilot.press("h")
        await pilot.pause()
        assert not app.screen.query_one("#history-question").display
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

    saved = read_save(tmp_path / "s.save.json")
    resumed, problem = settings_from_meta(saved.meta, base_content)
    assert problem is None and resumed.history is False
    app = create_classroom_app(base_content, resumed, saves_folder=tmp_path, slot="s", fingerprint="",
                               resume=saved.state)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await decide(pilot)
        assert not app.screen.query_one("#outcome-history").display


def test_the_option_starts_with_it_off_and_older_saves_show_it(base_content):
    on, _ = settings_from_args(args(), base_content, 5)
    off, _ = settings_from_args(args(no_history=True), base_content, 5)
    assert on.history is True and off.history is False
    meta = {"classroom": off.as_meta()}
    assert settings_from_meta(meta, base_content)[0].history is False
    del meta["classroom"]["history"]  # a save from before the switch
    assert settings_from_meta(meta, base_content)[0].history is True


async def test_at_80x24_with_four_teams_the_footer_lists_h_and_the_outcome_keeps_its_keys(tmp_path, base_content):
    app = create_classroom_app(base_content, settings_for(base_content), saves_folder=tmp_path, slot="m",
                               fingerprint="")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and len(app.session.settings.teams) == 4
        footer = app.screen.query_one(Footer)
        assert footer.region.y == 23 and footer.region.height == 1
        keys = {key.key for key in footer.query("FooterKey")}
        assert "h" in keys and "v" not in keys  # no devices: no ballot to reveal
        await decide(pilot)
        await pilot.pause()
        outcome, help_line = app.screen.query_one("#outcome"), app.screen.query_one("#outcome-help")
        assert help_line.region.bottom <= outcome.region.bottom <= 24  # docked: in sight, never scrolled away
        assert outcome.max_scroll_y > 0 and "↑↓ more" in shown(app, "#outcome-help")
        assert not app.screen.query_one("#history-source").display  # the source gives way first


class OutcomeDesk:
    """The projector as the teacher's page sees it while the class reads the outcome."""

    def phase(self) -> str:
        return "outcome"

    async def act(self, action, form) -> str:
        return ""


async def test_the_teachers_page_shows_the_decided_cards_history_and_the_students_pages_do_not(tmp_path,
                                                                                              base_content):
    settings = settings_for(base_content, history=False)
    store = SessionStore(tmp_path / "w.session.db", TEAMS)
    session = ClassSession(base_content, settings, store=store)
    decided = session.card
    session.decide(0)
    pages = ClassroomWeb(lambda: session, teacher_token="secret", desk=OutcomeDesk())
    async with TestClient(TestServer(pages.app())) as client:
        teacher = html_text(await (await client.get("/teacher/secret/status")).text())
        await client.post("/join", data={"code": store.code, "team": TEAMS[0]})
        seat = html_text(await (await client.get("/seat")).text())
    note = words(decided.history.note)
    assert "The class is reading the outcome. What really happened" in teacher and note in teacher
    assert words(decided.history.question) in teacher
    assert "The projector does not show it" in teacher  # the switch is off
    assert "Your brief" in seat and note not in seat and "What really happened" not in seat
    session.show_history(True)
    assert "The projector shows it too" in html_text(pages._teacher_live(session))
    store.close()


def test_classroom_load_keeps_the_saved_switch_and_no_history_turns_it_off(tmp_path, monkeypatch, base_content):
    """The command line as a teacher types it: a session saved with history off comes back
    off; one saved with it on comes back on, unless --no-history is given now."""
    import game.tui.classroom.app as classroom_app
    from game.cli import main
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    made = []

    def create(content, settings, **kwargs):
        made.append(settings.history)
        return StubApp()

    monkeypatch.setattr(classroom_app, "create_classroom_app", create)
    for slot, history in (("off", False), ("on", True)):
        session = ClassSession(base_content, settings_for(base_content, history=history))
        write_save(tmp_path, slot, session.rules, session.state, fingerprint=fingerprint_for_dirs(),
                   meta=session.meta())
    for given in (["off"], ["on"], ["on", "--no-history"]):
        assert main(["classroom", "--saves", str(tmp_path), "--load", *given]) == 0
    assert made == [False, True, False]


async def test_the_teachers_page_has_the_switch_too(tmp_path, base_content):
    """Its button does what h does, on the card and while the outcome is read; it says
    which way, so a page a moment out of date cannot flip the switch back."""
    import aiohttp

    from tests.test_classroom_teacher import Teacher

    app = create_classroom_app(base_content, settings_for(base_content), saves_folder=tmp_path, slot="p",
                               fingerprint="", web=("127.0.0.1", 0))
    async with app.run_test(size=(100, 30)) as pilot, aiohttp.ClientSession() as http:
        await pilot.pause()
        teacher = Teacher(http, app.teacher_url, pilot)
        page = await teacher.press("hide-history")
        assert "hidden, kept for the debrief" in page and "Show what really happened on the projector" in page
        assert app.session.settings.history is False and "hidden" in shown(app, "#message")
        assert "hidden, kept for the debrief" in await teacher.press("hide-history")  # again: still off
        assert app.session.settings.history is False
        await pilot.press("1", "1", "1", "v", "enter")
        await pilot.pause()
        assert not app.screen.query_one("#outcome-history").display
        page = await teacher.press("show-history")
        assert "The projector shows it too" in page and app.screen.query_one("#outcome-history").display
