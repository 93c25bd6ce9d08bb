"""A classroom session without any interface: votes, timer, undo, inject, term length."""

from __future__ import annotations

import pytest

from game.classroom import sessionlog as slog
from game.classroom.session import (
    ClassSession,
    DiscussionTimer,
    Settings,
    cautious_default,
    choose_teams,
    majority,
    term_content,
)
from game.engine import RuleError, new_game, play, forecast
from tests.minicontent import mini_content


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_majority_and_ties():
    assert majority({"a": 1, "b": 1, "c": 0}) == 1
    assert majority({"a": 1, "b": 0}) is None
    assert majority({"a": None, "b": None}) is None
    assert majority({"a": 2, "b": None}) == 2


def test_timer_pauses_and_extends():
    clock = FakeClock()
    timer = DiscussionTimer(120, clock)
    timer.start()
    clock.now += 30
    assert timer.remaining == 90 and timer.text() == "1:30"
    timer.pause()
    clock.now += 500
    assert timer.remaining == 90 and not timer.running
    timer.resume()
    clock.now += 89.5
    assert timer.text() == "0:01" and not timer.expired
    timer.extend(60)
    clock.now += 60.5
    assert timer.expired and timer.text() == "0:00"


def test_term_content_shortens_the_term_only():
    content = mini_content(turns=12)
    short = term_content(content, "s", 3)
    assert short.scenarios["s"].turns == 3 and content.scenarios["s"].turns == 12
    state = play(short, "s", 5, [0, 0, 0, 0, 0])
    assert state.over and len(state.decisions) <= 3
    assert state.ending == "won" or state.decisive_card is not None
    assert term_content(content, "s", None) is content


def test_cautious_default_moves_least():
    content = mini_content()
    state = new_game(content, "s", 1)
    sizes = [sum(abs(v) for v in forecast(content, state, i).changes.values())
             for i in range(len(content.cards[state.card].choices))]
    assert cautious_default(content, state) == sizes.index(min(sizes))


def make_session(tmp_path=None, **overrides):
    clock = FakeClock()
    settings = Settings(seed=4, scenario="s", turns=4, teams=("a", "b", "c", "d"), minutes=2, **overrides)
    log = slog.SessionLog(tmp_path / "g.session.jsonl") if tmp_path else None
    return ClassSession(mini_content(), settings, log=log, clock=clock, wall=clock), clock


def test_a_session_with_votes_pause_undo_inject_runs_to_its_end(tmp_path):
    session, clock = make_session(tmp_path)
    first_card = session.state.card
    for team, pick in zip("abcd", (0, 0, 1, None)):
        session.pick(team, pick)
    assert session.proposed() == (0, "majority")
    clock.now += 40
    session.pause()
    clock.now += 300
    session.resume()
    outcome = session.decide(rationale="  keep   the north happy ")
    assert outcome.method == "majority" and outcome.choice == 0
    session.undo()
    assert session.state.card == first_card and session.state.decisions == ()
    session.inject("a.protest")
    assert session.state.card == "a.protest" and session.state.card_is_injected
    session.pick("a", 1)
    session.pick("b", 0)
    with pytest.raises(RuleError):
        session.decide()  # tied, nobody decided
    outcome = session.decide(2, "the facilitator calls it")
    assert outcome.method == "facilitator" and not outcome.override
    while not session.over:
        for team in "abcd":
            session.pick(team, 1)
        session.decide()
    assert session.state.ending is not None and len(session.state.decisions) <= 4
    session.log.close()

    read = slog.read_log(tmp_path / "g.session.jsonl")
    assert read.warnings == []
    kinds = [r["type"] for r in read.records]
    assert kinds[0] == "session" and kinds[-1] == "end"
    assert {"pause", "resume", "undo", "inject", "decision", "card"} <= set(kinds)
    standing = slog.standing_decisions(read.records)
    assert [(d["card"], d["choice"]) for d in standing] == [(d.card, d.choice) for d in session.state.decisions]
    assert standing[0]["injected"] and standing[0]["rationale"] == "the facilitator calls it"
    meta = session.meta()["classroom"]
    assert meta["turns"] == 4 and meta["teams"] == ["a", "b", "c", "d"]
    assert len(meta["decisions"]) == len(session.state.decisions)
    assert meta["events"]["undo"] == 1 and meta["events"]["inject"] == 1 and meta["events"]["pause"] == 1


def test_override_and_timeout_are_marked():
    session, clock = make_session()
    for team in "abcd":
        session.pick(team, 0)
    outcome = session.decide(1)
    assert outcome.override and outcome.method == "facilitator"
    # Time runs out with no votes: the cautious default.
    clock.now += 121
    assert session.timer.expired
    outcome = session.decide(timeout=True)
    assert outcome.method == "timeout"
    # Time runs out with a majority: the majority stands.
    if not session.over:
        for team in "abc":
            session.pick(team, 1)
        assert session.decide(timeout=True).method == "majority"
    decisions = [r for r in session.records if r["type"] == "decision"]
    assert decisions[0]["override"] and decisions[1]["method"] == "timeout"


