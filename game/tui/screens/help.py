"""How to play (the rules, from the content in use, and the keys) and the glossary."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from game.base.collate import sort_key
from game.base.i18n import N_, _
from game.tui.footer import Footer
from game.tui.render import DANGER, EMPTY_DANGER, FULL_DANGER
from game.tui.session import Session
from game.tui.widgets.dialog import SessionDialog, TextDialog, dialog_title
from game.base.text import printable

KEYS = (
    ("1 2 3", N_("take a choice (or: arrows and Enter, or click it)")),
    (N_("Enter, space"), N_("after a choice: go on to the next quarter")),
    ("PgUp PgDn", N_("scroll a card too long for the window")),
    ("u", N_("undo the last choice")),
    ("h", N_("advisor hints: none, dots, exact numbers")),
    ("j", N_("the journal of your decisions")),
    ("s / l", N_("save under a name / load a save (every quarter is autosaved)")),
    ("g", N_("the glossary of terms")),
    ("?", N_("this help")),
    (":", N_("the command palette (also ctrl+p): every command, and the themes")),
    (N_("Escape"), N_("close a dialog")),
    ("q", N_("quit (asks first)")),
)


def _heading(text: Text, title: str) -> None:
    if text.plain:
        text.append("\n\n")
    text.append(title, "bold underline")
    text.append("\n")


def _joined(parts: list[str]) -> str:
    """"a, b and c" in the language in use."""
    if len(parts) < 2:
        return "".join(parts)
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def help_text(session: Session | None) -> Text:
    text = Text()
    _heading(text, _("How to play"))
    text.append(_(
        "You are the president of Kazakhstan. Each turn is a quarter of a year: a card lands on your desk, "
        "someone brings you a problem, and you pick one of two or three answers. Every answer moves the "
        "meters."
    ))
    if session is not None:
        content = session.content
        scenario = content.default_scenario
        _heading(text, _("The meters"))
        for meter in content.meters:
            text.append("• ")
            text.append(session.text(meter.name), "bold")
            if meter.is_vector:
                text.append(_(", a power: lost at 0 and at 100"))
            elif meter.high_ending:
                text.append(_(": lost at 0 and at 100"))
            else:
                text.append(_(": lost at 0"))
            description = " ".join(session.text(meter.description).split())
            if description:
                text.append(f". {description}")
            text.append("\n")
        rivals = []
        for meter_id, costs in content.rivalry.items():
            parts = []
            for index, (other, factor) in enumerate((o, f) for o, f in costs.items() if f):
                shown = _("{percent}% of it with {power}") if not index else _("{percent}% with {power}")
                parts.append(shown.format(percent=round(factor * 100), power=session.meter_name(other)))
            if parts:
                rivals.append(_("a gain with {power} costs {costs}").format(
                    power=session.meter_name(meter_id), costs=_joined(parts)))
        if rivals:
            text.append("\n" + _("The powers are rivals: {rivals}. Losses do not spill over.").format(
                rivals="; ".join(rivals)) + "\n")
        text.append("\n" + _(
            "Each bar marks its danger zones, within {danger} points of a fatal end, with {full} and "
            "{empty}. The number beside every bar is the exact value, and a ! marks a meter in danger. The "
            "little sparkline shows the last quarters."
        ).format(danger=DANGER, full=FULL_DANGER, empty=EMPTY_DANGER))
        _heading(text, _("A quarter"))
        text.append(_(
            "Read the card, pick an answer, then read what it did and what moved (▲ up, ▼ down). Some answers "
            "have delayed consequences: a card marked ⟲ comes back a few quarters later. Ongoing situations, "
            "like street protests, begin when a meter falls low and cost something every quarter until it "
            "recovers."
        ))
        _heading(text, _("Winning"))
        text.append(_(
            "Keep every meter off its fatal ends until the term is over ({turns} quarters in "
            "{scenario}). The final screen grades the balance struck: a meter kept far from "
            "its edges on every quarter counts, not only at the end."
        ).format(turns=scenario.turns, scenario=session.text(scenario.name)))
    _heading(text, _("Advisor hints"))
    text.append(_(
        "none: no help. dots (the default): under each answer, and beside the meters while it is highlighted, "
        "dots show which meters it moves and how much (● small, ●● medium, ●●● large) but not which way. "
        "exact: the numbers, for a classroom."
    ))
    _heading(text, _("What really happened"))
    text.append(_(
        "Under what each decision moved comes what Kazakhstan really did when it met that question, "
        "and where to read more. For the game alone, turn it off on the setup screen or in the "
        "commands (:); the history of the card that decided the term still closes the game."
    ))
    _heading(text, _("Keys"))
    text.rstrip()  # the keys follow in a table of their own (keys_table)
    return text


def keys_table() -> Table:
    """The keys and what they do, a description that wraps staying in its column."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    for key, description in KEYS:
        table.add_row(_(key), _(description))
    return table


