"""`make favicon`: ``theme/static/favicon.ico`` drawn from ``theme/static/favicon.svg``.

Browsers that cannot use the SVG icon, and every browser asking for ``/favicon.ico``
on its own, get the ICO. Pillow (which WeasyPrint needs already) writes ICO files but
cannot draw SVG, so headless Chromium (the one the browser tests use) draws the SVG
at each size the ICO holds, and Pillow puts those drawings into one file. Run it after
changing the SVG and commit both: a build never runs Chromium.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tooling.browser import launch_chromium  # noqa: E402

STATIC = ROOT / "theme" / "static"
SIZES = (16, 32, 48)
"""The sizes Windows and browsers pick from for a tab, a bookmark and a shortcut."""


def main() -> None:
    svg = (STATIC / "favicon.svg").read_text(encoding="utf-8")
    drawings = []
    with launch_chromium() as browser:
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                f"<style>body{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}"
                f"</style>{svg}"
            )
            png = page.screenshot(omit_background=True)
            drawings.append(Image.open(io.BytesIO(png)).convert("RGBA"))
            page.close()
    largest = drawings[-1]
    largest.save(
        STATIC / "favicon.ico",
        format="ICO",
        sizes=[(size, size) for size in SIZES],
        append_images=drawings[:-1],
    )


if __name__ == "__main__":
    main()
