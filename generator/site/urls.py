"""Addresses written into machine-readable files: feeds, sitemap, exports, calendar.

Pages link to each other relatively, so the site works from any folder or host. Files
that other programs read keep working best with absolute URLs, which exist only when
``SITEURL_CANONICAL`` names the public home of the site; without it they fall back to
links relative to the file that holds them, which is all a site without a known home
can offer.
"""

from __future__ import annotations

import posixpath


def public_url(path: str, canonical: str, from_dir: str = "") -> str:
    """Where a reader of a file in ``from_dir`` finds ``path`` (both site-relative).

    ``path`` is a page URL such as ``relationships/kz-tr/`` (or ``""`` for the home
    page) or a file such as ``data/figures.csv``. With a canonical base the answer is
    absolute (``https://example.org/relationships/kz-tr/``); without one it names the
    file itself (``../relationships/kz-tr/index.html``), which also works from disk.
    """
    if canonical:
        return f"{canonical}/{path}"
    target = f"{path}index.html" if path == "" or path.endswith("/") else path
    return posixpath.relpath(target, from_dir or ".")
