"""The PDF step's progress on a terminal: one status line, rewritten as each PDF is done."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def progress_printer(total: int, stream: TextIO | None = None) -> Callable[[str], None]:
    """Return a function that rewrites one status line: ``PDF 3/12 label``."""
    out = stream or sys.stderr
    done = 0

    def show(label: str) -> None:
        nonlocal done
        done += 1
        out.write(f"\r\x1b[2KPDF {done}/{total} {label}")
        out.flush()

    return show
