"""PDF checks with qpdf (structure) and poppler-utils (text and page images)."""

import subprocess
from pathlib import Path


def qpdf_check(path: Path) -> str | None:
    """Return None when qpdf finds the file sound, else qpdf's report.

    qpdf exits 3 when it could only read the file by repairing it (a truncated file, a
    broken cross-reference table); that counts as a problem too.
    """
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if result.returncode == 0:
        return None
    return f"qpdf --check exited with {result.returncode}:\n{result.stdout}{result.stderr}"


def pdf_text(path: Path) -> str:
    """The PDF's text with its physical layout kept (columns, table alignment)."""
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"])


def render_page_png(pdf: Path, page: int, out: Path) -> Path:
    """Render one page (1-based) at 80 dpi to the PNG file `out`; return `out`."""
    if out.suffix != ".png":
        raise ValueError(f"{out} must end in .png")
    out.parent.mkdir(parents=True, exist_ok=True)
    # -singlefile writes <prefix>.png instead of <prefix>-<page>.png.
    prefix = out.with_suffix("")
    _run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(prefix),
        ]
    )
    if not out.is_file():
        raise RuntimeError(f"pdftoppm wrote no {out}: does {pdf} have a page {page}?")
    return out


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {result.returncode}:\n{result.stderr}")
    return result.stdout


def page_pixels(pdf: Path, scratch: Path, dpi: int = 150) -> list[bytes]:
    """Every page of `pdf` as grey pixels at `dpi` (PGM files written under `scratch`)."""
    scratch.mkdir(parents=True, exist_ok=True)
    prefix = scratch / pdf.stem
    _run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(prefix)])
    return [image.read_bytes() for image in sorted(scratch.glob(f"{pdf.stem}-*.pgm"))]
