"""Follow-ups in the same quarter (``in: 0``): dealt right after the choice, the quarter's
end waiting for them; the invariants, replays, injects and saves that follow from it."""

from __future__ import annotations

from dataclasses import replace

from game.engine import (
    Card,
    Choice,
    Condition,
    FollowUp,
    Lingering,
    choose,
    forecast,
    inject,
    injects_of,
    new_game,
    quarter_step,
    rebuild,
    state_problem,
)
from game.loading import load_content
from game.saves.format import Record, decode_state, encode_state
from game.saves.store import read_save, write_save
from tests.minicontent import mini_content
from tests.test_loader import MINI, write

TWO = (Choice("a", (("people", 1),)), Choice("b", (("north", 1),)))


def _content(window=None, turns=12, delay=0):
    """Mini content whose 'x.start' schedules 'x.then' in ``delay`` and lingers on
    'people'; 'x.then' (follow-up only) holds in ``window`` (date indexes)."""
    base = mini_content(turns=turns)
    start = Card("x.start", "Start", "aide", "t", (
        Choice("go", (("north", 3),), followups=(FollowUp("x.then", delay),),
               lingering=(Lingering("people", -4, 2),)),
        Choice("stay", (("south", 3),)),
    ))
    then = Card("x.then", "Then", "aide", "t", TWO, when=Condition(dates=window), followup_only=True)
    return replace(base, cards={**base.cards, "x.start": start, "x.then": then})


def _on(content, card_id, seed=1, turn=None):
    """A new game with ``card_id`` on the table (on ``turn``, if given)."""
    state = new_game(content, "s", seed)
    while turn is not None and state.turn < turn:
        state, _ = choose(content, state, 1)
    return replace(state, card=card_id, card_is_followup=False)


def test_a_same_quarter_followup_comes_next_in_the_same_turn_and_date():
    content = _content()
    state = _on(content, "x.start")
    after, report = choose(content, state, 0)
    assert (after.card, after.card_is_followup, after.turn, after.date) == ("x.then", True, state.turn, state.date)
    assert report.next_card == "x.then" and report.followups_scheduled[0].same_quarter
    # The quarter's end waits: the lingering effect has not ticked, nothing drifted.
    assert report.lingering == {} and report.situation_effects == {}
    assert report.changes == {m: v for m, v in report.immediate.items() if v}
    assert after.lingering[0].elapsed == 0
    assert state_problem(content, after) is None
    done, report = choose(content, after, 0)
    assert done.turn == state.turn + 1 and done.date == state.date + 1
    assert report.lingering == {"people": -4}  # ticks once, at the quarter's last card
    assert [d.turn for d in done.decisions][-2:] == [state.turn, state.turn]
    assert state_problem(content, done) is None


def test_the_term_ends_after_the_last_card_of_its_last_quarter():
    content = _content(turns=3)
    state = _on(content, "x.start", turn=3)
    after, report = choose(content, state, 0)
    assert not after.over and report.ending is None and after.card == "x.then"
    done, report = choose(content, after, 1)
    assert done.over and report.ending == "won" and done.turn == 3


def test_a_fatal_end_ends_the_game_at_once():
    content = _content()
    state = replace(_on(content, "x.start"), meters={"north": 98, "south": 50, "people": 50})
    assert forecast(content, state, 0).ending == "north_high"
    after, _ = choose(content, state, 0)
    assert after.over and after.ending == "north_high" and after.card is None


def test_one_out_of_its_dates_is_dropped_and_the_quarter_ends_as_usual():
    start = mini_content().scenarios["s"].start
    content = _content(window=(start + 50, start + 60))
    state = _on(content, "x.start")
    after, report = choose(content, state, 0)
    assert after.turn == state.turn + 1 and not after.card_is_followup
    assert report.lingering == {"people": -4}
    assert not any(p.same_quarter for p in after.pending)


