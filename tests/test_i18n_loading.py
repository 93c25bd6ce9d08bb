"""validate's problems and simulate's report in Russian and Kazakh: the message text
follows the language, the codes, places and --json do not."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from game.base import i18n
from game.base.i18n import Said, nsaid, using
from game.loading import load_content
from game.loading.reader import read_text

REPO = Path(__file__).resolve().parent.parent
BROKEN = b"cards:\n  - id: Bad Two\n    title: Two\n    colour: red\n    choices: []\n"


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def _problems(language: str) -> list:
    with using(language):
        return sorted(read_text(BROKEN, "mod/cards/x.yaml").problems)


@pytest.mark.parametrize("language, words", [("ru", "неизвестный ключ 'colour'"), ("kk", "белгісіз кілт 'colour'")])
def test_a_problem_reads_in_the_language_and_keeps_its_code_and_place(language, words):
    english, translated = _problems("en"), _problems(language)
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in english] == \
        [(p.path, p.line, p.col, p.severity, p.code) for p in translated]
    unknown = next(p for p in translated if p.code == "unknown-key")
    assert words in unknown.message and "unknown key" in next(p for p in english if p.code == "unknown-key").message
    # A message built from pieces is one sentence: nothing of the English is left in it.
    for problem in translated:
        assert "expected" not in problem.message and "found" not in problem.message, problem.message


def test_a_yaml_slip_reads_in_russian_and_its_hint_is_still_found():
    with using("ru"):
        (problem,) = read_text(b"cards:\n  - id: a.b\n    title: Hello: world\n", "x.yaml").problems
    assert problem.code == "yaml" and "значения словаря" in problem.message
    assert "двоеточие и пробел" in problem.message  # the hint, chosen from the parser's English


def test_a_cached_load_keeps_its_warnings_in_the_language_it_was_made_in(tmp_path, monkeypatch):
    monkeypatch.setenv("MULTIVECTOR_CACHE", str(tmp_path / "cache"))
    mod = tmp_path / "quiet"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.yaml").write_text("id: quiet\nname: Quiet\nversion: \"1.0.0\"\n", encoding="utf-8")
    first = [p.message for p in load_content(None, [mod]).warnings]
    with using("kk"):
        translated = [p.message for p in load_content(None, [mod]).warnings]
    again = [p.message for p in load_content(None, [mod]).warnings]
    assert first == again and first != translated
    assert any("нұсқаларымен" in message for message in translated)  # "say which game versions..."


def test_said_is_english_as_a_string_and_the_reader_s_language_when_shown():
    with using("ru"):
        said = Said("all cards")
        counted = nsaid("{n} duplicate", "{n} duplicates", 5)
    assert said == "all cards" and said.shown == "все карточки"
    assert counted == "5 duplicates" and counted.shown == "5 повторов"
    assert json.dumps({"detail": counted}) == '{"detail": "5 duplicates"}'


def test_simulate_prints_russian_tables_and_keeps_its_json_english(base_content):
    from game.sim.report import checks_table, print_verdict, verdict
    from game.sim.simulator import dealable_cards, run_simulation

    scenario = base_content.default_scenario.id
    with using("ru"):
        summaries = run_simulation(base_content, ["random", "balancer"], 60, 1, scenario, processes=1)
        cards = dealable_cards(base_content, scenario)
        report = {name: summary.as_json(base_content, cards) for name, summary in summaries.items()}
        found = verdict(base_content, scenario, report, summaries)
        out = io.StringIO()
        print_verdict(base_content, {scenario: found}, Console(file=out, width=200, color_system=None))
        table = io.StringIO()
        from game.sim.targets import check_report

        Console(file=table, width=200, color_system=None).print(checks_table(check_report(base_content, scenario, report)))
    shown = out.getvalue() + table.getvalue()
    assert "случайная игра выдерживает срок" in shown and "random play survives" not in shown
    names = [c["name"] for c in json.loads(json.dumps(found))["checks"]]
    assert any(name.startswith("random play survives") for name in names)
