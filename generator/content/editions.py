"""The public and the internal edition of the same content.

Some content is for the principal only: a meeting's ``talking_points``, a figure's
``internal_note``, a source marked ``internal: true`` and the blocks of a narrative
between ``::: internal`` and ``:::`` (which :mod:`generator.markdown` drops from a public
rendering). The internal edition keeps them; the public one is made from a corpus
without them, so no later stage (pages, PDFs, search, exports, feeds) can show a byte
of them, whatever its template or code does.
"""

from __future__ import annotations

from dataclasses import replace

from generator.content.corpus import Corpus, Relationship

INTERNAL_FIELDS = {"events": "talking_points", "figures": "internal_note"}
"""The fields of ``data.yaml`` entries that only the internal edition shows."""


def public_edition(corpus: Corpus) -> Corpus:
    """``corpus`` without its internal fields and sources; which sources were left out
    is kept (``withheld_sources``), so a public citation of one can be named as such."""
    internal = {ident for ident, source in corpus.sources.items() if source.internal}
    if not internal and not any(_has_internal(r) for r in corpus.relationships):
        return corpus
    return replace(
        corpus,
        sources={i: s for i, s in corpus.sources.items() if i not in internal},
        relationships=[_public(relationship) for relationship in corpus.relationships],
        withheld_sources=frozenset(internal),
    )


def _has_internal(relationship: Relationship) -> bool:
    data = relationship.data
    return any(
        getattr(item, field)
        for name, field in INTERNAL_FIELDS.items()
        for item in getattr(data, name)
    )


def _public(relationship: Relationship) -> Relationship:
    data = relationship.data
    cleared = {
        name: [
            item.model_copy(update={field: type(item).model_fields[field].get_default()})
            if getattr(item, field)
            else item
            for item in getattr(data, name)
        ]
        for name, field in INTERNAL_FIELDS.items()
    }
    return replace(relationship, data=data.model_copy(update=cleared))
