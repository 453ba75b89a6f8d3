"""The site's stylesheets parsed once per worker and run, not once per page.

WeasyPrint parses every ``<link rel="stylesheet">`` of every document it renders.
Every brief, meeting brief and book of a run links the same ``site.css`` and
``print.css``, and parsing them took about 0.05 s a page: a third of a meeting brief's
render (docs/performance.md).

:func:`parse_stylesheets_once` makes the stylesheets that WeasyPrint finds in a page
come from a cache, keyed by URL and media type, that holds a parse as long as nothing
it read has changed: each later page reads the same files again and compares their
SHA-256 (a few milliseconds), and its fetcher records them as a parse would, so the
PDF cache keys on what it did before. A parse is kept only when it stands alone:

- it was made with the run's font configuration (:func:`generator.pdf.fonts.run_fonts`),
  where its ``@font-face`` rules registered their faces for every later page;
- it read only files of the site, and WeasyPrint said nothing about it (no refused URL,
  no ignored rule), so a later page has nothing to report that it would not;
- it keeps all it declares in itself: its ``@page`` rules (which WeasyPrint otherwise
  pools with the page's other stylesheets; each sheet's own list gives the same
  cascade), and no ``@counter-style``, ``@color-profile`` or ``@layer``, which
  WeasyPrint keeps in the document.

Anything else (a ``<style>`` element, an ``@import`` inside a sheet, another fetcher)
is parsed as WeasyPrint parses it. WeasyPrint looks ``CSS`` up in :mod:`weasyprint.css`
when it meets a stylesheet, which is the name replaced here; another WeasyPrint than
the one this was checked with is refused when this module is imported
(:mod:`generator.pdf.weasyprint_internals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import weasyprint
import weasyprint.css

from generator.pdf.fetcher import ConfinedFetcher, unchanged
from generator.pdf.messages import weasyprint_records
from generator.pdf.weasyprint_internals import check_weasyprint

check_weasyprint()


@dataclass(frozen=True)
class _Parsed:
    stylesheet: weasyprint.CSS
    loaded: dict[str, str]
    """What the parse read: each file's path in the site, and the SHA-256 of its bytes."""

    def reread(self, fetcher: ConfinedFetcher) -> bool:
        """Record in ``fetcher`` the files the parse read, if they are unchanged."""
        if not unchanged(fetcher.site_dir, self.loaded):
            return False
        fetcher.loaded.update(self.loaded)
        return True


class _Cache:
    """The stylesheets parsed with one font configuration."""

    def __init__(self) -> None:
        self.font_config: object | None = None
        self.parsed: dict[tuple[str, str], _Parsed] = {}

    def stylesheet(self, **options: Any) -> weasyprint.CSS:
        fetcher, font_config = options["url_fetcher"], options["font_config"]
        if font_config is not self.font_config:
            self.font_config, self.parsed = font_config, {}
        key = (options["url"], options.get("media_type", "print"))
        found = self.parsed.get(key)
        if found is not None and found.reread(fetcher):
            return found.stylesheet
        parsed, alone = _parse(options)
        if alone:
            self.parsed[key] = parsed
        return parsed.stylesheet


_cache = _Cache()


def parse_stylesheets_once() -> None:
    """Make WeasyPrint take the site's stylesheets from the cache; calling it again
    changes nothing."""
    weasyprint.css.CSS = _stylesheet


def _stylesheet(*args: Any, **options: Any) -> weasyprint.CSS:
    if (
        args
        or options.get("url") is None
        or options.get("matcher") is not None
        or not isinstance(options.get("url_fetcher"), ConfinedFetcher)
        or options.get("font_config") is None
    ):
        return weasyprint.CSS(*args, **options)
    return _cache.stylesheet(**options)


def _parse(options: dict[str, Any]) -> tuple[_Parsed, bool]:
    """Parse the stylesheet of ``options`` for the page, as WeasyPrint would but with its
    ``@page`` rules in a list of its own, and say whether the parse stands alone."""
    fetcher: ConfinedFetcher = options["url_fetcher"]
    counter_style, color_profiles, layers = (
        options.get(name) for name in ("counter_style", "color_profiles", "layers")
    )
    before = [len(kept) for kept in (counter_style, color_profiles, layers) if kept is not None]
    refusals, loaded = len(fetcher.refusals), fetcher.loaded
    fetcher.loaded = {}
    try:
        with weasyprint_records() as records:
            stylesheet = weasyprint.CSS(**{**options, "page_rules": []})
    finally:
        read, fetcher.loaded = fetcher.loaded, loaded
        loaded.update(read)
    after = [len(kept) for kept in (counter_style, color_profiles, layers) if kept is not None]
    alone = not records and len(fetcher.refusals) == refusals and before == after
    return _Parsed(stylesheet, read), alone
