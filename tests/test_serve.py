"""``multivector serve``: the server object, the command each connection runs, a real
start on 127.0.0.1 that is stopped at once."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from game.cli import build_parser
from game import serve_child
from game.commands import serve

REPO = Path(__file__).resolve().parent.parent


def parse(*argv):
    return build_parser().parse_args(["serve", *argv])


def test_builds_the_server_without_starting_it(tmp_path):
    args = parse("--port", "8123", "--host", "127.0.0.1", "--content", str(tmp_path), "--mod", "m1")
    server = serve.build_server(args)
    assert server.host == "127.0.0.1" and server.port == 8123
    assert server.public_url == "http://127.0.0.1:8123"
    words = shlex.split(server.command)
    assert words[:4] == [sys.executable, "-m", "game.serve_child", "--child"]
    assert words[4:] == ["--content", str(tmp_path.resolve()), "--mod", str(Path("m1").resolve())]


def test_defaults_are_local_only():
    args = parse()
    assert args.host == "localhost" and args.port == 8000
    assert serve.public_url("localhost", 8000) == "http://localhost:8000"
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"
    wildcard = serve.public_url("0.0.0.0", 9000)
    assert wildcard.startswith("http://") and wildcard.endswith(":9000") and "0.0.0.0" not in wildcard


def test_child_runs_play_options():
    args = serve_child.child_args(["--content", "/x", "--mod", "/m"])
    assert args.command == "play" and str(args.content) == "/x" and [str(m) for m in args.mods] == ["/m"]


def test_bad_port_is_a_usage_error(capsys):
    assert serve.run(parse("--port", "0")) == 2
    assert "--port" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(os.name == "nt", reason="process groups")
def test_serves_the_page_on_localhost_and_stops():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        page = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode("utf-8", "replace")
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.1)
        assert "Multi-Vector" in page, process.stderr.read().decode() if process.poll() is not None else page[:500]
        assert f"ws://127.0.0.1:{port}/ws" in page
        if _app_available():
            frame = _first_frame(port)
            # The app took the screen and drew a first frame (what it draws is the app's business).
            assert b"\x1b[?1049h" in frame and len(frame) > 2000, frame[:300]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _app_available() -> bool:
    try:
        import game.tui.app  # noqa: F401
    except ImportError:
        return False
    return True


def _first_frame(port: int) -> bytes:
    """Connect as a browser would and collect what the game draws for a few seconds."""
    import asyncio
    import json

    import aiohttp

    async def collect() -> bytes:
        got = b""
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
                deadline = time.monotonic() + 15
                while len(got) < 4000 and time.monotonic() < deadline:
                    try:
                        message = await asyncio.wait_for(ws.receive(), 2)
                    except asyncio.TimeoutError:
                        continue
                    if message.type == aiohttp.WSMsgType.BINARY:
                        got += message.data
                    elif message.type != aiohttp.WSMsgType.TEXT:
                        break
        return got

    return asyncio.run(collect())


async def test_each_browser_gets_a_save_folder_of_its_own(tmp_path, monkeypatch):
    """The page gives a browser a token cookie (renewed, same token, at every visit); its
    games save under a folder of that token; a cookie the server never gave (a path,
    garbage) names no folder, and the fresh folder such a connection gets is removed
    when it ends (nothing could find it again), while the browser's own stays."""
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    args = parse("--host", "127.0.0.1", "--port", "8123")
    args.saves = tmp_path / "saves"
    server = serve.build_server(args)
    commands = []

    async def fake_websocket(self, request):  # what textual-serve would start, not started
        commands.append(self.command)
        saves = Path(shlex.split(self.command)[shlex.split(self.command).index("--saves") + 1])
        saves.mkdir(parents=True)  # the game's first save would make it
        (saves / "autosave.json").write_text("{}")
        return web.Response(text="ok")

    monkeypatch.setattr(type(server).__mro__[1], "handle_websocket", fake_websocket)
    async with TestClient(TestServer(await server._make_app())) as client:
        page = await client.get("/")
        assert page.status == 200
        token = page.cookies[serve.BROWSER_COOKIE].value
        assert serve.browser_token(token) == token
        # The same browser comes back with its cookie: the same token, its life renewed.
        again = await client.get("/")
        assert again.cookies[serve.BROWSER_COOKIE].value == token
        assert again.cookies[serve.BROWSER_COOKIE]["max-age"] == str(serve.BROWSER_DAYS * 24 * 3600)
        await client.get("/ws", headers={"Host": "127.0.0.1:8123"})
        (tmp_path / "saves" / "browsers" / token / "saves" / "autosave.json").unlink()  # as if the game moved on
        await client.get("/ws", headers={"Host": "127.0.0.1:8123"})
        client.session.cookie_jar.clear()
        await client.get("/ws", headers={"Host": "127.0.0.1:8123",
                                         "Cookie": f"{serve.BROWSER_COOKIE}=../../etc"})
    folders = [shlex.split(command)[shlex.split(command).index("--saves") + 1] for command in commands]
    mine = str((tmp_path / "saves").absolute() / "browsers" / token / "saves")
    assert folders[:2] == [mine, mine]
    assert folders[2] != mine and "etc" not in folders[2]
    assert Path(folders[2]).parent.parent == Path(mine).parent.parent
    assert Path(mine).is_dir() and not Path(folders[2]).parent.exists()
    assert "--saves" not in shlex.split(server.command)  # outside a connection: the command as given


def _browser_folder(root: Path, token: str, age_days: float, now: float) -> Path:
    folder = root / "browsers" / token / "saves"
    folder.mkdir(parents=True)
    save = folder / "slot1.json"
    save.write_text("{}")
    when = now - age_days * 24 * 3600
    for path in (save, folder, folder.parent):
        os.utime(path, (when, when))
    return folder.parent


def test_folders_unused_for_the_cookies_life_are_removed_at_start(tmp_path):
    args = parse()
    args.saves = tmp_path / "saves"
    now = 2_000_000_000.0
    old = _browser_folder(args.saves, "a" * 32, serve.BROWSER_DAYS + 1, now)
    recent = _browser_folder(args.saves, "b" * 32, serve.BROWSER_DAYS - 1, now)
    touched = _browser_folder(args.saves, "c" * 32, serve.BROWSER_DAYS + 50, now)
    os.utime(touched / "saves" / "slot1.json", (now - 3600, now - 3600))  # a save this morning
    stranger = _browser_folder(args.saves, "not-a-token", serve.BROWSER_DAYS + 9, now)
    elsewhere = _browser_folder(tmp_path / "other", "d" * 32, serve.BROWSER_DAYS + 9, now)
    (args.saves / "browsers" / ("e" * 32)).symlink_to(elsewhere, target_is_directory=True)

    assert serve.forget_old_browsers(args, now) == 1
    assert not old.exists()
    assert recent.is_dir() and touched.is_dir() and stranger.is_dir()
    assert (elsewhere / "saves" / "slot1.json").is_file()  # a link named like a browser: not followed
    assert serve.forget_old_browsers(args, now) == 0


def test_no_browsers_folder_yet_forgets_nothing(tmp_path):
    args = parse()
    args.saves = tmp_path / "nothing-here"
    assert serve.forget_old_browsers(args, 2_000_000_000.0) == 0
