"""Briefings: a Pelican plugin that publishes bilateral-relationship briefings.

``register()`` only connects Pelican's signals to :data:`~generator.pages.plugin.PLUGIN`,
which holds the site of the run in progress; the work lives in the packages named for
each stage (see docs/architecture.md).
"""

from pelican import signals

from generator.pages import PLUGIN


def register() -> None:
    signals.readers_init.connect(PLUGIN.add_reader)
    signals.generator_init.connect(PLUGIN.prepare_generator)
    signals.get_generators.connect(PLUGIN.get_generators)
    signals.article_generator_finalized.connect(PLUGIN.keep_articles)
