"""``multivector serve``: a game starts only for a page of this server.

textual-serve accepts any websocket, and each one starts a game process that the other
end drives and reads. Without a check, any web site open in a student's browser could do
that to the teacher's machine (cross-site websocket hijacking), or reach a game served on
localhost through a name pointed at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import pytest

from game.cli import build_parser
from game.commands import serve


@pytest.mark.parametrize(("host", "origin", "bound"), [
    ("localhost:8000", "http://localhost:8000", "localhost"),
    ("127.0.0.1:8000", "http://127.0.0.1:8000", "localhost"),
    ("[::1]:8000", "http://[::1]:8000", "::1"),
    ("LOCALHOST:8000", "http://localhost:8000", "localhost"),
    ("localhost:8000", None, "localhost"),  # not a browser
    ("192.168.1.20:8000", "http://192.168.1.20:8000", "0.0.0.0"),
    ("teacher-pc.local:8000", "http://teacher-pc.local:8000", "0.0.0.0"),
    ("classroom.example", "https://classroom.example", "0.0.0.0"),
    ("localhost:8000", "http://127.0.0.1:8000", "localhost"),  # the page opened by another name
    ("192.168.1.20:8000", "http://teacher-pc.local:8000", "0.0.0.0"),
    ("192.168.1.20:8000", "http://teacher-pc:8000", "0.0.0.0"),
    ("192.168.1.20:8000", "http://10.0.0.7:8000", "0.0.0.0"),
])
def test_pages_of_this_server_may_start_a_game(host, origin, bound):
    assert serve.connection_allowed(host, origin, bound)


@pytest.mark.parametrize(("host", "origin", "bound"), [
    ("localhost:8000", "https://evil.example", "localhost"),  # another site in the browser
    ("localhost:8000", "http://localhost:9999", "localhost"),  # another local server
    ("localhost:8000", "null", "localhost"),  # a sandboxed frame or a file
    ("localhost:8000", "file://", "localhost"),
    ("evil.example:8000", "http://evil.example:8000", "localhost"),  # DNS rebinding
    ("evil.example:8000", None, "127.0.0.1"),
    ("192.168.1.20:8000", "http://evil.example", "0.0.0.0"),
    ("", "http://localhost:8000", "localhost"),
    (None, None, "localhost"),
    ("localhost:notaport", "http://localhost:8000", "localhost"),
    ("192.168.1.20:8000", "http://evil.example:8000", "0.0.0.0"),  # a public name, same port
    ("192.168.1.20:8000", "http://93.184.216.34:8000", "0.0.0.0"),  # a public address
    ("192.168.1.20:8000", "http://teacher-pc.local:9000", "0.0.0.0"),
    ("localhost:8000", "http://teacher-pc.local:8000", "localhost"),
])
def test_other_pages_may_not(host, origin, bound):
    assert not serve.connection_allowed(host, origin, bound)


async def test_the_server_refuses_a_foreign_page_before_starting_anything(monkeypatch):
    from aiohttp import WSServerHandshakeError
    from aiohttp.test_utils import TestClient, TestServer
    from textual_serve.server import Server

    started = []

    async def no_game(*_args, **_kwargs):  # the check must come first: no process is started
        from aiohttp import web

        started.append(True)
        return web.Response(status=418)

    monkeypatch.setattr(Server, "handle_websocket", no_game)
    args = build_parser().parse_args(["serve", "--host", "localhost", "--port", "8000"])
    server = serve.build_server(args)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        for origin, host in (("https://evil.example", "localhost:8000"),
                             ("http://evil.example:8000", "evil.example:8000")):
            with pytest.raises(WSServerHandshakeError) as refused:
                await client.ws_connect("/ws", headers={"Origin": origin, "Host": host})
            assert refused.value.status == 403
        assert started == []
        with pytest.raises(WSServerHandshakeError) as passed:
            await client.ws_connect("/ws", headers={"Origin": "http://localhost:8000", "Host": "localhost:8000"})
        assert passed.value.status == 418 and started == [True]  # a page of this server reaches the game
    finally:
        await client.close()


# --- names that only look local, and ports that are not this server's ---------------------


@pytest.mark.parametrize(("host", "origin", "bound"), [
    # A name that merely starts with 127. is a public name (a page of that domain).
    ("127.0.0.1.evil.example:8000", "http://127.0.0.1.evil.example:8000", "localhost"),
    ("127.0.0.1.evil.example:8000", None, "127.0.0.1"),
    ("localhost:8000", "http://127.0.0.1.evil.example:8000", "localhost"),
    ("127.evil.example:8000", "http://127.evil.example:8000", "127.0.0.1"),
    ("localhost.evil.example:8000", "http://localhost.evil.example:8000", "localhost"),
    ("localhost.:8000", "http://localhost.:8000", "localhost"),  # localhost only by its exact name
    ("xlocalhost:8000", None, "localhost"),
    # The port of the Host must be the served one when serving on this machine only.
    ("localhost:9999", "http://localhost:9999", "localhost"),
    ("localhost", "http://localhost", "localhost"),
])
def test_names_that_only_look_local_are_refused(host, origin, bound):
    assert not serve.connection_allowed(host, origin, bound, 8000)


@pytest.mark.parametrize(("host", "origin", "bound"), [
    ("127.0.0.1:8000", "http://127.0.0.1:8000", "localhost"),
    ("127.0.0.2:8000", "http://127.0.0.2:8000", "127.0.0.1"),  # the whole loopback network
    ("localhost:8000", "http://localhost:8000", "127.0.0.1"),
    ("[::1]:8000", "http://localhost:8000", "localhost"),
])
def test_loopback_literals_and_the_exact_name_still_pass(host, origin, bound):
    assert serve.connection_allowed(host, origin, bound, 8000)


async def test_the_server_refuses_more_games_than_its_limit_with_a_page(monkeypatch):
    import asyncio

    from aiohttp import WSServerHandshakeError
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer
    from textual_serve.server import Server

    release = asyncio.Event()
    started = []

    async def a_game(_self, request):  # a game that runs until released
        started.append(True)
        response = web.WebSocketResponse()
        await response.prepare(request)
        await release.wait()
        await response.close()
        return response

    monkeypatch.setattr(Server, "handle_websocket", a_game)
    args = build_parser().parse_args(["serve", "--host", "localhost", "--port", "8000"])
    server = serve.build_server(args)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    headers = {"Origin": "http://localhost:8000", "Host": "localhost:8000"}
    sockets = []
    try:
        for _ in range(serve.MAX_GAMES):
            sockets.append(await client.ws_connect("/ws", headers=headers))
        assert len(started) == serve.MAX_GAMES
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers=headers)
        assert refused.value.status == 503 and len(started) == serve.MAX_GAMES  # no process for it
        page = await client.get("/", headers={"Host": "localhost:8000"})
        assert page.status == 503
        assert f"{serve.MAX_GAMES} games" in await page.text()
        release.set()
        for socket in sockets:
            await socket.close()
        for _ in range(100):  # the server notices the games ended
            if serve.games_running(server) == 0:
                break
            await asyncio.sleep(0.01)
        page = await client.get("/", headers={"Host": "localhost:8000"})
        assert page.status == 200
    finally:
        release.set()
        await client.close()
