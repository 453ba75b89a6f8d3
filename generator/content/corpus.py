"""The whole content folder, loaded into the typed model, each item placed in its file.

``load_corpus`` never raises on bad content: it returns what it could load and the
located problems, so ``briefings check`` can report every mistake in one run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.content.loading import (
    MarkdownDocument,
    YamlDocument,
    parses_remembered,
    read_markdown,
    read_yaml,
    symbolic_links,
)
from generator.content.translations import Translation, apply, load_translations
from generator.content.validation import validate, validate_items
from generator.model.base import ContentModel, translated
from generator.model.countries import Country
from generator.model.registries import (
    Measure,
    Mechanism,
    Organization,
    Person,
    Source,
    Topic,
)
from generator.model.relationships import FrontMatter, RelationshipData
from generator.problems import Problem, error
from generator.processes import map_in_forks

REGISTRIES: dict[str, type[ContentModel]] = {
    "sources": Source,
    "people": Person,
    "organizations": Organization,
    "mechanisms": Mechanism,
    "topics": Topic,
    "measures": Measure,
}
"""Each shared registry is ``content/<name>.yaml`` holding a list under the key ``<name>``."""

RELATIONSHIPS_DIR = "relationships"

DEFAULT_LANGUAGE = "en"
"""The language of the originals unless the settings name another first."""

M = TypeVar("M", bound=ContentModel)


def canonical_slug(codes: list[str]) -> str:
    """``kz-tr`` for Türkiye–Kazakhstan in any order: ISO codes, lower case, sorted."""
    return "-".join(sorted(code.lower() for code in codes))


@dataclass
class Relationship:
    """One ``content/relationships/<slug>/`` folder: narrative plus structured data."""

    slug: str
    front: FrontMatter
    data: RelationshipData
    index: MarkdownDocument
    data_document: YamlDocument | None
    lang: str = DEFAULT_LANGUAGE
    """The language its text is written in."""
    translations: dict[str, Translation] = field(default_factory=dict)
    """Its text in other languages, by language; none on a relationship that is itself
    a translation."""
    original: Relationship | None = None
    """The relationship this one translates, on a translation."""
    digest: str = ""
    """SHA-256 of every file of its folder: what was loaded, so that what is made from
    it can be kept while the folder is unchanged (``briefings serve``)."""

    @property
    def countries(self) -> list[Country]:
        return [Country(code) for code in self.front.countries]

    @property
    def title(self) -> str:
        return self.front.title

    @property
    def translation(self) -> Translation | None:
        """On a translation, what its files say (and how far behind its original it is)."""
        return self.original.translations[self.lang] if self.original else None

    def in_language(self, lang: str) -> Relationship | None:
        """This relationship with its text in ``lang``; ``None`` when it has no
        translation into it (a page is never invented in a language it was not written in)."""
        if lang == self.lang:
            return self
        found = self.translations.get(lang)
        if found is None:
            return None
        front, index, data = apply(found, self.index, self.data)
        return Relationship(
            self.slug,
            self.front.model_copy(update=front),
            data,
            index,
            self.data_document,
            lang=lang,
            original=self,
            digest=self.digest,
        )


@dataclass
class Corpus:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    mechanisms: dict[str, Mechanism] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    registry_documents: dict[str, YamlDocument] = field(default_factory=dict)
    withheld_sources: frozenset[str] = frozenset()
    """Internal sources a public edition left out (:mod:`generator.content.editions`)."""
    registry_entries: dict[str, list[ContentModel]] = field(default_factory=dict)
    """Every valid entry of each registry file, in file order: the registries above keep
    the first entry of an id, checks look at all of them."""

    def registry(self, name: str) -> dict[str, BaseModel]:
        registry: dict[str, BaseModel] = getattr(self, name)
        return registry

    def entries(self, name: str, model: type[M]) -> list[M]:
        """The valid entries of ``content/<name>.yaml``, a repeated id included."""
        return [entry for entry in self.registry_entries.get(name, []) if isinstance(entry, model)]

    def in_language(self, lang: str) -> Corpus:
        """The content as a reader of ``lang`` sees it: the relationships translated into
        it, and every registry entry with its name in ``lang`` where one is given."""
        if all(r.lang == lang for r in self.relationships):
            return self
        registries = {
            name: {
                ident: _registry_text(entry, lang) for ident, entry in self.registry(name).items()
            }
            for name in REGISTRIES
        }
        found = (r.in_language(lang) for r in self.relationships)
        return replace(
            self,
            relationships=[r for r in found if r is not None],
            **registries,  # type: ignore[arg-type]
        )


def _registry_text(entry: BaseModel, lang: str) -> BaseModel:
    texts = getattr(entry, "translations", {})
    return translated(entry, texts.get(lang))


def load_corpus(
    content_dir: Path,
    project_dir: Path | None = None,
    workers: int | None = None,
    languages: Sequence[str] = (DEFAULT_LANGUAGE,),
) -> tuple[Corpus, list[Problem]]:
    """Load registries and relationships; paths in problems are relative to ``project_dir``.
    ``languages``: the originals' language, then those they may be translated into.

    The relationships are parsed by ``workers`` processes (default: one per core), or
    all here when this process keeps its parses to reuse them (``briefings serve``).
    """
    shown = partial(display_path, project_dir=project_dir or content_dir.parent)
    corpus = Corpus(root=content_dir)
    problems = symbolic_links(content_dir, shown)
    if content_dir.is_symlink():
        return corpus, problems

    for name, model in REGISTRIES.items():
        path = content_dir / f"{name}.yaml"
        if not path.exists():
            continue
        document, found = read_yaml(path, display_path=shown(path))
        problems += found
        if document is None:
            continue
        corpus.registry_documents[name] = document
        problems += _unexpected_keys(document, {name})
        items, found = _validated_registry(model, document, name)
        problems += found
        corpus.registry_entries[name] = items
        registry = corpus.registry(name)
        for item in items:
            # A repeated id is reported by checks/duplicates.py; the first one counts.
            registry.setdefault(item.id, item)  # type: ignore[attr-defined]

    relationships_dir = content_dir / RELATIONSHIPS_DIR
    folders = sorted(p for p in relationships_dir.glob("*") if p.is_dir() and not p.is_symlink())
    load = partial(_load_relationship, shown=shown, languages=languages)
    if parses_remembered():
        loaded = [_remembered_load(folder, load, tuple(languages)) for folder in folders]
    else:
        loaded = map_in_forks(load, folders, workers)
    for relationship, found in loaded:
        problems += found
        if relationship is not None:
            corpus.relationships.append(relationship)
    return corpus, problems


def display_path(path: Path, project_dir: Path) -> str:
    """How problems name ``path``: relative to the project, where it lies inside it."""
    try:
        return str(path.relative_to(project_dir))
    except ValueError:
        return str(path)


_Loaded = tuple["Relationship | None", list[Problem]]
_loads: dict[tuple[Path, tuple[str, ...]], tuple[str, _Loaded]] = {}
_validations: dict[str, tuple[YamlDocument, list[ContentModel], list[Problem]]] = {}


def _validated_registry(
    model: type[ContentModel], document: YamlDocument, name: str
) -> tuple[list[ContentModel], list[Problem]]:
    """The registry's entries; while parses are remembered, validated again only when
    its file was parsed again (its text changed)."""
    known = _validations.get(name)
    if parses_remembered() and known is not None and known[0] is document:
        return known[1], known[2]
    items, problems = validate_items(model, document, name)
    if parses_remembered():
        _validations[name] = (document, items, problems)
    return items, problems


def _remembered_load(
    folder: Path, load: Callable[[Path], _Loaded], languages: tuple[str, ...]
) -> _Loaded:
    """The folder's relationship as loaded last time while none of its files changed
    (by name, inode, size and modification time): a preview rebuild after an edit then loads
    only the folder edited."""
    stamp = _stamp(folder)
    key = (folder, languages)
    known = _loads.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    loaded = load(folder)
    _loads[key] = (stamp, loaded)
    return loaded


def _stamp(folder: Path) -> str:
    """The name, inode, size and modification time of every file in ``folder``, at any
    depth."""
    stamps = []
    for directory, _folders, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            stat = os.stat(path)
            stamps.append(f"{path}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(sorted(stamps))


def folder_digest(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file in ``folder``, at any depth."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix().encode()
        digest.update(b"%d:%s" % (len(name), name))
        data = path.read_bytes()
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def _load_relationship(
    folder: Path, shown: Callable[[Path], str], languages: Sequence[str]
) -> tuple[Relationship | None, list[Problem]]:
    # data.yaml is read first, so its mistakes are reported even when index.md is broken.
    data, data_document, problems = _load_data(folder / "data.yaml", shown)
    index_path = folder / "index.md"
    if not index_path.exists():
        missing = error(
            shown(folder),
            1,
            1,
            "relationship folder without an index.md",
            "add index.md; see docs/content-guide.md",
        )
        return None, [*problems, missing]
    index, found = read_markdown(index_path, display_path=shown(index_path))
    problems += found
    if index is None:
        return None, problems
    front, found = validate(FrontMatter, index.front_matter.data, index.front_matter)
    problems += found
    if front is None:
        return None, problems
    slug = canonical_slug(front.countries)
    if folder.name != slug:
        line, column = front.position.locate(("countries",))
        problems.append(
            error(
                front.position.file,
                line,
                column,
                f'folder is named "{folder.name}" but these countries give "{slug}"',
                f"rename the folder to content/relationships/{slug}/",
            )
        )
    translations, found = load_translations(folder, shown, languages, (index, data))
    problems += found
    relationship = Relationship(
        slug,
        front,
        data,
        index,
        data_document,
        languages[0],
        translations,
        digest=folder_digest(folder),
    )
    return relationship, problems


def _load_data(
    data_path: Path, shown: Callable[[Path], str]
) -> tuple[RelationshipData, YamlDocument | None, list[Problem]]:
    if not data_path.exists():
        return RelationshipData(), None, []
    data_document, problems = read_yaml(data_path, display_path=shown(data_path))
    if data_document is None:
        return RelationshipData(), None, problems
    problems += _unexpected_keys(data_document, set(RelationshipData.model_fields))
    fields: dict[str, Any] = {}
    for key, spec in RelationshipData.model_fields.items():
        model = spec.annotation.__args__[0]  # type: ignore[union-attr]
        fields[key], found = validate_items(model, data_document, key)
        problems += found
    return RelationshipData.model_construct(**fields), data_document, problems


def _unexpected_keys(document: YamlDocument, allowed: set[str]) -> list[Problem]:
    if not isinstance(document.data, dict):
        return [
            error(
                document.display_path,
                1,
                1,
                "expected a mapping at the top of the file",
                "start the file with its list's name, e.g. `sources:`",
            )
        ]
    problems = []
    for key in document.data:
        if key not in allowed:
            line, column = document.locate((key,))
            expected = ", ".join(sorted(allowed))
            problems.append(
                error(
                    document.display_path,
                    line,
                    column,
                    f"unknown top-level key `{key}`",
                    f"expected one of: {expected}",
                )
            )
    return problems
