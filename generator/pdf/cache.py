"""The PDF cache: an unchanged page is copied from it instead of rendered again.

The cache key is a SHA-256 over the page's HTML and address, the bytes of the files it
actually loaded, the PDF metadata, the variant and the versions of the PDF toolchain,
so a change to the HTML, a stylesheet, an image or a web font renders it again. A
book's key also covers its parts' bytes, so a book is assembled again exactly when one
of its briefs, or its front matter, changed, and the version of the books' layout. The
manifest remembers, for each PDF of the site, its key and what the page loaded;
everything in it is relative to the site, so the cache serves builds made in any
folder. Beside each cached book lies its layout (``KEY.layout.json``), so that the
next version of the book copies the parts that did not change from this one
(:mod:`generator.pdf.assembly`). Files appear in the cache complete or not at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

import pikepdf
import pydyf
import weasyprint

from generator.pdf.assembly import LAYOUT_FORMAT, Layout, Previous
from generator.pdf.jobs import BuiltSite, PdfJob

MANIFEST_NAME = "manifest.json"
LAYOUT_SUFFIX = ".layout.json"
"""Beside a cached book (``KEY.layout.json``): where its parts lie in it, to copy them."""
# Bump when the rendering options of generator.pdf.weasy, or what the patches of
# WeasyPrint draw, change, so that old cache entries stop matching.
CACHE_FORMAT = 7

Manifest = dict[str, dict[str, Any]]
"""The entry of each PDF, by its path in the site: ``key``, ``resources``, ``warnings``."""


def cache_key(
    job: PdfJob,
    site: BuiltSite,
    html: bytes,
    resources: Mapping[str, str],
    variant: str,
    parts: Sequence[tuple[str, str, str]],
) -> str:
    """SHA-256 over everything that decides the PDF's bytes, and nothing about the folder."""
    facts = {
        "format": CACHE_FORMAT,
        "weasyprint": weasyprint.__version__,
        "pydyf": pydyf.__version__,
        "pikepdf": pikepdf.__version__,
        "qpdf": pikepdf.__libqpdf_version__,
        "variant": variant,
        "metadata": job.metadata,
        # The page's address decides where its relative links point.
        "url": urljoin(site.url, job.url),
        "html": hashlib.sha256(html).hexdigest(),
        "resources": sorted(resources.items()),
        "parts": list(parts),
    }
    if parts:
        facts["layout"] = LAYOUT_FORMAT
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def copy_from_cache(
    job: PdfJob,
    entry: Mapping[str, Any],
    site: BuiltSite,
    cache_dir: Path,
    variant: str,
    digests: dict[str, str] | None = None,
) -> bool:
    """Copy the cached PDF to ``job.pdf_path`` if the page and what it loaded are unchanged.

    ``digests`` keeps the SHA-256 of each site file read, for the next call of the same
    run: every page loads the same stylesheets and fonts, which at 200 briefings came
    to a gigabyte read and hashed again by each rebuild."""
    known = {} if digests is None else digests
    try:
        html = job.html_path.read_bytes()
        resources = {path: _digest(site, path, known) for path in entry["resources"]}
        parts = part_digests(job)
    except (OSError, KeyError, TypeError, ValueError):
        return False
    key = cache_key(job, site, html, resources, variant, parts)
    cached = cache_dir / f"{key}.pdf"
    if key != entry["key"] or not cached.is_file():
        return False
    job.pdf_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, job.pdf_path)
    return True


def _digest(site: BuiltSite, path: str, known: dict[str, str]) -> str:
    digest = known.get(path)
    if digest is None:
        digest = known[path] = hashlib.sha256(_site_file(site, path).read_bytes()).hexdigest()
    return digest


def part_digests(job: PdfJob) -> list[tuple[str, str, str]]:
    """Each part's title, anchor and SHA-256: what the book takes from it."""
    return [
        (part.title, part.anchor, hashlib.sha256(part.pdf.read_bytes()).hexdigest())
        for part in job.parts
    ]


def earlier_book(cache_dir: Path, key: str) -> Previous | None:
    """The cached book of cache key ``key`` and its layout, if both are there."""
    if not re.fullmatch("[0-9a-f]{64}", key):
        return None
    pdf = cache_dir / f"{key}.pdf"
    try:
        layout = Layout.from_json(pdf.with_name(f"{key}{LAYOUT_SUFFIX}").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return None if layout is None or not pdf.is_file() else Previous(pdf, layout)


def save_layout(cached: Path, layout: Layout) -> None:
    """Keep the layout of the book just written to the cache file ``cached``."""
    with atomic_file(cached.with_name(cached.stem + LAYOUT_SUFFIX)) as file:
        file.write(layout.to_json().encode())


def _site_file(site: BuiltSite, path: str) -> Path:
    """The file at ``path`` (relative, from the manifest) in the site, never outside it."""
    real_path = (site.root / path).resolve()
    if not real_path.is_relative_to(site.root):
        raise ValueError(f"{path} is outside the site")
    return real_path


def manifest_key(job: PdfJob, site: BuiltSite) -> str:
    """The PDF's path in the site: the same in every build folder."""
    return job.pdf_path.resolve().relative_to(site.root).as_posix()


def read_manifest(cache_dir: Path) -> Manifest:
    try:
        data = json.loads((cache_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    pages = data.get("pages")
    if not isinstance(pages, dict):
        return {}
    return {path: entry for path, entry in pages.items() if isinstance(entry, dict)}


def merge_caches(sources: Sequence[Path], cache_dir: Path) -> int:
    """Add the PDFs and manifest entries of other caches to ``cache_dir``; return how many.

    For CI jobs that each rendered a shard of the PDFs (see ``generator.pdf.shards``). An
    entry is only a hint: a build still checks it against the page before using it.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    pages = read_manifest(cache_dir)
    added = 0
    for source in sources:
        for pdf_path, entry in sorted(read_manifest(source).items()):
            cached = source / f"{entry.get('key')}.pdf"
            if cached.is_file():
                shutil.copyfile(cached, cache_dir / cached.name)
                pages[pdf_path] = entry
                added += 1
    write_manifest(cache_dir, pages)
    return added


def write_manifest(cache_dir: Path, pages: Mapping[str, Any]) -> None:
    text = json.dumps({"format": CACHE_FORMAT, "pages": pages}, indent=1, sort_keys=True)
    with atomic_file(cache_dir / MANIFEST_NAME) as file:
        file.write(text.encode())


def prune_cache(cache_dir: Path, pages: Manifest, site: BuiltSite) -> None:
    """Forget PDFs this site no longer has, save the manifest, delete PDFs it no longer names."""
    for pdf_path in [path for path in pages if not (site.root / path).is_file()]:
        del pages[pdf_path]
    write_manifest(cache_dir, pages)
    keys = {str(entry.get("key")) for entry in pages.values()}
    for cached in cache_dir.glob("*.pdf"):
        if cached.stem not in keys:
            cached.unlink(missing_ok=True)
    for layout in cache_dir.glob(f"*{LAYOUT_SUFFIX}"):
        if layout.name.removesuffix(LAYOUT_SUFFIX) not in keys:
            layout.unlink(missing_ok=True)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at ``path`` complete, or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            yield file
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """The mode ``open()`` gives a new file; mkstemp's 0600 would hide a PDF from the web
    server, and make a rendered PDF differ from one copied from the cache."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
