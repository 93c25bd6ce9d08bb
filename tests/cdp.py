"""A headless Chromium driven over the Chrome DevTools protocol, for the classroom's
browser test. Only aiohttp (already a dependency) is needed: no selenium, no driver
binary. Each :class:`Tab` lives in its own browser context, so two tabs are two students
with separate cookies."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import shutil
import tempfile
from pathlib import Path

import aiohttp

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run")


def find_chromium() -> str | None:
    return next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)


class Browser:
    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.folder = tempfile.TemporaryDirectory(prefix="mv-chromium-", ignore_cleanup_errors=True)
        self.process: asyncio.subprocess.Process | None = None
        self.http: aiohttp.ClientSession | None = None
        self.port = 0
        self._ids = itertools.count(1)

    async def __aenter__(self) -> Browser:
        profile = Path(self.folder.name) / "profile"
        self.process = await asyncio.create_subprocess_exec(
            self.binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, start_new_session=True)
        port_file = profile / "DevToolsActivePort"
        for _ in range(200):
            if port_file.is_file() and port_file.read_text().count("\n") >= 1:
                break
            await asyncio.sleep(0.05)
        self.port = int(port_file.read_text().split()[0])
        self.http = aiohttp.ClientSession()
        version = await (await self.http.get(f"http://127.0.0.1:{self.port}/json/version")).json()
        self.root = await self.http.ws_connect(version["webSocketDebuggerUrl"], max_msg_size=0)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.http is not None:
            await self.root.close()
            await self.http.close()
        if self.process is not None and self.process.returncode is None:
            try:  # the browser and its helper processes: the group it leads, and only that
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await self.process.wait()
        self.folder.cleanup()

    async def call(self, ws, method: str, **params) -> dict:
        ident = next(self._ids)
        await ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = json.loads((await ws.receive()).data)
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def tab(self) -> Tab:
        """A new page in a browser context of its own (a separate student)."""
        context = (await self.call(self.root, "Target.createBrowserContext"))["browserContextId"]
        target = (await self.call(self.root, "Target.createTarget", url="about:blank",
                                  browserContextId=context))["targetId"]
        ws = await self.http.ws_connect(f"ws://127.0.0.1:{self.port}/devtools/page/{target}", max_msg_size=0)
        return Tab(self, ws)


class Tab:
    def __init__(self, browser: Browser, ws) -> None:
        self.browser, self.ws = browser, ws

    async def js(self, expression: str):
        result = await self.browser.call(self.ws, "Runtime.evaluate", expression=expression, returnByValue=True,
                                         awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def settle(self) -> None:
        """Wait until a page other than the blank start has loaded."""
        for _ in range(200):
            state = await self.js("document.readyState + ' ' + location.href")
            if state.startswith("complete") and not state.endswith("about:blank"):
                return
            await asyncio.sleep(0.05)
        raise TimeoutError("the page did not load")

    async def goto(self, url: str) -> None:
        await self.browser.call(self.ws, "Page.navigate", url=url)
        await self.settle()

    async def submit(self, script: str) -> None:
        """Run ``script`` (which fills a form and clicks) and wait for the next page."""
        await self.js("window.__old = true")
        await self.js(script)
        for _ in range(200):
            try:
                if await self.js("document.readyState === 'complete' && !window.__old"):
                    return
            except RuntimeError:  # the page was between documents
                pass
            await asyncio.sleep(0.05)
        raise TimeoutError("the form did not lead to a page")

    async def text(self) -> str:
        return await self.js("document.body.innerText")
