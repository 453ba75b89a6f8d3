"""Pelican settings for the Briefings site (development and CI builds).

``publishconf.py`` adds the production URL on top of these.
"""

from pathlib import Path

import generator

PROJECT = Path(__file__).resolve().parent

SITENAME = "Briefings"
SITESUBTITLE = "Bilateral-relationship briefings: key figures, mechanisms, meetings and agreements, each with its source."
SITEURL = ""
RELATIVE_URLS = True
SITEURL_CANONICAL = ""
"""Where the site is published: canonical links, feeds, the sitemap, and the links and
"current version" line of the PDF briefs use it. None here, so that no build prints an
address nobody has published at: deployments set theirs (``publishconf.py``)."""

PATH = str(PROJECT / "content")
THEME = str(PROJECT / "theme")
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
OUTPUT_PATH = str(PROJECT / "output")

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
BRIEFINGS_TRANSLATIONS = ["tr"]
"""Languages the briefings may be translated into: each is published under /<lang>/."""
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PLUGINS = [generator]

# Only dated updates are Pelican articles and only content/pages are pages; the
# relationships are read by our plugin. No reader passes raw HTML through.
ARTICLE_PATHS = ["updates"]
PAGE_PATHS = ["pages"]
STATIC_PATHS: list[str] = []
ARTICLE_URL = "updates/{slug}/"
ARTICLE_SAVE_AS = "updates/{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
INDEX_SAVE_AS = "updates/index.html"
DIRECT_TEMPLATES = ["index"]
ARCHIVES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"
# An update or page with `status: draft` is never written (`briefings serve` shows drafts
# at their final URL). Pelican's drafts need a category even with category pages off.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DEFAULT_METADATA = {"category": "updates"}

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# Briefings settings (see generator/settings.py for all of them and their defaults).
BRIEFINGS_DISTRIBUTION = "UNCLASSIFIED — for public distribution"
BRIEFINGS_STALE_MONTHS = 12
BRIEFINGS_REVIEW_MONTHS = 6
