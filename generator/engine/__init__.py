"""The build engine: settings in, a published ``output/`` (or located problems) out.

- :mod:`.pipeline` runs the stages in order: load and check the content, write the pages,
  render the PDFs, write the data files and the search index;
- :mod:`.publishing` builds into a staging folder and swaps it in only when everything
  succeeded, so a failed build leaves the previous site whole;
- :mod:`.last_build` skips a build whose inputs are those of the last one;
- :mod:`.briefs` renders one meeting brief on demand.
"""

from generator.engine.briefs import render_meeting_brief
from generator.engine.pipeline import (
    DATA_SUFFIXES,
    BuildError,
    BuildResult,
    build,
    check,
    review,
    write_data_files,
    write_pages,
    write_search_index,
)

__all__ = [
    "DATA_SUFFIXES",
    "BuildError",
    "BuildResult",
    "build",
    "check",
    "render_meeting_brief",
    "review",
    "write_data_files",
    "write_pages",
    "write_search_index",
]
