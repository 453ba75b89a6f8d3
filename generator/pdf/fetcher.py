"""The only door through which WeasyPrint may read anything while rendering a page.

Page content is untrusted. WeasyPrint's default fetcher follows any URL it is given:
``file:///etc/passwd`` in an ``<img>``, an ``@import`` or a ``<link rel="attachment">``
ends up inside the PDF, and ``http://`` URLs reach the network. ``allowed_protocols``
only checks the scheme, so a ``file:`` URL still reaches every local file.

``ConfinedFetcher`` serves ``data:`` URIs and ``file:`` URLs whose real path (symlinks
and ``..`` resolved) lies inside one of the allowed roots, reading those files itself
instead of handing them to urllib. Everything else is refused with an exception that
WeasyPrint catches, logs and skips; each refusal is also recorded as a message naming
the page and the URL, for the caller to report. The files it served, with a SHA-256
of the bytes it served, are recorded too: they are what the PDF cache keys on.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

OUTSIDE_THE_SITE = "outside the site"


class RefusedURLError(ValueError):
    """A URL the confined fetcher will not load; WeasyPrint logs it and skips the resource."""


class ConfinedFetcher(URLFetcher):
    """Serve ``data:`` URIs and files under ``allowed_roots``; refuse everything else.

    ``document`` names the page being rendered in refusal messages. After rendering,
    ``refusals`` holds one message per refused URL and ``loaded`` maps the real path of
    every file served to the SHA-256 of its bytes.
    """

    def __init__(self, allowed_roots: Sequence[Path], *, document: str = "the document") -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed_roots = tuple(Path(root).resolve() for root in allowed_roots)
        self.document = document
        self.refusals: list[str] = []
        self.loaded: dict[Path, str] = {}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_file(url)
        raise self.refuse(url, f'"{scheme}:" URLs are not loaded' if scheme else "not a URL")

    def refuse(self, url: str, reason: str) -> RefusedURLError:
        """Record that ``url`` was refused and return the exception to raise."""
        message = f'refused to load "{url}" while rendering {self.document}: {reason}'
        self.refusals.append(message)
        return RefusedURLError(message)

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self.refuse(url, "file URLs naming a host are not loaded")
        path = Path(url2pathname(parts.path))
        if not path.is_absolute():
            raise self.refuse(url, OUTSIDE_THE_SITE)
        real_path = path.resolve()
        if not self._is_allowed(real_path):
            raise self.refuse(url, OUTSIDE_THE_SITE)
        # Read the path that was checked, not the one the URL names.
        data = real_path.read_bytes()
        self.loaded[real_path] = hashlib.sha256(data).hexdigest()
        content_type = mimetypes.guess_type(real_path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _is_allowed(self, real_path: Path) -> bool:
        return any(real_path.is_relative_to(root) for root in self.allowed_roots)
