"""Our settings: read once from the Pelican settings file, checked, and typed.

The settings file is Pelican's (``pelicanconf.py``), so Pelican's own keys and ours
live side by side in it, under Pelican's upper-case names. :func:`load_settings` reads
it once, at the start of a command, into a :class:`Settings`: every value the build
reads has a type, a default in one place and an error message that names the key.
Pelican still gets its dictionary (:attr:`Settings.pelican`), and templates read the
same values there under their file names.

The as-of date decides what is past or upcoming and which figures are stale. It is
the date of the work being built, so two builds of the same commit give the same
bytes: ``BRIEFINGS_AS_OF`` in the settings (``--as-of``), else ``SOURCE_DATE_EPOCH``,
else, when the git work tree has uncommitted changes, today (the date a commit made
now would carry, so a source read today passes ``check`` before it is committed),
else the date of the last git commit, else (see :func:`generator.site.load_site`) the
latest review date in the content. :func:`default_as_of` is that rule, and
:meth:`Settings.dated_now` applies it to the files ``briefings new`` writes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pelican.settings import read_settings
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator.model.languages import Language

FIXED_LOCALE = ("C.UTF-8", "C")
"""The locale every build runs in (Pelican's ``LOCALE``), whatever the user's: dates are
written in English by our templates, so the same content gives the same bytes."""

CACHE_FOLDER = ".briefings-cache"
PDF_VARIANT_PATTERN = r"^pdf/(ua-[12]|a-[1-4][abeuf])$"

FILE_NAMES = {
    "content_dir": "PATH",
    "theme_dir": "THEME",
    "output_dir": "OUTPUT_PATH",
    "cache_dir": "BRIEFINGS_CACHE_PATH",
    "site_name": "SITENAME",
    "lang": "DEFAULT_LANG",
    "translations": "BRIEFINGS_TRANSLATIONS",
    "canonical_url": "SITEURL_CANONICAL",
    "as_of": "BRIEFINGS_AS_OF",
    "stale_months": "BRIEFINGS_STALE_MONTHS",
    "review_months": "BRIEFINGS_REVIEW_MONTHS",
    "include_drafts": "BRIEFINGS_INCLUDE_DRAFTS",
    "distribution": "BRIEFINGS_DISTRIBUTION",
    "edition": "BRIEFINGS_EDITION",
    "internal_distribution": "BRIEFINGS_INTERNAL_DISTRIBUTION",
    "pdf_links": "BRIEFINGS_PDF",
    "pdf_variant": "BRIEFINGS_PDF_VARIANT",
    "workers": "BRIEFINGS_WORKERS",
}
"""Each setting's name in the settings file, where Pelican and templates read it too."""

MESSAGES = {
    "as_of": "must be a date such as 2026-02-01",
    "stale_months": "must be a whole number of months, 1 or more",
    "review_months": "must be a whole number of months, 1 or more",
    "pdf_variant": 'must be "pdf/ua-1" (tagged, the default), "pdf/ua-2", or a PDF/A '
    'variant such as "pdf/a-3u" (archival)',
    "workers": "must be a whole number of processes, 1 or more",
    "translations": 'must be a list of language codes, such as ["tr"]',
    "edition": 'must be "public" (the default) or "internal"',
}
"""What to write, after the key, when pydantic refuses a value."""


AsOfRule = Literal["settings", "SOURCE_DATE_EPOCH", "uncommitted changes", "last commit", "content"]
"""Where the as-of date came from; ``content``: nowhere yet, the site takes the latest
review date."""


class SettingsError(ValueError):
    """A setting in the settings file (or on the command line) has a wrong value."""


class Settings(BaseModel):
    """Everything our code reads from the settings, with its type and default."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    content_dir: Path
    theme_dir: Path
    output_dir: Path
    cache_dir: Path
    """What builds keep to reuse: ``.briefings-cache/`` beside ``output/`` by default."""
    site_name: str = "Briefings"
    lang: Language = "en"
    """The language content is written in, published at the site's root."""
    translations: list[Language] = []
    """The languages content may be translated into, each published under ``/<lang>/``."""
    canonical_url: str = ""
    """The site's public home without its trailing slash; empty when it has none."""
    as_of: dt.date | None = None
    as_of_rule: AsOfRule = "settings"
    """Which rule of :func:`default_as_of` gave ``as_of``: a build says when it is today's."""
    stale_months: int = Field(12, ge=1)
    review_months: int = Field(6, ge=1)
    """How long a published briefing goes between two reviews (``briefings review``)."""
    include_drafts: bool = False
    distribution: str = "Unclassified — for public distribution"
    """The marking on every page and PDF page of the public edition."""
    edition: Literal["public", "internal"] = "public"
    """Which edition to build: the internal one adds the fields and blocks marked internal
    (see :mod:`generator.content.editions`); the public one holds none of their bytes."""
    internal_distribution: str = "Internal — not for public distribution"
    """The marking of the internal edition."""
    pdf_links: bool = True
    """Whether pages offer their PDFs; a build without PDFs turns it off."""
    pdf_variant: str = Field("pdf/ua-1", pattern=PDF_VARIANT_PATTERN)
    workers: int | None = Field(None, ge=1)
    """Processes that draw, write pages, check and render PDFs; ``None``: one per core."""
    pelican: dict[str, Any] = Field(default_factory=dict, repr=False)
    """Pelican's settings, ours included under their file names, as Pelican reads them."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The originals' language first, then those of the translations."""
        return (self.lang, *(lang for lang in self.translations if lang != self.lang))

    @field_validator("canonical_url", mode="before")
    @classmethod
    def _without_trailing_slash(cls, value: object) -> object:
        return value.rstrip("/") if isinstance(value, str) else value

    @classmethod
    def from_pelican(
        cls, pelican: Mapping[str, Any], project_dir: Path, *, today: dt.date | None = None
    ) -> Settings:
        """Our settings from a dictionary Pelican read, with the as-of date resolved
        (``today``: the clock's date, for tests that must not depend on it)."""
        values: dict[str, Any] = {
            field: pelican[name] for field, name in FILE_NAMES.items() if name in pelican
        }
        for field in ("content_dir", "theme_dir", "output_dir", "cache_dir"):
            if values.get(field) is not None:
                values[field] = Path(values[field])
        values.setdefault("cache_dir", None)
        if values["cache_dir"] is None:
            values["cache_dir"] = Path(pelican["OUTPUT_PATH"]).parent / CACHE_FOLDER
        if values.get("canonical_url") is None:
            values["canonical_url"] = ""
        as_of = values.get("as_of")
        if as_of is None:
            values["as_of"], values["as_of_rule"] = default_as_of(
                project_dir, values["content_dir"], today=today
            )
        elif isinstance(as_of, str):
            try:
                values["as_of"] = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise SettingsError(f"BRIEFINGS_AS_OF: {exc}") from exc
        try:
            settings = cls(**values, pelican=dict(pelican))
        except ValidationError as exc:
            raise SettingsError(_explained(exc)) from None
        return settings.with_pelican()

    def with_pelican(self) -> Settings:
        """These settings with Pelican's dictionary saying the same as they do, so
        templates show the values the code uses (the resolved as-of date, the cache)."""
        pelican = dict(self.pelican)
        for field, name in FILE_NAMES.items():
            value = getattr(self, field)
            pelican[name] = str(value) if isinstance(value, Path) else value
        pelican["BRIEFINGS_MARKING"] = self.marking
        return self.model_copy(update={"pelican": pelican})

    @property
    def marking(self) -> str:
        """The distribution marking of the edition being built."""
        return self.internal_distribution if self.edition == "internal" else self.distribution

    def dated_now(self, today: dt.date | None = None) -> dt.date:
        """The date for content written now (a review date, an update's day): the
        as-of date the build will give it. A date set in the settings or by
        ``SOURCE_DATE_EPOCH`` stays; otherwise the new files are uncommitted changes,
        which the build dates today (outside git, the new review date becomes the
        latest one, which the build takes)."""
        if self.as_of is not None and self.as_of_rule in ("settings", "SOURCE_DATE_EPOCH"):
            return self.as_of
        return today or dt.date.today()

    def as_of_note(self) -> str | None:
        """What to tell the contributor when the as-of date is today's, not a commit's."""
        if self.as_of is None or self.as_of_rule != "uncommitted changes":
            return None
        return (
            f"as of today, {self.as_of.isoformat()}: the work tree has uncommitted changes, "
            "and a commit made now would carry today's date (a build of a commit is as of "
            "its date; give another with --as-of)"
        )

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (our field names), checked again."""
        try:
            changed = type(self).model_validate({**dict(self), **changes})
        except ValidationError as exc:
            raise SettingsError(_explained(exc)) from None
        return changed.with_pelican()


def load_settings(
    settings_file: Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
) -> Settings:
    """Read a settings file (Pelican's format) with ``overrides`` (under the file's names).

    Pelican would set the locale of the user's environment, and with it the month names
    of every date it formats; ours are English whatever the machine (``FIXED_LOCALE``).
    Reading the file leaves no ``__pycache__`` beside it, in a folder that is content.
    """
    dont_write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        pelican = read_settings(
            str(settings_file), override={"LOCALE": FIXED_LOCALE, **(overrides or {})}
        )
    except ValueError as exc:  # Pelican's own checks, such as a missing theme folder
        raise SettingsError(f"{settings_file.name}: {exc}") from exc
    finally:
        sys.dont_write_bytecode = dont_write_bytecode
    return Settings.from_pelican(pelican, settings_file.parent, today=today)


def default_as_of(
    project_dir: Path, content_dir: Path, *, today: dt.date | None = None
) -> tuple[dt.date | None, AsOfRule]:
    """The as-of date when the settings give none, and the rule that gave it.

    Uncommitted work is checked against the date it will carry once committed: a
    source ``accessed`` today is not "in the future" until the contributor commits.
    Changes are those a commit would take: tracked files modified (staged or not) in
    the project, and new files under the content folder (other untracked files, and
    ignored ones such as ``output/``, do not date the content). A clean tree gives
    the last commit's date, so builds of a commit are byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date(), "SOURCE_DATE_EPOCH"
    modified = _git(project_dir, "status", "--porcelain", "--untracked-files=no", "--", ".")
    added = _git(project_dir, "ls-files", "--others", "--exclude-standard", "--", str(content_dir))
    if modified or added:
        return today or dt.date.today(), "uncommitted changes"
    try:
        return dt.date.fromisoformat(_git(project_dir, "log", "-1", "--format=%cs")), "last commit"
    except ValueError:  # not a git work tree, or no commit yet
        return None, "content"


def _git(project_dir: Path, *args: str) -> str:
    """What a read-only git command prints, or nothing when git fails (no repository).

    ``--no-optional-locks``: ``status`` must not take the index lock from the
    contributor's own git commands running at the same time.
    """
    try:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(project_dir), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _explained(error: ValidationError) -> str:
    """Each refused value as ``KEY must be ...``, under the name the settings file uses."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        name = FILE_NAMES.get(field, field)
        reason = MESSAGES.get(field) or problem["msg"]
        lines.append(f"{name} {reason}, not {problem.get('input')!r}")
    return "; ".join(lines)
