"""Printouts a teacher can hand round: the students' cards give no answer away, the
facilitator's key has every answer's effects (lingering ones tick by tick, as the engine
plays them), the tally sheet keeps lingering effects and situations, on A4 or US Letter."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from game.classroom.deck_html import cards_html, lingering_text, lingering_ticks
from game.cli import main
from game.engine import forecast, inject, new_game, tr
from game.engine.model import Lingering
from tests.cdp import find_chromium
from tests.test_classroom_deck import check_html
from tests.test_report_model import html_text


def secrets(content, card) -> list[str]:
    """What a student must not read on a card before deciding."""
    found = [tr(c.outcome) for c in card.choices] + [tr(card.history.note), tr(card.history.question)]
    return [" ".join(s.split()) for s in found if s.strip()]


def test_students_cards_show_the_cards_and_none_of_the_answers(base_content):
    cards = list(base_content.cards.values())
    page = cards_html(base_content, cards, for_="students")
    check_html(page)
    shown = html_text(page)
    hidden = [s for card in cards for s in secrets(base_content, card)]
    assert len(hidden) > 50
    assert [s for s in hidden if s in shown] == []
    assert 'class="moves"' not in page and "What really happened" not in page and "Tally sheet" not in page
    for card in cards:  # everything the class does see, for every card
        assert " ".join(tr(card.title).split()) in shown
        assert all(" ".join(tr(c.label).split()) in shown for c in card.choices)
    # Each team's handout is on a page of its own.
    assert page.count('class="handout page"') == len(base_content.roles)


def test_the_facilitators_key_has_every_answer_and_the_tally_sheet(base_content):
    cards = list(base_content.cards.values())
    page = cards_html(base_content, cards)  # the default: the key, as before
    check_html(page)
    shown = html_text(page)
    hidden = [s for card in cards for s in secrets(base_content, card)]
    assert [s for s in hidden if s not in shown] == []
    assert "Keep it from the teams" in page and page.count('class="moves"') == sum(len(c.choices) for c in cards)
    sheet = shown[shown.index("Tally sheet"):shown.index("The cards")]
    assert "Lingering under way" in sheet and "Situations in force" in sheet
    for situation in base_content.situations:
        assert tr(situation.name) in sheet
    assert "Public trust below 40" in sheet and "Public trust above 42" in sheet  # street protests


def test_lingering_effects_on_the_key_are_what_the_engine_plays(base_content):
    assert lingering_ticks(-3, 3) == [-3, -2, -1]  # the engine's own example (model.Lingering)
    checked = 0
    for card in base_content.cards.values():
        for index, choice in enumerate(card.choices):
            if not choice.lingering or card.followup_only:
                continue
            if any(f.delay == 0 for f in choice.followups):
                continue  # a same-quarter follow-up comes first: the first tick waits for it
            state = new_game(base_content, base_content.default_scenario.id, 1)
            try:
                state = inject(base_content, state, card.id)
            except Exception:
                continue
            told = forecast(base_content, state, index)
            first = {}
            for linger in choice.lingering:
                first[linger.meter] = first.get(linger.meter, 0) + lingering_ticks(linger.amount, linger.turns)[0]
            assert dict(told.lingering) == {m: v for m, v in first.items() if v}, card.id
            checked += 1
    assert checked >= 3
    line = lingering_text(base_content, Lingering("economy", -3, 3))
    assert line == "Economy \u22123, \u22122, \u22121 over this quarter and the next 2"


@pytest.mark.parametrize("paper, size", [("a4", "size: A4"), ("letter", "size: letter")])
def test_paper_sizes(tmp_path, paper, size):
    out = tmp_path / "deck.html"
    assert main(["cards", "--format", "html", "--for", "students", "--paper", paper, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert re.search(r"@page \{ " + size + ";", page) and "What really happened" not in page


def test_for_students_is_only_for_printouts(tmp_path, capsys):
    assert main(["cards", "--format", "json", "--for", "students"]) == 2
    assert "--for students is for the printouts" in capsys.readouterr().err
    out = tmp_path / "deck.md"
    assert main(["cards", "--format", "markdown", "--for", "students", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# The cards") and "What really happened" not in text and "Source:" not in text


def test_cards_refuse_to_write_through_a_link(tmp_path, capsys):
    target = tmp_path / "elsewhere.html"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "deck.html").symlink_to(target)
    assert main(["cards", "--format", "html", "-o", str(tmp_path / "deck.html")]) == 1
    assert target.read_text(encoding="utf-8") == "keep" and "cannot write" in capsys.readouterr().err


CHROMIUM = find_chromium()
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")


@pytest.mark.skipif(CHROMIUM is None or not POPPLER,
                    reason="needs Chromium and poppler-utils: apt-get install chromium poppler-utils")
def test_students_cards_print_on_letter_paper_without_the_answers(tmp_path, base_content):
    """Printed by a real browser: US Letter pages, the cards there, no outcome anywhere."""
    out = tmp_path / "cards.html"
    assert main(["cards", "--format", "html", "--for", "students", "--paper", "letter", "-o", str(out)]) == 0
    pdf = tmp_path / "cards.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", out.as_uri()],
                   check=True, capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "612 x 792 pts" in info  # US Letter
    printed = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                      text=True).stdout.split())
    card = next(iter(base_content.cards.values()))
    assert " ".join(tr(card.title).split()) in printed
    hidden = [s for c in base_content.cards.values() for s in secrets(base_content, c)]
    # pdftotext breaks lines where the page did: compare the first words of each secret.
    assert [s for s in hidden if " ".join(s.split()[:6]) in printed] == []
