"""Real-browser journeys: the app served by uvicorn on a loopback port, driven by Playwright.

* The browser is Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/run``), never a
  downloaded one. Without it the journeys are skipped locally and fail in CI (``CI=true``).
* The app runs in a background thread on a temporary SQLite file holding the demo network
  (``jobmatch.services.demo.load_demo``), so every demo account can sign in.
* ``Journey.shot`` writes a screenshot of each step to ``test-artefacts/<test>/``.
* ``Journey.check_accessibility`` runs axe-core (``npm ci`` puts it in ``node_modules``) and fails
  on any serious or critical violation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from jobmatch.app import create_app
from jobmatch.config import Settings
from jobmatch.db import make_engine
from jobmatch.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("JOBMATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "test-artefacts"
PHONE_WIDTH = 375


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI", pytrace=False)
    pytest.skip(f"{what} is not installed")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    settings: Settings


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app with the demo network, served on a free loopback port for the whole session."""
    database = tmp_path_factory.mktemp("browser") / "jobmatch.db"
    settings = Settings(env="test", database_url=f"sqlite:///{database}", demo=True)
    engine = make_engine(settings.database_url)
    from jobmatch.services.demo import load_demo

    load_demo(engine, reset=True, seed=2026, settings=settings)
    app = create_app(settings, engine=engine)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="jobmatch-live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        _missing(f"Chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        _missing("axe-core (run `make setup` or `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@dataclass
class Journey:
    """One browser tab on the live app, with screenshots and accessibility checks."""

    page: Any
    base_url: str
    folder: Path
    axe_source: str
    keyboard: bool = False
    steps: int = 0
    checked: list[str] = field(default_factory=list)

    # Interactions: with ``keyboard`` every field and button is reached with Tab and used with
    # the keys a keyboard user presses; otherwise with the pointer.

    def focus(self, target: Any, limit: int = 400) -> None:
        if not self.keyboard:
            target.focus()
            return
        for _ in range(limit):
            if target.evaluate("e => e === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{target} cannot be reached with Tab")

    def fill(self, target: Any, text: str) -> None:
        if not self.keyboard:
            target.fill(text)
            return
        self.focus(target)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose(self, target: Any, *, value: str, typed: str) -> None:
        """Pick an option of a <select>; from the keyboard by typing the start of its name."""
        if not self.keyboard:
            target.select_option(value=value)
            return
        self.focus(target)
        self.page.keyboard.type(typed, delay=30)
        assert target.input_value() == value, f"typing {typed!r} chose {target.input_value()!r}"

    def tick(self, target: Any) -> None:
        if not self.keyboard:
            target.check()
            return
        self.focus(target)
        if not target.is_checked():
            self.page.keyboard.press("Space")
        assert target.is_checked()

    def press(self, target: Any) -> None:
        """Activate a button or a link, and wait for the page it leads to."""
        if self.keyboard:
            self.focus(target)
        with self.page.expect_navigation():
            if self.keyboard:
                self.page.keyboard.press("Enter")
            else:
                target.click()

    def pick_skill(self, target: Any, typed: str) -> str:
        """Type in a skills field and take the first ESCO suggestion; returns its label."""
        self.focus(target)
        if self.keyboard:
            self.page.keyboard.type(typed, delay=20)
        else:
            target.fill(typed)
        options = self.page.locator(f"#{target.get_attribute('id')}-suggestions [role=option]")
        options.first.wait_for()
        # The list is redrawn when a late answer arrives: let the debounced lookups settle.
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(300)
        label = str(options.first.inner_text())
        if self.keyboard:
            self.page.keyboard.press("ArrowDown")
            self.page.keyboard.press("Enter")
        else:
            options.first.click(timeout=5000)
        assert target.input_value() == label
        return label

    def go(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"

    def shot(self, name: str) -> Path:
        """Screenshot of the whole page as ``NN-name.png``."""
        self.steps += 1
        path = self.folder / f"{self.steps:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self) -> list[dict[str, Any]]:
        """The serious and critical axe-core violations of the current page.

        The page's CSP forbids inline scripts, so axe is not added as a <script> tag: its source
        is evaluated through the DevTools protocol, which the CSP does not govern.
        """
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(f"() => {{ {self.axe_source}\n}}")
            self.page.evaluate("() => { window.axe = window.axe || axe; }")
        result = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
            }"""
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]

    def check_accessibility(self, name: str) -> None:
        """Screenshot the step, then fail on serious or critical axe violations."""
        self.shot(name)
        violations = self.axe()
        self.checked.append(self.page.url)
        assert not violations, f"{name} ({self.page.url}): " + json.dumps(violations, indent=1)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD, language: str = "en") -> None:
        """Sign in through the form; ``language`` is chosen first (it outlasts the session)."""
        self.go(f"/login?lang={language}")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(re.compile(r".*/home$"))

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url(re.compile(r".*/login$"))


def open_journey(
    browser: Any,
    live_server: LiveServer,
    axe_source: str,
    request: pytest.FixtureRequest,
    width: int,
    keyboard: bool = False,
) -> Iterator[Journey]:
    """A tab of ``width`` pixels on the live app (closed, and its console checked, at the end)."""
    folder = ARTEFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []

    def console(message: Any) -> None:
        # A page answered with an error status (a refused sign-in is a 401) is logged too:
        # only failures of scripts, styles and other resources count.
        url = (message.location or {}).get("url", "")
        if message.type == "error" and not (
            message.text.startswith("Failed to load resource") and "/static/" not in url
        ):
            errors.append(f"{message.text} ({url})")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield Journey(
            page=page,
            base_url=live_server.url,
            folder=folder,
            axe_source=axe_source,
            keyboard=keyboard,
        )
    finally:
        # The last state of the page, whatever happened (a failed step shows here).
        page.screenshot(path=str(folder / "zz-last.png"), full_page=True)
        context.close()
    # A CSP violation or a script error shows up in the console.
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def journey(
    browser: Any, live_server: LiveServer, axe_source: str, request: pytest.FixtureRequest
) -> Iterator[Journey]:
    """A desktop-sized tab (1280 px)."""
    yield from open_journey(browser, live_server, axe_source, request, 1280)


@pytest.fixture
def phone_journey(
    browser: Any, live_server: LiveServer, axe_source: str, request: pytest.FixtureRequest
) -> Iterator[Journey]:
    """A phone-sized tab (375 px)."""
    yield from open_journey(browser, live_server, axe_source, request, PHONE_WIDTH)


__all__ = ["DEMO_ACCOUNTS", "Journey", "LiveServer"]
