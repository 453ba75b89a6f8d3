"""The data model: pydantic types that mirror the content files, one module per kind.

- :mod:`.relationships`: a relationship's front matter (``index.md``) and its
  ``data.yaml`` (figures, events, agreements, areas, issues, changelog);
- :mod:`.registries`: the shared registries (sources, people, mechanisms,
  organizations, topics);
- :mod:`.countries`, :mod:`.dates`: ISO 3166 countries and partial dates;
- :mod:`.base`: what every item shares; :mod:`.positions`: where an item was read.

No I/O happens here: :mod:`generator.content` reads the files and validates them
against these types. Other packages import the modules by name.
"""
