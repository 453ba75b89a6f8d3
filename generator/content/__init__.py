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
