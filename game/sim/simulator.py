"""The simulator: N seeded games per strategy, and the figures of the balance report.

Game ``i`` of a run with master seed ``s`` uses the seed ``derive_seed(s, i)`` for the
deal and a seed derived from that for the strategy's own randomness, so a game's result
depends only on ``(content, scenario, strategy, s, i)``. Games are cut into fixed chunks
whatever the number of processes, each chunk is summarised on its own, and the chunk
summaries are merged in chunk order: the report never depends on how many processes ran
or which finished first.

Games are played by the simulation kernel (:mod:`game.sim.kernel`) for every bot that
has a kernel policy (:mod:`game.sim.kernel_bots`): the same games, several times
faster. ``engine=True`` plays them on the engine instead, to compare and to bench.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from game.engine import Content, GameState, choose, new_game, rng
from game.engine.model import VICTORY
from game.engine.rules import final_ending, scenario_deck
from game.sim.kernel_bots import kernel_player
from game.sim.stats import median, variety, wilson_interval
from game.sim.strategies import get_strategy

EARLY_TURNS = 4
CHUNK = 100  # games per unit of work; fixed, so that chunks never depend on processes


@dataclass(frozen=True)
class GameResult:
    ending: str
    won: bool
    turns: int
    dealt: tuple[str, ...]
    decisive_card: str | None
    picks: tuple[tuple[str, int], ...] = ()


def play_one(content: Content, scenario_id: str | None, strategy_name: str, seed: int) -> GameResult:
    """Play one whole game with a strategy."""
    strategy = get_strategy(content, strategy_name)
    state: GameState = new_game(content, scenario_id, seed)
    bot_rng = rng.seed_state(rng.derive_seed(seed, 1))
    dealt: list[str] = []
    picks: list[tuple[str, int]] = []
    card = state.card
    while card is not None:  # None once the game is over
        dealt.append(card)
        choice, bot_rng = strategy(content, state, bot_rng)
        picks.append((card, choice))
        state, _ = choose(content, state, choice)
        card = state.card
    ending = final_ending(content, state)
    return GameResult(ending.id, ending.kind == VICTORY, len(state.decisions), tuple(dealt), state.decisive_card,
                      tuple(picks))


def dealable_cards(content: Content, scenario_id: str) -> list[str]:
    """Every card the scenario can deal, in load order.

    That is its deck and its fallback cards, less those whose turn or date window lies
    outside the term and those that need a flag nothing dealable can set, plus every
    card a dealable card's choices schedule as a follow-up (follow-ups are dealt
    whatever their own conditions). Found as a fixed point: a card dealable only after
    another one sets its flag joins once that one has.
    """
    scenario = content.scenarios[scenario_id]
    drawable, fallbacks = scenario_deck(content, scenario_id)
    first, last = scenario.start, scenario.start + scenario.turns - 1
    candidates = []
    for card in drawable + fallbacks:
        when = card.when
        if when.turns is not None and (when.turns[1] < 1 or when.turns[0] > scenario.turns):
            continue
        if when.dates is not None and (when.dates[1] < first or when.dates[0] > last):
            continue
        candidates.append(card)
    reachable: dict[str, None] = {}
    flags = set(scenario.flags)
    grew = True
    while grew:
        grew = False
        for card in candidates:
            if card.id not in reachable and card.when.flags <= flags:
                reachable[card.id] = None
                grew = True
        frontier = list(reachable)
        while frontier:
            card = content.cards[frontier.pop()]
            for choice in card.choices:
                for flag in choice.set_flags:
                    if flag not in flags:
                        flags.add(flag)
                        grew = True
                for followup in choice.followups:
                    if followup.card not in reachable:
                        reachable[followup.card] = None
                        frontier.append(followup.card)
    return [card_id for card_id in content.cards if card_id in reachable]


@dataclass
class StrategySummary:
    """The figures of one strategy over many games (or one chunk of them)."""

    games: int = 0
    survived: int = 0
    endings: Counter = field(default_factory=Counter)
    losses_by_meter: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    early_losses: int = 0
    drawn: Counter = field(default_factory=Counter)
    lost_on: Counter = field(default_factory=Counter)
    picks: Counter = field(default_factory=Counter)  # (card, choice) -> times taken

    def add(self, result: GameResult, ending_meter: dict[str, str]) -> None:
        self.games += 1
        self.endings[result.ending] += 1
        self.turns.append(result.turns)
        self.drawn.update(dict.fromkeys(result.dealt, 1))
        self.picks.update(result.picks)
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

    def merge(self, other: StrategySummary) -> None:
        self.games += other.games
        self.survived += other.survived
        self.endings.update(other.endings)
        self.losses_by_meter.update(other.losses_by_meter)
        self.turns.extend(other.turns)
        self.early_losses += other.early_losses
        self.drawn.update(other.drawn)
        self.lost_on.update(other.lost_on)
        self.picks.update(other.picks)

    def as_json(self, content: Content, card_ids: list[str]) -> dict:
        """The strategy's entry in ``simulate --json`` (DESIGN.md fixes the keys)."""
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
            "variety": variety(list(self.drawn.values()), self.games),
        }


