"""The simulator: N seeded games per strategy, and the figures of the balance report.

Game ``i`` of a run with master seed ``s`` uses the seed ``derive_seed(s, i)`` for the
deal and a seed derived from that for the strategy's own randomness, so a game's result
depends only on ``(content, scenario, strategy, s, i)``: never on how games are spread
over processes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from game.engine import Content, GameState, choose, new_game, rng
from game.engine.model import VICTORY
from game.engine.rules import scenario_deck
from game.sim.stats import median, wilson_interval
from game.sim.strategies import STRATEGIES

EARLY_TURNS = 4


@dataclass(frozen=True)
class GameResult:
    ending: str
    won: bool
    turns: int
    dealt: tuple[str, ...]
    decisive_card: str | None


def play_one(content: Content, scenario_id: str | None, strategy_name: str, seed: int) -> GameResult:
    """Play one whole game with a strategy."""
    strategy = STRATEGIES[strategy_name]
    state: GameState = new_game(content, scenario_id, seed)
    bot_rng = rng.seed_state(rng.derive_seed(seed, 1))
    dealt = [state.card]
    while not state.over:
        choice, bot_rng = strategy(content, state, bot_rng)
        state, _ = choose(content, state, choice)
        if state.card is not None:
            dealt.append(state.card)
    won = content.endings[state.ending].kind == VICTORY
    return GameResult(state.ending, won, len(state.decisions), tuple(dealt), state.decisive_card)


def dealable_cards(content: Content, scenario_id: str) -> list[str]:
    """Every card the scenario can deal: its deck, its fallbacks and follow-up cards."""
    scenario = content.scenarios[scenario_id]
    drawable, fallbacks = scenario_deck(content, scenario_id)
    ids = [card.id for card in drawable + fallbacks]
    for card in content.cards.values():
        if card.followup_only and not scenario.exclude_tags.intersection(card.tags):
            if card.when.scenarios is None or scenario_id in card.when.scenarios:
                ids.append(card.id)
    reachable = set(ids)
    return [card_id for card_id in content.cards if card_id in reachable]


@dataclass
class StrategySummary:
    games: int = 0
    survived: int = 0
    endings: Counter = field(default_factory=Counter)
    losses_by_meter: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    early_losses: int = 0
    drawn: Counter = field(default_factory=Counter)
    lost_on: Counter = field(default_factory=Counter)

    def add(self, content: Content, result: GameResult, ending_meter: dict[str, str]) -> None:
        self.games += 1
        self.endings[result.ending] += 1
        self.turns.append(result.turns)
        for card_id in set(result.dealt):
            self.drawn[card_id] += 1
        if result.won:
            self.survived += 1
            return
        meter = ending_meter.get(result.ending)
        if meter is not None:
            self.losses_by_meter[meter] += 1
        if result.turns <= EARLY_TURNS:
            self.early_losses += 1
        if result.decisive_card is not None:
            self.lost_on[result.decisive_card] += 1

    def as_json(self, content: Content, card_ids: list[str]) -> dict:
        low, high = wilson_interval(self.survived, self.games)
        return {
            "games": self.games,
            "survived": self.survived,
            "survival_rate": round(self.survived / self.games, 4) if self.games else 0.0,
            "ci95": [round(low, 4), round(high, 4)],
            "endings": {e: self.endings[e] for e in content.endings if self.endings[e]},
            "losses_by_meter": {m.id: self.losses_by_meter[m.id] for m in content.meters},
            "median_turns": median(self.turns),
            "early_loss_rate": round(self.early_losses / self.games, 4) if self.games else 0.0,
            "cards": {c: {"drawn": self.drawn[c], "lost_on": self.lost_on[c]} for c in card_ids},
        }


def ending_meters(content: Content) -> dict[str, str]:
    """Which meter each loss ending belongs to."""
    result = {}
    for meter in content.meters:
        result[meter.low_ending] = meter.id
        if meter.high_ending:
            result[meter.high_ending] = meter.id
    return result


def simulate(
    content: Content,
    strategy_name: str,
    games: int,
    seed: int,
    scenario_id: str | None = None,
    progress=None,
) -> StrategySummary:
    """Play ``games`` games with one strategy in this process."""
    summary = StrategySummary()
    by_ending = ending_meters(content)
    for index in range(games):
        result = play_one(content, scenario_id, strategy_name, rng.derive_seed(seed, index))
        summary.add(content, result, by_ending)
        if progress is not None:
            progress(1)
    return summary
