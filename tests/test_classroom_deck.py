"""The printable deck and role handouts (``multivector cards --format html``)."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from game.classroom.deck_html import cards_html, goal_ranges, handouts_html, moves_text
from game.cli import main
from game.engine import Card, Choice, Goal, History, Role
from tests.minicontent import mini_content

VOID = {"meta", "br", "hr", "img", "input", "link", "circle", "rect", "line", "polyline", "polygon", "path"}


class Balance(HTMLParser):
    """Checks that every element is closed in order (a cheap well-formedness test)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with {self.stack[-3:]}")
            return
        self.stack.pop()


def check_html(text: str) -> Balance:
    parser = Balance()
    parser.feed(text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], parser.stack
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert not any("src" in attrs for _, attrs in parser.tags)
    return parser


def test_deck_has_every_card_and_every_handout(base_content):
    cards = list(base_content.cards.values())
    text = cards_html(base_content, cards)
    parser = check_html(text)
    boxes = [attrs for tag, attrs in parser.tags if tag == "article" and attrs.get("class") == "card"]
    assert len(boxes) == len(cards)
    for card in cards:
        assert f'id="card-{card.id}"' in text
    for role in base_content.roles:
        assert f'id="role-{role.id}"' in text
    assert "@media print" in text and "break-inside: avoid" in text
    assert "Debrief question." in text and "What really happened." in text


def hostile_content():
    content = mini_content()
    evil = "<script>alert('x')</script> & \"quotes\""
    card = Card("a.evil", evil, "envoy", evil + "\n\nsecond <b>paragraph</b>",
                (Choice(evil, (("north", 5),), outcome=evil), Choice("Fine", (("people", 1),))),
                history=History(note=evil, source="See javascript:alert(1) and https://example.org/a?b=1&c=<2>",
                                question=evil))
    cards = dict(content.cards)
    cards[card.id] = card
    roles = (Role("team_a", evil, brief=evil, goals=(Goal(evil, (("north", 30, 70),)),)),
             Role("envoy_n", "North envoy", brief="Lobby.", envoy_of="north"))
    return replace(content, cards=cards, roles=roles)


def test_deck_escapes_every_content_text():
    content = hostile_content()
    text = cards_html(content, list(content.cards.values()))
    check_html(text)
    assert "<script>" not in text and "<b>paragraph" not in text
    assert "&lt;script&gt;" in text
    assert 'href="javascript' not in text
    assert '<a href="https://example.org/a?b=1&amp;c=">' in text or 'href="https://example.org/a?b=1&amp;c="' in text


def test_moves_include_rivalry_and_goal_ranges_read_well():
    content = mini_content()
    # north +8 costs south 8 * 0.5 = 4 through the rivalry.
    assert moves_text(content, (("north", 8), ("people", -2))) == "North +8, South \u22124, People \u22122"
    assert goal_ranges(content, (("north", 30, 70), ("people", 55, 100), ("south", 0, 40))) == \
        "North 30\u201370, People 55 or more, South 40 or less"


def test_handouts_alone():
    content = hostile_content()
    text = handouts_html(content)
    check_html(text)
    assert "you do not vote" in text and "Your private goals" in text


def test_cards_command_writes_html(tmp_path, capsys):
    out = tmp_path / "deck.html"
    assert main(["cards", "--format", "html", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count('class="card"') >= 20
