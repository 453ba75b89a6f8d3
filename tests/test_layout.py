"""The layout of ``generator/``: one package per pipeline stage, each with a small public
API that the other packages use (docs/architecture.md)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

GENERATOR = Path(__file__).parents[1] / "generator"
PACKAGES = sorted(p.name for p in GENERATOR.iterdir() if (p / "__init__.py").is_file())
PUBLIC_MODULES = ("generator.model.", "generator.site.urls")
"""Modules other packages may import by name: the model's types, one module per kind of
content file, and the one module of address rules."""


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    found += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    return [module for module in found if module and module.startswith("generator.")]


def test_the_stages_have_a_package_each() -> None:
    stages = {"content", "model", "markdown", "site", "checks", "pages", "outputs", "pdf"}
    assert stages | {"engine", "processes", "serve", "scaffold"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_says_what_it_does_and_exports_what_it_names(package: str) -> None:
    module = importlib.import_module(f"generator.{package}")
    assert module.__doc__ and len(module.__doc__.split()) > 10
    missing = [name for name in getattr(module, "__all__", []) if not hasattr(module, name)]
    assert missing == []


def test_other_packages_import_a_package_not_its_modules() -> None:
    reaching_in = []
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(GENERATOR).parts
        own = f"generator.{parts[0]}." if len(parts) > 1 else "generator.__main__."
        for module in imported_modules(path):
            if module.count(".") < 2 or module.startswith((own, *PUBLIC_MODULES)):
                continue
            reaching_in.append(f"{'/'.join(parts)} imports {module}")
    assert reaching_in == []