def test_injects_in_the_middle_of_a_quarter_replay_and_save(tmp_path):
    content = _content()
    state = _on(content, "x.start", seed=5)
    state, _ = choose(content, state, 0)  # x.then is on the table, same quarter
    state = inject(content, state, "a.protest")  # the facilitator puts another card first
    assert quarter_step(state) == 1 and state_problem(content, state) is None
    state, _ = choose(content, state, 0)
    assert state.card == "x.then" and state.card_is_followup  # the displaced one still comes now
    state, _ = choose(content, state, 1)
    assert state_problem(content, state) is None
    turn = state.decisions[0].turn
    assert injects_of(state) == ((turn, "a.protest", 1),)


def test_a_recorded_game_with_same_quarter_followups_replays(tmp_path):
    # Rebuilt from seed, choices and injects alone, and verified when saved.
    start = Card("x.start", "Start", "aide", "t", (
        Choice("go", (("north", 3),), followups=(FollowUp("x.then", 0),)),
        Choice("go too", (("south", 3),), followups=(FollowUp("x.then", 0),)),
    ), weight=1000, cooldown=1)
    base = _content()
    content = replace(base, cards={**base.cards, "x.start": start})
    for seed in range(6):
        state = new_game(content, "s", seed)
        for n in range(9):
            if n == 4 and not state.over:
                state = inject(content, state, "a.quiet")
            if state.over:
                break
            state, _ = choose(content, state, n % 2)
        assert state_problem(content, state) is None
        assert any(a.turn == b.turn for a, b in zip(state.decisions, state.decisions[1:]))
        assert rebuild(content, state)[-1] == state
        path = write_save(tmp_path, f"g{seed}", content, state, fingerprint="f")
        saved = read_save(path, content, "f")
        assert saved.state == state and saved.verified is True
        assert decode_state(encode_state(state)) == state
        assert Record.of_state(state) == saved.record


def test_the_invariants_refuse_a_repeated_turn_that_is_no_followup():
    content = _content()
    state, _ = choose(content, _on(content, "x.start"), 0)
    state, _ = choose(content, state, 0)
    assert state_problem(content, state) is None
    second = state.decisions[1]
    assert "not a same-quarter follow-up" in state_problem(
        content, replace(state, decisions=(state.decisions[0], replace(second, followup=False))))
    assert "wrong date" in state_problem(
        content, replace(state, decisions=(state.decisions[0], replace(second, date=second.date + 1))))
    mid, _ = choose(content, _on(content, "x.start"), 0)
    assert "neither a same-quarter follow-up nor injected" in state_problem(
        content, replace(mid, card_is_followup=False))


SAME = MINI + """\
  - id: start
    title: Start
    speaker: aide
    text: It starts.
    choices:
      - label: A
        effects: {moscow: 1}
        followups: [{card: then, in: 0}]
      - {label: B, effects: {public: 1}}
  - id: then
    title: Then
    speaker: aide
    text: Right away.
    followup_only: true
    choices:
      - {label: A, effects: {moscow: 2}}
      - label: B
        effects: {public: 2}
        followups: [{card: start, in: 0}]
"""


def test_in_0_loads_and_a_circle_of_them_is_refused(tmp_path):
    fine = load_content(write(tmp_path, SAME.replace("followups: [{card: start, in: 0}]",
                                                     "followups: [{card: start, in: 1}]")))
    assert fine.ok and not fine.problems, [p.format() for p in fine.problems]
    assert fine.content.cards["start"].choices[0].followups == (FollowUp("then", 0),)
    circle = load_content(write(tmp_path, SAME))
    [problem] = [p for p in circle.problems if p.severity == "error"]
    assert problem.code == "structure" and "start -> then -> start" in problem.message
    assert problem.line == SAME.splitlines().index("  - id: start") + 1  # where the circle closes
    negative = load_content(write(tmp_path, SAME.replace("{card: then, in: 0}", "{card: then, in: -1}")))
    assert [p.code for p in negative.problems if p.severity == "error"] == ["range"]
