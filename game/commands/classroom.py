"""``multivector classroom``: the facilitator mode (see docs/classroom.md)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from game.base.i18n import _
from game.base.seeds import fresh_seed
from game.commands.common import load_from_args, scenario_or_error

if TYPE_CHECKING:  # the classroom is imported where it is used: start-up stays fast
    from game.classroom.session import Settings
    from game.engine.model import Content

DEFAULT_TURNS = 6  # a 45-minute lesson; docs/classroom.md suggests 12 for 90 minutes
MAX_MINUTES = 60


def settings_from_args(args: argparse.Namespace, content: Content, seed: int) -> tuple[Settings | None, str | None]:
    """``(Settings, None)`` or ``(None, message)`` for the command-line options."""
    from game.base.text import first_unsafe
    from game.classroom.session import DEFAULT_MINUTES, MAX_NAME, Settings, parse_teams

    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return None, ""
    wanted = [t.strip() for t in args.teams.split(",") if t.strip()] if args.teams else None
    parsed = parse_teams(content, wanted)
    if parsed.problems:
        return None, "; ".join(parsed.problems)
    teams, envoys = parsed.teams, parsed.envoys
    group = " ".join(str(getattr(args, "group", None) or "").split())
    if len(group) > MAX_NAME * 2 or first_unsafe(group) is not None:
        return None, f"--group must be up to {MAX_NAME * 2} printable characters"
    if not teams:
        teams = ("class",)  # content without roles: the whole class is one team
    turns = args.turns if args.turns is not None else min(DEFAULT_TURNS, content.scenarios[scenario_id].turns)
    if not 1 <= turns <= 100:
        return None, f"--turns must be between 1 and 100 (got {turns})"
    minutes = args.minutes if args.minutes is not None else DEFAULT_MINUTES
    if not 0 <= minutes <= MAX_MINUTES:
        return None, f"--minutes must be between 0 (no timer) and {MAX_MINUTES} (got {minutes:g})"
    decider = teams[0] if args.decide == "decider" else None
    return Settings(seed=seed, scenario=scenario_id, turns=turns, teams=teams, envoys=envoys, decide=args.decide,
                    decider=decider, minutes=float(minutes), group=group, names=parsed.names,
                    roles=parsed.roles, history=not getattr(args, "no_history", False)), None


DECIDE = ("majority", "decider", "rotate", "facilitator")


def settings_from_meta(meta: dict, content: Content) -> tuple[Settings | None, str | None]:
    """``(Settings, None)`` from a save's classroom meta, or ``(None, problem)``.

    A save may come from anyone: every team and envoy must be a role of this content
    (or the one ``class`` team of content without roles), or a named team playing an
    advisory role under a plain id and a printable name, so nothing a stranger wrote as a
    team reaches a screen, a log or a report unchecked."""
    from game.base.text import escape_controls, first_unsafe
    from game.classroom.session import MAX_NAME, MAX_TEAMS, Settings, choose_teams

    data = meta.get("classroom") if isinstance(meta, dict) else None
    if not isinstance(data, dict):
        return None, "not a classroom session"
    try:
        teams = tuple(str(t) for t in data["teams"])
        envoys = tuple(str(t) for t in data.get("envoys") or ())
        names = {str(k): str(v) for k, v in (data.get("names") or {}).items()}
        roles = {str(k): str(v) for k, v in (data.get("roles") or {}).items()}
        settings = Settings(seed=int(data["seed"]), scenario=str(data["scenario"]), turns=int(data["turns"]),
                            teams=teams, envoys=envoys, decide=str(data.get("decide") or "majority"),
                            decider=str(data["decider"]) if data.get("decider") else None,
                            minutes=float(data.get("minutes") or 0), group=escape_controls(str(data.get("group") or ""))[:80],
                            names=tuple(names.items()), roles=tuple(roles.items()),
                            history=data.get("history") is not False)  # older saves: shown
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, "its classroom settings are damaged"
    advisory = {role.id for role in content.roles if not role.envoy_of}
    if len(teams) > MAX_TEAMS or len(set(teams)) != len(teams) or set(names) != set(roles) \
            or not set(roles) <= set(teams) or not set(roles.values()) <= advisory \
            or any(not n or len(n) > MAX_NAME or first_unsafe(n) is not None for n in names.values()) \
            or not all(re.fullmatch(r"[a-z0-9_]{1,60}", t) for t in roles):
        return None, "its named teams are damaged"
    plain_teams = tuple(t for t in teams if t not in roles)
    if settings.decide not in DECIDE:
        return None, "its decision rule is not one of " + ", ".join(DECIDE)
    if not 1 <= settings.turns <= 100 or not 0 <= settings.minutes <= MAX_MINUTES:
        return None, "its term length or discussion time is out of range"
    if content.roles:
        chosen, chosen_envoys, problems = choose_teams(content, list(plain_teams + envoys))
        if not plain_teams and not envoys:
            chosen, chosen_envoys, problems = (), (), []
        if (plain_teams and problems) or set(chosen) != set(plain_teams) or set(chosen_envoys) != set(envoys):
            return None, "its teams are not roles of this content"
    elif teams != ("class",) or envoys:
        return None, "its teams are not roles of this content"
    if settings.decide == "decider" and settings.decider not in teams:
        return None, "its deciding team is not one of its teams"
    return settings, None


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    from game.base.paths import shown_path
    from game.classroom import sessionlog as slog
    from game.tui.classroom.app import create_classroom_app
    from game.classroom.session import term_content
    from game.saves.errors import SaveError
    from game.saves.fingerprint import fingerprint_for_dirs
    from game.saves.store import read_save, resolve_save
    from game.saves.paths import saves_dir
    from game.saves.store import slot_of

    try:
        folder = saves_dir(args.saves)
    except SaveError as error:
        print(f"multivector: {error}", file=sys.stderr)
        return 1
    fingerprint = fingerprint_for_dirs(args.content, args.mods)
    resume, earlier, table = None, [], None
    if args.load:
        try:
            path = resolve_save(folder, args.load)
            head = read_save(path)
            settings, problem = settings_from_meta(head.meta, content)
            if settings is None and problem == "not a classroom session":
                print(_("multivector: {name} is not a classroom session; continue it with "
                        "'multivector play --load {slot}'").format(name=shown_path(path.name),
                                                                   slot=shown_path(args.load)), file=sys.stderr)
                return 2
            if settings is None:
                print(_("multivector: {name}: {problem}; it cannot be continued").format(
                    name=shown_path(path.name), problem=problem), file=sys.stderr)
                return 1
            if settings.scenario not in content.scenarios:
                print(_("multivector: the session's scenario '{scenario}' is not in this content").format(
                    scenario=settings.scenario), file=sys.stderr)
                return 1
            saved = read_save(path, term_content(content, settings.scenario, settings.turns), fingerprint)
        except SaveError as error:
            print(f"multivector: {error}", file=sys.stderr)
            return 1
        for warning in saved.warnings:
            print(f"multivector: {warning}", file=sys.stderr)
        resume, slot = saved.state, slot_of(path)
        if getattr(args, "no_history", False):  # asked for now: it overrides the session's own choice
            from dataclasses import replace

            settings = replace(settings, history=False)
        if args.saves is None:  # a save given by its path goes on beside itself, its log and votes
            folder = path.parent
        table = head.meta["classroom"].get("table")
        earlier = slog.read_log(slog.log_path_for(path)).records
    else:
        seed = args.seed if args.seed is not None else fresh_seed(below=10_000)  # short: said aloud in class
        settings, problem = settings_from_args(args, content, seed)
        if settings is None:
            if problem:
                print(f"multivector: {problem}", file=sys.stderr)
            return 2
        slot = f"class-{seed}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    web: tuple[str, int] | None = None
    if args.web:
        if args.lan and args.host:
            print(_("multivector: give --lan or --host, not both"), file=sys.stderr)
            return 2
        if not 0 <= args.port <= 65535:
            print(_("multivector: --port must be between 0 and 65535 (got {port})").format(port=args.port), file=sys.stderr)
            return 2
        web = ("0.0.0.0" if args.lan else args.host or "127.0.0.1", args.port)
    elif args.lan or args.host:
        print(_("multivector: --host and --lan serve the students' pages: add --web"), file=sys.stderr)
        return 2
    app = create_classroom_app(content, settings, saves_folder=folder, slot=slot, fingerprint=fingerprint,
                               resume=resume, earlier=earlier, resume_picks=table, web=web, lang=getattr(args, "lang", "en") or "en")
    app.run()
    if app.return_code:
        return app.return_code
    for line in farewell(app, slot, web):
        print(line)
    return 0


def farewell(app, slot: str, web: tuple[str, int] | None) -> list[str]:
    """What the terminal says once the classroom app has closed: where things are, and
    ``--load`` only for a session that can go on (a finished one cannot)."""
    lines = []
    if app.join_url:
        from game.classroom.web import is_loopback

        assert web is not None and app.session is not None and app.session.store is not None  # joined: served
        where = _("this computer only") if is_loopback(web[0]) else _("the network")
        lines.append(_("students joined at {address} ({where}) with code {code}").format(
            address=app.join_url, where=where, code=app.session.store.code))
    if app.saver.path:
        lines.append(_("saved to {path}").format(path=app.saver.path))
        if app.session is not None and not app.session.over:
            lines.append(_("continue with: multivector classroom --load {slot}").format(slot=slot))
    if app.saver.report:
        lines.append(_("debrief report: {path}").format(path=app.saver.report))
    return lines
