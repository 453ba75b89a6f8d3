"""Web fonts decoded once, and registered with fontconfig once per run, not once per PDF.

WeasyPrint cannot hand WOFF or WOFF2 to fontconfig, so for every document it renders
it turns each ``@font-face`` of the print stylesheet into a TrueType font with
fontTools (WOFF2 with a pure-Python decoder, most of a brief's rendering time as first
measured), writes it to a temporary folder and registers it with a new fontconfig
configuration, whose fonts Pango then loads again (docs/performance.md).

``FontDecodingFetcher`` serves the TrueType font instead, decoded once, kept in memory
for the worker's next page and on disk for the next build; it is decoded without a
timestamp, so its bytes do not depend on the day or the page. ``RunFonts`` is the
WeasyPrint font configuration that every page of a run shares (:func:`run_fonts`):
each face is registered the first time a page asks for it. The PDF cache still keys
on the font files a page loads: a page that finds a face registered fetches its
sources again (from memory, once decoded), so it loads and reports what it would alone.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont, woff2
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse, fetch

from generator.pdf.fetcher import ConfinedFetcher, unchanged

WOFF_SIGNATURE = b"wOFF"
WOFF2_SIGNATURE = b"wOF2"
_decoded: dict[str, bytes] = {}


class FontDecodingFetcher(ConfinedFetcher):
    """A :class:`ConfinedFetcher` that serves WOFF and WOFF2 fonts as TrueType, decoded once.

    ``fonts_dir`` keeps decoded fonts between processes and builds; it is named by
    the SHA-256 of each web font file, so a changed font is decoded again.
    """

    def __init__(self, *args: Any, fonts_dir: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fonts_dir = fonts_dir

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        response = super().fetch(url, headers)
        data = response.read()
        if data[:4] not in (WOFF_SIGNATURE, WOFF2_SIGNATURE):
            return URLFetcherResponse(response.url, data, dict(response.headers.items()))
        return URLFetcherResponse(
            response.url, decoded_font(data, self.fonts_dir), {"Content-Type": "font/ttf"}
        )


def decoded_font(data: bytes, fonts_dir: Path) -> bytes:
    """The TrueType font inside WOFF or WOFF2 ``data``, with the ``head`` table's
    modification time as the font file has it (WeasyPrint would stamp the clock's)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _decoded:
        return _decoded[digest]
    stored = fonts_dir / f"{digest}.ttf"
    try:
        font = stored.read_bytes()
    except OSError:
        out = io.BytesIO()
        if data.startswith(WOFF2_SIGNATURE):
            woff2.decompress(io.BytesIO(data), out)
        else:
            decoded = TTFont(io.BytesIO(data), recalcTimestamp=False)
            decoded.flavor = None
            decoded.save(out)
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


class RunFonts(FontConfiguration):  # type: ignore[misc]  # WeasyPrint has no type hints
    """A font configuration that registers each ``@font-face`` once for many documents.

    A later document that declares a face already registered fetches its sources again
    as WeasyPrint would (the first that loads ends the search), without registering
    anything: its fetcher records the same files, digests and refusals as with a
    configuration of its own, so the PDF cache keys and the warnings do not depend on
    what the run rendered before. Faces naming ``local()`` fonts, looked up in
    fontconfig, are added for every document, as WeasyPrint does alone.
    """

    def __init__(self) -> None:
        super().__init__()
        self.faces: dict[str, dict[str, str]] = {}
        self._unshared = 0

    def add_font_face(self, rule_descriptors: Any, url_fetcher: Any) -> Any:
        sources = rule_descriptors.get("src", ())
        if not isinstance(url_fetcher, ConfinedFetcher) or any(
            kind == "local" for kind, _ in sources
        ):
            self._unshared += 1  # a key of its own: registered again, never found
            return super().add_font_face(
                {**rule_descriptors, "unshared": self._unshared}, url_fetcher
            )
        face = str(rule_descriptors)
        if face in self.faces:
            _fetch_first(sources, url_fetcher)
            return None
        before = dict(url_fetcher.loaded)
        added = super().add_font_face(rule_descriptors, url_fetcher)
        loaded = url_fetcher.loaded.items()
        files = {path: sha for path, sha in loaded if before.get(path) != sha}
        if files:  # registered: WeasyPrint will not fetch it again in this configuration
            self.faces[face] = files
        return added

    def is_current(self, site_dir: Path) -> bool:
        """Whether every file a face was made from still has the bytes it had."""
        return all(unchanged(site_dir, files) for files in self.faces.values())


def _fetch_first(sources: Any, url_fetcher: ConfinedFetcher) -> None:
    """Fetch ``sources`` in order until one loads, as WeasyPrint does for a new face."""
    for kind, url in sources:
        if url is None or kind == "internal":
            continue
        try:
            with fetch(url_fetcher, url) as response:
                response.read()
        except Exception:  # refused or undecodable: WeasyPrint tries the next one too
            continue
        return


@dataclass
class _Shared:
    temporary_dir: str
    site_dir: Path
    fonts: RunFonts


_shared: list[_Shared] = []


def run_fonts(site_dir: Path) -> RunFonts:
    """The font configuration for the next document of the site in ``site_dir``.

    One per run: its fonts live in the run's temporary folder (``tempfile``'s), which
    is removed when the run ends, so another folder means a new configuration; so do
    another site and a changed font file.
    """
    folder = tempfile.gettempdir()
    if _shared:
        shared = _shared[0]
        if (
            shared.temporary_dir == folder
            and shared.site_dir == site_dir
            and shared.fonts.is_current(site_dir)
        ):
            return shared.fonts
    _shared[:] = [_Shared(folder, site_dir, RunFonts())]
    return _shared[0].fonts
