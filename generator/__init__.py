"""Briefings: a Pelican plugin that publishes bilateral-relationship briefings.

``register()`` only connects signals; the work lives in the modules named for it.
"""

from pelican import signals

from generator.outputs.feeds import keep_article_updates
from generator.pages.generator import escape_by_default, get_generators
from generator.pages.reader import add_reader, forget_disabled_readers
from generator.pages.url_helpers import add_url_helpers


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(escape_by_default)
    signals.generator_init.connect(add_url_helpers)
    signals.generator_init.connect(forget_disabled_readers)
    signals.get_generators.connect(get_generators)
    signals.article_generator_finalized.connect(keep_article_updates)
