"""Splitting the PDF step across machines: ``briefings build --shard i/n`` and its merge.

Rendering PDFs is most of a build, and every PDF is independent of the others, so CI
can give them to ``n`` matrix jobs. Job ``i`` runs ``briefings build --shard i/n``: it
builds the whole HTML site (the PDFs are rendered from it) but renders only the briefs
assigned to shard ``i``, into its PDF cache. A last job collects those caches and runs
``briefings merge-shards CACHE...``, which adds them to its own cache and makes a
normal build: every brief then comes from the cache and the books are assembled from
them (see generator.pdf.assembly), so the result is byte for byte the site an
unsharded build makes. See docs/scaling.md.

A brief's shard depends only on its URL (which holds its relationship's slug), never
on the number or order of relationships, so adding a relationship moves no other PDF
to another shard and a cache kept between CI runs stays useful.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.site import Site, meeting_briefs
from generator.site.urls import language_prefix

_SHARD = re.compile(r"([0-9]+)/([0-9]+)")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (from 1) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/4"`` is the second of four shards."""
        match = _SHARD.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"a shard is written i/n, such as 2/4, not {text!r}")
        index, count = int(match.group(1)), int(match.group(2))
        if not 1 <= index <= count:
            raise ValueError(f"shard {index}/{count}: i must be between 1 and n")
        return cls(index, count)

    def holds(self, url: str) -> bool:
        """Whether the PDF published at site-relative ``url`` is rendered by this shard."""
        number = int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big")
        return number % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_pdf_urls(sites: Sequence[Site], shard: Shard) -> set[str]:
    """The site-relative URLs of the briefs (of relationships and meetings) that ``shard``
    renders, in every language
    (books are assembled from all the briefs, by the merge)."""
    urls = {
        language_prefix(site.lang, sites[0].lang) + url
        for site in sites
        for briefing in site.briefings
        for url in [
            briefing.pdf_url,
            *(brief.pdf_url for brief in meeting_briefs(briefing, site.corpus.sources)),
        ]
    }
    return {url for url in urls if shard.holds(url)}


def merge_shard_caches(caches: Sequence[Path], cache_dir: Path) -> int:
    """Add the PDFs of shard builds' caches (``.briefings-cache`` folders) to ``cache_dir``."""
    missing = [str(cache) for cache in caches if not (cache / "pdf").is_dir()]
    if missing:
        raise FileNotFoundError(f"not a shard build's cache (no pdf/ folder): {', '.join(missing)}")
    from generator.pdf.cache import (
        merge_caches,  # here: it loads WeasyPrint, which `build` may not need
    )

    return merge_caches([cache / "pdf" for cache in caches], cache_dir / "pdf")
