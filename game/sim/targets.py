"""The balance targets: what the base deck promises, checked on a simulation report.

Each target is judged on the report of ``simulate`` (the same dict ``--json`` prints),
so the tests, the ``simulate`` tables and a modder's own script all apply the same rule.
A share target holds only when its whole 95% Wilson interval lies inside the target
band: a figure that is merely near the band on a small sample does not pass. The two
static targets (every choice costs something, no two choices alike) need no games.

docs/balance.md explains each target and why it is there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from game.base.i18n import N_, Said, nsaid
from game.engine import Content, forecasts
from game.engine.model import VICTORY
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

# The game's targets as (low, high) shares, by the names a scenario's ``balance:`` uses
# to replace them (docs/balance.md; game/loading/spec.py BALANCE).
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "random_survival": RANDOM_SURVIVAL,
    "single_vector_max": (0.0, SINGLE_VECTOR_MAX),
    "balancer_survival": BALANCER_SURVIVAL,
    "balancer_lead": (BALANCER_LEAD, 1.0),
    "meter_loss_share": METER_LOSS_SHARE,
    "early_loss_max": (0.0, EARLY_LOSS_MAX),
    "card_drawn_min": (CARD_DRAWN_MIN, 1.0),
}


@dataclass(frozen=True)
class Check:
    """One target: its name, whether it holds, and the figures behind the verdict.

    ``target`` is the target's key (``random_survival``, ``survival.lookahead``...),
    ``figure`` the measured share (or lead) the verdict is about, ``bound`` the
    ``(low, high)`` it had to meet.
    """

    name: str
    passed: bool
    detail: str
    culprits: tuple[str, ...] = ()
    target: str = ""
    figure: float | None = None
    bound: tuple[float, float] | None = None

    def as_json(self) -> dict:
        return {
            "target": self.target,
            "name": self.name,
            "passed": self.passed,
            "figure": None if self.figure is None else round(self.figure, 4),
            "bound": None if self.bound is None else [round(b, 4) for b in self.bound],
            "detail": self.detail,
            "culprits": list(self.culprits),
        }


def percent(x: float) -> str:
    """A share as the report prints it, one decimal: every figure of the report goes
    through here, from exact counts, so that no figure is rounded twice."""
    return f"{100 * x:.1f}%"


_pct = percent


def share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _bound(x: float) -> str:
    """A bound as a target's name says it: 5%, 0.5%."""
    return f"{100 * x:.1f}".rstrip("0").rstrip(".") + "%"


def _interval(successes: int, trials: int) -> tuple[float, float]:
    return wilson_interval(successes, trials)


def _within(successes: int, trials: int, low: float, high: float) -> tuple[bool, str]:
    lo, hi = _interval(successes, trials)
    rate = share(successes, trials)
    return low <= lo and hi <= high, Said(N_("{rate} [{low}-{high}] of {games}"), rate=_pct(rate), low=_pct(lo), high=_pct(hi),
                                              games=trials)


def vector_strategies(content: Content) -> list[str]:
    return [meter.id for meter in content.meters if meter.is_vector]


def bounds_for(content: Content, scenario_id: str) -> dict[str, tuple[float, float]]:
    """The game's bounds with the scenario's own (``balance:`` in content) laid over them."""
    return {**DEFAULT_BOUNDS, **content.scenarios[scenario_id].balance}


def _early_losses(row: dict) -> int:
    """The count behind ``early_loss_rate`` (a share rounded to 4 decimals: exact back
    to the count for fewer than 10,000 games)."""
    return round(row["early_loss_rate"] * row["games"])


