"""The WeasyPrint versions the PDF step's patches were checked with, said and enforced."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import weasyprint

from generator.pdf.weasyprint_internals import (
    INTERNALS,
    PATCHING_FILES,
    UnsupportedWeasyPrintError,
    check_weasyprint,
    supported_range,
)

PROJECT_ROOT = Path(__file__).parents[2]


def test_the_installed_weasyprint_is_one_the_patches_were_checked_with() -> None:
    check_weasyprint()  # when it fails, its message names the range and the files


@pytest.mark.parametrize("version", ["69.0", "71.0", "71.0b1", "unknown"])
def test_another_version_is_refused_naming_the_range_and_the_files_to_revisit(
    version: str,
) -> None:
    with pytest.raises(UnsupportedWeasyPrintError) as refused:
        check_weasyprint(version)

    message = str(refused.value)
    assert f"WeasyPrint {version} is installed" in message
    assert "WeasyPrint >=70.0,<71" in message
    assert all(path in message for path in PATCHING_FILES)


def test_a_supported_version_without_a_patched_function_is_refused_naming_it() -> None:
    def present(module: str, name: str) -> bool:
        return (module, name) != ("weasyprint.pdf.tags", "_build_box_tree")

    with pytest.raises(UnsupportedWeasyPrintError, match=r"has no weasyprint\.pdf\.tags\._build"):
        check_weasyprint("70.0", present)


def test_the_patching_files_use_every_internal_checked() -> None:
    source = "".join((PROJECT_ROOT / path).read_text() for path in PATCHING_FILES)

    assert [name for _, name in INTERNALS if name.split(".")[-1] not in source] == []


def test_pyproject_allows_exactly_the_checked_versions() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pins = [spec for spec in project["dependencies"] if spec.startswith("weasyprint")]

    assert pins == [f"weasyprint{supported_range()}"]
    assert weasyprint.__version__ in (PROJECT_ROOT / "requirements.lock").read_text()
