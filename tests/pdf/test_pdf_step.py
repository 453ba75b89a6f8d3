"""The PDF step: confinement, caching, reproducibility and metadata, with real WeasyPrint.

The fixture pages under ``tests/fixtures/pdf/`` are synthetic (invented countries). Each
test copies them into a temporary folder laid out as ``site/`` (published at
``SITE_URL``) and, beside it, ``outside/`` with files a page must never be able to read.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import tinycss2
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError, fetch

from generator.pdf import ConfinedFetcher, LaterJob, PdfJob, PdfReport, render_pdfs
from generator.pdf.assembly import Part
from generator.pdf.cache import LAYOUT_SUFFIX, read_manifest
from tests.tooling.loopback import CountingServer
from tests.tooling.pdf import pdf_text
from tests.tooling.pdf_structure import (
    Link,
    links,
    text_shown_in_artifacts,
    untagged_marked_content,
)
from tests.tooling.pdf_structure import uncompressed as decoded

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pdf"
SECRET = "root:x:0:0"  # the first line of /etc/passwd, and of every file under outside/
PAGES = ("relationships/alpha-beta", "relationships/gamma-delta")
SITE_URL = "https://briefings.example.org/"
TITLE = "Alphaland \N{EN DASH} Betaland"  # not ASCII, on purpose
METADATA = {
    "title": TITLE,
    "author": "Synthetic Desk",
    "subject": "A synthetic briefing",
    "keywords": "alpha, beta, trade",
    "created": "2024-05-01",
}

pytestmark = pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")


@dataclass
class Site:
    root: Path
    port: int

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def theme(self) -> Path:
        return self.site / "theme"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def job(self, page: str, **metadata: str) -> PdfJob:
        folder = self.site / page
        url = f"{page}/index.html"
        return PdfJob(folder / "index.html", folder / "index.pdf", url, url, metadata)

    def render(self, *jobs: PdfJob, **options: object) -> PdfReport:
        settings: dict[str, object] = {"workers": 1, "site_url": SITE_URL, **options}
        return render_pdfs(
            jobs,
            site_dir=self.site,
            cache_dir=self.cache,
            **settings,  # type: ignore[arg-type]
        )


@pytest.fixture(scope="module")
def server() -> Iterator[CountingServer]:
    remote_css = f"body::before {{ content: '{SECRET} REMOTE' }}".encode()
    with CountingServer(remote_css, "text/css") as running:
        yield running


def system_font(family: str) -> Path:
    found = subprocess.run(
        ["fc-match", "--format=%{file}", family], capture_output=True, text=True, check=False
    ).stdout
    if not found.endswith((".ttf", ".otf")):
        pytest.skip(f"no TrueType or OpenType font for {family!r}")
    return Path(found)


@pytest.fixture
def site(tmp_path: Path, server: CountingServer) -> Site:
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    for text_file in (tmp_path / "site/hostile/index.html", tmp_path / "site/css/hostile.css"):
        text_file.write_text(text_file.read_text().replace("__PORT__", str(server.port)))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.css").write_text(f"body::before {{ content: '{SECRET} CSS' }}")
    (outside / "secret.txt").write_text(f"{SECRET} TEXT")
    (outside / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20">'
        f'<text y="15">{SECRET} SVG</text></svg>'
    )
    (tmp_path / "site/css/escape.css").symlink_to(outside / "secret.css")
    fonts = tmp_path / "site/theme/fonts"
    fonts.mkdir()
    shutil.copyfile(system_font("DejaVu Sans"), fonts / "fixture-sans.ttf")
    return Site(tmp_path, server.port)


def uncompressed(pdf: Path) -> bytes:
    """The PDF with every stream decoded, so its text and embedded files can be grepped."""
    return decoded(pdf, pdf.with_suffix(".qdf.pdf"))


def qpdf_check(pdf: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The fetcher on its own


def test_fetcher_serves_the_site_files_its_url_names_and_data_uris(site: Site) -> None:
    fetcher = ConfinedFetcher(SITE_URL, site.site, document="test page")
    css = site.site / "css/site.css"
    with fetch(fetcher, f"{SITE_URL}css/site.css?v=2#top") as response:
        assert response.read() == css.read_bytes()
        assert response.content_type == "text/css"
    with fetch(fetcher, f"{SITE_URL}css/../img/%6Dark.svg") as response:
        assert b"<svg" in response.read()
    with fetch(fetcher, "data:text/plain;base64,aGVsbG8=") as response:
        assert response.read() == b"hello"
    mark = site.site / "img/mark.svg"
    assert fetcher.loaded == {"css/site.css": sha256(css), "img/mark.svg": sha256(mark)}
    assert fetcher.refusals == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "outside the site"),
        ("file://localhost/etc/passwd", "outside the site"),
        ("{site}/css/site.css", "outside the site"),
        ("{url}css/%2e%2e/%2e%2e/outside/secret.css", "outside the site"),
        ("{url}../outside/secret.css", "outside the site"),
        ("{url}css/escape.css", "outside the site"),
        ("{url}css/missing.css", "no such file in the site"),
        ("https://briefings.example.org.evil.test/css/site.css", "outside the site"),
        ("https://other.example.org/css/site.css", "outside the site"),
        ("http://briefings.example.org/css/site.css", "outside the site"),
        ("http://127.0.0.1:{port}/x.css", "outside the site"),
        ("https://127.0.0.1:{port}/x.css", "outside the site"),
        ("ftp://127.0.0.1:{port}/x.css", "outside the site"),
        ("javascript:alert(1)", "outside the site"),
    ],
)
def test_fetcher_refuses_everything_outside_the_site(
    site: Site, server: CountingServer, url: str, reason: str
) -> None:
    url = url.format(site=site.site.as_uri(), url=SITE_URL, port=site.port)
    fetcher = ConfinedFetcher(SITE_URL, site.site, document="relationships/kz-tr/index.html")
    with pytest.raises(URLFetchingError), fetch(fetcher, url):
        pass
    assert fetcher.refusals == [
        f'refused to load "{url}" while rendering relationships/kz-tr/index.html: {reason}'
    ]
    assert fetcher.loaded == {}
    assert server.requests == []


@pytest.mark.parametrize("url", ["", "/site", "file:///site/", "briefings.example.org", "https://"])
def test_fetcher_needs_an_absolute_web_address_for_the_site(site: Site, url: str) -> None:
    with pytest.raises(ValueError, match="absolute http"):
        ConfinedFetcher(url, site.site)


# Rendering a hostile page


def test_hostile_page_renders_without_anything_from_outside_the_site(
    site: Site, server: CountingServer
) -> None:
    report = site.render(site.job("hostile", created="2024-05-01"))

    pdf = site.site / "hostile/index.pdf"
    assert report.rendered == [pdf]
    assert report.failed == []
    qpdf_check(pdf)
    content = uncompressed(pdf)
    assert SECRET.encode() not in content
    assert b"REMOTE" not in content
    assert PdfReader(pdf).attachments == {}
    assert b"/EmbeddedFile" not in content
    assert server.requests == []
    assert "Text after the attempts." in PdfReader(pdf).pages[0].extract_text()


def test_hostile_page_reports_each_refused_url_with_the_page_name(site: Site) -> None:
    report = site.render(site.job("hostile"))

    port = site.port
    prefix = "refused to load"
    refusals = [warning for warning in report.warnings if warning.startswith(prefix)]
    assert all("while rendering hostile/index.html: " in warning for warning in refusals)
    outside = "while rendering hostile/index.html: outside the site"
    expected = [
        f'"file:///etc/passwd" {outside}',
        f'"{SITE_URL}css/%2e%2e/%2e%2e/outside/secret.css" {outside}',
        f'"{SITE_URL}hostile/%2e%2e/%2e%2e/outside/secret.svg" {outside}',
        f'"{SITE_URL}css/escape.css" {outside}',
        f'"{SITE_URL}outside/secret.svg" while rendering hostile/index.html: '
        "no such file in the site",
        f'"http://127.0.0.1:{port}/x.css" {outside}',
        f'"http://127.0.0.1:{port}/imported.css" {outside}',
        f'"https://127.0.0.1:{port}/pixel.png" {outside}',
        f'"ftp://127.0.0.1:{port}/pixel.png" {outside}',
        f'"http://127.0.0.1:{port}/svg.png" {outside}',
        '"file:///etc/passwd" while rendering hostile/index.html: attachments are not embedded',
        f'"{SITE_URL}outside/secret.txt" while rendering hostile/index.html: '
        "attachments are not embedded",
    ]
    for fragment in expected:
        assert any(f"{prefix} {fragment}" in warning for warning in refusals), fragment
    assert not any("Traceback" in warning for warning in report.warnings)


# Links and the build folder


def test_links_lead_to_the_published_site_and_anchors_stay_in_the_document(site: Site) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job)

    assert links(PdfReader(job.pdf_path)) == [
        Link(0, destination="trade"),
        Link(0, uri=f"{SITE_URL}relationships/gamma-delta/index.html"),
    ]
    assert str(site.root).encode() not in uncompressed(job.pdf_path)


def test_a_site_built_in_another_folder_gives_the_same_bytes_and_uses_the_cache(
    site: Site,
) -> None:
    jobs = [site.job(page, **METADATA) for page in PAGES]
    first = site.render(*jobs)
    elsewhere = Site(site.root / "elsewhere", site.port)
    shutil.copytree(site.site, elsewhere.site, symlinks=True)
    fresh = Site(site.root / "fresh", site.port)
    shutil.copytree(site.site, fresh.site, symlinks=True)
    moved = [elsewhere.job(page, **METADATA) for page in PAGES]
    from_scratch = [fresh.job(page, **METADATA) for page in PAGES]

    cached = render_pdfs(moved, site_dir=elsewhere.site, site_url=SITE_URL, cache_dir=site.cache)
    rendered = fresh.render(*from_scratch)

    assert first.rendered == [job.pdf_path for job in jobs]
    assert cached.skipped == [job.pdf_path for job in moved]
    assert rendered.rendered == [job.pdf_path for job in from_scratch]
    for job, other in zip(jobs, from_scratch, strict=True):
        assert sha256(job.pdf_path) == sha256(other.pdf_path)


# The cache


def test_second_run_copies_every_page_from_the_cache(site: Site) -> None:
    jobs = [site.job(page, **METADATA) for page in PAGES]
    first = site.render(*jobs)
    first_bytes = [sha256(job.pdf_path) for job in jobs]
    for job in jobs:
        job.pdf_path.unlink()

    second = site.render(*jobs)

    assert first.rendered == [job.pdf_path for job in jobs]
    assert second.rendered == []
    assert second.skipped == [job.pdf_path for job in jobs]
    assert [sha256(job.pdf_path) for job in jobs] == first_bytes


def test_cached_page_reports_its_refusals_again(site: Site) -> None:
    first = site.render(site.job("hostile"))
    second = site.render(site.job("hostile"))

    assert second.skipped == [site.site / "hostile/index.pdf"]
    assert second.warnings == first.warnings


def test_changing_a_stylesheet_renders_the_pages_that_load_it(site: Site) -> None:
    jobs = [site.job(page, **METADATA) for page in PAGES]
    site.render(*jobs)
    site_css = site.site / "css/site.css"  # loaded by alpha-beta only
    site_css.write_text(site_css.read_text() + "h2 { color: #522; }\n")

    report = site.render(*jobs)

    assert report.rendered == [jobs[0].pdf_path]
    assert report.skipped == [jobs[1].pdf_path]


def test_changing_the_theme_stylesheet_renders_every_page(site: Site) -> None:
    jobs = [site.job(page, **METADATA) for page in PAGES]
    site.render(*jobs)
    theme_css = site.theme / "print.css"
    theme_css.write_text(theme_css.read_text() + "h1 { font-size: 18pt; }\n")

    assert site.render(*jobs).rendered == [job.pdf_path for job in jobs]


def test_changing_a_web_font_renders_again(site: Site) -> None:
    job = site.job(PAGES[1], **METADATA)
    site.render(job)
    font = site.theme / "fonts/fixture-sans.ttf"
    serif = system_font("DejaVu Serif")
    if serif.read_bytes() == font.read_bytes():
        pytest.skip("no second font to swap in")
    shutil.copyfile(serif, font)

    assert site.render(job).rendered == [job.pdf_path]


def test_a_changed_web_font_is_the_one_embedded_by_the_next_run_of_the_same_process(
    site: Site, tmp_path: Path
) -> None:
    job = site.job(PAGES[1], **METADATA)
    site.render(job)  # registers the font for the runs of this process
    font = site.theme / "fonts/fixture-sans.ttf"
    serif = system_font("DejaVu Serif")
    if serif.read_bytes() == font.read_bytes():
        pytest.skip("no second font to swap in")
    shutil.copyfile(serif, font)
    site.render(job)
    after_the_first = sha256(job.pdf_path)
    shutil.rmtree(site.cache)

    another_run = tmp_path / "another-run"
    another_run.mkdir()
    report = site.render(job, temporary_dir=another_run)  # registers it afresh

    assert report.rendered == [job.pdf_path]
    assert sha256(job.pdf_path) == after_the_first


def test_changing_one_page_renders_only_that_page(site: Site) -> None:
    jobs = [site.job(page, **METADATA) for page in PAGES]
    site.render(*jobs)
    html = jobs[1].html_path
    html.write_text(html.read_text().replace("inventée", "inventée et modifiée"))

    report = site.render(*jobs)

    assert report.rendered == [jobs[1].pdf_path]
    assert report.skipped == [jobs[0].pdf_path]


def test_changing_the_metadata_renders_again(site: Site) -> None:
    site.render(site.job(PAGES[0], **METADATA))

    report = site.render(site.job(PAGES[0], **{**METADATA, "title": "Another title"}))

    assert report.rendered == [site.site / PAGES[0] / "index.pdf"]


# Reproducible output


def test_renders_of_the_same_input_are_byte_identical_in_and_out_of_the_pool(
    site: Site,
) -> None:
    jobs = [site.job(page, **METADATA) for page in (*PAGES, "hostile")]
    site.render(*jobs, workers=2)
    pooled = [sha256(job.pdf_path) for job in jobs]
    shutil.rmtree(site.cache)

    report = site.render(*jobs, workers=1)

    assert report.skipped == []
    assert [sha256(job.pdf_path) for job in jobs] == pooled


def test_a_page_gives_the_same_bytes_whatever_its_run_rendered_before(
    site: Site, tmp_path: Path
) -> None:
    """The web fonts are registered once per run: the page rendered second finds them
    registered by the first, and must still make (and key in the cache) the same PDF."""
    first, second = (site.job(page, **METADATA) for page in PAGES)
    site.render(first, second)
    after_another = sha256(second.pdf_path)
    shutil.rmtree(site.cache)

    another_run = tmp_path / "another-run"
    another_run.mkdir()
    report = site.render(second, temporary_dir=another_run)

    assert report.rendered == [second.pdf_path]
    assert sha256(second.pdf_path) == after_another


def test_a_page_reports_the_refused_font_sources_whatever_its_run_rendered_before(
    site: Site,
) -> None:
    """A face loaded from its second source after a refused first one is registered once
    per run; the next page declaring it must still report the refusal."""
    face = (
        '@font-face { font-family: Mixed; src: url("file:///etc/passwd"), '
        'url("../theme/fonts/fixture-sans.ttf"); }'
    )
    for name in ("mixed-a", "mixed-b"):
        (site.site / name).mkdir()
        (site.site / name / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><title>{name}</title>'
            f"<style>{face} body {{ font-family: Mixed }}</style></head>"
            f"<body><p>Synthetic fixture.</p></body></html>"
        )
    jobs = [site.job(name, **METADATA) for name in ("mixed-a", "mixed-b")]

    report = site.render(*jobs)

    for name in ("mixed-a", "mixed-b"):
        refused = f'refused to load "file:///etc/passwd" while rendering {name}/index.html'
        assert any(warning.startswith(refused) for warning in report.warnings), name
    assert report.rendered == [job.pdf_path for job in jobs]


# Stylesheets parsed once per run


def linking(site: Site, name: str, stylesheet: str, body: str = "<p>Synthetic fixture.</p>") -> str:
    """A page ``name`` that links the site's ``css/{name}.css``, written with ``stylesheet``."""
    (site.site / "css" / f"{name}.css").write_text(stylesheet)
    for page in (f"{name}-a", f"{name}-b"):
        (site.site / page).mkdir()
        (site.site / page / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><title>{page}</title>'
            f'<link rel="stylesheet" href="../css/{name}.css"></head><body>{body}</body></html>'
        )
    return name


