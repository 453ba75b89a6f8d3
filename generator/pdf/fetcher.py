"""The only door through which WeasyPrint may read anything while rendering a page.

Page content is untrusted. WeasyPrint's default fetcher follows any URL it is given:
``file:///etc/passwd`` in an ``<img>``, an ``@import`` or a ``<link rel="attachment">``
ends up inside the PDF, and ``http://`` URLs reach the network. ``allowed_protocols``
only checks the scheme, so a ``file:`` URL still reaches every local file.

Pages are rendered as if they stood at their public address (the site's canonical URL),
so that links in the PDF lead readers to the published site and never name the folder
the site was built in. ``ConfinedFetcher`` serves ``data:`` URIs and URLs under that
public address, reading them from the built site's folder, and only when the real path
(symlinks and ``..`` resolved) lies inside it. Everything else, ``file:`` URLs and every
other host included, is refused with an exception that WeasyPrint catches, logs and
skips; each refusal is also recorded as a message naming the document and the URL, for
the caller to report. The files served, with a SHA-256 of the bytes served, are recorded
too: they are what the PDF cache keys on.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

OUTSIDE_THE_SITE = "outside the site"
NOT_IN_THE_SITE = "no such file in the site"


class RefusedURLError(ValueError):
    """A URL the confined fetcher will not load; WeasyPrint logs it and skips the resource."""


def check_site_url(site_url: str) -> None:
    """Raise ``ValueError`` unless ``site_url`` is an absolute ``http(s)://`` URL."""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ValueError(f"the site URL must be an absolute http(s) URL, not {site_url!r}")


def unchanged(site_dir: Path, loaded: Mapping[str, str]) -> bool:
    """Whether every file of ``loaded``, paths in ``site_dir`` mapped to SHA-256 as a
    :class:`ConfinedFetcher` records them, still has those bytes."""
    for path, digest in loaded.items():
        try:
            data = (site_dir / path).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != digest:
            return False
    return True


class ConfinedFetcher(URLFetcher):
    """Serve ``data:`` URIs and the files of the site published at ``site_url``.

    ``site_url`` (an absolute ``https://`` or ``http://`` URL) is where ``site_dir`` is
    published; ``https://example.org/briefings/theme/site.css`` is read from
    ``<site_dir>/theme/site.css``. ``document`` names what is being rendered in refusal
    messages. After rendering, ``refusals`` holds one message per refused URL and
    ``loaded`` maps the path of every file served, relative to ``site_dir``, to the
    SHA-256 of its bytes.
    """

    def __init__(self, site_url: str, site_dir: Path, *, document: str = "the document") -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        check_site_url(site_url)
        parts = urlsplit(site_url)
        self._site = (parts.scheme, parts.netloc.lower(), parts.path.rstrip("/") + "/")
        self.site_dir = Path(site_dir).resolve()
        self.document = document
        self.refusals: list[str] = []
        self.loaded: dict[str, str] = {}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            parts = urlsplit(url)
        except ValueError:  # not even an address, such as "http://[::1/" (an open bracket)
            raise self.refuse(url, OUTSIDE_THE_SITE) from None
        if parts.scheme.lower() == "data":
            return super().fetch(url, headers)
        relative = self._site_path(parts)
        if relative is None:
            raise self.refuse(url, OUTSIDE_THE_SITE)
        real_path = (self.site_dir / relative).resolve()
        if not real_path.is_relative_to(self.site_dir):
            raise self.refuse(url, OUTSIDE_THE_SITE)
        if not real_path.is_file():
            raise self.refuse(url, NOT_IN_THE_SITE)
        # Read the path that was checked, not the one the URL names.
        data = real_path.read_bytes()
        self.loaded[real_path.relative_to(self.site_dir).as_posix()] = hashlib.sha256(
            data
        ).hexdigest()
        content_type = mimetypes.guess_type(real_path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def refuse(self, url: str, reason: str) -> RefusedURLError:
        """Record that ``url`` was refused and return the exception to raise."""
        message = f'refused to load "{url}" while rendering {self.document}: {reason}'
        self.refusals.append(message)
        return RefusedURLError(message)

    def _site_path(self, parts: SplitResult) -> str | None:
        """The path below the site's folder that the URL names, or None if not the site's."""
        scheme, host, prefix = self._site
        if parts.scheme.lower() != scheme or parts.netloc.lower() != host:
            return None
        if not parts.path.startswith(prefix):
            return None
        relative = unquote(parts.path.removeprefix(prefix))
        if "\x00" in relative or PurePosixPath(relative).is_absolute():
            return None
        return relative
