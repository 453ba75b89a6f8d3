"""The theme's interface strings in other languages: gettext catalogs, read as text.

The templates' msgids are the English strings themselves, so English needs no catalog.
Every other language has ``theme/translations/<lang>/LC_MESSAGES/messages.po``, which a
build reads and compiles in memory: no compiled ``.mo`` file is kept in git or has to be
made before a build, so a catalog edited by hand is the catalog the next build uses.

``babel.cfg``, beside the theme folder, says which files hold interface strings and how
to read them; ``make messages-extract`` and :func:`untranslated_strings` both follow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from generator.problems import Problem, error

SOURCE_LANGUAGE = "en"
"""The language of the msgids: it has no catalog of its own."""

MAPPING_FILE = "babel.cfg"
"""Beside the theme folder: which files hold interface strings, and their extractor."""

_Key = tuple[str, str | None]
"""A msgid and its context: "Search" the heading is not "Search" the button."""


def catalog_path(theme_dir: Path, lang: str) -> Path:
    return theme_dir / "translations" / lang / "LC_MESSAGES" / "messages.po"


def load_catalog(theme_dir: Path, lang: str) -> Translations:
    """The translations of ``lang``; for English, none (every string stays as written).

    Fuzzy entries are left out, as ``pybabel compile`` leaves them out: a guess that no
    translator confirmed falls back to English.
    """
    if lang == SOURCE_LANGUAGE:
        return Translations()
    with catalog_path(theme_dir, lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def untranslated_strings(theme_dir: Path, languages: Iterable[str]) -> list[Problem]:
    """Each interface string a language's catalog lacks, leaves empty or marks fuzzy,
    at the place in a template (or module) where it first appears; and each translation
    whose placeholders differ from its string's, at its line in the catalog.

    A page in that language would show a missing string in English among translated
    ones, and would fail to render with a placeholder the template does not give.

    The strings are those ``babel.cfg`` beside the theme folder maps; a project without
    one (a theme copied on its own) has none to check.
    """
    root = theme_dir.parent
    if not (root / MAPPING_FILE).is_file():
        return []
    first_seen: dict[_Key, tuple[str, int]] = {}
    for path, line, message, context in _extracted(root):
        first_seen.setdefault((_singular(message), context), (path, line))
    problems: list[Problem] = []
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        problems.extend(_missing_in(theme_dir, lang, first_seen))
    return problems


def _missing_in(
    theme_dir: Path, lang: str, first_seen: dict[_Key, tuple[str, int]]
) -> list[Problem]:
    name = Locale.parse(lang).get_display_name("en")
    po_path = catalog_path(theme_dir, lang).relative_to(theme_dir.parent)
    if not (theme_dir.parent / po_path).is_file():
        message = f"the {name} interface strings have no catalog"
        return [error(po_path, 1, 1, message, f"run make messages-update NEW_LANG={lang}")]
    with (theme_dir.parent / po_path).open("rb") as po:
        catalog: Catalog = read_po(po, locale=lang)
    problems = []
    for (msgid, context), (path, line) in first_seen.items():
        entry = catalog.get(msgid, context=context)
        strings = [] if entry is None else _strings(entry.string)
        if not strings or not all(strings):
            message = f'interface string "{msgid}" has no {name} translation'
            fix = f"run make messages-update, then translate it in {po_path}"
            problems.append(error(path, line, 1, message, fix))
        elif entry is not None and entry.fuzzy:
            message = f'the {name} translation of interface string "{msgid}" is marked fuzzy'
            fix = f"check it in {po_path}, then remove its fuzzy flag"
            problems.append(error(path, line, 1, message, fix))
    for entry, errors in catalog.check():
        for mismatch in errors:
            message = (
                f'the {name} translation of "{_singular(entry.id)}" does not fit it: {mismatch}'
            )
            fix = "keep every placeholder of the English string, such as %(name)s, as it is"
            problems.append(error(po_path, entry.lineno or 1, 1, message, fix))
    return problems


def _singular(message: str | Sequence[str]) -> str:
    return message if isinstance(message, str) else message[0]


def _strings(string: str | Sequence[str] | None) -> list[str]:
    """A message's translation, or its plural forms, as a list."""
    if string is None:
        return []
    return [string] if isinstance(string, str) else list(string)


def _extracted(root: Path) -> list[tuple[str, int, str | tuple[str, ...], str | None]]:
    """The messages of the files ``babel.cfg`` maps, sorted by file and line."""
    with (root / MAPPING_FILE).open(encoding="utf-8") as mapping:
        method_map, options_map = _parse_mapping(mapping, MAPPING_FILE)
    found = [
        (path, line, message, context)
        for path, line, message, _comments, context in extract_from_dir(
            root,
            method_map,
            options_map,
            directory_filter=_within(root, (pattern for pattern, _method in method_map)),
        )
    ]
    return sorted(found, key=lambda item: (item[0], item[1]))


_parse_mapping: Callable[
    [IO[str], str], tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]
] = parse_mapping_cfg
"""Babel's reader of ``babel.cfg``, with the types it has but does not declare."""


def _within(root: Path, patterns: Iterable[str]) -> Callable[[str], bool]:
    """Walk only the folders a pattern can match in, not the whole project (its
    virtual environment, output, content and node_modules)."""
    prefixes = [pattern.split("*", 1)[0].rstrip("/") for pattern in patterns]

    def wanted(folder: str) -> bool:
        relative = Path(folder).relative_to(root).as_posix()
        return any(
            prefix.startswith(relative + "/") or f"{relative}/".startswith(f"{prefix}/")
            for prefix in prefixes
        )

    return wanted
