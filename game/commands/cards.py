"""``multivector cards``: the deck as a table, JSON, Markdown (or HTML, for printing)."""

from __future__ import annotations

import argparse
import json
import sys

from game.base.i18n import _, ngettext
from game.commands.common import load_from_args, scenario_or_error
from game.engine import Card, Content, format_date, tr
from game.engine.model import Condition
from game.sim.simulator import dealable_cards


def condition_as_dict(when: Condition) -> dict:
    """A condition's parts as plain JSON values (None: that part is not given)."""
    return {
        "meters": {m: [lo, hi] for m, lo, hi in when.meters},
        "flags": sorted(when.flags),
        "not_flags": sorted(when.not_flags),
        "situations": sorted(when.situations),
        "not_situations": sorted(when.not_situations),
        "turns": list(when.turns) if when.turns else None,
        "dates": [format_date(d) for d in when.dates] if when.dates else None,
        "scenarios": sorted(when.scenarios) if when.scenarios is not None else None,
    }


def card_as_dict(content: Content, card: Card) -> dict:
    """Every field of a card as plain JSON values (text in its content form)."""
    return {
        "id": card.id,
        "title": card.title,
        "speaker": card.speaker,
        "speaker_name": tr(content.cast[card.speaker].name) if card.speaker in content.cast else card.speaker,
        "text": card.text,
        "tags": list(card.tags),
        "when": condition_as_dict(card.when),
        "weight": card.weight,
        "weight_if": [{"when": condition_as_dict(w.when), "multiply": w.multiply} for w in card.weight_if],
        "once": card.once,
        "cooldown": card.cooldown,
        "followup_only": card.followup_only,
        "fallback": card.fallback,
        "choices": [
            {
                "label": choice.label,
                "effects": dict(choice.effects),
                "set_flags": list(choice.set_flags),
                "clear_flags": list(choice.clear_flags),
                "followups": [{"card": f.card, "in": f.delay} for f in choice.followups],
                "lingering": [{"meter": l.meter, "amount": l.amount, "turns": l.turns} for l in choice.lingering],
                "outcome": choice.outcome,
            }
            for choice in card.choices
        ],
        "history": {"note": card.history.note, "source": card.history.source, "question": card.history.question},
    }


def _effects_text(content: Content, effects, lang: str = "en") -> str:
    names = {m.id: tr(m.name, lang) for m in content.meters}
    return ", ".join(f"{names.get(m, m)} {a:+d}" for m, a in effects) or _("no direct effect")


def cards_markdown(content: Content, cards: list[Card], key: bool = True, lang: str = "en") -> str:
    """The deck in Markdown; without ``key`` (``--for students``) the answers' effects and
    the history are left out, as in the students' printed cards."""
    # Content is untrusted: every text is escaped, so a card's "<script>" or "[a](b)" is text.
    from game.classroom.report_markdown import md, md_source

    lines = ["# " + (_("The deck") if key else _("The cards")), "",
             ngettext("{n} card.", "{n} cards.", len(cards)).format(n=len(cards)), ""]
    for card in cards:
        speaker = content.cast.get(card.speaker)
        lines.append(f"## {md(tr(card.title, lang))}")
        lines.append("")
        lines.append(f"`{card.id}` · " + _("brought by {speaker}").format(
            speaker=md(tr(speaker.name, lang) if speaker else card.speaker))
                     + (" · " + _("follow-up") if card.followup_only else ""))
        lines.append("")
        lines.append(md(tr(card.text, lang)))
        lines.append("")
        for index, choice in enumerate(card.choices, start=1):
            effects = f" ({md(_effects_text(content, choice.effects, lang))})" if key else ""
            lines.append(f"{index}. **{md(tr(choice.label, lang))}**{effects}")
        lines.append("")
        if not key:
            continue
        if card.history.note:
            lines.append(f"*{_('What really happened:')}* {md(tr(card.history.note, lang))}")
            lines.append("")
        if card.history.source:
            lines.append(f"*{_('Source:')}* {md_source(tr(card.history.source, lang))}")
            lines.append("")
        if card.history.question:
            lines.append(f"*{_('Debrief question:')}* {md(tr(card.history.question, lang))}")
            lines.append("")
    return "\n".join(lines)


