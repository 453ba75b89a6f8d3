"""The WeasyPrint internals the PDF step leans on, and the versions they were checked with.

WeasyPrint has no option to draw page-margin boxes and leaders as artifacts, nor a
public way to find the structure element of a table cell; it lays a contents' page out
once more than it needs to, and parses the same stylesheets for every document. So
:mod:`generator.pdf.artifacts` replaces three of its functions,
:mod:`generator.pdf.page_references` two methods, :mod:`generator.pdf.stylesheets` the
name it parses stylesheets with, and :mod:`generator.pdf.structure` reads what its
tagging leaves on the boxes. These are private and may change in any release:
pyproject.toml allows only the versions they were checked with, and these modules call
:func:`check_weasyprint` when imported, so that another version fails at once, with an
error naming the range and the files to revisit, rather than with a puzzling
``AttributeError`` in a worker or, worse, PDFs that quietly lose their accessibility.

What can be checked without rendering is checked here: the version and the names the
patches use. The attributes that exist only on live objects (a stream's ``_tags``, a
box's ``mark``, a page's ``_page_box``) are pinned by their effect, on every PDF of
the build, in tests/pdf/test_pdf_accessibility.py and tests/pdf/test_pdf_step.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import weasyprint

SUPPORTED_MAJOR_VERSIONS = range(70, 71)
"""Checked: 70.0. pyproject.toml says the same as ``weasyprint>=70.0,<71``."""
PATCHING_FILES = (
    "generator/pdf/artifacts.py",
    "generator/pdf/page_references.py",
    "generator/pdf/structure.py",
    "generator/pdf/stylesheets.py",
)
INTERNALS = (
    ("weasyprint.draw", "draw_stacking_context"),
    ("weasyprint.draw", "draw_inline_level"),
    ("weasyprint.text.line_break", "Layout.reactivate"),
    ("weasyprint.css.targets", "TargetCollector.collect_missing_counters"),
    ("weasyprint.css.targets", "TargetCollector.cache_target_page_counters"),
    ("weasyprint.css.targets", "anchor_name_from_token"),
    ("weasyprint.css", "CSS"),
    ("weasyprint.pdf.tags", "_build_box_tree"),
    ("weasyprint.pdf.stream", "Stream.artifact"),
    ("weasyprint.formatting_structure.boxes", "MarginBox"),
    ("weasyprint.formatting_structure.boxes", "TableCellBox"),
)
"""Each module, and the name in it, that the patching files use."""


class UnsupportedWeasyPrintError(ImportError):
    """The installed WeasyPrint is not one the patching files were checked with."""


def supported_range() -> str:
    """The supported versions, as pyproject.toml writes them."""
    return f">={SUPPORTED_MAJOR_VERSIONS.start}.0,<{SUPPORTED_MAJOR_VERSIONS.stop}"


def check_weasyprint(
    version: str = weasyprint.__version__,
    present: Callable[[str, str], bool] | None = None,
) -> None:
    """Raise :class:`UnsupportedWeasyPrintError` unless WeasyPrint ``version`` is in the
    supported range and has every name of :data:`INTERNALS` (by default, those of the
    installed WeasyPrint)."""
    has = present or _present
    missing = [f"{module}.{name}" for module, name in INTERNALS if not has(module, name)]
    if missing or _major(version) not in SUPPORTED_MAJOR_VERSIONS:
        detail = f", and this one has no {', '.join(missing)}" if missing else ""
        raise UnsupportedWeasyPrintError(
            f"WeasyPrint {version} is installed; {', '.join(PATCHING_FILES)} patch its "
            f"internals, checked only with WeasyPrint {supported_range()}{detail}. Install "
            "a version in that range (requirements.lock pins one), or revisit those files "
            "for this version and widen the range in pyproject.toml and "
            "generator/pdf/weasyprint_internals.py."
        )


def _major(version: str) -> int | None:
    try:
        return int(version.split(".")[0])
    except ValueError:
        return None


def _present(module: str, name: str) -> bool:
    try:
        found: object = importlib.import_module(module)
    except ImportError:
        return False
    for attribute in name.split("."):
        found = getattr(found, attribute, None)
        if found is None:
            return False
    return True
