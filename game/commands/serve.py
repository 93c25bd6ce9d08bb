"""``multivector serve [--port N] [--host H]``: the game in a browser, through textual-serve.

What is shared and what is not:

- Every browser connection (every tab) starts its **own game process** on this machine:
  a student's game is never seen or changed by another. At most :data:`MAX_GAMES` run
  at once; a tab beyond that gets a page saying so, and no process.
- Each browser has a **save folder of its own** on the serving machine (with its own
  record of games), found again by a cookie the page sets: Continue in a student's tab
  offers that student's game, never another browser's. A client that sends no cookie
  gets a fresh folder for its connection, removed when the connection ends (nothing
  could find it again). A folder no browser has used for as long as the cookie lives
  is removed when the server starts. See :func:`browser_saves` and
  :func:`forget_old_browsers`.
- There is **no login** and no encryption. Anyone who can reach the address can play
  (and run games on the serving machine). Serve on a classroom or home network only,
  never on the open internet. The default host, ``localhost``, is reachable from this
  machine alone; ``--host 0.0.0.0`` opens it to the local network.
- A game starts only for a page this server gave out: another web site open in the same
  browser cannot start or drive one (see :func:`connection_allowed`).
- It works offline: the terminal emulator is bundled; only a web font is linked, and
  the browser falls back to a monospace font without it.
"""

from __future__ import annotations

import argparse
import contextvars
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from game.base.i18n import _, ngettext

WILDCARD_HOSTS = ("0.0.0.0", "::", "")
CHILD_FLAG = "--child"


def _join(parts: list[str]) -> str:
    # textual-serve starts the command through the shell.
    if os.name == "nt":  # pragma: no cover - Windows quoting
        return subprocess.list2cmdline(parts)
    return shlex.join(parts)


# The cookie that names a browser: a random token, nothing else about the player.
BROWSER_COOKIE = "multivector_browser"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
BROWSERS_FOLDER = "browsers"
# The cookie's life, renewed at every visit: a folder unused for longer has no browser
# left that could open it.
BROWSER_DAYS = 400
# Entries looked at to date a folder: a browser's saves, autosaves and record are a few
# dozen; a folder of more is kept (counted as used now) rather than walked.
_DATING_LIMIT = 10_000


def new_browser_token() -> str:
    return secrets.token_hex(16)


def browser_token(cookie: str | None) -> str | None:
    """The browser's token from its cookie, or None for none or one the server never
    gives out (a cookie is the browser's to write: it names a folder only if it fits)."""
    return cookie if cookie is not None and _TOKEN.fullmatch(cookie) else None


def browsers_root(args: argparse.Namespace) -> Path:
    """The folder that holds a folder per browser, beside the serving machine's saves."""
    from game.base.paths import default_saves_dir

    root = Path(args.saves) if getattr(args, "saves", None) else default_saves_dir()
    return root.absolute() / BROWSERS_FOLDER


def browser_saves(args: argparse.Namespace, token: str) -> Path:
    """The save folder of the browser with ``token``: ``browsers/TOKEN/saves`` beside the
    serving machine's saves (so the record and mods beside it are the browser's too; the
    server's installed mods reach every game as ``--mod``)."""
    return browsers_root(args) / token / "saves"


def forget_browser(args: argparse.Namespace, token: str) -> None:
    """Remove the folder of ``token`` (a connection that sent no cookie: nothing can
    find its folder again once it ends)."""
    from game.base.files import remove_folder

    try:
        remove_folder(browsers_root(args) / token)
    except OSError:  # FileRefused too: a link in its place
        pass  # left as it is; forget_old_browsers will see it in time


def forget_old_browsers(args: argparse.Namespace, now: float, days: int = BROWSER_DAYS) -> int:
    """Remove the folders of browsers that have not changed anything in them for
    ``days`` (their cookie has lapsed: no browser can open them). Only folders named as
    this server names them; links and anything else are left alone. How many went."""
    from game.base.files import last_change, remove_folder

    root = browsers_root(args)
    cutoff = now - days * 24 * 3600
    removed = 0
    try:
        entries = [entry for entry in os.scandir(root)
                   if _TOKEN.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)]
    except OSError:
        return 0  # no folder yet
    for entry in entries:
        try:
            if last_change(entry.path, _DATING_LIMIT) < cutoff:
                removed += remove_folder(entry.path)
        except OSError:  # FileRefused too
            continue
    return removed


