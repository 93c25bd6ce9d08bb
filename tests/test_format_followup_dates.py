"""Cards bound to their dates: a follow-up that comes due outside its card's dates is
dropped, and the validator warns about one that can only land there."""

from __future__ import annotations

import random
from dataclasses import replace

from game.engine import Card, Choice, Condition, FollowUp, choose, new_game
from game.loading import load_content
from tests.minicontent import mini_content
from tests.test_loader import MINI, write


def _content(window):
    """Mini content whose north deal schedules 'x.dated' in 2 turns; 'x.dated' holds
    only in ``window`` (date indexes)."""
    base = mini_content()
    dated = Card("x.dated", "Dated", "aide", "t", (Choice("a", (("people", 1),)), Choice("b", (("north", 1),))),
                 when=Condition(dates=window), followup_only=True)
    deal = base.cards["a.north_deal"]
    accept = replace(deal.choices[0], followups=(FollowUp("x.dated", 2),))
    deal = replace(deal, choices=(accept, *deal.choices[1:]))
    return replace(base, cards={**base.cards, "a.north_deal": deal, "x.dated": dated})


def _dealt(content, seed):
    state = new_game(content, "s", seed)
    dealt = []
    while not state.over:
        dealt.append((state.card, state.date, state.card_is_followup))
        state, _ = choose(content, state, 0)
    return dealt, state


def test_a_followup_out_of_its_cards_dates_is_dropped_and_the_deck_deals_instead():
    start = mini_content().scenarios["s"].start
    always, never = _content((start, start + 100)), _content((start + 200, start + 300))
    seen = dropped = 0
    for seed in range(40):
        kept, _ = _dealt(always, seed)
        gone, final = _dealt(never, seed)
        assert all(card != "x.dated" for card, _, _ in gone)
        assert not any(p.card == "x.dated" and p.due < final.turn for p in final.pending)
        seen += sum(card == "x.dated" for card, _, _ in kept)
        if any(card == "x.dated" for card, _, _ in kept):
            dropped += 1
            # Where the follow-up came, the other game drew a card instead, from the deck.
            turn = next(i for i, (card, _, _) in enumerate(kept) if card == "x.dated")
            assert gone[turn][2] is False
    assert seen and dropped  # the case happened


def test_the_window_is_checked_on_the_quarter_the_followup_comes_due():
    start = mini_content().scenarios["s"].start
    content = _content((start, start + 3))  # the first four quarters only
    for seed in range(40):
        dealt, _ = _dealt(content, seed)
        for card, date, _ in dealt:
            if card == "x.dated":
                assert start <= date <= start + 3


def test_no_followup_of_the_base_game_is_dealt_outside_its_cards_dates(base_content):
    # 1,000 random games per scenario: the figure issue #17 asks for.
    for scenario_id in base_content.scenarios:
        for seed in range(1000):
            chooser = random.Random(seed)
            state = new_game(base_content, scenario_id, seed)
            while not state.over:
                window = base_content.cards[state.card].when.dates
                if state.card_is_followup and window is not None:
                    assert window[0] <= state.date <= window[1], (scenario_id, seed, state.card)
                state, _ = choose(base_content, state, chooser.randrange(len(base_content.cards[state.card].choices)))


LATE = MINI + """\
  - id: early
    title: Early
    speaker: aide
    text: Now.
    when: {dates: [2019-Q2, 2019-Q3]}
    choices:
      - label: A
        effects: {moscow: 2}
        followups: [{card: late, in: 1}]
      - {label: B, effects: {public: 2}}
  - id: late
    title: Late
    speaker: aide
    text: Then.
    followup_only: true
    when: {dates: [2019-Q2, 2019-Q3]}
    choices:
      - {label: A, effects: {moscow: 1}}
      - {label: B, effects: {public: 1}}
"""


def test_the_validator_warns_about_a_followup_that_can_only_land_out_of_its_dates(tmp_path):
    assert not load_content(write(tmp_path, LATE)).problems  # 2019-Q2 + 1 lands in the window
    result = load_content(write(tmp_path, LATE.replace("in: 1}", "in: 2}")))
    [problem] = result.problems
    assert (problem.severity, problem.code, problem.line) == ("warning", "followup-dates", 20)
    assert "can only come due in 2019-Q4..2020-Q1, outside that card's dates 2019-Q2..2019-Q3" in problem.message
    # The term (2019-Q2, four quarters) ends before a follow-up in 4 could come: no landing, no warning.
    assert not load_content(write(tmp_path, LATE.replace("in: 1}", "in: 4}"))).problems
