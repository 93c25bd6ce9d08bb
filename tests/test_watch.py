"""``play --watch``: the file watcher, the session going on under reloaded content, and
the app reloading a mod edited on disk (a title changed, then a broken edit)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from game.engine import Ending, Meter, new_game
from game.loading import load_content
from game.loading.watch import Watcher, roots_of
from game.saves.session import KEPT, REPLAYED, RESTARTED, GameSession
from tests.minicontent import mini_content

# --- the watcher, on real files ------------------------------------------------------


def _touch_later(path: Path) -> None:
    """Move the file's modification time on by a second (same size, same bytes)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def _settled(watcher: Watcher) -> list[str]:
    """Poll as the game does: the first look sees a change, the next that it held still."""
    first = watcher.poll()
    assert first == [], "a change is reported only once it has held still for one poll"
    return watcher.poll()


def test_a_file_edited_added_or_removed_is_reported_once(tmp_path):
    (tmp_path / "cards").mkdir()
    card = tmp_path / "cards" / "a.yaml"
    card.write_text("cards: []\n")
    watcher = Watcher([tmp_path])
    assert watcher.poll() == []

    card.write_text("cards: [] # edited\n")
    assert _settled(watcher) == [str(card)]
    assert watcher.poll() == []  # reported once

    _touch_later(card)  # saved again unchanged: a new modification time is enough
    assert _settled(watcher) == [str(card)]

    added = tmp_path / "cards" / "b.yml"
    added.write_text("cards: []\n")
    assert _settled(watcher) == [str(added)]

    added.unlink()
    assert _settled(watcher) == [str(added)]

    po = tmp_path / "locale" / "ru.po"
    po.parent.mkdir()
    po.write_text('msgid ""\nmsgstr ""\n')
    assert _settled(watcher) == [str(po)]


def test_what_the_loader_never_reads_is_not_a_change(tmp_path):
    (tmp_path / "a.yaml").write_text("cards: []\n")
    watcher = Watcher([tmp_path])
    (tmp_path / ".a.yaml.swp").write_text("editor state")
    (tmp_path / "notes.txt").write_text("ideas")
    (tmp_path / "a.yaml~").write_text("a back-up")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_text("x")
    assert watcher.poll() == []
    assert watcher.poll() == []


def test_a_change_still_moving_waits_for_the_next_poll(tmp_path):
    card = tmp_path / "a.yaml"
    card.write_text("one\n")
    watcher = Watcher([tmp_path])
    card.write_text("one two\n")
    assert watcher.poll() == []
    card.write_text("one two three\n")  # the editor is still writing
    assert watcher.poll() == []
    assert watcher.poll() == [str(card)]


def test_a_mod_named_by_its_manifest_is_watched_as_its_folder(tmp_path):
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "mod.yaml").write_text("id: m\n")
    assert roots_of(tmp_path / "content", [mod / "mod.yaml", mod]) == [tmp_path / "content", mod, mod]
    watcher = Watcher(roots_of(tmp_path / "content", [mod / "mod.yaml"]))
    (mod / "cards.yaml").write_text("cards: []\n")
    assert _settled(watcher) == [str(mod / "cards.yaml")]


def test_a_folder_that_goes_and_comes_back_is_a_change(tmp_path):
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "a.yaml").write_text("x: 1\n")
    watcher = Watcher([mod])
    (mod / "a.yaml").unlink()
    mod.rmdir()
    assert _settled(watcher) == sorted([str(mod), str(mod / "a.yaml")])
    mod.mkdir()
    (mod / "a.yaml").write_text("x: 1\n")
    assert _settled(watcher) == sorted([str(mod), str(mod / "a.yaml")])


# --- the session under new content ---------------------------------------------------


def _played(content, choices=(0, 1, 0)) -> GameSession:
    session = GameSession(content)
    session.start(None, 11)
    for choice in choices:
        session.choose(choice)
    return session


def test_a_text_edit_replays_the_game_with_its_undo():
    content = mini_content()
    session = _played(content)
    state, undo = session.state, len(session.states)
    cards = {cid: replace(card, title=card.title + " (edited)") for cid, card in content.cards.items()}
    assert session.switch_content(replace(content, cards=cards)) == REPLAYED
    assert session.state == state and len(session.states) == undo
    assert session.card.title.endswith("(edited)")