def test_the_pages_of_a_run_parse_each_stylesheet_once(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[bytes] = []
    parse = tinycss2.parse_stylesheet_bytes

    def counting(css: bytes, **options: object) -> object:
        parsed.append(css)
        return parse(css, **options)

    monkeypatch.setattr(tinycss2, "parse_stylesheet_bytes", counting)
    report = site.render(*(site.job(page, **METADATA) for page in PAGES))

    assert len(report.rendered) == len(PAGES)
    stylesheets = {(site.site / name).read_bytes() for name in ("theme/print.css", "css/site.css")}
    assert sorted(parsed) == sorted(stylesheets)


def test_a_stylesheet_changed_between_runs_of_a_process_is_parsed_again(site: Site) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job)
    with (site.theme / "print.css").open("a") as stylesheet:
        stylesheet.write('h1::after { content: " (restyled)"; }\n')

    report = site.render(job)

    assert report.rendered == [job.pdf_path]
    assert "(restyled)" in pdf_text(job.pdf_path)


def test_each_page_reports_what_its_linked_stylesheet_could_not_load(site: Site) -> None:
    name = linking(
        site,
        "mixed",
        '@font-face { font-family: Mixed; src: url("file:///etc/passwd"), '
        'url("../theme/fonts/fixture-sans.ttf"); } body { font-family: Mixed }',
    )
    jobs = [site.job(f"{name}-{page}", **METADATA) for page in "ab"]

    report = site.render(*jobs)

    for page in "ab":
        refused = f'refused to load "file:///etc/passwd" while rendering {name}-{page}/index.html'
        assert any(warning.startswith(refused) for warning in report.warnings), page


