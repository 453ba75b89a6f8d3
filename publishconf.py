"""Pelican settings for publishing: pelicanconf.py plus the site's public address.

Build with ``briefings --settings publishconf.py build``. Pages still link to each
other relatively, so the output works from any host or folder; what changes is that
canonical links, the "current version" line of the PDF briefs and the 404 page name
the public address. Set it with ``BRIEFINGS_SITEURL`` (no trailing slash).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402, F403

SITEURL_CANONICAL = os.environ.get("BRIEFINGS_SITEURL", "https://briefings.example.org").rstrip(
    "/"
)
"""Absolute base URL of the published site: canonical links and PDF "current version"."""
