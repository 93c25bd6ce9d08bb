"""The app's plain-Python parts: the session (undo, saves, journal) and the text builders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rich.style import Style

from game.engine import play
from game.tui import render
from game.tui.session import SaveError, Session, Settings
from game.tui.widgets.styled import STYLE_KEYS
from tests.minicontent import mini_content

STYLES = {key: Style() for key in STYLE_KEYS}


def test_choose_undo_and_journal():
    content = mini_content()
    session = Session(content)
    session.start(None, 3)
    first = session.state
    report = session.choose(0)
    assert session.last_report is report and session.can_undo
    entry = session.journal()[0]
    assert entry.card == first.card and entry.choice == 0 and entry.changes == dict(report.changes)
    assert session.undo() and session.state == first and not session.can_undo
    assert not session.undo()


def test_adopt_rebuilds_the_undo_list_from_seed_and_choices():
    content = mini_content()
    state = play(content, None, 5, [0, 1, 0])
    session = Session(content)
    session.adopt(state)
    assert session.state == state and len(session.states) == 4
    assert session.states[0].turn == 1


def test_adopt_keeps_a_state_that_does_not_replay():
    from dataclasses import replace

    content = mini_content()
    state = play(content, None, 5, [0, 1])
    edited = replace(state, meters={**state.meters, "people": 1})
    session = Session(content)
    session.adopt(edited)
    assert session.states == [edited] and not session.can_undo


def test_save_list_load_round_trip(tmp_path):
    content = mini_content()
    session = Session(content, files=[], saves_folder=tmp_path, settings=Settings(hints="exact"))
    session.start(None, 9)
    session.choose(1)
    path = session.save("my game")
    session.autosave()
    infos = session.list_saves()
    assert {info.slot for info in infos} >= {"my game"} and any(info.autosave for info in infos)
    other = Session(content, files=[], saves_folder=tmp_path)
    other.load(path)
    assert other.state == session.state and other.settings.hints == "exact"
    assert other.last_slot == "my game"
    assert other.find_save("my game") == path


def test_bad_slot_and_missing_save_are_one_line_errors(tmp_path):
    session = Session(mini_content(), files=[], saves_folder=tmp_path)
    session.start(None, 1)
    with pytest.raises(SaveError, match="slot name"):
        session.save("../x")
    with pytest.raises(SaveError, match="no save"):
        session.find_save("nothing-here")
    assert session.slot_problem("ok name") is None and session.slot_problem("a/b")


def test_corrupt_save_is_reported_not_raised(tmp_path):
    session = Session(mini_content(), files=[], saves_folder=tmp_path)
    session.start(None, 1)
    path = session.save("good")
    broken = tmp_path / "broken.save.json"
    broken.write_text("{not json", encoding="utf-8")
    infos = {info.slot: info for info in session.list_saves()}
    assert infos["broken"].error and not infos["good"].error
    with pytest.raises(SaveError):
        session.load(broken)
    session.load(path)


def test_bar_marks_danger_zones_without_colour():
    content = mini_content()
    vector = content.meter("north")
    domestic = content.meter("people")
    text = render.bar(vector, 50, 20, STYLES).plain
    assert len(text) == 20 and text.startswith(render.FULL_DANGER) and text.endswith(render.EMPTY_DANGER)
    assert render.FULL in text and render.EMPTY in text
    assert not render.bar(domestic, 50, 20, STYLES).plain.endswith(render.EMPTY_DANGER)
    assert render.value_text(vector, 12, STYLES).plain.strip() == "12!"
    assert render.value_text(vector, 50, STYLES).plain.strip() == "50"
    assert render.value_text(vector, 90, STYLES).plain.strip() == "90!"
    assert render.value_text(domestic, 90, STYLES).plain.strip() == "90"


def test_dots_show_size_not_direction():
    assert render.dots(3) == render.dots(-3) == "●"
    assert render.dots(7) == render.dots(-7) == "●●"
    assert render.dots(12) == render.dots(-12) == "●●●"


def test_choice_hints_at_each_level():
    content = mini_content()
    state = play(content, None, 2, [])
    assert render.choice_hint(content, state, 0, "none", "en", STYLES) is None
    dots = render.choice_hint(content, state, 0, "dots", "en", STYLES).plain
    exact = render.choice_hint(content, state, 0, "exact", "en", STYLES).plain
    assert "●" in dots and "+" not in dots and "-" not in dots.replace("●", "")
    assert any(ch.isdigit() for ch in exact)


def test_sparkline_and_chart_sizes():
    meter = mini_content().meter("north")
    line = render.sparkline(meter, [50, 52, 48, 60], 10, STYLES)
    assert len(line.plain) == 10 and line.plain.startswith("      ")
    rows = render.spark_rows(meter, list(range(30, 70, 2)), 8, 3, STYLES)
    assert len(rows) == 3 and all(len(row.plain) == 8 for row in rows)
    chart = render.chart_rows(meter, [50, 0, 100], 12, 2, STYLES)
    assert len(chart) == 2 and all(len(row.plain) == 12 for row in chart)
    assert chart[0].plain[8:] == render.FULL * 4  # 100 fills both rows


def test_changes_text_reads_without_colour():
    content = mini_content()
    text = render.changes_text(content, {"north": 3, "people": -8}, "en", STYLES).plain
    assert text == "North +3  People -8"
    assert render.changes_text(content, {}, "en", STYLES).plain == "nothing moved"


def test_title_screen_imports_stay_light():
    """What ``import game.tui.app`` loads: no engine, no YAML loader, no game screen, no saves."""
    code = (
        "import sys, game.tui.app;"
        "heavy = [m for m in ('yaml', 'game.engine', 'game.loading', 'game.saves.store', 'game.saves.session', 'game.tui.screens.game',"
        " 'game.tui.screens.ending', 'textual.widgets._markdown', 'game.sim') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == ""


def test_the_stylesheet_lives_inside_the_package():
    # Hatchling ships every file under game/ in the wheel; the app finds its one .tcss
    # beside app.py (checked by hand with: pip wheel . -w /tmp/w --no-deps; unzip -l).
    import game.tui.app as app_module

    css = Path(app_module.__file__).parent / app_module.MultiVectorApp.CSS_PATH
    assert css.is_file() and css.suffix == ".tcss"
    assert len(list(css.parent.glob("*.tcss"))) == 1


def test_printable_replaces_terminal_controls():
    from game.base.text import printable

    assert printable("plain, with ünïcode — and\nlines") == "plain, with ünïcode — and\nlines"
    assert printable("a\x1b[2Jb\x07c\td\x9be\x7f") == "a\ufffd[2Jb\ufffdc d\ufffde\ufffd"
