"""The player's record across games: the endings seen (a gallery), the best balance per
scenario, games played and won, achievements, and the daily games played.

Kept as one small JSON file beside the save folder (``record.json`` in
:func:`game.base.paths.data_dir`), read bounded and written atomically through
:mod:`game.base.files`. A damaged record is set aside (renamed, so nothing is lost) and
a new one begun: the record never stops a game.

Plain Python: no Textual, no printing. :func:`describe` gives the sections the record
screen and ``multivector stats`` both show.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from game.base.files import FileRefused, atomic_write, read_bounded
from game.base.i18n import N_, _, ngettext
from game.base.paths import data_dir
from game.base.text import printable
from game.engine import DANGER_MARGIN, VICTORY, Achievement, Content, GameState, condition_holds, tr
from game.saves.epilogue import KINDS, epilogue, worst_margin

RECORD_NAME = "record.json"
RECORD_LIMIT = 256 * 1024
FORMAT = 1
RECENT_GAMES = 200
"""How many finished games the record remembers by id, so that one game shown twice (an
ending seen again after a load) is counted once."""
DAILY_KEPT = 60


def _won(content: Content, state: GameState) -> bool:
    ending = content.endings.get(state.ending) if state.ending else None
    return ending is not None and ending.kind == VICTORY


def achievement_earned(content: Content, achievement: Achievement, state: GameState, facts: dict) -> bool:
    """Whether the finished game ``state`` earns ``achievement`` (content data, see
    content/achievements.yaml); ``facts``: how it was played (``ironman``, ``daily``)."""
    if achievement.won and not _won(content, state):
        return False
    if achievement.scenario is not None and state.scenario != achievement.scenario:
        return False
    if achievement.min_score is not None and (state.score or 0) < achievement.min_score:
        return False
    if achievement.never_in_danger and worst_margin(content, state) <= DANGER_MARGIN:
        return False
    if achievement.ironman and not facts.get("ironman"):
        return False
    if achievement.daily and not facts.get("daily"):
        return False
    return condition_holds(achievement.when, state)


@dataclass
class Record:
    played: int = 0
    won: int = 0
    endings: dict[str, int] = field(default_factory=dict)
    epilogues: dict[str, int] = field(default_factory=dict)
    best: dict[str, int] = field(default_factory=dict)
    achievements: dict[str, str] = field(default_factory=dict)
    games: list[str] = field(default_factory=list)
    daily: dict[str, dict] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"format": FORMAT, "played": self.played, "won": self.won, "endings": self.endings,
                "epilogues": self.epilogues, "best": self.best, "achievements": self.achievements,
                "games": self.games[-RECENT_GAMES:], "daily": self.daily}


@dataclass(frozen=True)
class Update:
    """What recording a game changed, for the ending screen to say."""

    counted: bool
    new_ending: bool = False
    best: bool = False
    achievements: tuple[Achievement, ...] = ()
    warning: str | None = None


def record_path(saves: Path | str | None = None) -> Path:
    return data_dir(saves) / RECORD_NAME


# --- reading and writing -------------------------------------------------------------


def _counts(value, keys_limit: int = 1000) -> dict[str, int]:
    if not isinstance(value, dict) or len(value) > keys_limit:
        raise ValueError("not a table of counts")
    out = {}
    for key, count in value.items():
        if not isinstance(key, str) or len(key) > 200 or not isinstance(count, int) or isinstance(count, bool) \
                or count < 0:
            raise ValueError(f"bad entry {key!r}")
        out[key] = count
    return out


def _from_json(data) -> Record:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a record of this format")
    played, won = data.get("played", 0), data.get("won", 0)
    for number in (played, won):
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError("bad count of games")
    achievements = data.get("achievements", {})
    if not isinstance(achievements, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 40 for k, v in achievements.items()):
        raise ValueError("bad achievements")
    games = data.get("games", [])
    if not isinstance(games, list) or not all(isinstance(g, str) and len(g) <= 100 for g in games):
        raise ValueError("bad list of games")
    daily = data.get("daily", {})
    if not isinstance(daily, dict) or not all(isinstance(k, str) and isinstance(v, dict) for k, v in daily.items()):
        raise ValueError("bad daily games")
    return Record(played, won, _counts(data.get("endings", {})), _counts(data.get("epilogues", {})),
                  _counts(data.get("best", {})), dict(achievements), list(games[-RECENT_GAMES:]), dict(daily))


def load_record(path: Path) -> tuple[Record, str | None]:
    """The record at ``path`` (a new one if there is none) and a warning if it was damaged.

    A damaged file is renamed to ``record.json.damaged`` (the previous one of that name
    replaced) so that nothing is lost and the game carries on with a fresh record.
    """
    path = Path(path)
    if not os.path.lexists(path):
        return Record(), None
    try:
        data = read_bounded(path, RECORD_LIMIT, "record")
    except FileRefused as error:
        return Record(), f"the record was not read: {error}"
    except OSError as error:
        return Record(), f"the record was not read: {error.strerror or error}"
    try:
        return _from_json(json.loads(data.decode("utf-8"))), None
    except (ValueError, UnicodeDecodeError) as error:
        aside = path.with_name(path.name + ".damaged")
        try:
            os.replace(path, aside)
        except OSError:
            return Record(), f"the record is damaged ({error}) and could not be set aside"
        return Record(), f"the record was damaged ({error}); it was set aside as {aside.name} and a new one begun"


def save_record(path: Path, record: Record) -> None:
    """Write ``record`` atomically; OSError/FileRefused as base.files raise them."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (json.dumps(record.as_json(), indent=1, sort_keys=True) + "\n").encode("utf-8"))


