"""``/favicon.ico``: the theme's icon where browsers look for it without being told.

Pelican copies the theme's static files under ``/theme/``, where the pages link the
icons from; but a browser opening a feed, a PDF or the sitemap, or one that ignores
``<link rel="icon">``, asks for ``/favicon.ico`` at the root, and would log a 404.
"""

from __future__ import annotations

import shutil
from pathlib import Path

FAVICON_FILE = "favicon.ico"
THEME_FAVICON = Path("static") / FAVICON_FILE
"""Where a theme keeps its icon; a theme without one gets no ``/favicon.ico``."""


def write_favicon(site_dir: Path, theme_dir: Path) -> None:
    icon = theme_dir / THEME_FAVICON
    if icon.is_file():
        shutil.copyfile(icon, site_dir / FAVICON_FILE)
