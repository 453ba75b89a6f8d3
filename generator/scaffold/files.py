"""Rendering the scaffold templates and writing new files without overwriting any."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


class ScaffoldError(Exception):
    """What the contributor asked for cannot be done; the message says why and what to do."""


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is valid YAML."""
    return json.dumps(value, ensure_ascii=False)


_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # the output is Markdown and YAML, not HTML
)
_ENVIRONMENT.filters["yaml"] = _yaml_string


def render(name: str, **values: Any) -> str:
    return _ENVIRONMENT.get_template(name).render(**values)


def template_text(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def create(path: Path, text: str) -> None:
    """Write a file that must not exist yet (``x`` mode: never overwrites, even in a race)."""
    with path.open("x", encoding="utf-8") as stream:
        stream.write(text)


def replace(path: Path, text: str) -> None:
    """Rewrite ``path`` in one step, so a watcher or a crash never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix="~")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def shown(path: Path, project_dir: Path) -> str:
    """``content/relationships/kz-tr/data.yaml``: paths as the contributor sees them."""
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)