class HelpScreen(TextDialog):
    BINDINGS = [
        Binding("question_mark", "dismiss", N_("Close"), key_display="?", show=False),
        Binding("g", "glossary", N_("Glossary")),
    ]
    BOX_ID, HEADING = "help-box", N_("Help")

    def __init__(self, session: Session | None) -> None:  # None: opened before the deck has loaded
        super().__init__()
        self.session = session

    def body(self) -> Vertical:
        return Vertical(
            Static(help_text(self.session), id="help-text", markup=False),
            Static(keys_table(), id="help-keys", markup=False),
            Static("\n" + _("The mouse works too: click an answer, a button or a save."), markup=False),
            id="help-body",
        )

    def action_glossary(self) -> None:
        # Opened over the help, so that Escape comes back to it.
        if self.session is None:
            self.notify(_("Loading the deck…"), timeout=2)
            return
        self.app.push_screen(GlossaryScreen(self.session))


def glossary_in_order(session: Session) -> list:
    """The glossary in the alphabetical order of the heading the reader sees (the
    translated term in Russian or Kazakh, the English term otherwise)."""
    lang = session.settings.lang

    def heading(entry) -> str:
        full = session.text(entry.full)
        return full if full and lang != "en" else entry.term

    return sorted(session.content.glossary, key=lambda entry: sort_key(heading(entry), lang))


def glossary_text(session: Session, query: str = "") -> Text:
    query = query.strip().lower()
    text = Text()
    lang = session.settings.lang
    for entry in glossary_in_order(session):
        full = session.text(entry.full)
        body = " ".join(session.text(entry.text).split())
        if query and query not in f"{entry.term} {full} {body}".lower():
            continue
        if text.plain:
            text.append("\n\n")
        if full and lang != "en":
            # The English key of the term is not shown to a reader of another language.
            text.append(full, "bold")
        else:
            text.append(printable(entry.term), "bold")
            if full and full.startswith(entry.term):
                # "Akim (governor, mayor)" after "Akim": the rest alone, not the term twice.
                text.append(full[len(entry.term):], "italic")
            elif full:
                text.append(f" · {full}", "italic")
        text.append("\n" + body)
    if not text.plain:
        text.append(_("No term matches.") if query else _("This content has no glossary."))
    return text


class GlossaryScreen(SessionDialog[None]):
    BINDINGS = [Binding("escape", "dismiss", N_("Close"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary-box", classes="dialog"):
            yield dialog_title(_("Glossary"))
            yield Input(placeholder=_("Type to filter the terms"), id="glossary-filter", compact=True)
            with VerticalScroll(id="glossary-scroll"):
                yield Static(glossary_text(self.session), id="glossary-text", markup=False)
        yield Footer(show_command_palette=False)

    @on(Input.Changed, "#glossary-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_one("#glossary-text", Static).update(glossary_text(self.session, event.value))
