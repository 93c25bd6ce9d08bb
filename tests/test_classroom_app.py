"""The facilitator mode, driven by Pilot as a teacher would: four teams vote, the clock
is paused, a decision undone, a card injected, the facilitator overrides, time runs out,
and the session ends with a save, a log and a report."""

from __future__ import annotations

import pytest

from game.classroom import sessionlog as slog
from game.tui.classroom.app import (
    Confirm,
    EndScreen,
    InjectDialog,
    KeysScreen,
    OutcomeScreen,
    RationaleDialog,
    SessionScreen,
    TimeUp,
    create_classroom_app,
)
from game.classroom.session import Settings
from game.cli import main

TEAMS = ("foreign_ministry", "security_council", "economy_ministry", "civil_society")


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


async def next_card(pilot) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, OutcomeScreen)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_scripted_classroom_session(tmp_path, base_content):
    from game.saves.fingerprint import fingerprint_for_dirs

    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=5, teams=TEAMS, minutes=2,
                        group="Period 3")
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="period3",
                               fingerprint=fingerprint_for_dirs(), clock=clock, wall=clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        session = app.session
        # The clock waits while the teacher introduces the game.
        assert not session.timer.running and not session.timer.started
        clock.now += 600
        screen.tick()
        assert session.state.decisions == ()
        await pilot.press("space")
        assert session.timer.running

        # Four teams vote; the majority is 2.
        await pilot.press("2", "2", "1", "3")
        assert [session.picks[t] for t in TEAMS] == [1, 1, 0, 2]

        # Pause: no time passes while paused, however long the break.
        await pilot.press("space")
        assert not session.timer.running
        clock.now += 900
        screen.tick()
        assert session.state.decisions == ()
        await pilot.press("space")
        assert session.timer.running and session.timer.remaining > 100

        await pilot.press("enter")
        await next_card(pilot)
        assert session.state.decisions[0].choice == 1

        # Undo, and decide again, with a rationale for the record this time.
        await pilot.press("u")
        await pilot.pause()
        assert session.state.decisions == ()
        await pilot.press("space")  # the card after an undo waits for the clock too
        assert session.timer.running
        await pilot.press("3", "3", "3", "1", "r")
        await pilot.pause()
        assert isinstance(app.screen, RationaleDialog)
        clock.now += 500  # the rationale dialog hides the clock, so it stops
        await pilot.press(*"calm", "enter")
        await pilot.pause()
        assert session.timer.running and session.timer.remaining == 120
        await pilot.press("enter")
        await next_card(pilot)
        assert session.state.decisions[0].choice == 2

        # Inject a card of the facilitator's choosing.
        target = next(c for c in base_content.cards.values()
                      if c.id != session.state.card and session.inject_problem(c.id) is None and len(c.choices) >= 2)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InjectDialog)
        await pilot.press(*target.id, "enter")
        await pilot.pause()
        assert session.state.card == target.id and session.state.card_is_injected

        # The teams say 1; the facilitator overrides with 2.
        await pilot.press("1", "1", "1", "1", "f", "2")
        await next_card(pilot)
        assert session.state.decisions[-1].injected and session.state.decisions[-1].choice == 1

        # Time runs out with no votes: a bell, and the teacher chooses to take the default.
        await pilot.press("space")
        clock.now += 10_000
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, TimeUp) and len(session.state.decisions) == 2
        await pilot.press("enter")
        await next_card(pilot)
        assert len(session.state.decisions) == 3

        while not session.over:
            await pilot.press("1", "1", "2", "enter")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert session.state.ending is not None
        # The decision that ended the game can be taken back, and taken again.
        decided = len(session.state.decisions)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and len(session.state.decisions) == decided - 1
        await pilot.press("1", "1", "2", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen) and session.over

    save = tmp_path / "period3.save.json"
    report = tmp_path / "period3.report.html"
    log = slog.read_log(tmp_path / "period3.session.jsonl")
    assert save.is_file() and report.is_file() and log.warnings == []
    kinds = [r["type"] for r in log.records]
    for kind in ("session", "card", "pause", "resume", "decision", "undo", "inject", "end"):
        assert kind in kinds
    decisions = slog.standing_decisions(log.records)
    assert [d["method"] for d in decisions[:3]] == ["majority", "facilitator", "timeout"]
    assert decisions[0]["rationale"] == "calm" and decisions[1]["override"] and decisions[1]["injected"]
    html = report.read_text(encoding="utf-8")
    assert "Period 3" in html and "<svg" in html and "“calm”" in html
    assert "injected by the facilitator" in html and "overriding the vote" in html
    # The command-line report reads the same save and its log without a complaint.
    out = tmp_path / "again.md"
    assert main(["report", "period3", "--saves", str(tmp_path), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Notes on the records" not in text and "| Team | Picked |" in text and "| Security Council |" in text


async def test_end_early_and_resume(tmp_path, base_content):
    from game.saves.store import read_save

    clock = FakeClock()
    settings = Settings(seed=7, scenario=base_content.default_scenario.id, turns=6, teams=TEAMS[:2], minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="short",
                               fingerprint="0" * 64, clock=clock, wall=clock)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("1", "1", "enter")
        await next_card(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
    saved = read_save(tmp_path / "short.save.json")
    assert saved.meta["classroom"]["ended_early"] is True
    assert "Ended early by the facilitator" in (tmp_path / "short.report.html").read_text(encoding="utf-8")

    # Continue the saved session: the undo history is rebuilt.
    earlier = slog.read_log(tmp_path / "short.session.jsonl").records
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="short", fingerprint="0" * 64,
                               clock=clock, wall=clock, resume=saved.state, earlier=earlier)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        assert len(app.session.state.decisions) == 1
        await pilot.press("u")
        await pilot.pause()
        assert app.session.state.decisions == ()


@pytest.mark.parametrize("command", ["classroom", "serve", "report"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: multivector" in capsys.readouterr().out


async def test_the_palette_is_closed_and_a_card_that_does_not_fit_asks_first(tmp_path, base_content):
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="guard", fingerprint="")
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)  # no palette to quit or re-theme from
        await pilot.press("plus")
        assert not any(r["type"] == "extend" for r in app.session.records)
        unfit = next(c.id for c in base_content.cards.values() if app.session.inject_problem(c.id))
        screen = app.screen
        screen.action_inject()
        await pilot.pause()
        app.screen.dismiss(unfit)
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and app.session.state.card != unfit
        await pilot.press("y")
        await pilot.pause()
        assert app.session.state.card == unfit and app.session.state.card_is_injected


async def test_the_class_reads_the_outcome_before_the_meters_move(tmp_path, base_content):
    """While the outcome is read, the meters beside it keep their old values and the
    outcome lists each moved meter before and after; closing it moves them."""
    from game.engine import tr
    from game.tui.widgets.meters import MeterRow

    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="moves", fingerprint="")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        session = app.session
        before = dict(session.state.meters)
        await pilot.press("1", "1", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        after = dict(session.state.meters)
        moved = [m for m in session.rules.meters if after[m.id] != before[m.id]]
        assert moved
        shown = {row.meter.id: row.value for row in app.screen_stack[-2].query(MeterRow)}
        assert shown == before  # not yet: the class is reading what happened
        outcome = str(app.screen.query_one("#outcome-body").render())
        table = outcome.splitlines()[outcome.splitlines().index("What moved:") + 1:]
        for meter in session.rules.meters:
            lines = [line for line in table if line.strip().startswith(tr(meter.name))]
            if meter in moved:
                assert len(lines) == 1 and f"{before[meter.id]:>3} → {after[meter.id]:>3}" in lines[0]
            else:
                assert lines == []
        await pilot.press("enter")
        await pilot.pause()
        rows = {row.meter.id: row for row in app.screen.query(MeterRow)}
        assert {k: r.value for k, r in rows.items()} == after
        for meter in moved:  # each moved meter carries its change
            change = after[meter.id] - before[meter.id]
            assert rows[meter.id].extra is not None and rows[meter.id].extra.plain.lstrip("+\u2212") == str(abs(change))


async def test_the_exit_message_offers_load_only_for_a_session_that_can_go_on(tmp_path, base_content):
    """A finished session says where its report is and never suggests --load; one quit
    half-way does. One decision is "1 DECISION", not "1 DECISIONS"."""
    from game.commands.classroom import farewell

    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="bye", fingerprint="")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("1", "1", "1", "enter")
        await next_card(pilot)
        assert any(line == "continue with: multivector classroom --load bye" for line in farewell(app, "bye", None))
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        shown = str(app.screen.query_one("#end-body").render())
        assert "SESSION ENDED AFTER 1 DECISION\n" in shown
    lines = farewell(app, "bye", None)
    assert not any("--load" in line for line in lines)
    assert any(line.startswith("debrief report: ") for line in lines)


async def test_every_dialog_stops_the_clock_and_time_up_rings_and_flashes(tmp_path, base_content):
    """The quit, inject and rationale dialogs hide the clock, so it stops while they are
    open; at 0:00 the computer rings, the clock flashes, and nothing is decided until the
    teacher says so."""
    clock = FakeClock()
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=2)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="dlg", fingerprint="",
                               clock=clock, wall=clock)
    rings = []
    app.bell = lambda: rings.append(True)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen, session = app.screen, app.session
        await pilot.press("space")
        for key, dialog in (("q", Confirm), ("i", InjectDialog), ("r", RationaleDialog), ("question_mark", KeysScreen)):
            left = session.timer.remaining
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, dialog)
            clock.now += 1000
            await pilot.press("escape" if dialog is not Confirm else "n")
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen) and session.timer.remaining == left
            assert session.timer.running
        clock.now += 1000
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, TimeUp) and rings and session.state.decisions == ()
        assert screen.query_one("#timer").has_class("-expired")
        await pilot.press("escape")  # the class talks on: still nothing decided
        await pilot.pause()
        assert session.state.decisions == () and not session.timer.running


