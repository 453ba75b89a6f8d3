"""WOFF2 web fonts decompressed once, not once per PDF.

WeasyPrint cannot hand WOFF2 to fontconfig, so for every document it renders it turns
each WOFF2 ``@font-face`` into a TrueType font with fontTools' pure-Python decoder,
most of a brief's rendering time (docs/performance.md). ``FontDecodingFetcher``
serves the TrueType font instead, decoded by the same fontTools call, kept in memory
for the worker's next page and on disk for the next build. The bytes WeasyPrint gets,
and so the PDFs, are exactly those it would have made itself; the PDF cache still
keys on the WOFF2 file the page loaded.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from fontTools.ttLib import woff2
from weasyprint.urls import URLFetcherResponse

from generator.pdf.fetcher import ConfinedFetcher

WOFF2_SIGNATURE = b"wOF2"
_decoded: dict[str, bytes] = {}


class FontDecodingFetcher(ConfinedFetcher):
    """A :class:`ConfinedFetcher` that serves WOFF2 fonts as TrueType, decoded once.

    ``fonts_dir`` keeps decoded fonts between processes and builds; it is named by
    the SHA-256 of each WOFF2 file, so a changed font is decoded again.
    """

    def __init__(self, *args: Any, fonts_dir: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fonts_dir = fonts_dir

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        response = super().fetch(url, headers)
        data = response.read()
        if data[: len(WOFF2_SIGNATURE)] != WOFF2_SIGNATURE:
            return URLFetcherResponse(response.url, data, dict(response.headers.items()))
        return URLFetcherResponse(
            response.url, decoded_woff2(data, self.fonts_dir), {"Content-Type": "font/ttf"}
        )


def decoded_woff2(data: bytes, fonts_dir: Path) -> bytes:
    """The TrueType font inside WOFF2 ``data``, as WeasyPrint itself would decode it."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _decoded:
        return _decoded[digest]
    stored = fonts_dir / f"{digest}.ttf"
    try:
        font = stored.read_bytes()
    except OSError:
        out = io.BytesIO()
        woff2.decompress(io.BytesIO(data), out)
        font = out.getvalue()
        _store(stored, font)
    _decoded[digest] = font
    return font


def _store(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