def print_table(content: Content, cards: list[Card], lang: str = "en") -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=ngettext("The deck: {n} card", "The deck: {n} cards", len(cards)).format(n=len(cards)))
    table.add_column("id", no_wrap=True)
    table.add_column(_("title"))
    table.add_column(_("speaker"))
    table.add_column(_("choices"), justify="right")
    table.add_column(_("kind"))
    for card in cards:
        speaker = content.cast.get(card.speaker)
        kind = _("fallback") if card.fallback else _("follow-up") if card.followup_only else \
            _("once") if card.once else ""
        table.add_row(Text(card.id), Text(tr(card.title, lang)), Text(tr(speaker.name, lang) if speaker else card.speaker),
                      str(len(card.choices)), kind)
    Console().print(table)


def cards_yaml(args: argparse.Namespace) -> str | None:
    """The deck as one content file, each card as the loaded game plays it (after every
    mod), in the YAML it was written in: loading it back gives the same cards."""
    from game.commands.content import dump_yaml
    from game.loading.build import as_played
    from game.loading.load import load_merged

    result, collected = load_merged(getattr(args, "content", None), getattr(args, "mods", []) or [])
    if collected is None or not result.ok:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        return None
    cards = [as_played(collected, item) for item, _path, _line in collected.items["cards"]]
    if args.scenario is not None:
        assert result.content is not None
        scenario_id = scenario_or_error(result.content, args.scenario)
        if scenario_id is None:
            return None
        wanted = set(dealable_cards(result.content, scenario_id))
        cards = [card for card in cards if card.get("id") in wanted]
    shown = [{k: v for k, v in card.items() if k != "replace"} for card in cards]
    return dump_yaml({"cards": shown}).rstrip("\n")


def run(args: argparse.Namespace) -> int:
    audience = getattr(args, "audience", "facilitator")
    if audience != "facilitator" and args.format not in ("html", "markdown"):
        print(_("multivector: --for {audience} is for the printouts (--format html or markdown); "
                "--format {format} always lists the whole deck").format(audience=audience, format=args.format),
              file=sys.stderr)
        return 2
    if args.format == "yaml":
        text = cards_yaml(args)
        if text is None:
            return 1
        return _write(args, text)
    content = load_from_args(args)
    if content is None:
        return 1
    cards = list(content.cards.values())
    lang = getattr(args, "lang", "en") or "en"
    if args.scenario is not None:
        scenario_id = scenario_or_error(content, args.scenario)
        if scenario_id is None:
            return 2
        wanted = set(dealable_cards(content, scenario_id))
        cards = [card for card in cards if card.id in wanted]
    if args.format == "table" and args.output is None:
        print_table(content, cards, lang)
        return 0
    if args.format == "json":
        text = json.dumps([card_as_dict(content, card) for card in cards], indent=2, ensure_ascii=False)
    elif args.format == "markdown":
        text = cards_markdown(content, cards, key=audience == "facilitator", lang=lang)
    elif args.format == "html":
        from game.classroom.deck_html import cards_html

        text = cards_html(content, cards, lang, for_=audience, paper=getattr(args, "paper", "a4"))
    else:
        text = cards_markdown(content, cards, lang=lang)
    return _write(args, text)


def _write(args: argparse.Namespace, text: str) -> int:
    if args.output is not None:
        from game.base.files import atomic_write

        try:
            atomic_write(args.output, (text + "\n").encode("utf-8"))
        except OSError as error:
            print(_("multivector: cannot write {path}: {error}").format(path=args.output, error=error.strerror or error),
                  file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text + "\n")
    return 0
