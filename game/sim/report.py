"""The balance report as Rich tables, for people (``--json`` is for programs)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from game.engine import Content, tr
from game.sim.targets import (
    Check,
    Dominant,
    check_report,
    check_static,
    dominant_picks,
    dominated_choices,
    percent,
)

DECISIVE_SHOWN = 3  # the cards named where the best bot loses


def _share(count: int, total: int) -> str:
    # From the counts, through the one formatter: a rate already rounded for --json
    # and rounded again here could print 6.2% where the targets say 6.3%.
    return percent(count / total) if total else "-"


def strategy_table(report: dict, names: list[str]) -> Table:
    table = Table(title="Strategies", title_justify="left")
    table.add_column("strategy", no_wrap=True)
    table.add_column("survived", justify="right")
    table.add_column("95% interval", justify="right", no_wrap=True)
    table.add_column("median turns", justify="right")
    table.add_column("lost in 4 turns", justify="right")
    # Variety: of the cards a game deals, the share another seed's game deals too.
    table.add_column("cards in common", justify="right")
    for name in names:
        row = report[name]
        low, high = row["ci95"]
        table.add_row(
            name,
            _share(row["survived"], row["games"]),
            f"{percent(low)}-{percent(high)}",
            f"{row['median_turns']:g}",
            _share(round(row["early_loss_rate"] * row["games"]), row["games"]),
            percent(row["variety"]["in_common"]) if "variety" in row else "-",
        )
    return table


def losses_table(content: Content, report: dict, names: list[str]) -> Table:
    """Losses by meter and by ending, a column per strategy."""
    table = Table(title="Games lost, by meter and ending", title_justify="left")
    table.add_column("meter / ending", no_wrap=True)
    for name in names:
        table.add_column(name, justify="right")
    for meter in content.meters:
        counts = [report[name]["losses_by_meter"].get(meter.id, 0) for name in names]
        table.add_row(Text(tr(meter.name), style="bold"), *(str(c) for c in counts))
        for ending_id in (meter.low_ending, meter.high_ending):
            if ending_id is None:
                continue
            counts = [report[name]["endings"].get(ending_id, 0) for name in names]
            if any(counts):
                table.add_row(f"  {ending_id}", *(str(c) for c in counts))
    return table


def cards_table(report: dict, names: list[str]) -> Table:
    """How often each card is dealt, and on which cards games are lost ("killer cards")."""
    reference = "random" if "random" in names else names[0]
    games = report[reference]["games"]
    table = Table(
        title=f"Cards: share of {reference} games that dealt each card, and games lost on it",
        title_justify="left",
    )
    table.add_column("card", no_wrap=True)
    table.add_column("drawn", justify="right")
    table.add_column("lost on", justify="right")
    if len(names) > 1:
        table.add_column("lost on, all bots", justify="right")
    cards = report[reference]["cards"]
    total_lost = {c: sum(report[n]["cards"][c]["lost_on"] for n in names) for c in cards}
    ordered = sorted(cards, key=lambda c: (-cards[c]["lost_on"], -total_lost[c], c))
    for card_id in ordered:
        figures = cards[card_id]
        drawn = Text(_share(figures["drawn"], games))
        if figures["drawn"] == 0:
            drawn.stylize("bold red")
        cells = [card_id, drawn, str(figures["lost_on"])]
        if len(names) > 1:
            cells.append(str(total_lost[card_id]))
        table.add_row(*cells)
    return table


def checks_table(checks: list[Check]) -> Table:
    table = Table(title="Balance targets (docs/balance.md)", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("target")
    table.add_column("measured")
    for check in checks:
        mark = Text("pass", style="green") if check.passed else Text("FAIL", style="bold red")
        detail = check.detail
        if check.culprits and not check.passed:
            shown = ", ".join(check.culprits[:8])
            more = len(check.culprits) - 8
            detail += f": {shown}" + (f" and {more} more" if more > 0 else "")
        table.add_row(mark, check.name, detail)
    return table


def print_report(content: Content, scenario_id: str, report: dict, names: list[str], summaries=None,
                 console: Console | None = None) -> None:
    console = console or Console()
    scenario = content.scenarios[scenario_id]
    heading = Text.assemble(("Balance report", "bold"), f": {tr(scenario.name)}, "  # the name as typed
                            f"{report[names[0]]['games']} games per strategy, "
                            f"{report['games_per_second']:.0f} games/s")
    console.print(heading)
    console.print(strategy_table(report, names))
    console.print(losses_table(content, report, names))
    console.print(cards_table(report, names))
    checks = check_report(content, scenario_id, report) + check_static(content, scenario_id)
    table = checks_table(checks)
    if min(report[name]["games"] for name in names) < 1000:
        table.caption = "Few games give wide intervals: run --games 2000 for a verdict."
    console.print(table)
    for note in notes_for_modders(content, scenario_id, report, names, summaries):
        console.print(note, highlight=False)


def _smart(names) -> str | None:
    """The best bot of the run: its habits say which answers are real options."""
    return next((n for n in ("lookahead", "balancer") if n in names), None)


def dominant_sentence(bot: str, d: Dominant) -> str:
    return (f"answer {d.choice + 1} of {d.card} is taken in {_share(d.taken, d.dealt)} of {bot} games that deal "
            f"it ({d.taken} of {d.dealt}): a dominant choice")


def decisive_cards(report: dict, name: str, shown: int = DECISIVE_SHOWN) -> list[tuple[str, int, int]]:
    """The cards on which ``name`` loses most: (card, games lost on it, games lost)."""
    row = report[name]
    lost = row["games"] - row["survived"]
    ranked = sorted(((c, f["lost_on"]) for c, f in row["cards"].items() if f["lost_on"]), key=lambda x: (-x[1], x[0]))
    return [(card, count, lost) for card, count in ranked[:shown]]


def notes_for_modders(content: Content, scenario_id: str, report: dict, names: list[str], summaries=None) -> list[str]:
    """What a modder should look at: dominant choices, decisive cards, beaten choices."""
    notes = []
    smart = _smart(names)
    if summaries is not None and smart is not None:
        for d in dominant_picks(content, summaries[smart].picks):
            notes.append(dominant_sentence(smart, d))
    if smart is not None:
        for card, count, lost in decisive_cards(report, smart):
            notes.append(f"{card} is the decisive card of {count} of the {lost} games the {smart} loses "
                         f"({_share(count, lost)})")
    dominated = dominated_choices(content, scenario_id)
    if dominated:
        notes.append(f"Choices another choice on the same card beats outright: {', '.join(dominated)}")
    return notes


def verdict(content: Content, scenario_id: str, report: dict, summaries=None) -> dict:
    """``simulate --check``'s verdict on one scenario, for --json: every target with its
    figure, bound and verdict, and the modder's diagnostics."""
    checks = check_report(content, scenario_id, report) + check_static(content, scenario_id)
    names = [n for n in report if isinstance(report[n], dict)]
    smart = _smart(names)
    dominant = dominant_picks(content, summaries[smart].picks) if summaries is not None and smart else []
    return {
        "passed": all(c.passed for c in checks),
        "checks": [c.as_json() for c in checks],
        "dominant_choices": [dict(d.as_json(), bot=smart) for d in dominant],
        "decisive_cards": [{"card": card, "lost_on": count, "bot": smart} for card, count, _ in
                           (decisive_cards(report, smart) if smart else [])],
    }


def print_verdict(content: Content, verdicts: dict, console: Console | None = None) -> None:
    """The last lines of ``simulate --check``: what holds, what fails, where."""
    console = console or Console()
    for scenario_id, found in verdicts.items():
        failing = [c for c in found["checks"] if not c["passed"]]
        name = tr(content.scenarios[scenario_id].name)
        if not failing:
            console.print(Text.assemble(("pass", "green"), f"  {name}: all {len(found['checks'])} targets hold"))
            continue
        console.print(Text.assemble(("FAIL", "bold red"), f"  {name}: {len(failing)} of {len(found['checks'])} "
                                    "targets fail"))
        for c in failing:
            culprits = f" ({', '.join(c['culprits'])})" if c["culprits"] else ""
            console.print(Text(f"      {c['name']}: {c['detail']}{culprits}"), highlight=False)
