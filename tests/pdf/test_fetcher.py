"""The confined fetcher and addresses that are odd rather than hostile-looking.

Whatever a page asks for, the answer is the site's file or a refusal that names the
address and the page; never an exception of another kind, which WeasyPrint would log
without saying which page asked. (The pages and sites of tests/pdf/test_pdf_step.py cover
the usual ways out of the site.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint.urls import URLFetchingError, fetch

from generator.pdf import ConfinedFetcher

SITE_URL = "https://briefings.example.org/"


@pytest.fixture
def fetcher(tmp_path: Path) -> ConfinedFetcher:
    site = tmp_path / "site"
    (site / "css").mkdir(parents=True)
    (site / "css" / "site.css").write_text("body {}")
    return ConfinedFetcher(SITE_URL, site, document="relationships/fi-is/index.html")


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/x.css",
        "https://briefings.example.org]/css/site.css",
        f"{SITE_URL}css/%00site.css",
        f"{SITE_URL}css/site.css%00.png",
        f"{SITE_URL}/etc/passwd",
        f"{SITE_URL}%2Fetc/passwd",
    ],
    ids=["open-bracket", "bracket-in-host", "nul", "nul-before-suffix", "root", "encoded-root"],
)
def test_an_odd_address_is_refused_and_named_with_the_page(
    fetcher: ConfinedFetcher, url: str
) -> None:
    with pytest.raises(URLFetchingError), fetch(fetcher, url):
        pass

    assert fetcher.refusals == [
        f'refused to load "{url}" while rendering relationships/fi-is/index.html: outside the site'
    ]
    assert fetcher.loaded == {}


def test_scheme_and_host_are_read_in_any_case(fetcher: ConfinedFetcher) -> None:
    with fetch(fetcher, "HTTPS://Briefings.Example.ORG/css/site.css") as response:
        assert response.read() == b"body {}"

    assert list(fetcher.loaded) == ["css/site.css"]
    assert fetcher.refusals == []
