"""The files beside the pages: the site model (and written pages) in, machine-readable
files out.

- :mod:`.feeds`: Atom feeds of updates and changes;
- :mod:`.exports`: CSV, JSON and iCalendar exports of figures, events and agreements;
- :mod:`.sitemap`: ``sitemap.xml``;
- :mod:`.favicon`: the theme's icon at ``/favicon.ico``;
- :mod:`.search`: the Pagefind index of the written pages.
"""

from generator.outputs.exports import write_exports
from generator.outputs.favicon import write_favicon
from generator.outputs.feeds import collect_updates, write_feeds
from generator.outputs.search import SEARCH_BUNDLE, SearchIndexError, index_site, indexing
from generator.outputs.sitemap import write_sitemap

__all__ = [
    "SEARCH_BUNDLE",
    "SearchIndexError",
    "collect_updates",
    "index_site",
    "indexing",
    "write_exports",
    "write_favicon",
    "write_feeds",
    "write_sitemap",
]