def test_decider_mode():
    session, _ = make_session(decide="decider", decider="b")
    session.pick("a", 0)
    session.pick("c", 0)
    assert session.proposed() == (None, "decider")
    session.pick("b", 1)
    assert session.decide().method == "decider"


def test_end_early_stops_and_undo_no_longer_applies():
    session, _ = make_session()
    for team in "abcd":
        session.pick(team, 0)
    session.decide()
    session.end_early()
    assert session.over and not session.state.over
    assert session.undo() is False
    assert session.records[-1] == {"type": "end", "at": 1000.0, "turn": 2, "reason": "early", "ending": None}


def test_choose_teams_splits_envoys_and_suggests(base_content):
    teams, envoys, problems = choose_teams(base_content, None)
    assert "foreign_ministry" in teams and not envoys and not problems
    teams, envoys, problems = choose_teams(base_content, ["foreign_ministry", "moscow_envoy"])
    assert teams == ("foreign_ministry",) and envoys == ("moscow_envoy",)
    _, _, problems = choose_teams(base_content, ["foreign_ministy"])
    assert "did you mean 'foreign_ministry'" in problems[0]
    _, _, problems = choose_teams(base_content, ["moscow_envoy"])
    assert "advisory team" in problems[0]


# --- trust: what the screen and the record say is what happened ------------------------


def test_facilitator_mode_counts_the_votes_and_marks_overrides():
    session, _ = make_session(decide="facilitator")
    for team in "abcd":
        session.pick(team, 0)
    assert session.proposed() == (0, "facilitator")  # not "no majority"
    outcome = session.decide(1)  # overruling a unanimous vote
    assert outcome.override and "overriding the vote" in outcome.headline()
    assert session.records[-2]["override"] is True  # the decision record (a card record follows)


def test_facilitator_mode_confirms_the_vote_and_times_out_to_it():
    session, clock = make_session(decide="facilitator")
    for team in "abcd":
        session.pick(team, 0)
    clock.now += 200
    outcome = session.decide(timeout=True)
    assert outcome.choice == 0 and outcome.method == "facilitator" and not outcome.override
    assert outcome.timeout and outcome.headline().startswith("time ran out")


def test_a_single_pick_at_timeout_is_not_called_a_majority():
    session, clock = make_session()
    session.pick("a", 1)
    clock.now += 121
    outcome = session.decide(timeout=True)
    assert outcome.choice == 1 and outcome.timeout
    words = outcome.headline()
    assert "majority" not in words and "1 of 4 teams" in words and words.startswith("time ran out")
    record = [r for r in session.records if r["type"] == "decision"][-1]
    assert record["timeout"] is True
    assert slog.event_counts(session.records)["timeout"] == 1


def test_a_real_majority_is_called_one():
    session, _ = make_session()
    for team, pick in zip("abcd", (0, 0, 0, 1)):
        session.pick(team, pick)
    outcome = session.decide()
    assert outcome.headline() == "decided by majority vote (3 of 4 teams)" and not outcome.timeout


def test_extra_time_without_a_clock_is_not_logged():
    clock = FakeClock()
    settings = Settings(seed=4, scenario="s", turns=4, teams=("a", "b"), minutes=0)
    session = ClassSession(mini_content(), settings, clock=clock, wall=clock)
    assert session.extend(60) is False
    assert not any(r["type"] == "extend" for r in session.records)


def test_the_last_decision_can_be_undone():
    session, _ = make_session()
    while not session.over:
        for team in "abcd":
            session.pick(team, 1)
        session.decide()
    decided = len(session.state.decisions)
    assert session.undo() and not session.over and len(session.state.decisions) == decided - 1
    assert session.card is not None


def test_inject_says_which_cards_do_not_fit():
    session, _ = make_session()
    assert session.inject_problem("a.north_deal") is None
    assert "conditions" in session.inject_problem("a.only_after_deal")  # needs the north_deal flag
    assert "consequence" in session.inject_problem("a.bill_due")
    assert session.inject_problem("nope").startswith("no card")


def test_picks_typed_before_quitting_come_back_with_the_save():
    session, _ = make_session()
    session.pick("a", 1)
    session.pick("c", 0)
    table = session.meta()["classroom"]["table"]
    again = ClassSession(session.content, session.settings, resume_from=session.state, resume_picks=table)
    assert again.picks == {"a": 1, "b": None, "c": 0, "d": None}
    # A table from another card, or with nonsense in it, is not restored.
    stale = {**table, "turn": table["turn"] + 1}
    assert ClassSession(session.content, session.settings, resume_from=session.state,
                        resume_picks=stale).picks["a"] is None
    bad = {**table, "picks": {"a": 99, "zz": 0, "c": True}}
    assert set(ClassSession(session.content, session.settings, resume_from=session.state,
                            resume_picks=bad).picks.values()) == {None}
