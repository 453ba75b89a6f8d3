"""The preview's HTTP server: the built site, with a banner and live reload on every page.

Pages are served as built, except that each HTML response gets a link to the preview
stylesheet, the live-reload script (an external file, as the pages' Content Security
Policy allows only scripts from the site itself) and a banner with the problems of
the last rebuild. None of it is ever written to disk, so none of it can reach a build.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from generator.engine import DATA_SUFFIXES
from generator.outputs import SEARCH_BUNDLE
from generator.serve.preview import Outcome, Preview
from generator.site.urls import NOT_FOUND_FILE, page_file

PREFIX = "/__preview__/"
ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {"live-reload.js": "text/javascript", "preview.css": "text/css"}
MAX_LISTED = 100
VERSION_WAIT = 20.0
"""Seconds a page's request for a new version waits before it is answered anyway."""

NOTHING_BUILT = b"<!DOCTYPE html><html><head><title>Preview</title></head><body></body></html>"

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body[^>]*>", re.IGNORECASE)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, preview: Preview) -> None:
        self.preview = preview
        super().__init__(("127.0.0.1", port), PreviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class PreviewHandler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        preview: Preview = args[2].preview
        super().__init__(*args, directory=str(preview.site_dir), **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        preview = self.server.preview
        if path.startswith(PREFIX):
            self._preview_file(path.removeprefix(PREFIX))
            return
        if path.endswith(".pdf"):
            reason = preview.render_pdf(path.lstrip("/"))
        elif path.startswith(f"/{SEARCH_BUNDLE}/"):
            reason = preview.index_search()
        elif posixpath.splitext(path)[1] in DATA_SUFFIXES:
            reason = preview.data_files()
        else:
            reason = preview.page(page_file(posixpath.normpath(path).lstrip("/")))
        if reason:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", reason.encode())
            return
        with preview.steady():
            file = self._site_file(path)
            page = file.read_bytes() if file is not None and file.suffix == ".html" else None
        if page is not None:
            decorated = decorate(page, preview.outcome, _page_url(path))
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", decorated)
        elif not preview.site_dir.exists():
            decorated = decorate(NOTHING_BUILT, preview.outcome, "")
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", decorated)
        elif not Path(self.translate_path(path)).exists() and self._not_found_page():
            with preview.steady():
                page = (preview.site_dir / "404.html").read_bytes()
            decorated = decorate(page, preview.outcome, "")
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", decorated)
        else:
            super().do_GET()

    def end_headers(self) -> None:
        """Never cached: a reload must show the rebuilt page."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows rebuilds and problems, not every request."""

    def _not_found_page(self) -> bool:
        return not self.server.preview.page(NOT_FOUND_FILE) and bool(self._site_file("/404.html"))

    def _preview_file(self, name: str) -> None:
        if name == "version":
            # ?seen=N waits (a while) for a version other than N: the page reloads as soon
            # as a rebuild is done, with no polling in between.
            seen = parse_qs(urlsplit(self.path).query).get("seen", [""])[0]
            preview = self.server.preview
            version = (
                preview.wait_for_version(int(seen), VERSION_WAIT)
                if seen.isdigit()
                else preview.outcome.version
            )
            body = json.dumps({"version": version}).encode()
            self._send(HTTPStatus.OK, "application/json", body)
        elif name in ASSET_TYPES:
            self._send(HTTPStatus.OK, ASSET_TYPES[name], (ASSETS / name).read_bytes())
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _site_file(self, path: str) -> Path | None:
        """The HTML file a URL path names (a folder means its index.html), inside the site."""
        site = Path(self.directory).resolve()
        file = Path(self.translate_path(path)).resolve()
        if not file.is_relative_to(site):
            return None
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        return file if file.is_file() else None

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _page_url(path: str) -> str:
    """``relationships/kz-tr/`` for ``/relationships/kz-tr/index.html`` or ``.../kz-tr/``."""
    url = path.lstrip("/")
    if url.endswith("index.html"):
        url = url.removesuffix("index.html")
    return posixpath.normpath(url) + "/" if url else ""


def decorate(page: bytes, outcome: Outcome, page_url: str) -> bytes:
    """The page with the preview's stylesheet, script and banner."""
    head = (
        f'<link rel="stylesheet" href="{PREFIX}preview.css">'
        f'<script src="{PREFIX}live-reload.js" data-version="{outcome.version}" defer></script>'
    ).encode()
    banner = banner_html(outcome, outcome.unpublished.get(page_url)).encode()
    if match := _HEAD_END.search(page):
        page = page[: match.start()] + head + page[match.start() :]
    else:
        page = head + page
    if banner and (match := _BODY_START.search(page)):
        page = page[: match.end()] + banner + page[match.end() :]
    elif banner:
        page = banner + page
    return page


def banner_html(outcome: Outcome, status: str | None) -> str:
    """What the last rebuild found, and whether this page is a draft; empty when all is well."""
    parts = []
    if status:
        parts.append(
            f"<p><strong>{html.escape(status.capitalize())}:</strong> this briefing has "
            f"<code>status: {html.escape(status)}</code>, so the preview shows it but "
            "<code>briefings build</code> leaves it out of the published site.</p>"
        )
    if outcome.failure:
        parts.append(
            f"<p><strong>Rebuild failed:</strong> {html.escape(outcome.failure)}. "
            "This is the last site that built; save a fix and the page reloads.</p>"
        )
    lines = [(p.is_error, str(p)) for p in outcome.problems]
    lines += [(False, message) for message in outcome.messages]
    if lines:
        parts.append(_problem_list(outcome, lines))
    if not parts:
        return ""
    kind = "briefings-preview--errors" if outcome.errors else ""
    return f'<aside class="briefings-preview {kind}" aria-label="Preview">{"".join(parts)}</aside>'


def _problem_list(outcome: Outcome, lines: list[tuple[bool, str]]) -> str:
    items = [
        f'<li class="{"error" if is_error else "warning"}"><code>{html.escape(text)}</code></li>'
        for is_error, text in lines[:MAX_LISTED]
    ]
    if len(lines) > MAX_LISTED:
        more = len(lines) - MAX_LISTED
        items.append(f"<li>… and {more} more: run <code>briefings check</code></li>")
    summary = f"{outcome.errors} errors, {outcome.warnings} warnings"
    opened = " open" if outcome.errors else ""
    return (
        f"<details{opened}><summary><strong>briefings check:</strong> {summary}</summary>"
        f"<ul>{''.join(items)}</ul></details>"
    )
