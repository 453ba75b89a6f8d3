"""The internal edition never leaks into the public one: a canary planted in every kind of
internal content is absent from every byte a public build publishes (search fragments
decompressed, PDFs decompressed) and present in the internal build. Internal content
that is malformed, or public content that leans on it, stops the build."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest

from generator.engine import build, check
from generator.settings import load_settings
from tests.conftest import AS_OF, build_project, copy_project

KZ_TR = Path("content/relationships/kz-tr")
CANARIES = {
    "talking point": "Zqxtalkingcanary",
    "internal note": "Zqxnotecanary",
    "internal block": "Zqxblockcanary",
    "internal source": "Zqxsourcecanary",
}
"""One canary per kind of internal content, spelled so that no word of the site holds it."""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def plant_canaries(project: Path) -> None:
    data = project / KZ_TR / "data.yaml"
    last_event = "    source: tr-kz-jspg-2026-02-01\n\nagreements:"  # the eighth JSPG's
    talking = f"\n    talking_points:\n      - {CANARIES['talking point']} line.\n\nagreements:"
    edit(data, last_event, last_event.replace("\n\nagreements:", talking))
    edit(
        data,
        "    label: Bilateral trade\n",
        f"    label: Bilateral trade\n    internal_note: {CANARIES['internal note']}.\n",
    )
    edit(
        project / "content/sources.yaml",
        "sources:\n",
        "sources:\n  - id: embassy-cable\n"
        f"    title: {CANARIES['internal source']} read-out\n"
        "    publisher: Embassy (made-up, for tests)\n    kind: official\n    internal: true\n\n",
    )
    edit(
        project / KZ_TR / "index.md",
        "## Overview\n",
        f"## Overview\n\n::: internal\n{CANARIES['internal block']} for the minister. "
        "[@embassy-cable]\n:::\n",
    )


def published_bytes(output: Path) -> dict[str, bytes]:
    """Every file of a build as a reader's program reads it: search files unzipped, PDFs
    with their streams decompressed (and their text extracted)."""
    found = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        elif path.suffix == ".pdf":
            expanded = subprocess.run(
                ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
                capture_output=True,
                check=False,
            ).stdout
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout
            raw = expanded + text
        found[str(path.relative_to(output))] = raw
    return found


def holding(files: dict[str, bytes], canary: str) -> list[str]:
    needles = {canary.encode(), canary.lower().encode()}
    return [name for name, raw in files.items() if any(needle in raw for needle in needles)]


@pytest.mark.slow
def test_a_public_build_holds_no_byte_of_internal_content_and_an_internal_one_all(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    plant_canaries(project)

    public = build_project(project)
    internal_edition = {
        "BRIEFINGS_AS_OF": AS_OF,
        "BRIEFINGS_EDITION": "internal",
        "OUTPUT_PATH": str(project / "output-internal"),
    }
    build(load_settings(project / "pelicanconf.py", internal_edition))

    public_files = published_bytes(public.output_dir)
    internal_files = published_bytes(project / "output-internal")
    assert any(name.startswith("pagefind/fragment/") for name in public_files)
    for kind, canary in CANARIES.items():
        assert holding(public_files, canary) == [], kind
        assert holding(internal_files, canary), kind
    brief = "relationships/kz-tr/meetings/jspg-8/kz-tr-jspg-8-brief.pdf"
    assert CANARIES["talking point"].encode() in internal_files[brief]
    marking = b"Internal \xe2\x80\x94 not for public distribution"
    assert marking in internal_files["relationships/kz-tr/index.html"]
    assert marking.upper() in internal_files[brief]
    assert marking not in public_files["relationships/kz-tr/index.html"]


def problems_of(project: Path) -> list[str]:
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    return [str(problem) for problem in check(settings)[1] if problem.is_error]


def marker_line(project: Path) -> int:
    """The line where a block inserted after the narrative's "## Overview" starts."""
    lines = (project / KZ_TR / "index.md").read_text("utf-8").splitlines()
    return lines.index("## Overview") + 3


def test_an_internal_block_left_open_stops_a_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    line = marker_line(project)
    edit(project / KZ_TR / "index.md", "## Overview\n", "## Overview\n\n::: internal\nOpen.\n")
    assert [p for p in problems_of(project) if "not closed" in p] == [
        f"{KZ_TR}/index.md:{line}:1: error: internal block is not closed (end it with a line "
        "`:::`; until then nothing of it is published)"
    ]


def test_an_unknown_block_marker_stops_a_build_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    line = marker_line(project)
    edit(project / KZ_TR / "index.md", "## Overview\n", "## Overview\n\n::: secret\nX.\n:::\n")
    assert [p for p in problems_of(project) if "marker" in p] == [
        f'{KZ_TR}/index.md:{line}:1: error: unknown block marker "::: secret" (the one marker '
        "is `::: internal`, ended by a line `:::`)"
    ]


def test_public_text_or_fields_citing_an_internal_source_stop_a_public_build(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    plant_canaries(project)
    edit(
        project / KZ_TR / "index.md", "## Overview\n", "## Overview\n\nSaid so. [@embassy-cable]\n"
    )
    edit(
        project / "content/mechanisms.yaml",
        "    source: tr-kz-jspg-2026-02-01\n",
        "    source: embassy-cable\n",
    )
    found = [p for p in problems_of(project) if "internal source" in p]
    assert len(found) == 2, found
    assert found[0].startswith("content/mechanisms.yaml:")
    assert 'public field cites internal source "embassy-cable"' in found[0]
    assert found[1].startswith(f"{KZ_TR}/index.md:")
    assert 'public text cites internal source "embassy-cable"' in found[1]
