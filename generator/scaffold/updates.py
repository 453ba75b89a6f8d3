"""``briefings new update``: a dated news item, as a draft Pelican article."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.model.base import slugify
from generator.scaffold.files import ScaffoldError, create, render, shown

UPDATES_DIR = "updates"
"""Where Pelican looks for articles: ``ARTICLE_PATHS`` in pelicanconf.py."""

MAX_SLUG = 60


def new_update(content_dir: Path, title: str, *, date: dt.date) -> Path:
    """Create ``content/updates/<date>-<slug>.md``; an existing file is never touched."""
    slug = slugify(title)[:MAX_SLUG].strip("-")
    if not slug:
        raise ScaffoldError(
            f'cannot make a file name from the title "{title}"; '
            'give a title with letters or digits, e.g. "Eighth JSPG meeting held in Ankara"'
        )
    path = content_dir / UPDATES_DIR / f"{date.isoformat()}-{slug}.md"
    if path.exists():
        raise ScaffoldError(
            f"{shown(path, content_dir.parent)} already exists, so nothing was created; "
            "edit it, or give the new update another title"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    create(path, render("update.md.j2", title=title.strip(), date=date.isoformat()))
    return path
