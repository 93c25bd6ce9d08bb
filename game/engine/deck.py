"""Each game's own deck: the cards a scenario's ``set_aside`` leaves out of one game.

Without it every term of a scenario deals from the whole deck, so the cards that are
not tied to a date come back game after game. With it each game, from its seed, puts a
share of those cards aside before the first draw, the same share of every theme (a
card's first tag), as a card game's designer thins a deck by suit: the mix of Moscow,
Beijing and home-front cards stays, which ones differ.

The choice uses a generator of its own, seeded by the game's seed (as the start spread
does), so the draw's random numbers are the draw's alone: a scenario without
``set_aside`` deals exactly as before, and one with it deals the same cards from the
same numbers but for those set aside. Nothing is stored in the game state; the set is a
function of the content, the scenario and the seed.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.engine import rng
from game.engine.model import Card, Scenario

_ASIDE_SALT = 0x4153494445  # "ASIDE": the set-aside's generator is not the draw's


def open_cards(scenario: Scenario, drawable: Iterable[Card], followup_targets: frozenset[str]) -> tuple[Card, ...]:
    """The cards of ``drawable`` a game of ``scenario`` may set aside (see
    :class:`~game.engine.model.SetAside`): not events, not follow-up targets, not
    consequences of a flag the term does not start with, not the opening card."""
    if scenario.set_aside is None:
        return ()
    first, last = scenario.start, scenario.start + scenario.turns - 1
    events = scenario.set_aside.event_quarters
    result = []
    for card in drawable:
        dates = card.when.dates
        if dates is not None and min(dates[1], last) - max(dates[0], first) + 1 <= events:
            continue  # an event of the term (or of no quarter of it): every game has it
        if card.id in followup_targets or card.id == scenario.opening or not card.when.flags <= scenario.flags:
            continue
        result.append(card)
    return tuple(result)


def choose_aside(share: float, pool: Iterable[Card], seed: int) -> frozenset[str]:
    """The ids of the cards of ``pool`` a game with ``seed`` sets aside: of each theme's
    n cards, ``share * n`` of them (the fraction rounded up or down by the seed, so the
    share holds on average), picked by the seed.

    Themes are taken in the order of their names and cards by id, so neither the order
    of the content's files nor a mod's added cards elsewhere move another theme's pick.
    """
    themes: dict[str, list[str]] = {}
    for card in pool:
        themes.setdefault(card.tags[0] if card.tags else "", []).append(card.id)
    state = rng.seed_state(seed ^ _ASIDE_SALT)
    aside: list[str] = []
    for theme in sorted(themes):
        ids = sorted(themes[theme])
        exact = share * len(ids)
        count = int(exact)
        state, x = rng.next_float(state)
        if x < exact - count:
            count += 1
        for i in range(count):  # the first ``count`` steps of a Fisher-Yates shuffle
            state, z = rng.next_u64(state)
            j = i + z % (len(ids) - i)
            ids[i], ids[j] = ids[j], ids[i]
        aside.extend(ids[:count])
    return frozenset(aside)