def ending_meters(content: Content) -> dict[str, str]:
    """Which meter each loss ending belongs to."""
    return {ending_id: meter.id for ending_id in content.endings
            if (meter := content.meter_of_ending(ending_id)) is not None}


def simulate_range(
    content: Content, strategy_name: str, seed: int, start: int, stop: int, scenario_id: str | None = None,
    engine: bool = False,
) -> StrategySummary:
    """Games ``start..stop-1`` of a run with master seed ``seed``, in this process
    (through the kernel where the bot has a kernel policy, unless ``engine``)."""
    summary = StrategySummary()
    by_ending = ending_meters(content)
    play = None if engine else kernel_player(content, scenario_id, strategy_name)
    for index in range(start, stop):
        game_seed = rng.derive_seed(seed, index)
        result = play(game_seed) if play else play_one(content, scenario_id, strategy_name, game_seed)
        summary.add(result, by_ending)
    return summary


def simulate(
    content: Content,
    strategy_name: str,
    games: int,
    seed: int,
    scenario_id: str | None = None,
    progress=None,
) -> StrategySummary:
    """Play ``games`` games with one strategy in this process."""
    return run_simulation(content, [strategy_name], games, seed, scenario_id, processes=1,
                          progress=(lambda name, n: progress(n)) if progress else None)[strategy_name]


# --- spreading the games over processes -------------------------------------------

ContentSource = Content | Callable[[], Content]
_worker_content: Content | None = None


def _init_worker(source: ContentSource) -> None:
    """Load the content once per worker process (or take it as inherited by fork)."""
    global _worker_content
    _worker_content = source if isinstance(source, Content) else source()


def _release_worker() -> None:
    global _worker_content
    _worker_content = None


# A chunk of games for a worker: (number, bot, seed, first game, stop, scenario, engine).
_Job = tuple[int, str, int, int, int, str | None, bool]


def _run_chunk(job: _Job) -> tuple[int, StrategySummary]:
    number, name, seed, start, stop, scenario_id, engine = job
    assert _worker_content is not None
    return number, simulate_range(_worker_content, name, seed, start, stop, scenario_id, engine)


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_simulation(
    content: Content,
    names: Sequence[str],
    games: int,
    seed: int,
    scenario_id: str | None = None,
    *,
    processes: int | None = None,
    source: Callable[[], Content] | None = None,
    progress: Callable[[str, int], None] | None = None,
    start_method: str | None = None,
    engine: bool = False,
) -> dict[str, StrategySummary]:
    """Play ``games`` games with each strategy in ``names``; the summaries by name.

    ``processes`` defaults to every core. Worker processes load their content once:
    from ``source`` (a picklable function that loads it, such as a ``functools.partial``
    of the loader) where given, else a copy of ``content``. ``progress(name, n)`` is
    called in this process as games finish. ``start_method`` picks how workers start
    (``fork``, ``spawn``...; default: the platform's). ``engine=True`` plays every game
    on the engine rather than the kernel (the same report, slower).
    """
    jobs: list[_Job] = []
    for name in names:
        for start in range(0, games, CHUNK):
            jobs.append((len(jobs), name, seed, start, min(start + CHUNK, games), scenario_id, engine))
    processes = default_processes() if processes is None else processes
    processes = max(1, min(processes, len(jobs)))
    done: dict[int, StrategySummary] = {}
    if processes == 1:
        _init_worker(content)
        try:
            for job in jobs:
                number, summary = _run_chunk(job)
                done[number] = summary
                if progress is not None:
                    progress(job[1], summary.games)
        finally:
            _release_worker()
    else:
        context = multiprocessing.get_context(start_method)
        # A forked worker inherits the loaded content for free; a spawned one rebuilds it.
        initarg = content if context.get_start_method() == "fork" or source is None else source
        with context.Pool(processes, initializer=_init_worker, initargs=(initarg,)) as pool:
            for number, summary in pool.imap_unordered(_run_chunk, jobs):
                done[number] = summary
                if progress is not None:
                    progress(jobs[number][1], summary.games)
    result = {name: StrategySummary() for name in names}
    for number in sorted(done):
        result[jobs[number][1]].merge(done[number])
    return result