def check_report(content: Content, scenario_id: str, report: dict) -> list[Check]:
    """Every simulated target that the strategies in ``report`` allow to judge."""
    bounds = bounds_for(content, scenario_id)
    checks: list[Check] = []
    random = report.get("random")
    if random is not None:
        low, high = bounds["random_survival"]
        checks.append(_survival(Said(N_("random play survives {low}-{high}"), low=_bound(low), high=_bound(high)), random, "random_survival",
                                low, high))
        checks.append(_meter_shares(content, random, bounds["meter_loss_share"]))
        early, games = _early_losses(random), random["games"]
        lo, hi = _interval(early, games)
        most = bounds["early_loss_max"][1]
        checks.append(Check(Said(N_("random play: at most {most} lost in the first four turns"), most=_bound(most)),
                            hi <= most, f"{_pct(share(early, games))} [{_pct(lo)}-{_pct(hi)}]",
                            target="early_loss_max", figure=share(early, games), bound=(0.0, most)))
        checks.append(_cards_drawn(content, scenario_id, random, bounds["card_drawn_min"][0]))
    singles = [name for name in vector_strategies(content) if name in report]
    single_max = bounds["single_vector_max"][1]
    for name in singles:
        checks.append(_survival(Said(N_("{name}-only play survives under {most}"), name=name, most=_bound(single_max)), report[name],
                                "single_vector_max", 0.0, single_max))
    balancer = report.get("balancer")
    if balancer is not None:
        low, high = bounds["balancer_survival"]
        checks.append(_survival(Said(N_("the balancer survives {low}-{high}"), low=_bound(low), high=_bound(high)), balancer,
                                "balancer_survival", low, high))
        if singles:
            best = max(singles, key=lambda name: share(report[name]["survived"], report[name]["games"]))
            lead_lo = _interval(balancer["survived"], balancer["games"])[0] - \
                _interval(report[best]["survived"], report[best]["games"])[1]
            lead = share(balancer["survived"], balancer["games"]) - share(report[best]["survived"],
                                                                          report[best]["games"])
            need = bounds["balancer_lead"][0]
            checks.append(Check(
                Said(N_("the balancer beats the best single-vector play ({best}) by {points} points"), best=best,
                     points=round(100 * need)),
                lead_lo >= need,
                Said(N_("lead {lead} points (at least {least} by the intervals)"), lead=f"{100 * lead:.1f}",
                     least=f"{100 * lead_lo:.1f}"),
                target="balancer_lead", figure=lead_lo, bound=(need, 1.0),
            ))
        lookahead = report.get("lookahead")
        if lookahead is not None:
            ahead, behind = share(lookahead["survived"], lookahead["games"]), share(balancer["survived"],
                                                                                   balancer["games"])
            checks.append(Check(
                Said(N_("the lookahead survives at least as often as the balancer")),
                ahead >= behind, Said(N_("{ahead} vs {behind}"), ahead=_pct(ahead), behind=_pct(behind)),
                target="lookahead_vs_balancer", figure=ahead - behind, bound=(0.0, 1.0),
            ))
    checks.extend(_own_targets(bounds, report))
    return checks


def _own_targets(bounds: dict[str, tuple[float, float]], report: dict) -> list[Check]:
    """The scenario's ``survival:`` targets: a strategy survives within its band. A
    strategy the run did not play cannot show it, so that target fails and says so."""
    checks = []
    for key, (low, high) in bounds.items():
        if not key.startswith("survival."):
            continue
        name = key.removeprefix("survival.")
        title = Said(N_("{name} survives {low}-{high} (the scenario's own target)"), name=name, low=_bound(low),
                     high=_bound(high))
        row = report.get(name)
        if not isinstance(row, dict):
            checks.append(Check(title, False, Said(N_("no games of '{name}' in this run (--strategy all plays every bot)"),
                                                 name=name), target=key, bound=(low, high)))
            continue
        checks.append(_survival(title, row, key, low, high))
    return checks


def _survival(title: str, row: dict, target: str, low: float, high: float) -> Check:
    """The target that ``row``'s strategy survives within ``low``-``high`` (by the interval)."""
    ok, detail = _within(row["survived"], row["games"], low, high)
    return Check(title, ok, detail, target=target, figure=share(row["survived"], row["games"]), bound=(low, high))


def _meter_shares(content: Content, row: dict, band: tuple[float, float]) -> Check:
    losses = row["games"] - row["survived"]
    parts, culprits, ok = [], [], losses > 0
    worst, furthest = None, 0.0
    for meter in content.meters:
        count = row["losses_by_meter"].get(meter.id, 0)
        lo, hi = _interval(count, losses)
        inside = band[0] <= lo and hi <= band[1]
        ok = ok and inside
        part = share(count, losses)
        parts.append(f"{meter.id} {_pct(part)}")
        if not inside:
            culprits.append(f"{meter.id} {_pct(part)} [{_pct(lo)}-{_pct(hi)}]")
            # The figure is the culprit whose interval reaches furthest out of the band,
            # not the first one in meter order.
            out = max(band[0] - lo, hi - band[1])
            if worst is None or out > furthest:
                worst, furthest = part, out
    if worst is None and losses:  # all inside: the figure is the largest share
        worst = max(share(row["losses_by_meter"].get(m.id, 0), losses) for m in content.meters)
    return Check(Said(N_("random play: each meter causes {low}-{high} of the losses"), low=_bound(band[0]),
                      high=_bound(band[1])), ok,
                 ", ".join(parts), tuple(culprits), target="meter_loss_share", figure=worst, bound=band)


def _cards_drawn(content: Content, scenario_id: str, row: dict, least: float) -> Check:
    """Every dealable card is drawn in enough games. Fallback cards are left out: the
    engine deals them only when no other card is eligible, so a deck that never runs
    dry never shows them, and that is as it should be."""
    games = row["games"]
    rare = []
    rarest = None
    for card_id in reachable_cards(content, scenario_id):
        drawn = row["cards"].get(card_id, {}).get("drawn", 0)
        rarest = share(drawn, games) if rarest is None else min(rarest, share(drawn, games))
        lo, _ = _interval(drawn, games)
        if lo < least:
            rare.append(f"{card_id} ({drawn}/{games})")
    detail = Said(N_("all cards")) if not rare else nsaid("{n} card too rare to prove", "{n} cards too rare to prove", len(rare))
    return Check(Said(N_("random play: every dealable card drawn in at least {least} of games"), least=_bound(least)),
                 not rare, detail, tuple(rare), target="card_drawn_min", figure=rarest, bound=(least, 1.0))


