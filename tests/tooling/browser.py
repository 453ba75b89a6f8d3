"""Open built pages in headless Chromium the way a reader would, and record what went wrong.

Playwright cannot download its own browser here, so it drives Debian's /usr/bin/chromium.
Pages are served by a throwaway local HTTP server; every request to any other origin is
recorded as external and blocked, so a test run never reaches the network.
"""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    ViewportSize,
    WebSocket,
    sync_playwright,
)

from . import ARTIFACTS_DIR, NODE_MODULES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium's own background traffic (updates, sync, safe browsing) has no network to
    # reach on CI machines; without these flags its refused connections disturb the pages.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A second fence behind the request blocking in open_page: no host name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"

# Schemes whose URLs never leave the page.
_LOCAL_SCHEMES = {"data", "blob", "about"}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep request logs out of the test output."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore the browser dropping connections it no longer needs."""


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 and a free port; yield the base URL (no slash)."""
    handler = partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"http-{root.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Start headless Debian Chromium under Playwright; close it on exit."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageVisit:
    """A page opened by open_page and what went wrong while it loaded and ran.

    The lists keep growing while the page lives, so interactions after loading
    (clicks, searches) are recorded too. A request blocked for being external is also
    a failed request, and Chromium reports it as a console error.
    """

    page: Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


def open_page(context: BrowserContext, url: str) -> PageVisit:
    """Open `url` in a new page of `context` and wait for its load event.

    Requests to any origin other than `url`'s are recorded in external_requests and
    blocked before they leave the browser.
    """
    page = context.new_page()
    visit = PageVisit(page)
    origin = _origin(url)

    def is_external(request_url: str) -> bool:
        return urlsplit(request_url).scheme not in _LOCAL_SCHEMES and _origin(request_url) != origin

    def on_request(request: Request) -> None:
        if is_external(request.url):
            visit.external_requests.append(f"{request.method} {request.url}")

    def on_websocket(websocket: WebSocket) -> None:
        if is_external(websocket.url):
            visit.external_requests.append(f"WebSocket {websocket.url}")

    def block_external(route: Route) -> None:
        if is_external(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location
            visit.console_errors.append(
                f"{location['url']}:{location['lineNumber']}: {message.text}"
            )

    def on_page_error(error: Exception) -> None:
        visit.console_errors.append(f"uncaught {error}")

    # Chromium also aborts some requests it got an error status for (stylesheets,
    # scripts); those are reported once, with their status.
    error_responses: set[Request] = set()

    def on_response(response: Response) -> None:
        if response.status >= 400:
            error_responses.add(response.request)
            visit.failed_requests.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        if request not in error_responses:
            visit.failed_requests.append(f"{request.failure} {request.url}")

    page.on("request", on_request)
    page.on("websocket", on_websocket)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.route("**/*", block_external)
    page.goto(url, wait_until="load")
    return visit


class AxeViolation(TypedDict):
    id: str
    impact: str | None
    help: str
    targets: list[str]


_RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.flat(Infinity).join(' ')),
    }));
}"""


def run_axe(page: Page) -> list[AxeViolation]:
    """Run axe-core's WCAG 2.2 AA rules on the page; return the violations found."""
    # Evaluated through the DevTools protocol rather than added as a <script> element
    # (page.add_script_tag), which the site's Content-Security-Policy rightly blocks.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    violations: list[AxeViolation] = page.evaluate(_RUN_AXE, AXE_TAGS)
    return violations


def screenshot(page: Page, name: str, viewport: ViewportSize) -> Path:
    """Resize the page to `viewport`, save a full-page PNG under test-artifacts/; return it."""
    if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
        raise ValueError(f"screenshot name {name!r} must be a plain file name")
    page.set_viewport_size(viewport)
    path = SCREENSHOTS_DIR / f"{name}-{viewport['width']}x{viewport['height']}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port
