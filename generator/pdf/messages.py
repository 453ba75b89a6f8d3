"""What WeasyPrint logs while it renders a page: the page's warnings and errors.

WeasyPrint reports what it skips (an ignored CSS rule, an image it cannot read) through
its logger, not to the caller. Every message counts, even one an earlier page of the
process had: Pelican gives each logger created after it is imported a filter that drops
a warning it has seen before, WeasyPrint's included, and it is lifted meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER


@contextmanager
def weasyprint_records() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors that WeasyPrint logs inside the ``with`` block."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(logging.WARNING)
    filters = list(WEASYPRINT_LOGGER.filters)
    for dropping in filters:
        WEASYPRINT_LOGGER.removeFilter(dropping)
    WEASYPRINT_LOGGER.addHandler(handler)
    try:
        yield records
    finally:
        WEASYPRINT_LOGGER.removeHandler(handler)
        for dropping in filters:
            WEASYPRINT_LOGGER.addFilter(dropping)
