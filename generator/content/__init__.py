"""Content loading: the files under ``content/`` in, a typed :class:`Corpus` and located
problems out.

- :mod:`.loading` reads YAML and Markdown front matter strictly (no duplicate keys, no
  surprising types), keeping every value's line and column;
- :mod:`.validation` places each valid item at its entry in the file (its
  :class:`~generator.model.positions.Position`), and turns pydantic's errors on the
  others into ``path:line:col`` problems;
- :mod:`.corpus` walks the content folder and builds the model of :mod:`generator.model`.

Nothing here knows about pages, URLs or Pelican.
"""

from generator.content.corpus import (
    RELATIONSHIPS_DIR,
    Corpus,
    Relationship,
    canonical_slug,
    display_path,
    load_corpus,
)
from generator.content.editions import public_edition
from generator.content.loading import (
    MarkdownDocument,
    YamlDocument,
    read_markdown,
    read_yaml,
    remember_parses,
    symbolic_links,
)
from generator.content.translations import (
    Translation,
    TranslationError,
    mark_translation,
    numbers_of,
    original_texts,
    translated_texts,
    translation_status,
)

__all__ = [
    "RELATIONSHIPS_DIR",
    "Corpus",
    "MarkdownDocument",
    "Relationship",
    "Translation",
    "TranslationError",
    "YamlDocument",
    "canonical_slug",
    "display_path",
    "load_corpus",
    "mark_translation",
    "numbers_of",
    "original_texts",
    "public_edition",
    "read_markdown",
    "read_yaml",
    "remember_parses",
    "symbolic_links",
    "translated_texts",
    "translation_status",
]
