"""The files beside the pages: the site model (and written pages) in, machine-readable
files out.

- :mod:`.feeds`: Atom feeds of updates and changes;
- :mod:`.exports`: CSV, JSON and iCalendar exports of figures, events and agreements;
- :mod:`.sitemap`: ``sitemap.xml``;
- :mod:`.search`: the Pagefind index of the written pages.
"""