def test_each_page_reports_what_weasyprint_ignores_in_its_linked_stylesheet(site: Site) -> None:
    name = linking(site, "misspelt", "p { colour: teal }")
    jobs = [site.job(f"{name}-{page}", **METADATA) for page in "ab"]

    report = site.render(*jobs)

    for job in jobs:
        assert any(w.startswith(f"{job.label}: ") and "colour" in w for w in report.warnings)


def test_each_page_gets_the_counter_styles_of_its_linked_stylesheet(site: Site) -> None:
    """A counter style lives in the document, not the stylesheet: a sheet declaring one
    is parsed for every page."""
    name = linking(
        site,
        "markers",
        '@counter-style synthetic { system: cyclic; symbols: "\u2192"; suffix: " "; } '
        "ol { list-style: synthetic }",
        body="<ol><li>First synthetic item</li><li>Second synthetic item</li></ol>",
    )
    jobs = [site.job(f"{name}-{page}", **METADATA) for page in "ab"]

    site.render(*jobs)

    for job in jobs:
        assert "\u2192 First synthetic item" in pdf_text(job.pdf_path), job.url


# Metadata, tags, fonts and variants


def test_pdf_carries_the_content_metadata_tags_and_language(site: Site) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job)

    qpdf_check(job.pdf_path)
    reader = PdfReader(job.pdf_path)
    info = reader.metadata
    assert info is not None
    assert info.title == TITLE  # from the metadata, not the <title>
    assert info.author == "Synthetic Desk"
    assert info.subject == "A synthetic briefing"
    assert info["/Keywords"] == "alpha, beta, trade"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240501"
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"  # from <html lang>
    assert reader.trailer["/ID"][0] != reader.trailer["/ID"][1]  # derived from the content