def test_lan_is_not_taken_for_lang(capsys):
    """`classroom --web --lan`, as docs/classroom.md types it, reaches the classroom
    command (the language is looked up first, and --lan once passed for --lang)."""
    assert main(["classroom", "--web", "--lan", "--host", "10.0.0.1"]) == 2
    err = capsys.readouterr().err
    assert "give --lan or --host, not both" in err and "--lang" not in err


class StubApp:
    """The classroom app as the command sees it, for a test of the command alone."""

    return_code, join_url, session = 0, None, None
    saver = type("S", (), {"path": None, "report": None})()

    def run(self):
        pass


def test_a_session_loaded_by_its_path_goes_on_in_its_own_folder(tmp_path, monkeypatch, base_content):
    """docs/classroom.md has a teacher drag the save into the terminal after a crash:
    the session must go on beside that save (its log and its votes), not in the default
    save folder."""
    import game.tui.classroom.app as classroom_app
    from game.classroom.session import ClassSession
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import write_save

    lesson = tmp_path / "Desktop" / "multivector"
    lesson.mkdir(parents=True)
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS, minutes=0)
    session = ClassSession(base_content, settings)
    write_save(lesson, "class-42-x", session.rules, session.state, fingerprint=fingerprint_for_dirs(),
               meta=session.meta())
    made = {}

    def create(content, settings, **kwargs):
        made.update(kwargs)
        return StubApp()

    monkeypatch.setattr(classroom_app, "create_classroom_app", create)
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "elsewhere"))
    assert main(["classroom", "--load", str(lesson / "class-42-x.save.json"), "--web", "--lan"]) == 0
    assert made["saves_folder"] == lesson and made["slot"] == "class-42-x"


async def test_question_mark_lists_every_key_the_projector_answers(tmp_path, base_content):
    """The projector's footer cuts its last keys; ? lists them all, from the bindings
    themselves, leaving out those the session cannot use (no devices: no secret ballot)."""
    settings = Settings(seed=42, scenario=base_content.default_scenario.id, turns=3, teams=TEAMS)
    app = create_classroom_app(base_content, settings, saves_folder=tmp_path, slot="keys", fingerprint="")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        rows = dict((description, key) for key, description in app.screen.rows)
        assert rows["Pick"] == "1 / 2 / 3" and rows["Quit"] == "q" and rows["End early"] == "e"
        shown = {b.description for b in SessionScreen.BINDINGS if b.description}
        assert set(rows) == shown - {"Reveal votes", "Lobbying"}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
