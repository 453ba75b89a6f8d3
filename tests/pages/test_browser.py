"""Each page type in real headless Chromium: clean loads, accessibility, layout, keyboard.

One browser for the session (the ``chromium`` fixture), a context per need: the
strict one keeps the Content-Security-Policy (so an inline style or script would show
as a console error); axe needs it bypassed to inject itself. Screenshots of every page
type at 1280 and 360 pixels go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, ViewportSize

from tests.pages.test_site_pages import PAGE_TYPES
from tests.tooling.browser import open_page, run_axe, screenshot

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
MOBILE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def strict_context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture(scope="module")
def axe_contexts(chromium: Browser) -> Iterator[dict[str, BrowserContext]]:
    contexts = {
        scheme: chromium.new_context(viewport=DESKTOP, color_scheme=scheme, bypass_csp=True)
        for scheme in ("light", "dark")
    }
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_cleanly_and_fits_desktop_and_mobile(
    kind: str, site_url: str, strict_context: BrowserContext
) -> None:
    visit = open_page(strict_context, f"{site_url}/{PAGE_TYPES[kind]}")
    try:
        assert visit.console_errors == []
        assert visit.failed_requests == []
        assert visit.external_requests == []
        name = kind.replace(" ", "-")
        screenshot(visit.page, f"{name}-desktop", DESKTOP)
        screenshot(visit.page, f"{name}-mobile", MOBILE)
        overflow = visit.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= MOBILE["width"], f"{kind} is {overflow}px wide on a phone"
    finally:
        visit.page.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_first_load_finds_every_file_it_asks_for_icons_included(
    kind: str, site_url: str, chromium: Browser
) -> None:
    """A new visitor's browser, nothing cached, asks for the page's icon and, on its
    own, for ``/favicon.ico``; none of it is missing, so the console stays empty."""
    context = chromium.new_context(viewport=DESKTOP)
    try:
        visit = open_page(context, f"{site_url}/{PAGE_TYPES[kind]}")
        icons = visit.page.eval_on_selector_all(
            'link[rel="icon"]', "links => links.map(link => [link.href, link.type])"
        )
        assert [kind for _, kind in icons] == ["", "image/svg+xml"]
        for url in [href for href, _ in icons] + [f"{site_url}/favicon.ico"]:
            response = context.request.get(url)
            assert response.ok, f"{url}: HTTP {response.status}"
            assert response.headers["content-type"].startswith("image/"), url
        assert not [failed for failed in visit.failed_requests if "HTTP 404" in failed]
        assert visit.console_errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_has_no_accessibility_violations(
    kind: str, scheme: str, site_url: str, axe_contexts: dict[str, BrowserContext]
) -> None:
    visit = open_page(axe_contexts[scheme], f"{site_url}/{PAGE_TYPES[kind]}")
    try:
        assert run_axe(visit.page) == []
    finally:
        visit.page.close()


def test_dark_scheme_changes_the_palette(
    site_url: str, axe_contexts: dict[str, BrowserContext]
) -> None:
    """Guards the dark-mode axe run: it must really see the dark colours."""
    colours = {}
    for scheme, context in axe_contexts.items():
        visit = open_page(context, f"{site_url}/index.html")
        colours[scheme] = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
        visit.page.close()
    assert colours == {"light": "rgb(255, 255, 255)", "dark": "rgb(17, 22, 28)"}


def test_tab_reaches_the_skip_link_first_and_focus_is_visible(
    site_url: str, strict_context: BrowserContext
) -> None:
    visit = open_page(strict_context, f"{site_url}/relationships/kz-tr/index.html")
    page = visit.page
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return {cls: e.className, text: e.textContent, top: r.top, left: r.left,"
            " outline: getComputedStyle(e).outlineStyle}; })()"
        )
        assert focused["cls"] == "skip-link" and focused["text"] == "Skip to content"
        assert focused["top"] >= 0 and focused["left"] >= 0, "the skip link stays off screen"
        assert focused["outline"] != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
    finally:
        page.close()


def test_timeline_filters_and_pages_work_without_javascript(
    chromium: Browser, site_url: str
) -> None:
    context = chromium.new_context(viewport=MOBILE, java_script_enabled=False)
    try:
        visit = open_page(context, f"{site_url}/timeline/index.html")
        visit.page.get_by_role("link", name="Visits", exact=True).click()
        visit.page.wait_for_url("**/timeline/visit/index.html")
        assert visit.page.locator("h1").inner_text() == "Timeline: Visits"
        visit.page.get_by_role("link", name="Kazakhstan", exact=True).click()
        visit.page.wait_for_url("**/countries/kz/index.html#timeline")
        assert visit.page.locator("h1").inner_text() == "Kazakhstan"
        visit.page.goto(f"{site_url}/relationships/tr-us/index.html")
        chart = visit.page.locator("figure.chart svg").bounding_box()
        assert chart is not None and chart["height"] > 100
        assert visit.console_errors == []
    finally:
        context.close()


def test_pdf_link_downloads_the_brief(site_url: str, strict_context: BrowserContext) -> None:
    visit = open_page(strict_context, f"{site_url}/relationships/kz-tr/index.html")
    try:
        link = visit.page.locator("a.pdf-link").first
        href = link.evaluate("a => a.href")
        response = strict_context.request.get(href)
        assert response.ok and response.body().startswith(b"%PDF-")
        assert "KB" in link.inner_text()
    finally:
        visit.page.close()
