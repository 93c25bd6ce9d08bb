"""The debrief report: replayed roads not taken, goals, chart, HTML and Markdown."""

from __future__ import annotations

import json
from dataclasses import replace

from game.classroom import sessionlog as slog
from game.classroom.charts import Series, svg_chart, text_chart
from game.classroom.debrief import build_debrief, closing_questions
from game.classroom.report_html import report_html
from game.classroom.report_markdown import report_markdown
from game.classroom.session import ClassSession, Settings
from game.cli import main
from game.engine import Goal, Role, inject, new_game, choose, play, forecast
from tests.minicontent import mini_content
from tests.test_classroom_deck import check_html, hostile_content


def with_roles(content):
    roles = (Role("keepers", "Keepers", brief="Keep it calm.",
                  goals=(Goal("People content", (("people", 40, 100),)), Goal("North close", (("north", 60, 90),)))),
             Role("north_envoy", "North envoy", envoy_of="north", goals=(Goal("North up", (("north", 55, 99),)),)))
    return replace(content, roles=roles)


def test_steps_replay_the_game_and_show_every_road():
    content = with_roles(mini_content())
    state = play(content, "s", 7, [0, 1, 0, 1])
    debrief = build_debrief(content, state, name="g")
    assert debrief.warnings == []
    assert len(debrief.steps) == len(state.decisions)
    rebuilt = new_game(content, "s", 7)
    for step, decision in zip(debrief.steps, state.decisions):
        assert step.before == dict(rebuilt.meters)
        assert [road.moves for road in step.roads] == [
            forecast(content, rebuilt, i).changes for i in range(len(content.cards[decision.card].choices))]
        assert [road.taken for road in step.roads].count(True) == 1
        rebuilt, _ = choose(content, rebuilt, decision.choice)
        assert step.after == dict(rebuilt.meters)
    assert debrief.history[-1] == dict(state.meters)
    keepers = debrief.goals["keepers"]
    assert keepers[0].met == (40 <= state.meters["people"] <= 100)
    assert [r.id for r in debrief.envoys] == ["north_envoy"]


def test_injected_decisions_replay():
    content = mini_content()
    state = new_game(content, "s", 2)
    state = inject(content, state, "a.protest")
    state, _ = choose(content, state, 0)
    state, _ = choose(content, state, 1)
    debrief = build_debrief(content, state, name="g")
    assert debrief.warnings == [] and debrief.steps[0].decision.injected
    html = report_html([debrief])
    assert "injected by the facilitator" in html


def test_a_save_that_does_not_replay_is_reported_not_fatal():
    content = mini_content()
    state = play(content, "s", 7, [0, 1, 0])
    forged = replace(state, meters={**state.meters, "people": 99})
    debrief = build_debrief(content, forged, name="g")
    assert any("does not reproduce" in w for w in debrief.warnings)
    report_html([debrief]) and report_markdown([debrief])


def test_svg_chart_is_plain_svg():
    svg = svg_chart([Series("a", "Alpha <1>", [50, 60, 0]), Series("b", "Beta", [10, 90, 100], True)],
                    marks={1: "injected"})
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2 and "Alpha &lt;1&gt;" in svg and "<script" not in svg
    text = text_chart([Series("a", "Alpha", [50, 60, 0]), Series("b", "Beta", [50, 90, 100])], ["A", "B"])
    lines = text.splitlines()
    assert lines[0].startswith("100 |") and "B" in lines[0] and "AB" in text


def test_html_and_markdown_reports_of_a_played_game():
    content = with_roles(mini_content())
    state = play(content, "s", 7, [0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0])
    debrief = build_debrief(content, state, name="Group <A>")
    html = report_html([debrief])
    check_html(html)
    assert html.count("<svg") == 1 and html.count("<polyline") == len(content.meters)
    assert "Group &lt;A&gt;" in html and "The roads not taken" in html and "Closing debrief" in html
    assert "@media print" in html
    md = report_markdown([debrief])
    assert "```" in md and "decisions (0 = the start)" in md and "Group \\<A\\>" in md
    heads = [q[0] for q in closing_questions(debrief)]
    for head in ("What happened", "How did it feel", "What did you learn", "Kazakhstan's real choices", "What if"):
        assert head in heads


