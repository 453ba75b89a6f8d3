"""The theme's interface strings: every language's catalog covers them, a string
without a translation is a located error, and the catalogs load without compiling."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.engine import check
from generator.pages.catalogs import load_catalog, untranslated_strings
from generator.problems import error
from generator.settings import load_settings
from tests.conftest import AS_OF, PROJECT, copy_project

INTERFACE_LANGUAGES = ("en", "tr")
"""The languages the shipped settings publish."""

TURKISH_PO = "theme/translations/tr/LC_MESSAGES/messages.po"
NEW_STRING = "A synthetic test string no catalog has"


def add_line(template: Path, line: str) -> int:
    """Append ``line`` to ``template``; its line number."""
    text = template.read_text("utf-8")
    template.write_text(f"{text}{line}\n", "utf-8")
    return text.count("\n") + 1


def test_the_shipped_catalogs_translate_every_interface_string() -> None:
    assert untranslated_strings(PROJECT / "theme", INTERFACE_LANGUAGES) == []


def test_a_new_string_without_a_translation_is_one_error_at_its_template_line(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    line = add_line(
        project / "theme/templates/404.html", f"{{% trans %}}{NEW_STRING}{{% endtrans %}}"
    )
    _, problems = check(load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF}))
    assert [p for p in problems if p.path.startswith("theme")] == [
        error(
            "theme/templates/404.html",
            line,
            1,
            f'interface string "{NEW_STRING}" has no Turkish translation',
            f"run make messages-update, then translate it in {TURKISH_PO}",
        )
    ]


def test_a_fuzzy_translation_is_an_error_at_the_string(tmp_path: Path) -> None:
    """A translation merged from a similar string is a guess until someone checks it."""
    project = copy_project(tmp_path)
    po = project / TURKISH_PO
    po.write_text(
        po.read_text("utf-8").replace('msgid "Key figures"', '#, fuzzy\nmsgid "Key figures"'),
        "utf-8",
    )
    problems = untranslated_strings(project / "theme", INTERFACE_LANGUAGES)
    assert [(p.path, p.message) for p in problems] == [
        (
            "theme/templates/macros.html",
            'the Turkish translation of interface string "Key figures" is marked fuzzy',
        )
    ]


def test_a_translation_that_changes_a_placeholder_is_an_error_at_its_catalog_line(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    po = project / TURKISH_PO
    text = po.read_text("utf-8")
    po.write_text(text.replace('msgstr "kaynak %(number)s"', 'msgstr "kaynak %(numara)s"'), "utf-8")
    line = text[: text.index('msgid "source %(number)s"')].count("\n") + 1
    problems = untranslated_strings(project / "theme", INTERFACE_LANGUAGES)
    assert [(p.path, p.line) for p in problems] == [(TURKISH_PO, line)]
    assert "numara" in problems[0].message


def test_a_language_without_a_catalog_is_one_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    problems = untranslated_strings(project / "theme", ("en", "tr", "de"))
    assert [str(p) for p in problems] == [
        "theme/translations/de/LC_MESSAGES/messages.po:1:1: error: the German interface "
        "strings have no catalog (run make messages-update NEW_LANG=de)"
    ]


def test_the_turkish_catalog_loads_from_its_po_file() -> None:
    turkish = load_catalog(PROJECT / "theme", "tr")
    assert turkish.gettext("Key figures") == "Temel veriler"
    assert turkish.pgettext("button", "Search") == "Ara"
    assert turkish.ngettext("%(count)s change", "%(count)s changes", 2) == "%(count)s değişiklik"


def test_english_is_the_strings_as_written() -> None:
    assert load_catalog(PROJECT / "theme", "en").gettext("Key figures") == "Key figures"


def test_extracting_twice_gives_the_same_template(tmp_path: Path) -> None:
    """No date or version in the template, and a fixed order: a pull request's diff of
    messages.pot shows only strings that changed."""
    templates = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        subprocess.run(
            [
                "make",
                "-s",
                "-o",
                ".venv/.installed",
                "messages-extract",
                f"TRANSLATIONS={tmp_path / run}",
            ],
            cwd=PROJECT,
            check=True,
        )
        templates.append((tmp_path / run / "messages.pot").read_bytes())
    assert templates[0] == templates[1]
    assert b"POT-Creation-Date" not in templates[0]
    assert b'msgid "Key figures"' in templates[0]
