"""The plugin's run: the site reaches Pelican's reader and generator, and the pages that
link to a PDF are written with its size once it exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican

from generator.engine import check
from generator.pages.plugin import PLUGIN, PagesRun, PluginError
from generator.settings import load_settings
from tests.conftest import AS_OF, BuiltSite, copy_project
from tests.tooling.pdf import pdf_text


def test_every_link_to_a_pdf_says_the_size_of_the_file_it_opens(built_site: BuiltSite) -> None:
    """Briefs and books, from the home page, lists, countries, revision histories and
    the relationship pages themselves (whose brief is rendered from them)."""
    shown: dict[str, int] = {}
    for page in built_site.html_files():
        text = page.read_text("utf-8")
        assert "<!--pdf-size" not in text, page
        for link in BeautifulSoup(text, "html.parser").select("a.pdf-link"):
            pdf = (page.parent / str(link["href"])).resolve()
            size = re.fullmatch(r".* \(PDF, ([\d,]+) KB\)", link.get_text())
            assert size is not None, f"{page}: {link}"
            assert int(size.group(1).replace(",", "")) == round(pdf.stat().st_size / 1024)
            kind = page.relative_to(built_site.root).parts[0]
            shown[kind] = shown.get(kind, 0) + 1
    assert {"index.html", "relationships", "countries"} <= set(shown)


def test_the_pdf_is_rendered_from_its_page_without_a_size(built_site: BuiltSite) -> None:
    """The brief shows no size of itself: it was rendered before it had one (and the
    link is hidden in print anyway)."""
    brief = next(built_site.root.glob("relationships/*/*-brief.pdf"))
    assert "(PDF," not in pdf_text(brief)


def test_pelican_alone_cannot_run_the_plugin(tmp_path: Path) -> None:
    """`pelican` with our plugin has no checked site to write from: it says what to run
    instead of loading a second site behind the build's back."""
    project = copy_project(tmp_path)
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    with pytest.raises(PluginError, match="briefings build"):
        Pelican(settings.pelican).run()


def test_one_run_at_a_time(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    run = PagesRun(site=check(settings)[0], settings=settings)
    with (
        PLUGIN.serving(run),
        pytest.raises(PluginError, match="one Pelican run at a time"),
        PLUGIN.serving(run),
    ):
        pass
