"""Text from content is shown as typed, everywhere: never read as markup, never an action.

Every text of the base content (card titles, texts, labels, outcomes, history, meter,
scenario, ending, grade, situation, cast, glossary and role texts) is replaced by a short
payload of Rich/Textual markup around a unique tag, such as ``[@click=app.quit]X012X[/]``
or ``[link=https://evil.example]X013X[/link]``. Wherever a tag shows, on any screen or page,
the markup around it must show too, character for character; clicking a tag must do
nothing; an HTML page must escape it; Markdown must escape it.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from game.engine import Content, choose, new_game
from game.loading import load_content

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"

PAYLOADS = [
    "[red]{t}[/red]",
    "[@click=app.quit]{t}[/]",
    "[link=https://e.vil]{t}[/link]",
    "\\[{t}\\]",
    "{t}[/]",
    "[reverse]{t}",
    ":warning:{t}",
    "[$accent]{t}[/]",
    "<script>{t}</script>",
    "&amp;{t}*x*",
]
TAG = re.compile(r"X\d{3,4}X")
# What may follow a text cut short to fit: an ellipsis, a border, a bar, or the next column
# (the classroom's vote after a team's name).
_CUT_OFF = set("…│┃▏▕▎▊▍▌▋█▔▁▂▃▄▅▆▇─━┤├╮╯╭╰┐┘┌└|–0123456789")


def _payload_text(number: int) -> str:
    return PAYLOADS[number % len(PAYLOADS)].format(t=f"X{number:03d}X")


def poisoned(content: Content) -> tuple[Content, dict[str, str]]:
    """The content with every text replaced by a payload; and tag -> payload."""
    payloads: dict[str, str] = {}

    def text() -> str:
        number = len(payloads)
        value = _payload_text(number)
        payloads[f"X{number:03d}X"] = value
        return value

    def walk(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in dataclasses.fields(value):
                if not f.init:
                    continue
                current = getattr(value, f.name)
                if f.type in ("Text", "Text | None") and current:
                    changes[f.name] = text()
                else:
                    new = walk(current)
                    if new is not current:
                        changes[f.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        if isinstance(value, tuple):
            items = tuple(walk(v) for v in value)
            return items if any(a is not b for a, b in zip(items, value)) else value
        if isinstance(value, dict):
            items = {k: walk(v) for k, v in value.items()}
            return items if any(items[k] is not value[k] for k in value) else value
        return value

    fresh = walk(content)
    return fresh, payloads


@pytest.fixture(scope="module")
def loaded():
    result = load_content(CONTENT)
    assert result.ok
    return result


@pytest.fixture(scope="module")
def poison(loaded):
    return poisoned(loaded.content)


def _flat(text: str) -> str:
    return "".join(text.split())


def assert_shown_as_typed(shown: str, payloads: dict[str, str], *, at_least: int = 1) -> set[str]:
    """Each tag in ``shown`` sits inside its whole payload (whitespace, case and cut-offs aside)."""
    flat = _flat(shown).lower()  # the classroom shows titles in capitals
    seen = set()
    for match in TAG.finditer(flat.upper()):
        tag = match.group()
        payload = _flat(payloads[tag]).lower()
        before, after = payload.split(tag.lower())
        where = (tag, payloads[tag], flat[max(0, match.start() - 40):match.end() + 40])
        assert flat[:match.start()].endswith(before), where
        rest = flat[match.end():match.end() + len(after)]
        # Cut off by an ellipsis, a border or the end of the text: what is left must be
        # the payload's start.
        cut = next((i for i, (a, b) in enumerate(zip(rest, after)) if a != b), len(rest))
        if cut < len(after):
            assert cut == len(rest) or rest[cut] in _CUT_OFF, where
        seen.add(tag)
    assert len(seen) >= at_least, (len(seen), shown[:2000])
    return seen


# --- the Textual app ----------------------------------------------------------------------


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _desk_shown_as_typed(app, pilot, payloads: dict[str, str], *, at_least: int) -> set[str]:
    """The game screen's text shown as typed, its citations read on their own.

    A citation (the source under a card's history) puts each web address on a line of
    its own; beside the desk's other columns those lines would interleave with theirs,
    so each citation is read from its own region, then the rest with the citations hidden.
    """
    seen: set[str] = set()
    citations = [widget for widget in app.screen.query(".citation") if widget.display and widget.visible]
    strips = app.screen._compositor.render_strips()
    for widget in citations:
        region = widget.region.intersection(app.screen.region)
        lines = [strip.crop(region.x, region.right).text for strip in strips[region.y:region.bottom]]
        seen |= assert_shown_as_typed("\n".join(lines), payloads, at_least=0)
        widget.visible = False
    await pilot.pause()
    seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=at_least)
    for widget in citations:
        widget.visible = True
    await pilot.pause()
    return seen


async def _click_every_tag(app, pilot, payloads: dict[str, str]) -> int:
    """Click the middle of every tag whose payload asks for an action; it must not act."""
    lines = _screen_text(app).split("\n")
    clicked = 0
    for y, line in enumerate(lines):
        for match in TAG.finditer(line):
            if app.return_code is not None or "@click" not in payloads[match.group()]:
                continue
            await pilot.click(offset=(match.start() + 2, y))
            clicked += 1
    await pilot.pause()
    return clicked


@pytest.fixture
def tui_env(monkeypatch, tmp_path):
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    monkeypatch.setenv("MULTIVECTOR_SAVES", str(tmp_path / "env-saves"))
    return tmp_path


async def test_the_game_screens_show_content_markup_as_typed(loaded, poison, tui_env):
    from game.tui.app import create_app
    from game.tui.screens.ending import EndingScreen

    content, payloads = poison
    app = create_app(content=content, files=loaded.files, seed=3, saves_dir=tui_env / "saves", hints="exact",
                     theme="steppe")
    quits = []
    app.action_quit = lambda: quits.append("quit")  # type: ignore[method-assign]
    seen: set[str] = set()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=0)  # title
        await pilot.press("n")  # set-up: scenario names and descriptions
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=2)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # the game: card, choices, meters, situations
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=5)
        await pilot.press("1")  # the outcome, and what really happened
        await pilot.pause()
        seen |= await _desk_shown_as_typed(app, pilot, payloads, at_least=3)
        await pilot.press("j")  # the journal
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=2)
        clicks = await _click_every_tag(app, pilot, payloads)
        await pilot.press("escape", "question_mark")  # help
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=0)
        await pilot.press("g")  # glossary
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=3)
        clicks += await _click_every_tag(app, pilot, payloads)
        await pilot.press("escape")
        await pilot.pause()
        if not isinstance(app.screen, EndingScreen):
            await pilot.press("escape")
            await pilot.pause()
        for _ in range(3):  # a few more quarters by key
            await pilot.press("enter", "2")
            await pilot.pause()
            seen |= await _desk_shown_as_typed(app, pilot, payloads, at_least=0)
        state = app.session.state  # then on to the end of this game, quickly
        while not state.over:
            state, _ = choose(content, state, 1)
        app.session.adopt(state)
        app.show_ending()
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=2)
        clicks += await _click_every_tag(app, pilot, payloads)
        assert clicks  # the journal, the glossary and the ending each show some of them
        assert quits == [] and app.return_code is None
    clickable = {tag for tag in seen if "@click" in payloads[tag]}
    assert len(seen) >= 25 and clickable, (len(seen), clickable)


async def test_notifications_and_the_load_dialog_show_text_as_typed(loaded, poison, tui_env):
    from game.saves.fingerprint import content_fingerprint
    from game.saves.store import write_save
    from game.tui.app import create_app

    content, payloads = poison
    saves = tui_env / "saves"
    state = new_game(content, None, 5)
    write_save(saves, "plain", content, state, fingerprint=content_fingerprint(loaded.files))
    app = create_app(content=content, files=loaded.files, seed=3, saves_dir=saves, theme="steppe")
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        seen = assert_shown_as_typed(_screen_text(app), payloads, at_least=1)  # the scenario's name
        assert seen
        await pilot.press("enter")
        await pilot.pause()
        # A follow-up is announced by a notification that names the card that caused it.
        messages = []
        for notification in list(app._notifications):
            messages.append(str(notification.message))
        for message in messages:
            assert_shown_as_typed(message, payloads, at_least=0)


# --- plain mode ---------------------------------------------------------------------------


def test_plain_mode_prints_text_as_typed(poison):
    from game.commands.plain import PlainGame
    from game.saves.session import GameSession

    content, payloads = poison
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, highlight=False, soft_wrap=False, color_system=None)
    answers = iter(["1"] * 200)
    session = GameSession(content)
    session.start(None, 4)
    PlainGame(session, console, read=lambda prompt: next(answers), autosave=False).play()
    seen = assert_shown_as_typed(buffer.getvalue(), payloads, at_least=20)
    assert any(":warning:" in payloads[tag] for tag in seen)


def test_plain_mode_as_a_program_prints_text_as_typed(tmp_path):
    """The command's own console: ':warning:' and markup in a mod's card stay those characters."""
    import subprocess
    import sys

    folder = _mod_with_payload_card(tmp_path, ":warning: [bold]alarm[/bold] [@click=app.quit]x[/]")
    run = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--no-mods", "--mod", str(folder),
                          "--seed", "1"], input="1\nq\n", capture_output=True, text=True, timeout=60,
                         cwd=tmp_path, env={**__import__("os").environ, "MULTIVECTOR_SAVES": str(tmp_path / "s")})
    assert run.returncode == 0, run.stderr
    assert run.stdout.count(":warning: [bold]alarm[/bold] [@click=app.quit]x[/]") >= 3, run.stdout[:3000]


def _mod_with_payload_card(tmp_path: Path, text: str) -> Path:
    """A mod whose single card is dealt first (a huge weight) and says ``text``."""
    folder = tmp_path / "payload_mod"
    folder.mkdir()
    (folder / "mod.yaml").write_text('id: payload_mod\nname: Payload\nversion: "1.0"\ngame: ">=0.1"\n', encoding="utf-8")
    quoted = text.replace("'", "''")
    (folder / "cards.yaml").write_text(f"""cards:
  - id: payload_mod.card
    title: '{quoted}'
    speaker: activist
    weight: 10000
    text: '{quoted}'
    choices:
      - {{label: '{quoted}', effects: {{moscow: 1}}, outcome: '{quoted}'}}
      - {{label: Two, effects: {{moscow: -1}}}}
    history: {{note: '{quoted}', source: '{quoted}', question: '{quoted}'}}
""", encoding="utf-8")
    return folder


# --- reports and printed decks --------------------------------------------------------------


def _played(content: Content, seed: int = 2, turns: int = 40):
    state = new_game(content, None, seed)
    for _ in range(turns):
        if state.over:
            break
        state, _ = choose(content, state, 0)
    return state


def _html_text(page: str) -> str:
    """What a browser shows of an HTML page: tags removed, entities decoded."""
    import html

    assert "<script>X" not in page and "<script" not in page.lower().replace("&lt;script", "")
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


def _markdown_text(markdown: str) -> str:
    """What a Markdown renderer shows: no raw HTML, no live link, escapes and entities resolved.

    Fenced code blocks are shown as they are (a renderer reads nothing inside them), so they
    are checked only for staying closed where they should.
    """
    import html

    outside = re.sub(r"^```\n.*?^```$", "", markdown, flags=re.S | re.M)
    assert outside.count("```") == 0, "a code block was broken out of"
    assert not re.search(r"(?<!\\)<(?!https?://)[a-zA-Z/]", outside), "raw HTML"
    assert not re.search(r"(?<!\\)\[[^\]]*X\d{3}X[^\]]*(?<!\\)\]\(", outside), "a live link"
    kept = re.sub(r"<(https?://[^>\s]*)>", r"\1", markdown)  # an autolink shows its address
    kept = kept.replace("\\&", "\x00")  # an escaped & is shown as typed
    kept = html.unescape(kept).replace("\x00", "&")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", kept)


def test_the_report_escapes_content_in_html_and_markdown(poison):
    from game.classroom.debrief import build_debrief
    from game.classroom.report_html import report_html
    from game.classroom.report_markdown import report_markdown

    content, payloads = poison
    state = _played(content)
    debrief = build_debrief(content, state, name="[bold]Group[/] <b>1</b>")
    html_page = report_html([debrief])
    seen = assert_shown_as_typed(_html_text(html_page), payloads, at_least=10)
    assert any("<script>" in payloads[tag] for tag in seen)
    markdown = report_markdown([debrief])
    seen = assert_shown_as_typed(_markdown_text(markdown), payloads, at_least=10)
    assert any("&amp;" in payloads[tag] for tag in seen)


def test_the_printed_deck_escapes_content(poison):
    from game.classroom.deck_html import cards_html, handouts_html

    content, payloads = poison
    page = cards_html(content, list(content.cards.values()))
    assert_shown_as_typed(_html_text(page), payloads, at_least=50)
    assert_shown_as_typed(_html_text(handouts_html(content)), payloads, at_least=5)


def test_the_cards_command_shows_content_as_typed(poison, capsys, monkeypatch):
    from game.commands import cards as command

    content, payloads = poison
    listed = list(content.cards.values())
    assert_shown_as_typed(_markdown_text(command.cards_markdown(content, listed)), payloads, at_least=20)
    monkeypatch.setenv("COLUMNS", "250")
    command.print_table(content, listed)
    assert_shown_as_typed(capsys.readouterr().out, payloads, at_least=20)


def test_the_balance_report_shows_the_scenario_name_as_typed(poison):
    from game.sim.report import print_report
    from game.sim.simulator import run_simulation

    content, payloads = poison
    scenario = content.default_scenario.id
    summaries = run_simulation(content, ["random"], 3, 1, scenario)
    report = {name: summary.as_json(content, list(content.cards)) for name, summary in summaries.items()}
    report["games_per_second"] = 1.0
    buffer = io.StringIO()
    print_report(content, scenario, report, ["random"], summaries,
                 console=Console(file=buffer, width=250, color_system=None))
    assert_shown_as_typed(buffer.getvalue(), payloads, at_least=1)


def test_a_name_with_line_breaks_cannot_leave_the_markdown_chart(loaded):
    from game.classroom.debrief import build_debrief
    from game.classroom.report_markdown import report_markdown

    content = loaded.content
    first = dataclasses.replace(content.meters[0], name="Moscow\n```\n<script>alert(1)</script>\n```")
    content = dataclasses.replace(content, meters=(first, *content.meters[1:]))
    markdown = report_markdown([build_debrief(content, _played(content), name="G")])
    _markdown_text(markdown)  # raises if the code block was closed early
    assert "<script>" not in re.sub(r"^```\n.*?^```$", "", markdown, flags=re.S | re.M)


# --- the classroom app ----------------------------------------------------------------------


async def test_the_classroom_screens_show_content_markup_as_typed(poison, tmp_path):
    from game.tui.classroom.app import EndScreen, InjectDialog, OutcomeScreen, RationaleDialog, create_classroom_app
    from game.classroom.session import Settings, choose_teams

    content, payloads = poison
    teams, envoys, problems = choose_teams(content, [r.id for r in content.roles])
    assert not problems and teams and envoys
    settings = Settings(seed=5, scenario=content.default_scenario.id, turns=3, teams=teams, envoys=envoys,
                        minutes=2, group="[red]G[/red]")
    app = create_classroom_app(content, settings, saves_folder=tmp_path, slot="markup", fingerprint="")
    quits = []
    app.action_quit = lambda: quits.append("quit")  # type: ignore[method-assign]
    seen: set[str] = set()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=5)  # card, teams, envoys
        await pilot.press(*["1"] * len(teams), "r")
        await pilot.pause()
        assert isinstance(app.screen, RationaleDialog)
        await pilot.press(*"[@click=app.quit]why[/]", "enter")
        await pilot.pause()
        await pilot.press("enter")  # decide: the outcome
        await pilot.pause()
        assert isinstance(app.screen, OutcomeScreen)
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=1)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("i")  # the inject dialog lists card titles
        await pilot.pause()
        assert isinstance(app.screen, InjectDialog)
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=5)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(6):
            if isinstance(app.screen, EndScreen):
                break
            await pilot.press(*["2"] * len(teams), "enter")
            await pilot.pause()
            if isinstance(app.screen, OutcomeScreen):
                await pilot.press("enter")
                await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        seen |= assert_shown_as_typed(_screen_text(app), payloads, at_least=3)  # ending, goals
        assert await _click_every_tag(app, pilot, payloads) >= 0
        assert quits == [] and app.return_code is None
    assert len(seen) >= 12
    report = (tmp_path / "markup.report.html").read_text(encoding="utf-8")
    assert_shown_as_typed(_html_text(report), payloads, at_least=10)
    assert "[@click=app.quit]why[/]" in _html_text(report)
