"""One debrief model, two renderers: the HTML and Markdown reports say the same things.

Also the report fixes of the classroom issue: no id used twice in a report of several
groups, the figures behind the chart printed (never folded away), and each decision
described in the words the projector used when it was taken (timeouts, single picks,
overrides)."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
from dataclasses import replace

import pytest

from game.classroom import report_model as rm
from game.classroom import sessionlog as slog
from game.classroom.debrief import build_debrief
from game.classroom.report_html import render_html, report_html
from game.classroom.report_markdown import render_markdown, report_markdown
from game.classroom.session import ClassSession, Settings
from game.engine import Goal, Role, play
from tests.minicontent import mini_content
from tests.test_classroom_deck import check_html
from tests.test_report import classroom_save, with_roles

TEAMS = ("red", "blue", "green", "gold")


def four_teams(content):
    """The mini content with four voting teams (and the envoy of tests/test_report.py)."""
    content = with_roles(content)
    extra = tuple(Role(t, f"Team {t.title()}", brief="Argue.", goals=(Goal("People fine", (("people", 30, 100),)),))
                  for t in TEAMS)
    return replace(content, roles=content.roles + extra)


# --- normalising what each renderer printed back to plain text -------------------------


def html_text(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)  # the chart is not where the figures are read
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def md_text(page: str) -> str:
    page = re.sub(r"```.*?```", " ", page, flags=re.S)   # the text chart, as the SVG above
    page = re.sub(r"(?<!\\)\|", " ", page)                # table cell borders, not escaped pipes
    page = re.sub(r"\\(.)", r"\1", page)
    return " ".join(page.split())


def html_heads(page: str) -> list[str]:
    return [html_text(h) for h in re.findall(r"<h\d[^>]*>(.*?)</h\d>", page, flags=re.S)]


def md_heads(page: str) -> list[str]:
    page = re.sub(r"```.*?```", "", page, flags=re.S)
    return [md_text(line.lstrip("#")) for line in page.splitlines() if re.match(r"#+ ", line)]


def texts(value) -> list[str]:
    """Every text and figure a view holds, each as it must appear in a report."""
    if isinstance(value, str):
        return [" ".join(value.split())] if value.strip() else []
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [str(value)]
    if dataclasses.is_dataclass(value):
        if isinstance(value, rm.GroupView):  # the chart's series are drawn; their figures are in the table
            value = replace(value, series=())
        return [t for f in dataclasses.fields(value) if f.name not in ("anchor", "kind")  # markup, not text
                for t in texts(getattr(value, f.name))]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, (tuple, list)):
        if value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return [" ".join(map(str, value))]  # a row of figures, read left to right
        return [t for v in value for t in texts(v)]
    return []


def played_debriefs(tmp_path):
    content, session, path = classroom_save(tmp_path)
    from game.saves.store import read_save

    saved = read_save(path, session.rules, "f" * 64)
    logged = build_debrief(content, saved.state, name="class1", meta=saved.meta,
                           log=slog.read_log(slog.log_path_for(path)))
    content = with_roles(mini_content())
    other = build_debrief(content, play(content, "s", 4, [1] * 12), name="class2")
    return logged, other


@pytest.mark.parametrize("groups", [1, 2])
def test_both_renderers_print_every_section_text_and_figure_of_the_model(tmp_path, groups):
    debriefs = played_debriefs(tmp_path)[:groups]
    view = rm.report_view(debriefs)
    page, text = render_html(view), render_markdown(view)
    check_html(page)
    plain_html, plain_md = html_text(page), md_text(text)
    wanted = texts(view)
    assert len(wanted) > 60
    assert [t for t in wanted if t not in plain_html] == []
    assert [t for t in wanted if t not in plain_md] == []
    # The same headings in the same order (a decision's tags follow its heading).
    heads, mds = html_heads(page), md_heads(text)
    assert len(heads) == len(mds) > 10
    for h, m in zip(heads, mds):
        assert h.split(" (")[0].startswith(m.split(" (")[0]) or m.startswith(h), (h, m)
    if groups == 2:  # the comparison's decision grid is in the Markdown too (it was missing)
        assert view.comparison is not None and view.comparison.grid
        assert heads.count(rm.DECISIONS) == mds.count(rm.DECISIONS) == 3


def test_the_report_functions_render_the_model():
    content = with_roles(mini_content())
    debrief = build_debrief(content, play(content, "s", 7, [0, 1, 0]), name="g")
    view = rm.report_view([debrief])
    assert report_html([debrief]) == render_html(view)
    assert report_markdown([debrief]) == render_markdown(view)


def test_no_id_is_used_twice_in_a_report_of_several_groups():
    content = with_roles(mini_content())
    # Two groups may even carry the same name (two periods saved as "Period 3").
    groups = [build_debrief(content, play(content, "s", 7, [k] * 5), name="Period 3") for k in (0, 1, 0)]
    page = report_html(groups)
    ids = re.findall(r'\bid=["\']([^"\']+)', page)
    assert len(ids) > 10 and len(ids) == len(set(ids))
    # Every aria reference points at an element that exists, once.
    for ref in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert ids.count(ref) == 1


def test_the_figures_behind_the_chart_are_never_folded_away():
    """A closed <details> does not print: the table behind the chart must be open."""
    content = with_roles(mini_content())
    debrief = build_debrief(content, play(content, "s", 7, [0, 1, 0, 1]), name="g")
    page = report_html([debrief])
    assert "<details" not in page
    table = page[page.index(rm.FIGURES):]
    assert all(f"<td class='num'>{v}</td>" in table for v in debrief.history[-1].values())


# --- the words of each decision: the projector's, in the report ----------------------


def lesson(tmp_path, decide="majority"):
    content = four_teams(mini_content())
    settings = Settings(seed=5, scenario="s", turns=6, teams=TEAMS, decide=decide, minutes=1)
    now = [0.0]
    log = slog.SessionLog(tmp_path / "lesson.session.jsonl")
    session = ClassSession(content, settings, log=log, clock=lambda: now[0], wall=lambda: now[0])
    return content, session, log, now


def report_of(content, session, log):
    log.close()
    debrief = build_debrief(content, session.state, name="lesson", meta=session.meta(),
                            log=slog.read_log(log.path))
    from_meta = build_debrief(content, session.state, name="lesson", meta=session.meta())
    return [md_text(report_markdown([d])) for d in (debrief, from_meta)] + [html_text(report_html([debrief]))]


def test_each_decision_is_described_as_the_projector_said_it(tmp_path):
    content, session, log, now = lesson(tmp_path)
    said = []
    # 1. One team of four picks; the facilitator confirms: not a majority.
    session.pick("red", 1)
    said.append(session.decide().headline())
    # 2. Three of four, and the clock had run out: both are said.
    for team in TEAMS[:3]:
        session.pick(team, 0)
    now[0] += 120
    said.append(session.decide(timeout=True).headline())
    # 3. Nobody voted when time ran out: the cautious default.
    session.start_discussion()
    now[0] += 120
    said.append(session.decide(timeout=True).headline())
    assert said[0] == "decided by the votes cast (1 of 4 teams; 1 voted)"
    assert said[1] == "time ran out; decided by majority vote (3 of 4 teams)"
    assert said[2].startswith("time ran out with no vote standing")
    for report in report_of(content, session, log):
        for words in said:
            assert words[:1].upper() + words[1:] in report
        assert "no majority" not in report and "(1 of 1 votes)" not in report
        assert report.count("time ran out") >= 2   # tagged on both timed-out decisions


def test_an_override_of_a_unanimous_vote_is_called_one(tmp_path):
    content, session, log, now = lesson(tmp_path, decide="facilitator")
    for team in TEAMS:
        session.pick(team, 0)
    outcome = session.decide(1, rationale="the teacher knows")
    assert outcome.override
    for report in report_of(content, session, log):
        assert "Decided by the facilitator, overriding the vote" in report and "override" in report
