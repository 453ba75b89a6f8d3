"""``briefings new relationship A B``: a draft relationship folder that passes ``check``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.content import RELATIONSHIPS_DIR, canonical_slug
from generator.model.countries import Country, find_country
from generator.problems import close_matches, did_you_mean
from generator.scaffold.files import ScaffoldError, create, render, shown

_PAIR = re.compile(r"^([a-z]{2})-([a-z]{2})$")


@dataclass(frozen=True)
class NewRelationship:
    slug: str
    title: str
    files: tuple[Path, ...]


def new_relationship(
    content_dir: Path, first: str, second: str, *, today: dt.date
) -> NewRelationship:
    """Create ``content/relationships/<slug>/`` with ``index.md`` and ``data.yaml``.

    The countries keep the order given (it is the order of the title); the folder
    name is the canonical slug. An existing relationship is never touched.
    """
    countries = [_country(first), _country(second)]
    if countries[0] == countries[1]:
        raise ScaffoldError(
            f'"{first}" and "{second}" are both {countries[0].name}; '
            "a relationship needs two different countries"
        )
    codes = [country.code for country in countries]
    slug = canonical_slug(codes)
    folder = content_dir / RELATIONSHIPS_DIR / slug
    where = shown(folder, content_dir.parent)
    if folder.exists():
        raise ScaffoldError(
            f"{where}/ already exists, so nothing was created; edit its index.md and "
            f"data.yaml, or add an item with `briefings new event --to {slug}`"
        )
    title = "\N{EN DASH}".join(country.name for country in countries)
    values = {
        "title": title,
        "codes": codes,
        "names": [country.name for country in countries],
        "slug": slug,
        "today": today.isoformat(),
    }
    folder.mkdir(parents=True)
    files = (folder / "index.md", folder / "data.yaml")
    create(files[0], render("relationship-index.md.j2", **values))
    create(files[1], render("relationship-data.yaml.j2", **values))
    return NewRelationship(slug, title, files)


def find_relationship(content_dir: Path, name: str) -> Path:
    """The folder of an existing relationship, named by its slug in either order."""
    wanted = name.strip().lower()
    if match := _PAIR.match(wanted):
        wanted = canonical_slug(list(match.groups()))
    relationships = content_dir / RELATIONSHIPS_DIR
    folder = relationships / wanted
    if wanted and folder.is_dir() and folder.parent == relationships:
        return folder
    existing = sorted(p.name for p in relationships.glob("*") if p.is_dir())
    close = did_you_mean([f'"{ident}"' for ident in close_matches(wanted, existing, n=1)])
    hint = f"; {close}" if close else ""
    known = ", ".join(existing) or "none yet"
    raise ScaffoldError(
        f'no relationship "{name}" in {shown(relationships, content_dir.parent)}/{hint} '
        f"(existing: {known}; create one with `briefings new relationship A B`)"
    )


def _country(text: str) -> Country:
    try:
        return find_country(text)
    except ValueError as exc:
        raise ScaffoldError(str(exc)) from None
