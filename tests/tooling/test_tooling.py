"""The test helpers in tests/tooling each catch what they exist to catch, and only that."""

import math
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.tooling.browser import open_page, run_axe, screenshot, serve_directory
from tests.tooling.pdf import pdf_text, qpdf_check, render_page_png
from tests.tooling.vnu import validate_html

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tooling"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n"), f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


# --- vnu ---------------------------------------------------------------------------------


def test_vnu_reports_errors_with_their_location_and_passes_valid_html() -> None:
    errors = validate_html([FIXTURES / "valid.html", FIXTURES / "invalid.html"])

    invalid = str(FIXTURES / "invalid.html")
    assert any(e.startswith(f"{invalid}:5:1: ") and "“title”" in e for e in errors), errors
    assert any(e.startswith(f"{invalid}:7:7: ") and "“div” not allowed" in e for e in errors), (
        errors
    )
    assert all(e.startswith(f"{invalid}:") for e in errors), errors


def test_vnu_checks_the_html_files_of_a_directory_and_skips_the_rest() -> None:
    errors = validate_html([FIXTURES])

    files_with_errors = {e.split(":", 1)[0] for e in errors}
    assert files_with_errors == {
        str(FIXTURES / "invalid.html"),
        str(FIXTURES / "inaccessible.html"),  # its <img> has no alt attribute
    }


# --- PDF ---------------------------------------------------------------------------------


def test_qpdf_check_passes_a_sound_pdf_and_reports_a_truncated_one(tmp_path: Path) -> None:
    sound = FIXTURES / "two-pages.pdf"
    truncated = tmp_path / "truncated.pdf"
    data = sound.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])

    assert qpdf_check(sound) is None
    report = qpdf_check(truncated)
    assert report is not None
    assert "damaged" in report


def test_pdf_text_keeps_each_page_text() -> None:
    text = pdf_text(FIXTURES / "two-pages.pdf")

    pages = text.split("\f")
    assert "Tooling fixture: page one" in pages[0]
    assert "Tooling fixture: page two" in pages[1]


def test_render_page_png_renders_the_requested_page_at_80_dpi(tmp_path: Path) -> None:
    out = render_page_png(FIXTURES / "two-pages.pdf", 2, tmp_path / "page-2.png")

    # An A4 page, 595 x 842 pt, at 80 dpi; pdftoppm rounds up.
    assert png_size(out) == (math.ceil(595 * 80 / 72), math.ceil(842 * 80 / 72))


def test_render_page_png_refuses_a_page_the_pdf_does_not_have(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        render_page_png(FIXTURES / "two-pages.pdf", 3, tmp_path / "page-3.png")


# --- browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_directory(FIXTURES) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Browser:
    """The session's Chromium (conftest): Playwright's sync API runs one at a time."""
    return chromium


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.browser
def test_a_clean_page_has_no_errors_failures_external_requests_or_axe_violations(
    context: BrowserContext, site: str
) -> None:
    visit = open_page(context, f"{site}/accessible.html")

    assert visit.console_errors == []
    assert visit.failed_requests == []
    assert visit.external_requests == []
    assert run_axe(visit.page) == []


@pytest.mark.browser
def test_axe_reports_a_missing_alt_text_and_low_contrast(
    context: BrowserContext, site: str
) -> None:
    visit = open_page(context, f"{site}/inaccessible.html")

    violations = {v["id"]: v for v in run_axe(visit.page)}
    assert set(violations) == {"image-alt", "color-contrast"}
    assert violations["image-alt"]["targets"] == ["img"]


@pytest.mark.browser
def test_an_external_request_is_recorded_and_blocked(context: BrowserContext, site: str) -> None:
    visit = open_page(context, f"{site}/external-request.html")

    assert visit.external_requests == ["GET http://example.invalid/x.png"]
    assert len(visit.failed_requests) == 1
    assert "net::ERR_BLOCKED_BY_CLIENT" in visit.failed_requests[0]


@pytest.mark.browser
def test_an_external_request_never_leaves_the_browser(context: BrowserContext, site: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        elsewhere = f"http://127.0.0.1:{listener.getsockname()[1]}/x.png"
        visit = open_page(context, f"{site}/valid.html")
        # Not awaited: were the request let through, its answer would never come.
        with visit.page.expect_event("requestfailed", timeout=5000):
            visit.page.evaluate("url => { fetch(url).catch(() => {}); }", elsewhere)

        listener.settimeout(0.2)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert visit.external_requests == [f"GET {elsewhere}"]


@pytest.mark.browser
def test_console_errors_and_uncaught_exceptions_are_recorded(
    context: BrowserContext, site: str
) -> None:
    visit = open_page(context, f"{site}/script-errors.html")

    assert len(visit.console_errors) == 2
    assert "logged by the page" in visit.console_errors[0]
    assert "thrown by the page" in visit.console_errors[1]


@pytest.mark.browser
def test_a_missing_local_resource_is_a_failed_request(context: BrowserContext, site: str) -> None:
    visit = open_page(context, f"{site}/missing-resource.html")

    assert visit.failed_requests == [f"HTTP 404 {site}/missing.css"]
    assert visit.external_requests == []


@pytest.mark.browser
def test_screenshot_writes_a_png_as_wide_as_the_viewport(
    context: BrowserContext, site: str
) -> None:
    visit = open_page(context, f"{site}/accessible.html")

    path = screenshot(visit.page, "tooling-accessible", {"width": 360, "height": 640})

    assert path.name == "tooling-accessible-360x640.png"
    assert png_size(path)[0] == 360
