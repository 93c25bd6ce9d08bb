"""``multivector play --plain``: the game line by line, no full-screen interface.

For screen readers, braille displays, dumb terminals and pipes. Everything is printed as
plain sentences in reading order; nothing relies on colour or position. Card text is
printed as typed (markup in content is never interpreted). It is the same game as the
terminal interface, through the same session controller: ``u`` undoes, ``s NAME``
saves, ``h`` helps, ``--load SLOT`` continues a saved game, and every turn autosaves.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rich.console import Console

from game.base.i18n import N_, _, ngettext, quarter_label
from game.base.seeds import fresh_seed
from game.base.text import printable
from game.commands.common import session_from_args
from game.engine import VICTORY, Content, GameState, decisive_decision, tr
from game.engine.dates import quarter_of, year_of
from game.engine.rules import final_ending
from game.saves.errors import SaveError
from game.saves.record import news
from game.saves.session import GameSession
from game.tui.settings import remembered

HELP = N_("""Type the number of an answer to choose it.
  u        undo the last choice
  s NAME   save the game as NAME (continue later with: multivector play --plain --load NAME)
  m        the meters again
  h        this help
  q        quit (the game is autosaved after every turn)
Each meter runs from 0 to 100. A foreign power is lost at 0 (hostility) and at 100
(you have become its client); a domestic meter is lost at 0. Keep all of them off their
fatal ends until the end of the term. After each choice the game says what really happened
in history (start with --no-history to keep it for the end).""")


class PlainGame:
    """The plain-text shell: reads a line, asks the session, prints sentences."""

    def __init__(self, session: GameSession, console: Console, read: Callable[[str], str] = input,
                 hints: str = "dots", lang: str = "en", autosave: bool = True, history: bool = True) -> None:
        self.session = session
        self.history = history  # what really happened, after each outcome
        self.read = read
        self.hints = hints
        self.lang = lang
        self.autosave = autosave
        # Neither markup nor emoji codes (":warning:") in content are interpreted.
        self.console = console

    def out(self, text: str = "") -> None:
        self.console.print(printable(text), markup=False, highlight=False, emoji=False)

    def t(self, value) -> str:
        return " ".join(tr(value, self.lang).split())

    @property
    def content(self) -> Content:
        return self.session.content

    # --- what is printed --------------------------------------------------------

    def meter_line(self, state: GameState) -> str:
        parts = []
        for meter in self.content.meters:
            value = state.meters[meter.id]
            parts.append(f"{self.t(meter.name)} {value}" + (_(" (in danger)") if meter.in_danger(value) else ""))
        return _("Meters: {list}.").format(list=", ".join(parts))

    def hint(self, index: int) -> str:
        if self.hints == "none":
            return ""
        moves = self.session.forecasts()[index].changes
        if not moves:
            return _(" (moves nothing)")
        names = {m.id: self.t(m.name) for m in self.content.meters}
        if self.hints == "exact":
            return " (" + ", ".join(f"{names[m]} {d:+d}" for m, d in moves.items()) + ")"
        sizes = ", ".join(f"{names[m]} {_('small') if abs(d) < 5 else _('large') if abs(d) >= 10 else _('medium')}"
                          for m, d in moves.items())
        return _(" (moves: {list})").format(list=sizes)

    def show_card(self) -> None:
        session, state = self.session, self.session.state
        scenario = session.scenario
        card = session.card
        self.out()
        self.out(_("{date}, turn {turn} of {turns} ({left} after this).").format(
            date=quarter_label(quarter_of(state.date), year_of(state.date)), turn=state.turn,
            turns=scenario.turns, left=session.turns_left()))
        self.out(self.meter_line(state))
        for situation in self.content.situations:
            if situation.id in state.situations:
                cost = ", ".join(f"{self.t(self.content.meter(m).name)} {d:+d}" for m, d in situation.per_turn.items())
                self.out(_("Ongoing: {name} ({cost} every quarter).").format(name=self.t(situation.name), cost=cost)
                         if cost else _("Ongoing: {name}.").format(name=self.t(situation.name)))
        speaker = self.content.cast.get(card.speaker)
        who = self.t(speaker.name) if speaker else card.speaker
        prefix = _("Delayed consequence. ") if state.card_is_followup else ""
        self.out(f"{prefix}{who}: {self.t(card.title)}")
        self.out(self.t(card.text))
        for index, choice in enumerate(card.choices):
            self.out(f"  {index + 1}. {self.t(choice.label)}{self.hint(index)}")

    def show_outcome(self, index: int) -> None:
        report = self.session.last_report
        assert report is not None
        card = self.content.cards[report.card]
        outcome = self.t(card.choices[index].outcome)
        if outcome:
            self.out(outcome)
        names = {m.id: self.t(m.name) for m in self.content.meters}
        if report.changes:
            self.out(_("Moved: {list}.").format(list=", ".join(f"{names[m]} {d:+d}" for m, d in report.changes.items())))
        for situation in report.situations_started:
            self.out(_("A situation begins: {name}.").format(name=self.situation_name(situation)))
        for situation in report.situations_ended:
            self.out(_("A situation ends: {name}.").format(name=self.situation_name(situation)))
        state = self.session.state
        if not state.over:
            for meter in self.content.meters:
                if meter.id in report.changes and meter.in_danger(state.meters[meter.id]):
                    self.out(_("Warning: {meter} stands at {value}, close to a fatal end.").format(
                        meter=names[meter.id], value=state.meters[meter.id]))
        # Last, after what the game did: the note only (a source read out letter by
        # letter is no help here; the printed deck and the report carry the sources).
        note = self.t(card.history.note) if self.history else ""
        if note:
            self.out(_("What really happened: {note}").format(note=note))

    def situation_name(self, situation_id: str) -> str:
        for situation in self.content.situations:
            if situation.id == situation_id:
                return self.t(situation.name)
        return situation_id

    def show_ending(self) -> None:
        state, content = self.session.state, self.content
        ending = final_ending(content, state)
        self.out()
        heading, title = _("Term complete. ") if ending.kind == VICTORY else _("Game over. "), self.t(ending.title)
        # The victory's title is "Term complete" itself: say it once.
        same = title.strip().rstrip(".").lower() == heading.strip().rstrip(".").lower()
        self.out(heading.strip() if same else heading + title)
        self.out(self.t(ending.text))
        self.out(self.meter_line(state))
        if state.grade:
            grade = next(g for g in content.grades if g.id == state.grade)
            self.out(_("Balance score {score}: {grade}. {text}").format(
                score=state.score, grade=self.t(grade.title), text=self.t(grade.text)))
        elif state.score is not None:
            self.out(_("Balance score {score}.").format(score=state.score))
        found = decisive_decision(content, state)
        if found is not None:
            card = content.cards[found.decision.card]
            self.out(_("The decisive card: {card} ({meter} {amount}, the largest push toward this end).").format(
                card=self.t(card.title), meter=self.t(content.meter(found.meter).name),
                amount=f"{found.amount:+d}"))
            note = self.t(card.history.note)
            if note:
                self.out(_("What really happened: {note}").format(note=note))
        # The record counts a game played here as one played on the full screen (a game
        # that writes no files, autosave off, leaves the record alone too).
        update = self.session.record_ending() if self.autosave else None
        if update is not None and update.warning:
            self.out(update.warning)
        notes, earned = news(update, self.t(self.session.scenario.name), self.lang)
        if notes:
            self.out(" ".join(notes))
        for title, words in earned:
            self.out(_("Achievement: {title}. {text}").format(title=title, text=words))

    # --- the loop ----------------------------------------------------------------

    def play(self) -> GameState:
        """Play to the end or until the player quits; returns the last state."""
        session = self.session
        scenario = session.scenario
        if not session.state.decisions:
            self.out(_("Multi-Vector: {scenario}.").format(scenario=self.t(scenario.name)) + " "
                     + ngettext("{n} quarter in the term.", "{n} quarters in the term.",
                                scenario.turns).format(n=scenario.turns))
            self.out(self.t(scenario.description))
        self.out(_("Type h for help."))
        while not session.state.over:
            self.show_card()
            index = self.ask()
            if index is None:
                return session.state
            session.choose(index)
            self.show_outcome(index)
            if self.autosave:
                try:
                    session.autosave()
                except SaveError as error:
                    self.out(_("Not autosaved: {error}").format(error=error))
        self.show_ending()
        return session.state

    def ask(self) -> int | None:
        """The answer chosen (0-based), or None to quit; handles the other commands."""
        count = len(self.session.card.choices)
        while True:
            try:
                answer = self.read(_("Your choice (1-{count}, h for help, q to quit): ").format(count=count)).strip()
            except EOFError:
                self.out(_("Input ended; the game stops here."))
                return None
            word, _space, rest = answer.partition(" ")
            word = word.lower()
            if word in ("q", "quit"):
                return None
            if answer.isdigit() and 1 <= int(answer) <= count:
                return int(answer) - 1
            if word in ("h", "help", "?"):
                self.out(_(HELP))
            elif word in ("m", "meters"):
                self.out(self.meter_line(self.session.state))
            elif word in ("u", "undo"):
                if self.session.undo():
                    self.out(_("Undone: back to the card before."))
                    self.show_card()
                    count = len(self.session.card.choices)
                else:
                    self.out(_("Nothing to undo."))
            elif word in ("s", "save"):
                self.save(rest.strip())
            else:
                self.out(_("Please type a number from 1 to {count}, or h for help.").format(count=count))

    def save(self, name: str) -> None:
        if not name:
            self.out(_("Type s and a name, like: s first-term"))
            return
        try:
            path = self.session.save(name)
        except SaveError as error:
            self.out(_("Not saved: {error}").format(error=error))
            return
        self.out(_("Saved as {name} ({path}).").format(name=name, path=path))


def run(args: argparse.Namespace) -> int:
    if getattr(args, "seed", None) is None and not getattr(args, "load", None):
        args.seed = fresh_seed()
    # As the full screen: the flags, else what the player chose last time on a screen.
    hints, history = remembered(args.hints, False if getattr(args, "no_history", False) else None)
    meta = {"ui": "plain", "hints": hints, "lang": args.lang, "history": history}
    session, code = session_from_args(args, meta)
    if session is None:
        return code
    console = Console(highlight=False, soft_wrap=False, emoji=False)
    if getattr(args, "load", None):
        console.print(_("Continuing {slot}: turn {turn}.").format(slot=args.load, turn=session.state.turn),
                      markup=False)
    else:
        console.print(_("Seed {seed}.").format(seed=session.state.seed), markup=False)
    PlainGame(session, console, hints=hints, lang=args.lang, history=history).play()
    return 0
