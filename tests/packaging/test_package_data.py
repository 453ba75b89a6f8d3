"""The files an installed (not editable) package needs besides its Python modules."""

from __future__ import annotations

import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).parents[2]
GENERATOR = PROJECT_ROOT / "generator"


def declared() -> list[str]:
    settings = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    patterns: list[str] = settings["tool"]["setuptools"]["package-data"]["generator"]
    return patterns


def test_every_package_data_pattern_names_files_that_exist() -> None:
    assert [pattern for pattern in declared() if not list(GENERATOR.glob(pattern))] == []


def test_every_file_of_the_package_besides_python_is_package_data() -> None:
    listed = {path for pattern in declared() for path in GENERATOR.glob(pattern)}
    others = [
        path.relative_to(GENERATOR).as_posix()
        for path in GENERATOR.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and path not in listed
    ]

    assert others == []
