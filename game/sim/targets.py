"""The balance targets: what the base deck promises, checked on a simulation report.

Each target is judged on the report of ``simulate`` (the same dict ``--json`` prints),
so the tests, the ``simulate`` tables and a modder's own script all apply the same rule.
A share target holds only when its whole 95% Wilson interval lies inside the target
band: a figure that is merely near the band on a small sample does not pass. The two
static targets (every choice costs something, no two choices alike) need no games.

docs/balance.md explains each target and why it is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Content
from game.engine.rules import effect_with_rivalry
from game.sim.simulator import dealable_cards
from game.sim.stats import wilson_interval

RANDOM_SURVIVAL = (0.05, 0.30)
SINGLE_VECTOR_MAX = 0.05
BALANCER_SURVIVAL = (0.55, 0.90)
BALANCER_LEAD = 0.30
METER_LOSS_SHARE = (0.05, 0.40)
EARLY_LOSS_MAX = 0.02
CARD_DRAWN_MIN = 0.005


@dataclass(frozen=True)
class Check:
    """One target: its name, whether it holds, and the figures behind the verdict."""

    name: str
    passed: bool
    detail: str
    culprits: tuple[str, ...] = ()


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _interval(successes: int, trials: int) -> tuple[float, float]:
    return wilson_interval(successes, trials)


def _within(successes: int, trials: int, low: float, high: float) -> tuple[bool, str]:
    lo, hi = _interval(successes, trials)
    rate = successes / trials if trials else 0.0
    return low <= lo and hi <= high, f"{_pct(rate)} [{_pct(lo)}-{_pct(hi)}] of {trials}"


def vector_strategies(content: Content) -> list[str]:
    return [meter.id for meter in content.meters if meter.is_vector]


def check_report(content: Content, scenario_id: str, report: dict) -> list[Check]:
    """Every simulated target that the strategies in ``report`` allow to judge."""
    checks: list[Check] = []
    random = report.get("random")
    if random is not None:
        ok, detail = _within(random["survived"], random["games"], *RANDOM_SURVIVAL)
        checks.append(Check("random play survives 5%-30%", ok, detail))
        checks.append(_meter_shares(content, random))
        lo, hi = _interval(round(random["early_loss_rate"] * random["games"]), random["games"])
        early = random["early_loss_rate"]
        checks.append(Check(f"random play: at most {_pct(EARLY_LOSS_MAX)} lost in the first four turns",
                            hi <= EARLY_LOSS_MAX, f"{_pct(early)} [{_pct(lo)}-{_pct(hi)}]"))
        checks.append(_cards_drawn(content, scenario_id, random))
    singles = [name for name in vector_strategies(content) if name in report]
    for name in singles:
        row = report[name]
        ok, detail = _within(row["survived"], row["games"], 0.0, SINGLE_VECTOR_MAX)
        checks.append(Check(f"{name}-only play survives under {_pct(SINGLE_VECTOR_MAX)}", ok, detail))
    balancer = report.get("balancer")
    if balancer is not None:
        ok, detail = _within(balancer["survived"], balancer["games"], *BALANCER_SURVIVAL)
        checks.append(Check("the balancer survives 55%-90%", ok, detail))
        if singles:
            best = max(singles, key=lambda name: report[name]["survival_rate"])
            lead_lo = _interval(balancer["survived"], balancer["games"])[0] - report[best]["ci95"][1]
            lead = balancer["survival_rate"] - report[best]["survival_rate"]
            checks.append(Check(
                f"the balancer beats the best single-vector play ({best}) by {round(100 * BALANCER_LEAD)} points",
                lead_lo >= BALANCER_LEAD,
                f"lead {100 * lead:.1f} points (at least {100 * lead_lo:.1f} by the intervals)",
            ))
        lookahead = report.get("lookahead")
        if lookahead is not None:
            checks.append(Check(
                "the lookahead survives at least as often as the balancer",
                lookahead["survival_rate"] >= balancer["survival_rate"],
                f"{_pct(lookahead['survival_rate'])} vs {_pct(balancer['survival_rate'])}",
            ))
    return checks


def _meter_shares(content: Content, row: dict) -> Check:
    losses = row["games"] - row["survived"]
    parts, culprits, ok = [], [], losses > 0
    for meter in content.meters:
        count = row["losses_by_meter"].get(meter.id, 0)
        lo, hi = _interval(count, losses)
        inside = METER_LOSS_SHARE[0] <= lo and hi <= METER_LOSS_SHARE[1]
        ok = ok and inside
        share = count / losses if losses else 0.0
        parts.append(f"{meter.id} {_pct(share)}")
        if not inside:
            culprits.append(f"{meter.id} {_pct(share)} [{_pct(lo)}-{_pct(hi)}]")
    return Check("random play: each meter causes 5%-40% of the losses", ok, ", ".join(parts), tuple(culprits))


def _cards_drawn(content: Content, scenario_id: str, row: dict) -> Check:
    """Every dealable card is drawn in enough games. Fallback cards are left out: the
    engine deals them only when no other card is eligible, so a deck that never runs
    dry never shows them, and that is as it should be."""
    games = row["games"]
    rare = []
    for card_id in reachable_cards(content, scenario_id):
        drawn = row["cards"].get(card_id, {}).get("drawn", 0)
        lo, _ = _interval(drawn, games)
        if lo < CARD_DRAWN_MIN:
            rare.append(f"{card_id} ({drawn}/{games})")
    detail = "all cards" if not rare else f"{len(rare)} card(s) too rare to prove"
    return Check(f"random play: every dealable card drawn in at least {_pct(CARD_DRAWN_MIN)} of games",
                 not rare, detail, tuple(rare))


def reachable_cards(content: Content, scenario_id: str) -> list[str]:
    """The cards the reachability target covers: the dealable ones but the fallbacks."""
    return [c for c in dealable_cards(content, scenario_id) if not content.cards[c].fallback]


# --- the static targets ---------------------------------------------------------


def _effect(content: Content, choice) -> dict[str, int]:
    return {m: d for m, d in effect_with_rivalry(content, choice.effects).items() if d}


def free_choices(content: Content, scenario_id: str) -> list[str]:
    """Choices (``card#n``, 1-based) that lower no meter at all, rivalry included.

    A choice that costs nothing is one a player never has to weigh: it should not exist.
    """
    result = []
    for card_id in dealable_cards(content, scenario_id):
        for n, choice in enumerate(content.cards[card_id].choices, 1):
            if not any(change < 0 for change in _effect(content, choice).values()):
                result.append(f"{card_id}#{n}")
    return result


def duplicate_choices(content: Content, scenario_id: str) -> list[str]:
    """Choices whose effect on the meters equals an earlier choice's on the same card."""
    result = []
    for card_id in dealable_cards(content, scenario_id):
        seen: dict[tuple, int] = {}
        for n, choice in enumerate(content.cards[card_id].choices, 1):
            key = tuple(sorted(_effect(content, choice).items()))
            if key in seen:
                result.append(f"{card_id}#{n} = #{seen[key]}")
            else:
                seen[key] = n
    return result


def dominated_choices(content: Content, scenario_id: str) -> list[str]:
    """Choices another choice on the card beats outright (a diagnostic, not a target).

    ``a`` dominates ``b`` when it moves every vector the same way and leaves every
    domestic meter at least as high, one strictly higher: nobody should ever take ``b``.
    """
    domestic = {m.id for m in content.meters if not m.is_vector}
    result = []
    for card_id in dealable_cards(content, scenario_id):
        effects = [_effect(content, c) for c in content.cards[card_id].choices]
        for b, eb in enumerate(effects):
            for a, ea in enumerate(effects):
                if a == b:
                    continue
                keys = set(ea) | set(eb)
                vectors_same = all(ea.get(k, 0) == eb.get(k, 0) for k in keys if k not in domestic)
                better = [ea.get(k, 0) - eb.get(k, 0) for k in sorted(keys & domestic)]
                if vectors_same and better and min(better) >= 0 and max(better) > 0:
                    result.append(f"{card_id}#{b + 1} (beaten by #{a + 1})")
                    break
    return result


def dominant_choices(content: Content, picks, min_deals: int = 20, share: float = 0.95) -> list[str]:
    """Cards on which a bot takes the same choice nearly every time (a diagnostic).

    ``picks`` counts ``(card_id, choice)`` as a simulation summary does. When the best
    bot almost always takes one choice, the others are not real options for it.
    """
    totals: dict[str, int] = {}
    for (card_id, _), count in picks.items():
        totals[card_id] = totals.get(card_id, 0) + count
    result = []
    for card_id in content.cards:
        total = totals.get(card_id, 0)
        if total < min_deals:
            continue
        counts = [picks.get((card_id, i), 0) for i in range(len(content.cards[card_id].choices))]
        top = max(counts)
        if top >= share * total:
            result.append(f"{card_id}#{counts.index(top) + 1} ({top}/{total})")
    return result


def check_static(content: Content, scenario_id: str) -> list[Check]:
    free = free_choices(content, scenario_id)
    same = duplicate_choices(content, scenario_id)
    return [
        Check("every choice costs something", not free,
              "all choices" if not free else f"{len(free)} choice(s) lower no meter", tuple(free)),
        Check("no two choices of a card have the same effects", not same,
              "all distinct" if not same else f"{len(same)} duplicate(s)", tuple(same)),
    ]