def test_hostile_content_is_escaped_in_the_report():
    content = hostile_content()
    state = new_game(content, "s", 1)
    state = inject(content, state, "a.evil")
    state, _ = choose(content, state, 0)
    debrief = build_debrief(content, state, name="g")
    html = report_html([debrief])
    check_html(html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = report_markdown([debrief])
    assert "<script>" not in md


def test_groups_side_by_side():
    content = with_roles(mini_content())
    a = build_debrief(content, play(content, "s", 7, [0] * 12), name="A")
    b = build_debrief(content, play(content, "s", 7, [1] * 12), name="B")
    html = report_html([a, b])
    check_html(html)
    assert "The groups side by side" in html and "same deal" in html and html.count("<svg") == 2
    assert "The groups side by side" in report_markdown([a, b])


def classroom_save(tmp_path, name="class1", seed=4):
    """A short classroom session saved through game.saves, its log beside it."""
    from game.saves.store import write_save

    content = with_roles(mini_content())
    settings = Settings(seed=seed, scenario="s", turns=3, teams=("keepers",), envoys=("north_envoy",), group=name)
    log = slog.SessionLog(tmp_path / f"{name}.session.jsonl")
    clock = iter(range(10_000)).__next__
    session = ClassSession(content, settings, log=log, clock=clock, wall=clock)
    session.pick("keepers", 1)
    session.decide(rationale="the people first")
    session.undo()
    session.pick("keepers", 0)
    session.decide(rationale="second thoughts")
    session.inject("a.protest")
    session.decide(2)
    if not session.over:
        session.pick("keepers", 0)
        session.decide(timeout=True)
    log.close()
    path = write_save(tmp_path, name, session.rules, session.state, fingerprint="f" * 64, meta=session.meta())
    return content, session, path


def test_classroom_save_and_log_make_the_report(tmp_path):
    from game.saves.store import read_save

    content, session, path = classroom_save(tmp_path)
    saved = read_save(path, session.rules, "f" * 64)
    assert saved.warnings == []
    log = slog.read_log(slog.log_path_for(path))
    debrief = build_debrief(content, saved.state, name="class1", meta=saved.meta, log=log)
    assert debrief.warnings == []
    assert debrief.content.scenarios["s"].turns == 3 and debrief.state.ending is not None
    assert debrief.steps[0].record["rationale"] == "second thoughts"
    assert debrief.steps[1].decision.injected and debrief.steps[1].record["method"] == "facilitator"
    html = report_html([debrief])
    assert "“second thoughts”" in html and "The facilitator stepped in" in html and "1 undo" in html
    # Without the log, the save's meta still has the picks and rationales.
    debrief = build_debrief(content, saved.state, name="class1", meta=saved.meta)
    assert debrief.steps[0].record["rationale"] == "second thoughts"


def test_report_command_on_headless_saves(tmp_path, capsys):
    saves = str(tmp_path)
    assert main(["play", "--headless", "--seed", "3", "--choices", "1,2,1,2", "--save", "g1", "--saves", saves]) == 0
    assert main(["play", "--headless", "--seed", "3", "--choices", "2,2,2", "--save", "g2", "--saves", saves]) == 0
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    assert main(["report", "g1", "g2", "--saves", saves, "--format", "html", "-o", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    check_html(text)
    assert "<svg" in text and "The groups side by side" in text
    assert main(["report", "g1", "--saves", saves, "-o", str(md)]) == 0
    assert "# Multi-Vector: debrief of g1" in md.read_text(encoding="utf-8")


def test_report_command_reports_a_bad_save_and_keeps_the_others(tmp_path, capsys):
    saves = str(tmp_path)
    assert main(["play", "--headless", "--seed", "3", "--choices", "1,2", "--save", "good", "--saves", saves]) == 0
    (tmp_path / "bad.save.json").write_text("{ not json", encoding="utf-8")
    foreign = json.loads((tmp_path / "good.save.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert main(["report", "good", "bad", "missing", "--saves", saves]) == 1
    captured = capsys.readouterr()
    assert "# Multi-Vector: debrief of good" in captured.out
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("multivector: ") for line in errors)
    assert "Traceback" not in captured.err and foreign
