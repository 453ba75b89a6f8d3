"""Skip a build whose inputs are exactly those of the last build into the same folder.

The build is a pure function of the content, the theme, the settings (the as-of date
among them), our code and the versions of the installed packages. A digest of all of
them is recorded with a fingerprint of the ``output/`` it produced. When the next build
finds the same inputs and ``output/`` still as recorded, there is nothing to do: it
reports what the last build reported and leaves ``output/`` alone. Any change, or any
file touched in ``output/``, means a full build (which still reuses cached PDFs).

Not seen: system libraries and system fonts that WeasyPrint uses. After changing
those, delete ``.briefings-cache/`` to force a full build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.problems import Problem, Severity
from generator.settings import Settings

RECORD_FORMAT = 2
CODE_DIR = Path(__file__).resolve().parents[1]
"""The whole generator package: a change to any of its code is a change of inputs."""
LOCALE_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "LC_COLLATE", "TZ")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass
class Record:
    """What a build was made from, what it wrote, and what it reported."""

    inputs: str
    output: str
    problems: list[Problem] = field(default_factory=list)
    pdfs: list[str] = field(default_factory=list)
    pdf_warnings: list[str] = field(default_factory=list)


def inputs_digest(settings: Settings, options: Mapping[str, Any]) -> str:
    """SHA-256 over everything a build's output depends on."""
    digest = hashlib.sha256()
    facts = {
        "format": RECORD_FORMAT,
        "python": sys.version,
        "packages": sorted(
            f"{dist.metadata['Name']}=={dist.version}"
            for dist in importlib.metadata.distributions()
        ),
        "locale": {name: os.environ.get(name) for name in LOCALE_VARIABLES},
        "settings": _canonical(settings.pelican),
        "options": _canonical(options),
    }
    digest.update(json.dumps(facts, sort_keys=True).encode())
    folders = {"content": settings.content_dir, "theme": settings.theme_dir, "code": CODE_DIR}
    for name, folder in folders.items():
        digest.update(f"\0{name}\0".encode())
        _digest_tree(digest, Path(folder))
    return digest.hexdigest()


def output_digest(output_dir: Path) -> str:
    """SHA-256 over every path, file mode and file content under ``output_dir``: what
    "the same output" means byte for byte (the tests compare builds with it)."""
    digest = hashlib.sha256()
    _digest_tree(digest, output_dir, with_modes=True)
    return digest.hexdigest()


def output_fingerprint(output_dir: Path) -> str:
    """SHA-256 over every path under ``output_dir`` with its type, mode, size, inode and
    modification and change times, read from the file system without reading a file.

    What a build records and the next one compares, instead of :func:`output_digest`,
    which reads every byte of the site (PDFs included) after each build and again
    before each no-op rebuild. It is as safe for this purpose: writing to a file,
    truncating it, linking it or changing its mode sets its change time
    (``st_ctime_ns``) to the system clock's current time, which a program cannot choose
    (``touch -d`` sets only the modification time); a file replaced by another has
    another inode; adding, removing or renaming a file changes the list of paths. The
    only change it misses is one of the same size made within the same clock tick (a
    few milliseconds) as the build's own last change to that file, at the very end of
    the build, or after the system clock was set back: the content digest, computed
    after publishing, could likewise miss a change made while it read. File systems
    without change times (FAT) are not supported for ``output/``.
    """
    digest = hashlib.sha256()
    _fingerprint_folder(digest, str(output_dir), "")
    return digest.hexdigest()


def _fingerprint_folder(digest: Any, folder: str, relative: str) -> None:
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        path = relative + entry.name
        digest.update(
            f"\0{path}\0{info.st_mode:o}\0{info.st_size}\0{info.st_ino}"
            f"\0{info.st_mtime_ns}\0{info.st_ctime_ns}".encode()
        )
        if stat.S_ISDIR(info.st_mode):
            _fingerprint_folder(digest, entry.path, path + "/")


def find(cache_dir: Path, output_dir: Path, inputs: str) -> Record | None:
    """The last build's record if it had these inputs and ``output_dir`` is as it left it."""
    try:
        data = json.loads(_record_path(cache_dir, output_dir).read_text(encoding="utf-8"))
        if data.pop("format") != RECORD_FORMAT:
            return None
        data["problems"] = [
            Problem(**{**p, "severity": Severity(p["severity"])}) for p in data["problems"]
        ]
        record = Record(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if record.inputs != inputs or not output_dir.is_dir():
        return None
    return record if output_fingerprint(output_dir) == record.output else None


def remember(cache_dir: Path, output_dir: Path, record: Record) -> None:
    path = _record_path(cache_dir, output_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": RECORD_FORMAT, **asdict(record)}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    os.replace(temporary, path)


def forget(cache_dir: Path, output_dir: Path) -> None:
    _record_path(cache_dir, output_dir).unlink(missing_ok=True)


def _record_path(cache_dir: Path, output_dir: Path) -> Path:
    name = hashlib.sha256(str(output_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "builds" / f"{name}.json"


def _digest_tree(digest: Any, root: Path, *, with_modes: bool = False) -> None:
    for path in _walk(root):
        info = path.lstat()
        relative = path.relative_to(root).as_posix()
        mode = f"{stat.S_IMODE(info.st_mode):o}" if with_modes else ""
        if stat.S_ISLNK(info.st_mode):
            digest.update(f"\0link\0{relative}\0{os.readlink(path)}".encode())
        elif stat.S_ISREG(info.st_mode):
            digest.update(f"\0file\0{relative}\0{mode}\0".encode())
            with path.open("rb") as file:
                digest.update(hashlib.file_digest(file, "sha256").digest())
        elif stat.S_ISDIR(info.st_mode):
            digest.update(f"\0dir\0{relative}\0{mode}".encode())


def _walk(root: Path) -> Iterable[Path]:
    """Every entry under ``root`` in a fixed order, without following links or caches."""
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in [*folders, *sorted(files)]:
            yield Path(folder, name)


def _canonical(value: Any) -> Any:
    """``value`` as JSON-ready data that is the same in every process (no addresses, no
    set order)."""
    if isinstance(value, Mapping):
        return {
            str(key): _canonical(item)
            for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(_canonical(item), sort_keys=True) for item in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _ADDRESS.sub("", repr(value))
