"""What ``briefings build`` prints: one line saying what it built, none of Pelican's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import AS_OF, copy_project

SUMMARY = re.compile(
    r"^Built (?P<output>.+): (?P<pages>\d+) pages, 0 PDFs of briefs and books "
    r"\(0 rendered, 0 unchanged\), (?P<data>\d+) feeds and data files\. "
    r"Open file://\S+/index\.html in a browser\.$"
)


def test_build_prints_one_summary_of_pages_and_data_files_and_not_pelicans_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    settings = ["--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]

    code = main([*settings, "build", "--no-pdf", "--output", str(tmp_path / "site")])
    out = capsys.readouterr().out

    assert code == 0
    assert "Processed" not in out
    assert "Done:" not in out
    lines = out.splitlines()
    assert len(lines) == 1, out
    summary = SUMMARY.match(lines[0])
    assert summary, lines[0]
    site = tmp_path / "site"
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "theme"]
    assert int(summary["pages"]) == len(pages) > 20
    data_files = [site / "sitemap.xml"]
    for language in (site, site / "tr"):  # each language has its feeds and exports
        data_files += [
            *(language / "feeds").glob("*.xml"),
            *(language / "relationships").glob("*/*.json"),
            *(path for path in (language / "data").iterdir() if path.suffix != ".html"),
        ]
    assert int(summary["data"]) == len(data_files) > 5

    # A build with nothing new to do says what the site still holds, not zeros.
    assert main([*settings, "build", "--no-pdf", "--output", str(site)]) == 0
    assert capsys.readouterr().out == out