def app_command(args: argparse.Namespace, saves: Path | None = None) -> str:
    """The shell command each connection runs: this Python, the Textual app, the same content.

    It starts ``sys.executable`` (a bare ``python`` may be another interpreter without
    the game) and the app directly: under textual-serve the output is a pipe, which
    ``multivector play`` would take for a plain terminal.
    """
    parts = [sys.executable, "-m", "game.serve_child", CHILD_FLAG]
    if getattr(args, "content", None):
        parts += ["--content", str(Path(args.content).resolve())]
    for mod in getattr(args, "mods", []) or []:
        parts += ["--mod", str(Path(mod).resolve())]
    if saves is not None:
        parts += ["--saves", str(saves)]
    return _join(parts)


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("0.") else address


def public_url(host: str, port: int) -> str:
    """The address browsers use (the page's websocket connects back to it)."""
    if host in WILDCARD_HOSTS:
        host = lan_address() or "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _address(netloc: str) -> tuple[str, int | None] | None:
    """(host in lower case, port) of a Host header or an origin's address; None if garbled."""
    parts = urlsplit(f"//{netloc.strip()}")
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None:
        return None  # "localhost:8000@evil.example" is no Host a browser sends
    host = (parts.hostname or "").lower()
    return (host, port) if host else None


def _ip(host: str):
    """The IP address ``host`` writes literally (``127.0.0.1``, ``::1``), or None for a name."""
    import ipaddress

    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback(host: str) -> bool:
    """This machine, named so that no DNS answer can change it: a loopback address
    (parsed, so that ``127.0.0.1.evil.example`` is a public name), or exactly ``localhost``."""
    address = _ip(host)
    if address is not None:
        return address.is_loopback
    return host == "localhost"


def _is_local_network_name(host: str) -> bool:
    """A name or address only a local network knows: a private IP, ``name.local``, ``name``."""
    address = _ip(host)
    if address is not None:
        return address.is_private
    return host.endswith(".local") or "." not in host


def connection_allowed(host_header: str | None, origin: str | None, bound_host: str,
                       bound_port: int | None = None) -> bool:
    """Whether a browser connection may start a game: only from a page of this server.

    Browsers send the address of the page that opens a websocket (``Origin``). A page of
    another site (in another tab of a student's browser) that tries to start and drive a
    game here is refused. Served on this machine only, the ``Host`` must also name this
    machine (a loopback address, or exactly ``localhost``) with the served port
    (``bound_port``), which stops a site whose name was pointed at 127.0.0.1 (DNS
    rebinding). The page may name this machine differently from the address the game
    connects to (``127.0.0.1`` and ``localhost``; a local-network name and the machine's
    address), as long as the port is the same. A client that is not a browser sends no
    Origin and is let through (it could reach the port anyway).
    """
    host = _address(host_header or "")
    if host is None:
        return False
    local_only = _is_loopback(bound_host.lower().strip("[]"))
    if local_only and not _is_loopback(host[0]):
        return False
    if local_only and bound_port is not None and (host[1] or 80) != bound_port:
        return False
    if origin is None:
        return True
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https"):
        return False  # "null" (a sandboxed frame, a file) and anything else
    page = _address(parts.netloc)
    if page is None:
        return False
    if page == host:
        return True
    same_port = (page[1] or (443 if parts.scheme == "https" else 80)) == (host[1] or 80)
    if _is_loopback(page[0]) and _is_loopback(host[0]):
        return same_port
    return same_port and not local_only and _is_local_network_name(page[0])


# Games running at once: each is a process of about 45 MB on the serving machine, and a
# class needs one per computer. Past this, a new tab gets a page saying why instead.
MAX_GAMES = 8

