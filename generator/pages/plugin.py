"""What our Pelican plugin gives Pelican and takes back, one run at a time.

Pelican makes its readers and generators itself, from its settings dictionary, so the
site model cannot reach them as arguments. It reaches them through :data:`PLUGIN`,
whose methods ``register()`` connects to Pelican's signals: a build hands it a
:class:`PagesRun` (the site and settings in), and the run keeps what Pelican gives back
(the articles it read, our generator with the pages it planned). Nothing travels in
Pelican's settings, and outside a run the plugin refuses to work rather than load a
second site of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from pelican import Pelican
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator
from pelican.log import console as pelican_console
from pelican.readers import Readers

from generator.pages.catalogs import SOURCE_LANGUAGE, load_catalog
from generator.pages.generator import BriefingsGenerator, add_language_filters
from generator.pages.reader import REPLACED_FORMATS, MarkdownReader
from generator.pages.url_helpers import add_url_helpers
from generator.settings import Settings
from generator.site import Site, Wording


class PluginError(RuntimeError):
    """Pelican ran our plugin outside a build of ours."""


@dataclass
class PagesRun:
    """One Pelican run: the site and settings it writes from, what Pelican gave back."""

    site: Site
    settings: Settings
    articles: list[Article] = field(default_factory=list)
    """The published updates Pelican read, for the feeds and the sitemap."""
    generator: BriefingsGenerator | None = None
    sizes_later: bool = False
    """Whether the PDFs' sizes will be given (:meth:`write_pdf_sizes`), once they exist."""

    @cached_property
    def sites(self) -> list[Site]:
        """The site in each language it is published in (:func:`language_sites`)."""
        return language_sites(self.site, self.settings)

    def write(self) -> None:
        """Every HTML page, through Pelican, into the settings' output folder.

        Pages that show the size of a PDF show none yet: with ``sizes_later``, they mark
        its place, for :meth:`write_pdf_sizes`.
        """
        with PLUGIN.serving(self), _without_run_summary():
            Pelican(self.settings.pelican).run()

    def replan(self, site: Site) -> BriefingsGenerator:
        """This run's pages made from ``site`` instead (the content after an edit, with
        the same settings), planned as they are asked for; returns the generator that
        writes them."""
        if self.generator is None:
            raise PluginError("the pages were not written: nothing to plan again")
        self.site = site
        self.__dict__.pop("sites", None)  # the cached property, made again from ``site``
        self.generator.replan(self.sites)
        return self.generator

    def write_pdf_sizes(self, sizes: Mapping[str, int]) -> None:
        """Give the pages that link to a PDF its size.

        A brief is rendered from its page, so that page is written before its PDF's
        size is known; ``sizes`` maps each PDF's site-relative URL to its bytes.
        """
        if self.generator is None:
            raise PluginError("the pages were not written: nothing to give PDF sizes to")
        self.generator.write_pdf_sizes(sizes)


def language_sites(site: Site, settings: Settings) -> list[Site]:
    """``site`` in each language it is published in, the originals' first: each other
    language's has the briefings translated into it and speaks it through the theme's
    catalog for it."""
    theme_dir = settings.theme_dir
    return [
        site,
        *(
            site.in_language(Wording(lang, load_catalog(theme_dir, lang)))
            for lang in settings.languages[1:]
        ),
    ]


class Plugin:
    """Pelican's signals in, the current :class:`PagesRun`'s site out."""

    def __init__(self) -> None:
        self._run: PagesRun | None = None

    @contextmanager
    def serving(self, run: PagesRun) -> Iterator[PagesRun]:
        if self._run is not None:
            raise PluginError("one Pelican run at a time: a run is in progress")
        self._run = run
        try:
            yield run
        finally:
            self._run = None

    @property
    def run(self) -> PagesRun:
        if self._run is None:
            raise PluginError(
                "the Briefings plugin only runs inside `briefings build` or `briefings "
                "serve`, which give it the checked site; run those, not `pelican`"
            )
        return self._run

    def add_reader(self, readers: Readers) -> None:
        """Ours for ``.md``; none for reStructuredText or HTML, which pass raw markup
        through."""
        for extension in REPLACED_FORMATS:
            readers.reader_classes.pop(extension, None)
        readers.reader_classes["md"] = partial(MarkdownReader, site=self.run.site)

    def prepare_generator(self, generator: Generator) -> None:
        """Every generator escapes what its templates print, translates their interface
        strings, knows the site's address rules and forgets the readers we replaced;
        ours gets the run."""
        _escape_by_default(generator)
        _translate_interface(generator, self.run.settings)
        _forget_disabled_readers(generator)
        add_url_helpers(generator)
        add_language_filters(generator)
        if isinstance(generator, BriefingsGenerator):
            generator.run_with(self.run.sites, self.run.settings, sizes_later=self.run.sizes_later)
            self.run.generator = generator

    def get_generators(self, pelican: Pelican) -> type[Generator]:
        return BriefingsGenerator

    def keep_articles(self, generator: ArticlesGenerator) -> None:
        """Pelican signal ``article_generator_finalized``: the published articles."""
        self.run.articles = list(generator.articles)


PLUGIN = Plugin()


@contextmanager
def _without_run_summary() -> Iterator[None]:
    """Keep Pelican from printing its run summary, "Done: Processed 0 articles, …
    0 pages": it counts only the content Pelican read itself, not the pages our
    generator writes, so it reads as if nothing was built; ``briefings build`` says
    what was.

    Pelican prints the summary on its own console (rich's), not through logging, so
    its warnings still reach the handlers of the ``pelican`` logger.
    """
    was_quiet = pelican_console.quiet
    pelican_console.quiet = True
    try:
        yield
    finally:
        pelican_console.quiet = was_quiet


def _escape_by_default(generator: Generator) -> None:
    """Make every template Pelican renders escape what it prints, unless it is marked
    safe (``Markup``, such as the rendered narratives and charts).

    Content is untrusted, and any text from it (a title, a summary, a name) can hold
    ``<script>``; Pelican's Jinja environment does not escape by default.
    """
    generator.env.autoescape = True


def _translate_interface(generator: Generator, settings: Settings) -> None:
    """Let templates mark their interface strings, ``{% trans %}`` blocks and ``_()``,
    and give them the English strings (the msgids themselves); our generator switches
    to each page's language as it writes it.

    Newstyle gettext escapes what it substitutes, like the rest of the page, and takes
    ``%(name)s`` placeholders, so a translation cannot drop or reorder a value unseen.
    Trimmed blocks make a msgid one line however the template wraps it.
    """
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    translations = load_catalog(settings.theme_dir, SOURCE_LANGUAGE)
    env.install_gettext_translations(translations, newstyle=True)


def _forget_disabled_readers(generator: Any) -> None:
    """Pelican warns "Could not import 'markdown.Markdown'" for every ``.md`` file when
    Python-Markdown is missing, though ours reads them: forget its disabled readers."""
    readers = getattr(generator, "readers", None)
    if readers is not None:
        for extension in REPLACED_FORMATS:
            readers.disabled_readers.pop(extension, None)
