"""The cast: fictional names, a portrait at the first meeting, and greetings that follow
the meters and the flags set by earlier choices."""

from __future__ import annotations

from dataclasses import replace

from game.engine import choose, new_game
from game.loading import load_content
from game.tui.session import Session
from tests.tui.helpers import screen_text


def _session(content, state) -> Session:
    session = Session(content)
    session.states = [state]
    return session


def test_the_cast_loads_names_portraits_and_greetings(loaded):
    minister = loaded.content.cast["foreign_minister"]
    assert minister.person == "Aliya Temirkhanova" or minister.person["en"] == "Aliya Temirkhanova"
    assert minister.portrait and minister.greetings
    assert any("ukraine_condemned" in g.when.flags for g in minister.greetings)


def test_a_portrait_at_the_first_meeting_then_greetings_that_remember(loaded):
    content = loaded.content
    state = new_game(content, None, 5)
    speaker = content.cards[state.card].speaker
    session = _session(content, state)
    kind, _text = session.greeting(speaker)
    assert kind == "portrait"
    # Once met, the portrait is not said again; a flag set earlier brings its greeting.
    state, _report = choose(content, state, 0)
    economy = content.cast["economy_minister"]
    loan = next(g for g in economy.greetings if "bri_loan_taken" in g.when.flags)
    met = replace(state, decisions=state.decisions + (replace(state.decisions[-1], card=next(
        c.id for c in content.cards.values() if c.speaker == "economy_minister")),))
    session = _session(content, replace(met, flags=met.flags | {"bri_loan_taken"}))
    assert session.greeting("economy_minister")[0] == "greeting"
    assert session.greeting("economy_minister")[1] == " ".join(session.text(loan.text).split())
    # Without the flag and with the economy in the middle, the minister says nothing special.
    calm = dict(met.meters, economy=50)
    assert _session(content, replace(met, meters=calm)).greeting("economy_minister") is None


def _deck_with_activist(tmp_path, extra: str):
    from tests.tui.helpers import SNAPSHOT_CONTENT

    folder = tmp_path / "content"
    folder.mkdir(parents=True)
    for path in SNAPSHOT_CONTENT.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    world = folder / "world.yaml"
    world.write_text(world.read_text().replace(
        "  - {id: activist, name: Civic Activist, role: Civil society}",
        "  - {id: activist, name: Civic Activist, role: Civil society, person: Dina,\n     " + extra + "}"))
    return load_content(folder)


def test_greetings_are_checked_like_card_conditions(tmp_path):
    # A meter that does not exist is an error (with its place); a flag nothing sets, a warning.
    result = _deck_with_activist(tmp_path / "a", "greetings: [{when: {meters: {moskow: [0, 30]}}, text: Hello}]")
    assert not result.ok
    assert any("moskow" in problem.format() and "world.yaml:94:" in problem.format() for problem in result.errors)
    result = _deck_with_activist(tmp_path / "b", "greetings: [{when: {flags: [no_such_flag]}, text: Hello}]")
    assert result.ok and any("no_such_flag" in problem.format() for problem in result.problems)


async def test_the_card_opens_with_the_portrait_where_there_is_room(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        session = app.session
        member = session.content.cast[session.card.speaker]
        text = " ".join(screen_text(app).split())
        assert session.text(member.person) in text
        assert " ".join(session.text(member.portrait).split())[:30] in text