def reachable_cards(content: Content, scenario_id: str) -> list[str]:
    """The cards the reachability target covers: the dealable ones but the fallbacks."""
    return [c for c in dealable_cards(content, scenario_id) if not content.cards[c].fallback]


# --- the static targets ---------------------------------------------------------


def _effect(content: Content, choice, scenario_id: str) -> dict[str, int]:
    """A choice's effect with the rivalry of the scenario's term (engine's rule)."""
    return {m: d for m, d in effect_with_rivalry(content, choice.effects, scenario_id).items() if d}


def free_choices(content: Content, scenario_id: str) -> list[str]:
    """Choices (``card#n``, 1-based) that lower no meter at all, rivalry included.

    A choice that costs nothing is one a player never has to weigh: it should not exist.
    """
    result = []
    for card_id in dealable_cards(content, scenario_id):
        for n, choice in enumerate(content.cards[card_id].choices, 1):
            if not any(change < 0 for change in _effect(content, choice, scenario_id).values()):
                result.append(f"{card_id}#{n}")
    return result


def duplicate_choices(content: Content, scenario_id: str) -> list[str]:
    """Choices whose effect on the meters equals an earlier choice's on the same card."""
    result = []
    for card_id in dealable_cards(content, scenario_id):
        seen: dict[tuple, int] = {}
        for n, choice in enumerate(content.cards[card_id].choices, 1):
            key = tuple(sorted(_effect(content, choice, scenario_id).items()))
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
        effects = [_effect(content, c, scenario_id) for c in content.cards[card_id].choices]
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


@dataclass(frozen=True)
class Dominant:
    """A choice a bot takes nearly every time its card comes (``choice`` 0-based)."""

    card: str
    choice: int
    taken: int
    dealt: int

    def as_json(self) -> dict:
        return {"card": self.card, "answer": self.choice + 1, "taken": self.taken, "dealt": self.dealt,
                "share": round(self.taken / self.dealt, 4)}


def dominant_picks(content: Content, picks, min_deals: int = 20, share: float = 0.95) -> list[Dominant]:
    """The cards on which a bot takes one choice at least ``share`` of the times the
    card is dealt (cards dealt fewer than ``min_deals`` times are not judged)."""
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
            result.append(Dominant(card_id, counts.index(top), top, total))
    return result


def dominant_choices(content: Content, picks, min_deals: int = 20, share: float = 0.95) -> list[str]:
    """Cards on which a bot takes the same choice nearly every time (a diagnostic).

    ``picks`` counts ``(card_id, choice)`` as a simulation summary does. When the best
    bot almost always takes one choice, the others are not real options for it.
    """
    return [f"{d.card}#{d.choice + 1} ({d.taken}/{d.dealt})" for d in dominant_picks(content, picks, min_deals, share)]


def check_static(content: Content, scenario_id: str) -> list[Check]:
    free = free_choices(content, scenario_id)
    same = duplicate_choices(content, scenario_id)
    return [
        Check(Said(N_("every choice costs something")), not free,
              Said(N_("all choices")) if not free else nsaid("{n} choice lowers no meter", "{n} choices lower no meter", len(free)),
              tuple(free),
              target="free_choices", figure=float(len(free)), bound=(0.0, 0.0)),
        Check(Said(N_("no two choices of a card have the same effects")), not same,
              Said(N_("all distinct")) if not same else nsaid("{n} duplicate", "{n} duplicates", len(same)),
              tuple(same),
              target="duplicate_choices", figure=float(len(same)), bound=(0.0, 0.0)),
    ]


# --- card properties from a state, by the engine's forecast ---------------------------


def dominating_choices(content: Content, state) -> list[tuple[str, int, int]]:
    """On the card on the table, the pairs ``(card, a, b)`` (1-based) where choice ``a``
    moves every meter at least as far up as choice ``b`` does, and one further: by the
    engine's forecast of this turn (rivalry, lingering, situations; before clamping). Such a
    ``b`` is no choice at all: ``a`` gives more of everything."""
    meters = content.meter_ids
    # Before clamping: a meter pinned at 100 hides what a choice gives up, not what it costs.
    moves = [{m: f.immediate.get(m, 0) + f.lingering.get(m, 0) + f.situation_effects.get(m, 0) for m in meters}
             for f in forecasts(content, state)]
    found = []
    for a, ma in enumerate(moves):
        for b, mb in enumerate(moves):
            if a == b:
                continue
            diffs = [ma.get(m, 0) - mb.get(m, 0) for m in meters]
            if min(diffs) >= 0 and max(diffs) > 0:
                found.append((state.card, a + 1, b + 1))
    return found


def dead_end_cards(content: Content, state, card_ids) -> list[str]:
    """The cards of ``card_ids`` that, dealt in ``state``, offer no choice that does not
    end the game at once (every forecast is a loss)."""
    won = {e.id for e in content.endings.values() if e.kind == VICTORY}
    found = []
    for card_id in card_ids:
        dealt = replace(state, card=card_id, card_is_followup=False)
        if all(f.ending is not None and f.ending not in won for f in forecasts(content, dealt)):
            found.append(card_id)
    return found