def today() -> str:
    """Today's date in UTC (one date for every player of a daily game), as YYYY-MM-DD."""
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def daily_seed(date: str) -> int:
    """The seed of the daily game of ``date`` (YYYY-MM-DD): the same for everyone, from
    the date alone, so that players anywhere can compare their terms."""
    import hashlib

    digest = hashlib.sha256(f"multivector daily {date}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


def record_game(path: Path, content: Content, state: GameState, *, game: str | None,
                ironman: bool = False, daily: str | None = None) -> Update:
    """Add the finished game ``state`` to the record at ``path``.

    ``game`` identifies the game (its id; without one, its scenario, seed and answers),
    so that a game shown again is counted once; the endings it reached still fill the
    gallery. ``daily`` is the date of a daily game.
    """
    if not state.over or state.ending is None:
        return Update(False)
    record, warning = load_record(path)
    key = game or f"{state.scenario}|{state.seed}|{','.join(str(c) for c in state.choices_made)}"
    new_ending = state.ending not in record.endings
    counted = key not in record.games
    best = False
    earned: list[Achievement] = []
    if counted:
        record.endings[state.ending] = record.endings.get(state.ending, 0) + 1
    elif new_ending:  # another end of a game already counted (after an undo): seen all the same
        record.endings[state.ending] = 1
    if counted:
        record.games.append(key)
        record.played += 1
        won = _won(content, state)
        told = epilogue(content, state) if won else None
        if told is not None:
            record.won += 1
            record.epilogues[told.kind] = record.epilogues.get(told.kind, 0) + 1
        score = state.score or 0
        if won and score > record.best.get(state.scenario, -1):
            best = True
            record.best[state.scenario] = score
        facts = {"ironman": ironman, "daily": daily}
        for achievement in content.achievements:
            if achievement.id not in record.achievements and achievement_earned(content, achievement, state, facts):
                record.achievements[achievement.id] = today()
                earned.append(achievement)
        if daily:
            previous = record.daily.get(daily)
            if previous is None:
                record.daily[daily] = {"scenario": state.scenario, "seed": state.seed, "ending": state.ending,
                                       "won": won, "score": score, "quarters": len(state.decisions)}
                for old in sorted(record.daily)[:-DAILY_KEPT]:
                    del record.daily[old]
    try:
        save_record(path, record)
    except (OSError, FileRefused) as error:
        message = getattr(error, "strerror", None) or str(error)
        warning = f"the record was not saved: {message}"
    return Update(counted, new_ending, best, tuple(earned), warning)


# --- showing ---------------------------------------------------------------------------


def achievement_words(achievement: Achievement, lang: str = "en") -> tuple[str, str]:
    """An achievement's title and text in ``lang``, shown safely (content text: ``{margin}``
    is filled in by name, never by ``str.format``)."""
    def text(value) -> str:
        return printable(" ".join(tr(value, lang).split()))

    return text(achievement.title), text(achievement.text).replace("{margin}", str(DANGER_MARGIN))


def news(update: Update | None, scenario_name: str, lang: str = "en") -> tuple[list[str], list[tuple[str, str]]]:
    """What recording a game changed, in words, for every shell's ending: sentences (a
    first ending, a best balance) and the achievements earned as (title, text)."""
    if update is None:
        return [], []
    notes = []
    if update.new_ending:
        notes.append(_("A new ending for your gallery."))
    if update.best:
        notes.append(_("Your best balance in {scenario}.").format(scenario=scenario_name))
    return notes, [achievement_words(achievement, lang) for achievement in update.achievements]


# The kinds of term survived, as the record names them.
KIND_WORDS = {"balanced": N_("balanced"), "lucky": N_("lucky"), "drift": N_("drifting")}


def describe(content: Content, record: Record, lang: str = "en") -> list[tuple[str, list[str]]]:
    """The record as sections of plain lines: games, endings, best scores, achievements."""
    def text(value) -> str:
        return printable(" ".join(tr(value, lang).split()))

    rate = f" ({round(100 * record.won / record.played)}%)" if record.played else ""
    games = [_("Games finished: {played}, terms survived: {won}").format(played=record.played, won=record.won)
             + rate]
    if record.epilogues:
        games.append(_("Terms survived by kind:") + " " + ", ".join(
            f"{_(KIND_WORDS.get(kind, kind))} {record.epilogues[kind]}" for kind in KINDS if kind in record.epilogues))
    if record.daily:
        last = max(record.daily)
        entry = record.daily[last]
        score, quarters = entry.get("score"), entry.get("quarters")
        how = _("survived") if entry.get("won") is True else (
            ngettext("lost after {n} quarter", "lost after {n} quarters", quarters).format(n=quarters)
            if isinstance(quarters, int) else _("lost"))
        games.append(_("Last daily game ({date}): {how}").format(date=printable(last), how=how)
                     + (_(", balance {score} of 100").format(score=score) if isinstance(score, int) else ""))
    seen = [e for e in content.endings.values() if e.id in record.endings]
    endings = [_("{seen} of {total} seen").format(seen=len(seen), total=len(content.endings))]
    for ending in content.endings.values():
        count = record.endings.get(ending.id)
        mark = _("won") if ending.kind == VICTORY else _("lost")
        if count:
            endings.append(f"  {text(ending.title)} ({mark}) ×{count}")
        else:
            endings.append("  ? ? ?  " + _("not yet seen: {how}").format(how=_how_to_see(content, ending, text)))
    best = []
    for scenario in content.scenarios.values():
        score = record.best.get(scenario.id)
        best.append(f"{text(scenario.name)}: " + (_("{score} of 100").format(score=score) if score is not None
                                                  else _("not yet survived")))
    listed = content.achievements
    achievements = [_("{earned} of {total} earned").format(
        earned=len([a for a in listed if a.id in record.achievements]), total=len(listed))]
    for achievement in listed:
        when = record.achievements.get(achievement.id)
        title, words = achievement_words(achievement, lang)
        achievements.append(f"  {'★' if when else '☆'} {title}: {words}"
                            + (f" ({printable(when)})" if when else ""))
    return [(_("Games"), games), (_("Endings"), endings), (_("Best balance by scenario"), best),
            (_("Achievements"), achievements)]


def _how_to_see(content: Content, ending, text) -> str:
    """A hint at an ending not yet seen: which meter at which end brings it."""
    if ending.kind == VICTORY:
        return _("survive a term")
    meter = content.meter_of_ending(ending.id)
    if meter is None:
        return _("an ending of this mod")
    end = 0 if meter.low_ending == ending.id else 100
    return _("{meter} at {value}").format(meter=text(meter.name), value=end)


def describe_text(content: Content, record: Record, lang: str = "en") -> str:
    """:func:`describe` as plain text, for the terminal."""
    blocks = []
    for heading, lines in describe(content, record, lang):
        blocks.append("\n".join([heading, *lines]))
    return "\n\n".join(blocks)

