"""Our Pelican settings: defaults, checks, and the date the build is "as of".

The as-of date decides what is past or upcoming and which figures are stale. It is
never read from the clock, so two builds of the same commit give the same bytes:
``BRIEFINGS_AS_OF`` in the settings, else ``SOURCE_DATE_EPOCH``, else the date of
the last git commit, else the latest review date in the content.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

FIXED_LOCALE = ("C.UTF-8", "C")
"""The locale every build runs in (Pelican's ``LOCALE``), whatever the user's: dates are
written in English by our templates, so the same content gives the same bytes."""

DEFAULTS: dict[str, Any] = {
    "BRIEFINGS_AS_OF": None,
    "BRIEFINGS_STALE_MONTHS": 12,
    "BRIEFINGS_INCLUDE_DRAFTS": False,
    "BRIEFINGS_DISTRIBUTION": "Unclassified — for public distribution",
    "BRIEFINGS_PDF": True,
    "BRIEFINGS_PDF_VARIANT": "pdf/ua-1",
}


class SettingsError(ValueError):
    """A setting in pelicanconf.py has a wrong value."""


def complete(settings: MutableMapping[str, Any], project_dir: Path) -> None:
    """Fill in our defaults and the as-of date; raise SettingsError on a bad value."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    as_of = settings["BRIEFINGS_AS_OF"]
    if as_of is None:
        settings["BRIEFINGS_AS_OF"] = default_as_of(project_dir)
    elif isinstance(as_of, str):
        try:
            settings["BRIEFINGS_AS_OF"] = dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise SettingsError(f"BRIEFINGS_AS_OF: {exc}") from exc
    elif not isinstance(as_of, dt.date):
        raise SettingsError("BRIEFINGS_AS_OF must be a date such as 2026-02-01")
    months = settings["BRIEFINGS_STALE_MONTHS"]
    if not isinstance(months, int) or months < 1:
        raise SettingsError("BRIEFINGS_STALE_MONTHS must be a whole number of months, 1 or more")
    variant = settings["BRIEFINGS_PDF_VARIANT"]
    if not isinstance(variant, str) or not re.fullmatch(r"pdf/(ua-[12]|a-[1-4][abeuf])", variant):
        raise SettingsError(
            'BRIEFINGS_PDF_VARIANT must be "pdf/ua-1" (tagged, the default), "pdf/ua-2", '
            f'or a PDF/A variant such as "pdf/a-3u" (archival), not {variant!r}'
        )


def default_as_of(project_dir: Path) -> dt.date | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    try:
        stamp = subprocess.run(
            ["git", "-C", str(project_dir), "log", "-1", "--format=%cs"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        return dt.date.fromisoformat(stamp)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
