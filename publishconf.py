"""Pelican settings for publishing: pelicanconf.py plus the site's public address.

Build with ``briefings --settings publishconf.py build``. Pages still link to each
other relatively, so the output works from any host or folder; what changes is that
canonical links, the "current version" line of the PDF briefs, the feeds and the 404
page name the public address. Set it with ``BRIEFINGS_SITEURL``; without it the build
names no address, rather than a made-up one.
"""

import os
from pathlib import Path

from pelican.settings import get_settings_from_file

# Read the pelicanconf.py beside this file by its path: `from pelicanconf import *`
# could pick up another project's settings module already imported in this process.
globals().update(get_settings_from_file(str(Path(__file__).with_name("pelicanconf.py"))))

SITEURL_CANONICAL = os.environ.get("BRIEFINGS_SITEURL", "").rstrip("/")
"""Absolute base URL of the published site, without a trailing slash."""
