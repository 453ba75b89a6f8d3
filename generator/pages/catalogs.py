"""The theme's message catalogs (placeholder until the catalogs branch lands)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations


def load_catalog(theme_dir: Path, lang: str) -> Translations:
    path = theme_dir / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return Translations()
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)
