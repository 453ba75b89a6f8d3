"""What other packages get from the PDF step, and what importing it costs them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import generator.pdf

GENERATOR = Path(__file__).parents[2] / "generator"
INTERNAL_IMPORT = re.compile(r"^\s*(from|import) generator\.pdf\.", re.MULTILINE)


def test_every_name_the_package_exports_is_there() -> None:
    assert [name for name in generator.pdf.__all__ if not hasattr(generator.pdf, name)] == []


def test_commands_that_render_no_pdf_load_neither_weasyprint_nor_pikepdf() -> None:
    code = "import sys, generator.cli; print(sorted({'weasyprint', 'pikepdf'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout

    assert loaded.strip() == "[]"
