"""``multivector play --plain``: the game line by line, no full-screen interface.

For screen readers, braille displays, dumb terminals and pipes. Everything is printed as
plain sentences in reading order; nothing relies on colour or position. Card text is
printed as typed (markup in content is never interpreted).
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from game.commands.common import load_from_args, scenario_or_error
from game.engine import Content, GameState, choose, describe_date, new_game, preview, tr
from game.engine.model import VICTORY


def _meter_line(content: Content, state: GameState, lang: str) -> str:
    parts = [f"{tr(m.name, lang)} {state.meters[m.id]}" for m in content.meters]
    return "Meters: " + ", ".join(parts) + "."


def _hint(content: Content, state: GameState, index: int, level: str, lang: str) -> str:
    if level == "none":
        return ""
    moves = preview(content, state, index)
    if not moves:
        return " (moves nothing at once)"
    names = {m.id: tr(m.name, lang) for m in content.meters}
    if level == "exact":
        return " (" + ", ".join(f"{names[m]} {d:+d}" for m, d in moves.items()) + ")"
    sizes = ", ".join(f"{names[m]} {'small' if abs(d) < 5 else 'large' if abs(d) >= 10 else 'medium'}"
                      for m, d in moves.items())
    return f" (moves: {sizes})"


def play_plain(content: Content, state: GameState, console: Console, read=input, hints: str = "dots",
               lang: str = "en") -> GameState:
    """Play to the end, reading choices with ``read`` (``input`` by default)."""
    scenario = content.scenarios[state.scenario]
    # Neither markup nor emoji codes (":warning:") in content are interpreted.
    out = lambda text="": console.print(text, markup=False, highlight=False, emoji=False)  # noqa: E731
    out(f"Multi-Vector: {tr(scenario.name, lang)}. {scenario.turns} quarters in the term.")
    out(tr(scenario.description, lang).strip())
    while not state.over:
        card = content.cards[state.card]
        out()
        left = scenario.turns - state.turn
        out(f"{describe_date(state.date)}, turn {state.turn} of {scenario.turns} ({left} after this).")
        out(_meter_line(content, state, lang))
        if state.situations:
            names = {s.id: tr(s.name, lang) for s in content.situations}
            out("Ongoing: " + ", ".join(names[s] for s in state.situations) + ".")
        speaker = content.cast.get(card.speaker)
        who = tr(speaker.name, lang) if speaker else card.speaker
        prefix = "Delayed consequence. " if state.card_is_followup else ""
        out(f"{prefix}{who}: {tr(card.title, lang)}")
        out(" ".join(tr(card.text, lang).split()))
        for index, choice in enumerate(card.choices):
            out(f"  {index + 1}. {tr(choice.label, lang)}{_hint(content, state, index, hints, lang)}")
        count = len(card.choices)
        while True:
            try:
                answer = read(f"Your choice (1-{count}, q to quit): ").strip().lower()
            except EOFError:
                out("Input ended; the game stops here.")
                return state
            if answer in ("q", "quit"):
                return state
            if answer.isdigit() and 1 <= int(answer) <= count:
                break
            out(f"Please type a number from 1 to {count}.")
        index = int(answer) - 1
        state, report = choose(content, state, index)
        outcome = tr(card.choices[index].outcome, lang).strip()
        if outcome:
            out(" ".join(outcome.split()))
        names = {m.id: tr(m.name, lang) for m in content.meters}
        if report.changes:
            out("Moved: " + ", ".join(f"{names[m]} {d:+d}" for m, d in report.changes.items()) + ".")
        for situation in report.situations_started:
            out(f"A situation begins: {_situation_name(content, situation, lang)}.")
        for situation in report.situations_ended:
            out(f"A situation ends: {_situation_name(content, situation, lang)}.")
    ending = content.endings[state.ending]
    out()
    out(("Term complete. " if ending.kind == VICTORY else "Game over. ") + tr(ending.title, lang))
    out(" ".join(tr(ending.text, lang).split()))
    out(_meter_line(content, state, lang))
    if state.grade:
        grade = next(g for g in content.grades if g.id == state.grade)
        out(f"Balance score {state.score}: {tr(grade.title, lang)}. {' '.join(tr(grade.text, lang).split())}")
    elif state.score is not None:
        out(f"Balance score {state.score}.")
    if state.decisive_card:
        card = content.cards[state.decisive_card]
        out(f"The decisive card: {tr(card.title, lang)}.")
        note = tr(card.history.note, lang).strip()
        if note:
            out("What really happened: " + " ".join(note.split()))
    return state


def _situation_name(content: Content, situation_id: str, lang: str) -> str:
    for situation in content.situations:
        if situation.id == situation_id:
            return tr(situation.name, lang)
    return situation_id


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return 2
    seed = args.seed if args.seed is not None else _fresh_seed()
    console = Console(highlight=False, soft_wrap=False, emoji=False)
    console.print(f"Seed {seed}.", markup=False)
    play_plain(content, new_game(content, scenario_id, seed), console, hints=args.hints or "dots",
               lang=args.lang)
    return 0


def _fresh_seed() -> int:
    import secrets

    return secrets.randbelow(1_000_000)