_BUSY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Multi-Vector: all games in use</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>All games are in use</h1>
<p>This server runs at most {limit} games at once, and {limit} games are running.
Close the game in another tab, or ask whoever started <code>multivector serve</code>;
then reload this page.</p>
</body></html>
"""


def games_running(server) -> int:
    """How many games ``server`` (from :func:`build_server`) runs now."""
    return server.games_running


def build_server(args: argparse.Namespace):
    """The textual-serve server for these options (not started)."""
    from aiohttp import web
    from textual_serve.server import Server

    busy_page = _BUSY_PAGE.format(limit=MAX_GAMES)
    # The connection being started, for ``command`` (textual-serve reads it once per
    # connection, in that connection's task; a context variable keeps tasks apart).
    connection_saves: contextvars.ContextVar[Path | None] = contextvars.ContextVar("saves", default=None)

    class GuardedServer(Server):
        games_running = 0

        @property
        def command(self) -> str:
            return app_command(args, connection_saves.get())

        @command.setter
        def command(self, value: str) -> None:  # Server.__init__ sets it; it is made per connection
            pass

        async def handle_index(self, request: web.Request):
            if self.games_running >= MAX_GAMES:
                return web.Response(status=503, text=busy_page, content_type="text/html")
            response = await super().handle_index(request)
            # Set, or renewed at every visit: a browser in use keeps its folder.
            token = browser_token(request.cookies.get(BROWSER_COOKIE)) or new_browser_token()
            response.set_cookie(BROWSER_COOKIE, token, max_age=BROWSER_DAYS * 24 * 3600, path="/",
                                httponly=True, samesite="Strict")
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not connection_allowed(request.headers.get("Host"), request.headers.get("Origin"), args.host,
                                      args.port):
                raise web.HTTPForbidden(text="Multi-Vector: open the game from its own address.")
            if self.games_running >= MAX_GAMES:  # checked and counted with no await between
                raise web.HTTPServiceUnavailable(text=f"Multi-Vector: {MAX_GAMES} games are running, "
                                                      "the most this server runs at once.")
            self.games_running += 1
            known = browser_token(request.cookies.get(BROWSER_COOKIE))
            token = known or new_browser_token()
            connection_saves.set(browser_saves(args, token))
            try:
                return await super().handle_websocket(request)
            finally:
                self.games_running -= 1
                if known is None:
                    forget_browser(args, token)

    return GuardedServer(app_command(args), host=args.host, port=args.port, title="Multi-Vector",
                         public_url=public_url(args.host, args.port))


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        print(_("multivector: --port must be between 1 and 65535 (got {port})").format(port=args.port), file=sys.stderr)
        return 2
    if args.content is not None and not Path(args.content).is_dir():
        print(_("multivector: content folder {folder} not found").format(folder=args.content), file=sys.stderr)
        return 1
    try:
        server = build_server(args)
    except ImportError:  # pragma: no cover - a broken install
        print("multivector: serve needs the textual-serve package (pip install textual-serve)", file=sys.stderr)
        return 2
    url = server.public_url
    print(_("Multi-Vector in a browser at {address}").format(address=url))
    print(_("Each browser tab gets its own game, and each browser its own save folder (by a cookie)."))
    forgotten = forget_old_browsers(args, time.time())
    if forgotten:
        print(ngettext("Removed the save folder of {count} browser unused for {days} days.",
                       "Removed the save folders of {count} browsers unused for {days} days.",
                       forgotten).format(count=forgotten, days=BROWSER_DAYS))
    print(_("At most {count} games run at once; a tab beyond that is told to wait.").format(count=MAX_GAMES))
    if args.host in WILDCARD_HOSTS:
        print(_("Open to the local network, with no login: use it on a classroom network only."))
    else:
        print(_("Reachable from this machine only; use --host 0.0.0.0 to open it to the local network."))
    print(_("Stop with Ctrl+C."))
    try:
        server.serve()
    except OSError as error:
        print(_("multivector: cannot serve on {address}: {error}").format(
            address=f"{args.host}:{args.port}", error=error.strerror or error), file=sys.stderr)
        return 1
    return 0
