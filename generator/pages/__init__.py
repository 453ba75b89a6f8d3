"""Page generation: the site model in, HTML pages out, through Pelican.

- :mod:`.generator` is the Pelican generator that writes the briefing pages;
- :mod:`.reader` reads ``content/pages`` and ``content/updates`` with our Markdown;
- :mod:`.entities`, :mod:`.timeline`, :mod:`.comparisons` and :mod:`.revisions` build the
  views of the country, person, mechanism, organization and topic pages, the timeline,
  the comparisons and the revision histories;
- :mod:`.catalogs` reads the translations of the theme's interface strings and finds
  the strings a language lacks.
"""

from generator.pages.catalogs import untranslated_strings
from generator.pages.plugin import PLUGIN, PagesRun, language_sites

__all__ = [
    "PLUGIN",
    "PagesRun",
    "language_sites",
    "untranslated_strings",
]