def test_running_footer_is_an_artifact_and_all_marked_content_is_in_the_tree(
    site: Site,
) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job)

    reader = PdfReader(job.pdf_path)
    assert untagged_marked_content(reader) == set()
    assert text_shown_in_artifacts(reader, 0) > 0
    assert "Page 1 of 1" in reader.pages[0].extract_text()


def test_language_from_the_metadata_wins_over_the_html(site: Site) -> None:
    job = site.job(PAGES[1], lang="fr-CA", created="2024-05-01")
    site.render(job)

    assert PdfReader(job.pdf_path).trailer["/Root"]["/Lang"] == "fr-CA"


def test_fonts_are_embedded_as_subsets(site: Site) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job)

    fonts = [
        font.get_object()
        for page in PdfReader(job.pdf_path).pages
        for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        assert str(font["/BaseFont"]).split("+")[0].isupper()  # the subset tag, e.g. ABCDEF+
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_archival_variant_is_pdf_a_and_still_tagged(site: Site) -> None:
    job = site.job(PAGES[0], **METADATA)
    site.render(job, variant="pdf/a-3u")

    qpdf_check(job.pdf_path)
    reader = PdfReader(job.pdf_path)
    xmp = uncompressed(job.pdf_path)
    assert b"pdfaid:part" in xmp or b'part="3"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]


# Errors, arguments and progress


def test_a_page_weasyprint_cannot_render_becomes_a_warning(site: Site) -> None:
    deep = site.site / "deep/index.html"
    deep.parent.mkdir()
    # Deep enough nesting to exhaust the recursion limit of WeasyPrint's layout.
    deep.write_text("<!DOCTYPE html><title>Deep</title>" + "<div>" * 600 + "x" + "</div>" * 600)
    jobs = [site.job("deep"), site.job(PAGES[1])]

    report = site.render(*jobs)

    assert report.failed == [jobs[0].pdf_path]
    assert report.rendered == [jobs[1].pdf_path]
    assert not jobs[0].pdf_path.exists()
    failure = next(warning for warning in report.warnings if "deep" in warning)
    assert failure.startswith("could not render deep/index.html: RecursionError")
    assert "Traceback" not in failure


def test_a_missing_page_becomes_a_warning(site: Site) -> None:
    report = site.render(site.job("nowhere"))

    assert report.failed == [site.site / "nowhere/index.pdf"]
    assert report.warnings[0].startswith("could not render nowhere/index.html: FileNotFoundError")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"variant": "pdf/z-9"}, "unknown or unsupported PDF variant"),
        ({"variant": "pdf/x-4"}, "unknown or unsupported PDF variant"),
        ({"workers": 0}, "workers must be at least 1"),
    ],
)
def test_bad_arguments_are_refused_before_rendering(
    site: Site, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        site.render(site.job(PAGES[0]), **change)


def test_pdfs_outside_the_site_or_unknown_metadata_are_refused(site: Site) -> None:
    outside = PdfJob(site.site / "hostile/index.html", site.root / "x.pdf", "x", "x.html", {})
    with pytest.raises(ValueError, match="outside the site"):
        site.render(outside)
    with pytest.raises(ValueError, match="absolute http"):
        site.render(site.job(PAGES[0]), site_url="file:///")
    with pytest.raises(ValueError, match="unknown PDF metadata colour"):
        site.render(site.job(PAGES[0], colour="blue"))


def read_all(controller: int) -> str:
    """Everything written to a terminal whose other end is closed (a read may be short)."""
    chunks = []
    try:
        while chunk := os.read(controller, 4096):
            chunks.append(chunk)
    except OSError:  # EIO: the terminal's other end is closed and nothing is left
        pass
    os.close(controller)
    return b"".join(chunks).decode()


def test_progress_is_one_updating_line_on_a_terminal(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, terminal_fd = os.openpty()
    with open(terminal_fd, "w") as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        site.render(*(site.job(page) for page in PAGES), progress=True)
    output = read_all(controller)

    assert output.count("\r\x1b[2KPDF ") == 2
    assert "PDF 1/2 relationships/" in output
    assert output.rstrip().endswith("PDF 2/2 relationships/gamma-delta/index.html")
    assert output.count("\n") == 1


def test_progress_prints_nothing_when_stderr_is_not_a_terminal(
    site: Site, capfd: pytest.CaptureFixture[str]
) -> None:
    site.render(*(site.job(page) for page in PAGES), progress=True)

    assert capfd.readouterr().err == ""


def test_a_damaged_manifest_only_costs_a_render(site: Site) -> None:
    job = site.job(PAGES[1], **METADATA)
    site.render(job)
    (site.cache / "manifest.json").write_text('{"format": 1, "pages": {"x": 3, "y": {}}}')

    assert site.render(job).rendered == [job.pdf_path]
    assert site.render(job).skipped == [job.pdf_path]
    assert len(list(site.cache.glob("*.pdf"))) == 1


# Books: a page followed by finished PDFs


def test_a_book_is_assembled_again_only_when_a_part_changes(site: Site) -> None:
    briefs = [site.job(page, **METADATA) for page in PAGES]
    site.render(*briefs)
    front = site.job(PAGES[0], **METADATA)
    book = replace(
        front,
        pdf_path=site.site / "book.pdf",
        label="book.pdf",
        parts=tuple(Part(job.pdf_path, job.url, f"part-{n}") for n, job in enumerate(briefs)),
    )
    first = site.render(book)
    assembled = book.pdf_path.read_bytes()
    unchanged = site.render(book)
    html = briefs[1].html_path
    html.write_text(html.read_text().replace("inventée", "inventée et modifiée"))

    changed = [site.render(*briefs, prune=False), site.render(book)]

    assert first.rendered == unchanged.skipped == [book.pdf_path]
    assert [report.rendered for report in changed] == [[briefs[1].pdf_path], [book.pdf_path]]
    assert book.pdf_path.read_bytes() != assembled
    # The book's layout is kept beside it, and the earlier version's went with it.
    layouts = [path.name for path in site.cache.glob(f"*{LAYOUT_SUFFIX}")]
    assert layouts == [f"{read_manifest(site.cache)['book.pdf']['key']}{LAYOUT_SUFFIX}"]
    with pytest.raises(ValueError, match="make it a LaterJob"):
        site.render(*briefs, book)
    pages = [len(PdfReader(job.pdf_path).pages) for job in (front, *briefs)]
    assert len(PdfReader(book.pdf_path).pages) == sum(pages)
    qpdf_check(book.pdf_path)


def test_a_later_job_starts_once_its_parts_exist_and_fails_with_a_lost_part(site: Site) -> None:
    briefs = [site.job(page, **METADATA) for page in PAGES]
    missing = site.job("nowhere")
    described: list[list[bool]] = []
    counted: list[list[int | None]] = []

    def book(name: str, parts: list[PdfJob]) -> LaterJob:
        def make(pages: Mapping[Path, int]) -> PdfJob:
            described.append([part.pdf_path.is_file() for part in parts])
            counted.append([pages.get(part.pdf_path) for part in parts])
            return replace(
                site.job(PAGES[0], **METADATA),
                pdf_path=site.site / name,
                label=name,
                parts=tuple(Part(p.pdf_path, p.url, f"part-{n}") for n, p in enumerate(parts)),
            )

        return LaterJob(name, site.site / name, tuple(p.pdf_path for p in parts), make)

    report = site.render(
        *briefs,
        missing,
        later=[book("book.pdf", briefs), book("lost.pdf", [briefs[0], missing])],
        workers=2,
    )

    assert described == [[True, True]]
    assert sorted(report.rendered) == sorted(
        [*(job.pdf_path for job in briefs), site.site / "book.pdf"]
    )
    assert sorted(report.failed) == sorted([missing.pdf_path, site.site / "lost.pdf"])
    assert "could not make lost.pdf: no nowhere/index.pdf" in report.warnings
    assert not (site.site / "lost.pdf").exists()
    pages = [len(PdfReader(job.pdf_path).pages) for job in (briefs[0], *briefs)]
    assert len(PdfReader(site.site / "book.pdf").pages) == sum(pages)
    # The workers' page counts reach the book, which need not open its parts to count.
    assert counted == [pages[1:]]


def test_an_interrupted_run_stops_its_busy_workers_at_once(site: Site) -> None:
    """Interrupted while a worker is still rendering a long page, the run stops that
    worker instead of letting it finish the page (and the build wait for it to exit)."""
    quick = site.job(PAGES[0])
    long = site.site / "long" / "index.html"
    long.parent.mkdir()
    long.write_text("<!DOCTYPE html><html lang=en><body>" + "<p>Invented words.</p>" * 6000)
    slow = PdfJob(long, long.with_suffix(".pdf"), "long/index.html", "long/index.html", {})

    def interrupt(_pages: Mapping[Path, int]) -> PdfJob:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        site.render(
            slow,
            quick,
            later=[
                LaterJob("after the quick page", site.site / "x.pdf", (quick.pdf_path,), interrupt)
            ],
            workers=2,
        )

    # Ended, or finishing the long page; the pool may still be starting a worker it had
    # asked for, which must leave by itself: join until none is left, within the bound.
    deadline = time.monotonic() + 120
    while (workers := multiprocessing.active_children()) and time.monotonic() < deadline:
        workers[0].join(timeout=deadline - time.monotonic())
    assert multiprocessing.active_children() == []
    assert quick.pdf_path.is_file()
    assert not slow.pdf_path.exists()