def test_an_effect_edit_keeps_the_state_without_undo():
    content = mini_content()
    session = _played(content)
    state = session.state
    first = state.decisions[0]
    card = content.cards[first.card]
    choice = card.choices[first.choice]
    edited = replace(choice, effects=tuple((meter, amount + 3) for meter, amount in choice.effects))
    choices = tuple(edited if i == first.choice else c for i, c in enumerate(card.choices))
    new = replace(content, cards={**content.cards, card.id: replace(card, choices=choices)})
    assert session.switch_content(new) == KEPT
    assert session.state == state and not session.can_undo
    assert session.content is new


def test_a_game_that_no_longer_fits_starts_again():
    content = mini_content()
    session = _played(content)
    seed, scenario = session.state.seed, session.state.scenario
    west = Meter("west", "West", "vector", 50, "west_low", "west_high")
    endings = {**content.endings, **{e: Ending(e, "loss", e) for e in ("west_low", "west_high")}}
    more = replace(content, meters=(*content.meters, west), endings=endings)  # a meter the game lacks
    assert session.switch_content(more) == RESTARTED
    assert session.state == new_game(more, scenario, seed)


def test_before_a_game_the_content_is_just_taken():
    session = GameSession(mini_content())
    other = mini_content(turns=8)
    assert session.switch_content(other, files=[Path("x.yaml")]) == KEPT
    assert session.content is other and session.files == [Path("x.yaml")] and not session.started


# --- the app reloading a mod edited on disk ------------------------------------------

MANIFEST = 'id: watched\nname: Watched\nversion: "0.1.0"\ngame: ">=0.1"\n'


def _patch(card_id: str, title: str) -> str:
    return f"patches:\n  - card: {card_id}\n    set:\n      title: {title}\n"


async def _reload(pilot) -> None:
    """Look at the files as the interval does until a reload has run (or found nothing)."""
    app = pilot.app
    for _ in range(3):
        app.reloader.check()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_mod_edited_on_disk_shows_after_a_reload_and_a_broken_edit_keeps_the_old(tmp_path):
    from game.tui.app import create_app
    from tests.tui.helpers import SNAPSHOT_CONTENT, THEME, screen_text

    base = load_content(SNAPSHOT_CONTENT)
    first_card = new_game(base.content, None, 7).card
    mod = tmp_path / "watched"
    mod.mkdir()
    (mod / "mod.yaml").write_text(MANIFEST)
    patches = mod / "patches.yaml"
    patches.write_text(_patch(first_card, "The first draft"))

    app = create_app(content_dir=SNAPSHOT_CONTENT, mods=[mod], seed=7, saves_dir=tmp_path / "saves",
                     theme=THEME, watch=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await app.workers.wait_for_complete()  # the first load
        await pilot.pause()
        app.request_start()
        await pilot.pause()
        assert "The first draft" in screen_text(app)
        await pilot.press("1")  # a decision: the reload keeps it, and its undo
        await pilot.press("enter")
        await pilot.pause()
        played = app.session.state

        patches.write_text(_patch(first_card, "A second and better draft"))
        await _reload(pilot)
        assert app.session.state == played and app.session.can_undo
        await pilot.press("u")
        await pilot.pause()
        assert "A second and better draft" in screen_text(app)
        assert "The first draft" not in screen_text(app)

        patches.write_text(_patch(first_card, "A third draft") + "  - card: [\n")
        await _reload(pilot)
        await pilot.pause()
        shown = screen_text(app)
        assert "Not reloaded" in shown and "patches.yaml:" in shown
        assert app.session.content.cards[first_card].title == "A second and better draft"
        assert "A second and better draft" in shown


def test_watch_needs_the_full_screen_game(capsys):
    from game.cli import main

    assert main(["play", "--headless", "--choices", "1", "--watch", "--no-mods"]) == 2
    assert "--watch works in the full-screen game only" in capsys.readouterr().err
