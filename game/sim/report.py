"""The balance report as Rich tables, for people (``--json`` is for programs)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from game.base.i18n import _, language, ngettext, pgettext, shown
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
    table = Table(title=_("Strategies"), title_justify="left")
    table.add_column(_("strategy"), no_wrap=True)
    table.add_column(pgettext("simulate", "survived"), justify="right")
    table.add_column(_("95% interval"), justify="right", no_wrap=True)
    table.add_column(_("median turns"), justify="right")
    table.add_column(_("lost in 4 turns"), justify="right")
    # Variety: of the cards a game deals, the share another seed's game deals too.
    table.add_column(_("cards in common"), justify="right")
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
    table = Table(title=_("Games lost, by meter and ending"), title_justify="left")
    table.add_column(_("meter / ending"), no_wrap=True)
    for name in names:
        table.add_column(name, justify="right")
    for meter in content.meters:
        counts = [report[name]["losses_by_meter"].get(meter.id, 0) for name in names]
        table.add_row(Text(tr(meter.name, language()), style="bold"), *(str(c) for c in counts))
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
        title=_("Cards: share of {strategy} games that dealt each card, and games lost on it").format(
            strategy=reference),
        title_justify="left",
    )
    table.add_column(_("card"), no_wrap=True)
    table.add_column(_("drawn"), justify="right")
    table.add_column(_("lost on"), justify="right")
    if len(names) > 1:
        table.add_column(_("lost on, all bots"), justify="right")
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
    table = Table(title=_("Balance targets (docs/balance.md)"), title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column(_("target"))
    table.add_column(_("measured"))
    for check in checks:
        mark = Text(_("pass"), style="green") if check.passed else Text(_("FAIL"), style="bold red")
        detail = shown(check.detail)
        if check.culprits and not check.passed:
            listed = ", ".join(check.culprits[:8])
            more = len(check.culprits) - 8
            if more > 0:
                listed = _("{listed} and {more} more").format(listed=listed, more=more)
            detail = _("{detail}: {culprits}").format(detail=detail, culprits=listed)
        table.add_row(mark, shown(check.name), detail)
    return table


def print_report(content: Content, scenario_id: str, report: dict, names: list[str], summaries=None,
                 console: Console | None = None) -> None:
    console = console or Console()
    scenario = content.scenarios[scenario_id]
    heading = Text.assemble((_("Balance report"), "bold"), ": " + _(
        "{scenario}, {games} games per strategy, {speed} games/s").format(
        scenario=tr(scenario.name, language()), games=report[names[0]]["games"], speed=f"{report['games_per_second']:.0f}"))
    console.print(heading)
    console.print(strategy_table(report, names))
    console.print(losses_table(content, report, names))
    console.print(cards_table(report, names))
    checks = check_report(content, scenario_id, report) + check_static(content, scenario_id)
    table = checks_table(checks)
    if min(report[name]["games"] for name in names) < 1000:
        table.caption = _("Few games give wide intervals: run --games 2000 for a verdict.")
    console.print(table)
    for note in notes_for_modders(content, scenario_id, report, names, summaries):
        console.print(note, highlight=False)


def _smart(names) -> str | None:
    """The best bot of the run: its habits say which answers are real options."""
    return next((n for n in ("lookahead", "balancer") if n in names), None)


def dominant_sentence(bot: str, d: Dominant) -> str:
    return _("answer {answer} of {card} is taken in {share} of {strategy} games that deal it ({taken} of "
             "{dealt}): a dominant choice").format(answer=d.choice + 1, card=d.card, share=_share(d.taken, d.dealt),
                                                   strategy=bot, taken=d.taken, dealt=d.dealt)


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
            notes.append(_("{card} is the decisive card of {count} of the {lost} games the {strategy} loses "
                           "({share})").format(card=card, count=count, lost=lost, strategy=smart,
                                               share=_share(count, lost)))
    dominated = dominated_choices(content, scenario_id)
    if dominated:
        notes.append(_("Choices another choice on the same card beats outright: {choices}").format(
            choices=", ".join(dominated)))
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
        name = tr(content.scenarios[scenario_id].name, language())
        total = len(found["checks"])
        if not failing:
            console.print(Text.assemble((_("pass"), "green"), "  " + ngettext(
                "{scenario}: the {n} target holds", "{scenario}: all {n} targets hold", total).format(
                scenario=name, n=total)))
            continue
        console.print(Text.assemble((_("FAIL"), "bold red"), "  " + ngettext(
            "{scenario}: {failing} of {n} target fails", "{scenario}: {failing} of {n} targets fail", total).format(
            scenario=name, failing=len(failing), n=total)))
        for c in failing:
            # The names and details are the checks' own (Said): English in --json, the
            # reader's language here.
            culprits = f" ({', '.join(c['culprits'])})" if c["culprits"] else ""
            console.print(Text(f"      {shown(c['name'])}: {shown(c['detail'])}{culprits}"), highlight=False)
