"""Translations beside their original: refused when they cannot be right, warned about
when they fall behind it or say more than it does, and marked current by a command."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.engine import BuildError, check
from generator.problems import Problem
from generator.settings import load_settings
from tests.conftest import AS_OF, build_project, copy_project

KZ_TR = Path("content/relationships/kz-tr")
ENGLISH_LABEL = "    label: Bilateral trade\n"
TURKISH_LABEL = "    label: İkili ticaret\n"
"""The label of figure ``trade-volume``, in the original and in its translation."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def problems_of(project: Path) -> list[Problem]:
    settings = load_settings(project / "pelicanconf.py", {"BRIEFINGS_AS_OF": AS_OF})
    return check(settings)[1]


def messages(project: Path, about: str = "") -> list[str]:
    return [str(p) for p in problems_of(project) if about in p.message]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_shipped_translation_is_complete_and_current(project: Path) -> None:
    assert [p for p in problems_of(project) if "Turkish" in p.message] == []


def test_an_unknown_language_code_is_a_located_error(project: Path) -> None:
    (project / KZ_TR / "index.tr.md").rename(project / KZ_TR / "index.fr.md")
    found = messages(project, "unknown language code")
    assert found == [
        f"{KZ_TR}/index.fr.md:1:1: error: unknown language code `fr`: the settings "
        "translate into tr (add the language to BRIEFINGS_TRANSLATIONS in pelicanconf.py, "
        "or rename the file)"
    ]


def test_a_translation_without_its_index_is_an_error_and_nothing_is_published(
    project: Path,
) -> None:
    (project / KZ_TR / "index.tr.md").unlink()
    assert messages(project, "needs its index.tr.md") == [
        f"{KZ_TR}/data.tr.yaml:1:1: error: a translation needs its index.tr.md: the "
        "translated title, summary, bottom line and narrative (add index.tr.md beside it, "
        "or remove this file)"
    ]
    with pytest.raises(BuildError):
        build_project(project, pdf=False)
    assert not (project / "output").exists()


def test_a_translated_entry_the_original_lacks_is_an_error_naming_the_closest(
    project: Path,
) -> None:
    edit(project / KZ_TR / "data.tr.yaml", "  trade-volume:\n", "  trade-volum:\n")
    [found] = messages(project, "has the id")
    assert found.startswith(f"{KZ_TR}/data.tr.yaml:")
    assert "no entry of `figures` in data.yaml has the id `trade-volum`" in found
    assert "trade-volume" in found.split("(")[-1]


def test_a_translated_list_of_another_length_is_an_error(project: Path) -> None:
    edit(
        project / KZ_TR / "data.tr.yaml",
        "      - Afganistan, İran ve Filistin\n",
        "",
    )
    [found] = messages(project, "translate each")
    assert "`events.jspg-8.agenda` has 6 items in data.yaml" in found


def test_a_translation_in_another_encoding_is_a_located_error(project: Path) -> None:
    path = project / KZ_TR / "index.tr.md"
    path.write_bytes(path.read_text("utf-8").encode("cp1254"))
    [found] = messages(project, "invalid UTF-8")
    assert found.startswith(f"{KZ_TR}/index.tr.md:")
    assert "save the file as UTF-8" in found


def test_a_number_the_original_does_not_state_is_a_warning_at_the_translation(
    project: Path,
) -> None:
    edit(
        project / KZ_TR / "data.tr.yaml",
        "    label: İkili ticaret\n",
        "    label: İkili ticaret (%47)\n",
    )
    [found] = messages(project, "nowhere states")
    assert found.startswith(f"{KZ_TR}/data.tr.yaml:")
    assert "the Turkish text of `figures.trade-volume.label` gives 47" in found


def test_editing_the_original_warns_at_the_change_until_the_translation_is_marked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project / KZ_TR / "data.yaml", "    label: Bilateral trade\n", "    label: Two-way trade\n"
    )
    [found] = messages(project, "changed after the Turkish translation")
    assert found.startswith(f"{KZ_TR}/data.yaml:")
    assert "`figures.trade-volume.label` changed" in found
    assert "briefings translate mark kz-tr tr" in found

    settings = ["--settings", str(project / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]
    assert main([*settings, "translate", "status"]) == 0
    assert "kz-tr tr: behind: 1 texts changed" in capsys.readouterr().out

    assert main([*settings, "translate", "mark", "kz-tr", "tr"]) == 0
    assert messages(project, "Turkish translation") == []


def test_a_translated_page_says_when_its_original_has_changed_since(project: Path) -> None:
    edit(
        project / KZ_TR / "data.yaml", "    label: Bilateral trade\n", "    label: Two-way trade\n"
    )
    result = build_project(project, pdf=False)
    note = (result.output_dir / "tr/relationships/kz-tr/index.html").read_text("utf-8")
    assert "translation-note--behind" in note
    assert "İngilizce metin o tarihten bu yana değişti" in note


def test_a_person_s_offices_are_translated_each_in_order(project: Path) -> None:
    people = project / "content/people.yaml"
    edit(people, "          - office: Kazakistan Başbakan Yardımcısı\n", "")
    [found] = [p for p in messages(project, "offices") if "translate each" in p]
    assert found.startswith("content/people.yaml:")
    assert "`translations.tr.offices` gives 1 offices for 2: translate each, in order" in found


def test_the_turkish_pages_give_offices_as_turkish_writes_them(project: Path) -> None:
    result = build_project(project, pdf=False)
    page = (result.output_dir / "tr/people/kosherbayev/index.html").read_text("utf-8")
    assert "Kazakistan Dışişleri Bakanı" in page
    assert "Minister of Foreign Affairs" not in page
