"""Start-up: from the command to the title screen drawn in a real terminal (a pty).

The floor is a bare Textual app that draws one Label, started the same way and timed
alternately with the game in the same run. Each round forks a child on a fresh 80x24
pseudo-terminal, reads what it writes until the screen's text appears, then kills it
and reads its peak resident memory from the kernel (``wait4``). Budgets: the game's
time and peak memory each within 1.3x of the floor's.

The game is started as ``python -m game`` with ``--no-mods`` and ``--seed 1`` in an
empty save folder (no autosave to look up, no installed mod to read), so the figure is
the game's own start-up, not that of a player's files.

    python bench/startup.py [--rounds R] [--quick] [--bytecode on|off]

Installs differ in whether Python may keep compiled byte-code (some environments run
with PYTHONDONTWRITEBYTECODE set, so an editable install recompiles the game at every
start): the script says which it measured. ``--bytecode off`` measures both apps with
no byte-code cache at all (an empty PYTHONPYCACHEPREFIX each start, nothing written).
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, Figure, median_of

FLOOR_APP = '''
from textual.app import App
from textual.widgets import Label


class Floor(App):
    def compose(self):
        yield Label("Floor app ready")


Floor().run()
'''

GAME_MARKER = b"Kazakhstan between"
READY_MARKER = " quarters · seed".encode()  # the title's line about the next game, once the deck is in
FLOOR_MARKER = b"Floor app ready"
TIMEOUT = 30.0
_CONTROLS = re.compile(rb"\x1b(?:\[[0-9;?<=>$]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_WINDOW = 1 << 16


def _child_env(saves: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL")}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", MULTIVECTOR_SAVES=str(saves))
    return env


def _without_bytecode(env: dict[str, str], tmp: Path) -> dict[str, str]:
    """``env`` for a start that finds no compiled byte-code and writes none."""
    empty = Path(tempfile.mkdtemp(prefix="pyc-", dir=tmp))
    return dict(env, PYTHONPYCACHEPREFIX=str(empty), PYTHONDONTWRITEBYTECODE="1")


def _bytecode_written() -> bool:
    """Whether the game's own modules have compiled byte-code beside them now."""
    cache = REPO / "game" / "__pycache__"
    return cache.is_dir() and any(cache.glob("cli.*.pyc"))


def run_in_pty(argv: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, int, float]:
    """Seconds from fork to ``marker`` on the child's terminal, the child's peak RSS in
    bytes, and the CPU seconds it used by then (less sensitive to a busy machine)."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 80x24, then the command
        try:
            import fcntl
            import termios

            fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.chdir(REPO)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    seen = b""
    elapsed = None
    deadline = started + TIMEOUT
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-_WINDOW:]
            if marker in _CONTROLS.sub(b"", seen):  # words may be drawn apart, between cursor moves
                elapsed = time.perf_counter() - started
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise RuntimeError(f"{' '.join(argv)}: {marker!r} never appeared on the terminal")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--quick", action="store_true", help="a few rounds: checks the script runs")
    parser.add_argument("--bytecode", choices=("on", "off"), default="on",
                        help="off: both apps start with no byte-code cache and write none")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds

    with tempfile.TemporaryDirectory(prefix="mv-bench-") as tmp:
        floor_script = Path(tmp) / "floor_app.py"
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        saves = Path(tmp) / "saves"
        saves.mkdir()
        env = _child_env(saves)
        commands = {
            "floor": ([sys.executable, str(floor_script)], FLOOR_MARKER),
            "game": ([sys.executable, "-m", "game", "--no-mods", "--seed", "1"], GAME_MARKER),
        }
        for argv, marker in commands.values():  # warm the file cache and byte-code first
            run_in_pty(argv, marker, env)
        bytecode = args.bytecode == "on"
        start_env = (lambda: env) if bytecode else (lambda: _without_bytecode(env, Path(tmp)))
        samples: dict[str, list[tuple[float, int, float]]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, (argv, marker) in commands.items():
                samples[name].append(run_in_pty(argv, marker, start_env()))

        # Not a budget: the same start, on until the deck has loaded in the background.
        ready = [run_in_pty(commands["game"][0], READY_MARKER, start_env()) for _ in range(min(rounds, 5))]

    wall, rss, cpu = ({name: median_of([s[i] for s in values]) for name, values in samples.items()}
                      for i in range(3))
    print(f"startup: to the first screen in an 80x24 pty, median of {rounds} alternating rounds")
    if bytecode:
        print(f"  byte-code: cached ({'written beside the game' if _bytecode_written() else 'NOT written: every start compiles'})")
    else:
        print("  byte-code: none (every start of both apps compiles)")
    for name in commands:
        print(f"  {name:<6} {wall[name] * 1000:7.0f} ms  (CPU {cpu[name] * 1000:4.0f} ms)"
              f"   peak RSS {rss[name] / 2**20:6.1f} MB")
    suffix = "" if bytecode else ", no byte-code"
    figures = [Figure(f"start-up: time to the title screen / bare Textual app{suffix}", wall["game"] / wall["floor"], 1.3),
               Figure(f"start-up: peak memory / bare Textual app{suffix}", rss["game"] / rss["floor"], 1.3)]
    for figure in figures:
        print(f"  {figure}")
    print(f"  (CPU time used by then: {cpu['game'] / cpu['floor']:.2f}x the bare app's)")
    ready_wall, ready_rss = median_of([r[0] for r in ready]), median_of([r[1] for r in ready])
    print(f"  (ready to play, the deck loaded behind the title: {ready_wall * 1000:.0f} ms, "
          f"peak RSS {ready_rss / 2**20:.1f} MB = {ready_rss / rss['floor']:.2f}x the bare app's)")
    return figures


if __name__ == "__main__":
    main()
