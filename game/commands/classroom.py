"""``multivector classroom``: the facilitator mode (see docs/classroom.md)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from game.commands.common import load_from_args, scenario_or_error

DEFAULT_TURNS = 6  # a 45-minute lesson; docs/classroom.md suggests 12 for 90 minutes
MAX_MINUTES = 60


def settings_from_args(args: argparse.Namespace, content, seed: int):
    """``(Settings, None)`` or ``(None, message)`` for the command-line options."""
    from game.classroom.session import DEFAULT_MINUTES, Settings, choose_teams

    scenario_id = scenario_or_error(content, args.scenario)
    if scenario_id is None:
        return None, ""
    wanted = [t.strip() for t in args.teams.split(",") if t.strip()] if args.teams else None
    teams, envoys, problems = choose_teams(content, wanted)
    if problems:
        return None, "; ".join(problems)
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
                    decider=decider, minutes=float(minutes)), None


def settings_from_meta(meta: dict):
    from game.classroom.session import Settings

    data = meta.get("classroom") if isinstance(meta, dict) else None
    if not isinstance(data, dict):
        return None
    try:
        return Settings(seed=int(data["seed"]), scenario=str(data["scenario"]), turns=int(data["turns"]),
                        teams=tuple(str(t) for t in data["teams"]), envoys=tuple(str(t) for t in data.get("envoys") or ()),
                        decide=str(data.get("decide") or "majority"),
                        decider=str(data["decider"]) if data.get("decider") else None,
                        minutes=float(data.get("minutes") or 0), group=str(data.get("group") or ""))
    except (KeyError, TypeError, ValueError):
        return None


def run(args: argparse.Namespace) -> int:
    content = load_from_args(args)
    if content is None:
        return 1
    from game.classroom import sessionlog as slog
    from game.classroom.app import create_classroom_app
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
    resume, earlier = None, []
    if args.load:
        try:
            path = resolve_save(folder, args.load)
            head = read_save(path)
            settings = settings_from_meta(head.meta)
            if settings is None:
                print(f"multivector: {path.name} is not a classroom session; continue it with "
                      f"'multivector play --load {args.load}'", file=sys.stderr)
                return 2
            if settings.scenario not in content.scenarios:
                print(f"multivector: the session's scenario '{settings.scenario}' is not in this content",
                      file=sys.stderr)
                return 1
            saved = read_save(path, term_content(content, settings.scenario, settings.turns), fingerprint)
        except SaveError as error:
            print(f"multivector: {error}", file=sys.stderr)
            return 1
        for warning in saved.warnings:
            print(f"multivector: {warning}", file=sys.stderr)
        resume, slot = saved.state, slot_of(path)
        earlier = slog.read_log(slog.log_path_for(path)).records
    else:
        seed = args.seed if args.seed is not None else _fresh_seed()
        settings, problem = settings_from_args(args, content, seed)
        if settings is None:
            if problem:
                print(f"multivector: {problem}", file=sys.stderr)
            return 2
        slot = f"class-{seed}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    app = create_classroom_app(content, settings, saves_folder=folder, slot=slot, fingerprint=fingerprint,
                               resume=resume, earlier=earlier, lang=getattr(args, "lang", "en") or "en")
    app.run()
    if app.saver.path:
        print(f"saved to {app.saver.path}")
        print(f"continue with: multivector classroom --load {slot}")
    if app.saver.report:
        print(f"debrief report: {app.saver.report}")
    return 0


def _fresh_seed() -> int:
    import secrets

    return secrets.randbelow(10_000)
