"""Replays: seed + choices + injects rebuild the game; the first turn that differs is named."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given

from game.engine import Choice, choose, inject, new_game, play
from game.saves.errors import SaveError
from game.saves.verify import first_divergence, replay
from game.saves.store import read_save, write_save
from game.saves.format import Record
from tests.minicontent import mini_content
from tests.test_saves_support import FINGERPRINT, reachable, seeds, steps

OTHER = "sha256:" + "cd" * 32


@given(seed=seeds, steps=steps)
def test_replaying_a_record_gives_the_same_state(base_content, seed, steps):
    state = reachable(base_content, seed, steps)
    record = Record.of_state(state)
    assert replay(base_content, record) == state
    assert first_divergence(base_content, record, state) is None


def _followup_on_table(content):
    """A game state whose card on the table is a follow-up (searching a few seeds)."""
    for seed in range(200):
        state = new_game(content, seed=seed)
        for turn in range(12):
            if state.over:
                break
            if state.card_is_followup:
                return state
            state, _ = choose(content, state, turn % len(content.cards[state.card].choices))
    raise AssertionError("no follow-up reached in 200 games: the search no longer finds what the test needs")


def test_an_inject_over_a_follow_up_replays(base_content, tmp_path):
    state = _followup_on_table(base_content)
    displaced = state.card
    state = inject(base_content, state, "home.masanchi" if "home.masanchi" in base_content.cards
                   else sorted(base_content.cards)[0])
    state, _ = choose(base_content, state, 0)
    if not state.over:
        state, _ = choose(base_content, state, 0)  # the displaced follow-up comes next
        assert state.decisions[-1].card == displaced
    path = write_save(tmp_path, "inj", base_content, state, fingerprint=FINGERPRINT)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [i["turn"] for i in data["injects"]] == [d.turn for d in state.decisions if d.injected]
    saved = read_save(path, base_content, FINGERPRINT)
    assert saved.verified is True and saved.warnings == []


def test_an_inject_still_on_the_table_replays(base_content, tmp_path):
    state = inject(base_content, play(base_content, None, 2, [0, 1]), sorted(base_content.cards)[3])
    path = write_save(tmp_path, "table", base_content, state, fingerprint=FINGERPRINT)
    saved = read_save(path, base_content, FINGERPRINT)
    assert saved.state == state and saved.verified is True
    assert saved.record.injects == ((3, sorted(base_content.cards)[3]),)


def test_two_injects_on_one_turn_need_the_full_list(base_content, tmp_path):
    """The state keeps only the last inject of a turn, but an earlier one can change the
    record of cards dealt; a caller that injects twice on a turn passes every inject."""
    state = play(base_content, None, 4, [0, 1])
    again = state.decisions[0].card  # dealt on turn 1: the first inject erases that
    other = next(c for c in sorted(base_content.cards) if c not in state.last_dealt)
    state = inject(base_content, inject(base_content, state, again), other)
    state, _ = choose(base_content, state, 0)
    assert again not in state.last_dealt
    full = write_save(tmp_path, "full", base_content, state, fingerprint=FINGERPRINT,
                      injects=[(3, again), (3, other)])
    assert read_save(full, base_content, FINGERPRINT).verified is True
    short = write_save(tmp_path, "short", base_content, state, fingerprint=FINGERPRINT)
    divergence = read_save(short, base_content, FINGERPRINT).divergence
    assert divergence is not None and divergence.turn <= 4 and "last_dealt" in divergence.message


# --- naming the turn where a save and its replay part ------------------------------


@pytest.fixture()
def saved_doc(base_content, tmp_path):
    state = play(base_content, None, 3, [0, 1, 0, 1, 0, 1])
    path = write_save(tmp_path, "bar1", base_content, state, fingerprint=FINGERPRINT)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _divergence(base_content, path: Path, doc: dict):
    path.write_text(json.dumps(doc), encoding="utf-8")
    saved = read_save(path, base_content, FINGERPRINT)
    assert saved.verified is False
    return saved.divergence


def test_edited_current_meters_diverge_on_the_current_turn(base_content, saved_doc):
    path, doc = saved_doc
    doc["state"]["meters"]["moscow"] = 99 - doc["state"]["meters"]["moscow"] // 2
    divergence = _divergence(base_content, path, doc)
    assert divergence.turn == 7 and "moscow" in divergence.message


def test_edited_history_diverges_on_that_turn(base_content, saved_doc):
    path, doc = saved_doc
    doc["state"]["history"][4]["public"] = 1
    assert _divergence(base_content, path, doc).turn == 4


def test_edited_choice_diverges_on_that_turn(base_content, saved_doc):
    path, doc = saved_doc
    doc["choices"][2] = 3 - doc["choices"][2]
    assert _divergence(base_content, path, doc).turn == 3


def test_edited_seed_diverges_on_the_first_turn(base_content, saved_doc):
    path, doc = saved_doc
    doc["seed"] = 4
    assert _divergence(base_content, path, doc).turn == 1


def test_edited_rng_is_caught(base_content, saved_doc):
    path, doc = saved_doc
    doc["state"]["rng"] = (doc["state"]["rng"] + 1) % 2**64
    divergence = _divergence(base_content, path, doc)
    assert divergence.turn == 7 and "rng" in divergence.message


def test_choices_beyond_the_state_are_caught(base_content, saved_doc):
    path, doc = saved_doc
    doc["choices"].append(1)
    assert _divergence(base_content, path, doc).turn == 7


def test_a_choice_that_cannot_be_replayed_is_a_divergence_not_a_crash(base_content, saved_doc):
    path, doc = saved_doc
    doc["choices"][0] = 9
    divergence = _divergence(base_content, path, doc)
    assert divergence.turn == 1 and "choice 9" in divergence.message


def test_an_inject_of_an_unknown_card_is_a_divergence(base_content, saved_doc):
    path, doc = saved_doc
    doc["injects"] = [{"turn": 2, "card": "no.such"}]
    divergence = _divergence(base_content, path, doc)
    assert divergence.turn == 2 and "no.such" in divergence.message


# --- saves made with other content --------------------------------------------------


def _with_card(content, card_id, **changes):
    cards = dict(content.cards)
    cards[card_id] = replace(cards[card_id], **changes)
    # A fresh derived cache: replace() would share the old content's deck cache.
    return replace(content, cards=cards)


def test_other_content_that_plays_the_same_loads_with_a_warning(tmp_path):
    mini = mini_content()
    state = play(mini, None, 1, [0, 1, 0])
    path = write_save(tmp_path, "m", mini, state, fingerprint=FINGERPRINT)
    unused = next(c for c in mini.cards if c not in {d.card for d in state.decisions} and c != state.card)
    changed = _with_card(mini, unused, title="Retitled")
    saved = read_save(path, changed, OTHER)
    assert saved.state == state and saved.verified is True
    assert len(saved.warnings) == 1 and "other content" in saved.warnings[0]
    assert "same game" in saved.warnings[0]


def test_other_content_that_plays_differently_continues_from_the_save(tmp_path):
    mini = mini_content()
    state = play(mini, None, 1, [0, 1, 0])
    path = write_save(tmp_path, "m", mini, state, fingerprint=FINGERPRINT)
    first = state.decisions[0].card
    card = mini.cards[first]
    stronger = tuple(replace(c, effects=tuple((m, v * 2) for m, v in c.effects)) for c in card.choices)
    changed = _with_card(mini, first, choices=stronger)
    saved = read_save(path, changed, OTHER)
    assert saved.state == state and saved.verified is False and not saved.replayed
    assert saved.divergence.turn == 1
    assert "continuing from the saved state" in saved.warnings[0]


def test_other_content_without_a_card_of_the_save_is_replayed(tmp_path):
    mini = mini_content()
    state = play(mini, None, 1, [0, 1, 0])
    path = write_save(tmp_path, "m", mini, state, fingerprint=FINGERPRINT)
    gone = state.card
    cards = {k: v for k, v in mini.cards.items() if k != gone}
    # Keep follow-ups pointing somewhere that exists.
    cards = {k: replace(v, choices=tuple(replace(c, followups=tuple(f for f in c.followups if f.card != gone))
                                           for c in v.choices)) for k, v in cards.items()}
    smaller = replace(mini, cards=cards)
    try:
        saved = read_save(path, smaller, OTHER)
    except SaveError as error:  # acceptable only if the replay itself fails
        assert "cannot be replayed" in str(error)
        return
    assert saved.replayed and saved.state.card != gone and saved.state.card in smaller.cards
    assert any("replayed with this content" in w for w in saved.warnings)


def test_other_content_that_cannot_replay_is_refused_with_advice(tmp_path):
    mini = mini_content()
    state = play(mini, None, 1, [1, 1, 1])
    path = write_save(tmp_path, "m", mini, state, fingerprint=FINGERPRINT)
    one_choice = {k: replace(v, choices=v.choices[:1]) for k, v in mini.cards.items()}
    shrunk = replace(mini, cards=one_choice)
    with pytest.raises(SaveError, match="mods it was played with"):
        read_save(path, shrunk, OTHER)


def test_same_fingerprint_but_unfitting_state_is_refused(tmp_path):
    mini = mini_content()
    path = write_save(tmp_path, "m", mini, play(mini, None, 1, [1, 1]), fingerprint=FINGERPRINT)
    one_choice = {k: replace(v, choices=(Choice("only"),)) for k, v in mini.cards.items()}
    with pytest.raises(SaveError, match="does not fit the content"):
        read_save(path, replace(mini, cards=one_choice), FINGERPRINT)
