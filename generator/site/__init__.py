"""The site model: the loaded corpus in, everything a page, a PDF or a data file shows out.

- :mod:`.site` holds :class:`~.site.Site` (the briefings with their rendered narratives,
  charts, numbered sources, past and upcoming events) and :func:`~.site.load_site`;
- :mod:`.urls` is every rule about addresses: page URLs, PDF and book files, links
  between pages, public URLs for feeds and PDFs;
- :mod:`.charts` draws the trade charts; :mod:`.formatting` writes numbers and ordinals.

Templates only lay these values out, so the same figure reads the same on the page, in
the PDF and in the exports.
"""
