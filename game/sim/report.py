"""The balance report as Rich tables, for people (``--json`` is for programs)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from game.engine import Content, tr


def print_report(content: Content, scenario_id: str, report: dict, names: list[str]) -> None:
    console = Console()
    scenario = content.scenarios[scenario_id]
    console.print(f"[b]Balance report[/b]: {tr(scenario.name)}, "
                  f"{report[names[0]]['games']} games per strategy, "
                  f"{report['games_per_second']:.0f} games/s")
    table = Table(title="Strategies")
    table.add_column("strategy")
    table.add_column("survived", justify="right")
    table.add_column("95% interval", justify="right")
    table.add_column("median turns", justify="right")
    table.add_column("early losses", justify="right")
    for meter in content.meters:
        table.add_column(f"lost: {tr(meter.name)}", justify="right")
    for name in names:
        row = report[name]
        low, high = row["ci95"]
        table.add_row(
            name,
            f"{row['survival_rate']:.1%}",
            f"{low:.1%}-{high:.1%}",
            f"{row['median_turns']:g}",
            f"{row['early_loss_rate']:.1%}",
            *(str(row["losses_by_meter"][m.id]) for m in content.meters),
        )
    console.print(table)

    cards = Table(title="Cards (first strategy): drawn in how many games, and lost on")
    cards.add_column("card")
    cards.add_column("drawn", justify="right")
    cards.add_column("lost on", justify="right")
    first = report[names[0]]
    games = max(first["games"], 1)
    ordered = sorted(first["cards"].items(), key=lambda item: (-item[1]["lost_on"], item[0]))
    for card_id, figures in ordered:
        cards.add_row(card_id, f"{figures['drawn'] / games:.1%}", str(figures["lost_on"]))
    console.print(cards)
