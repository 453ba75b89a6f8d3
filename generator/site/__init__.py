"""The site model: the loaded corpus in, everything a page, a PDF or a data file shows out.

- :mod:`.site` holds :class:`~.site.Site` (the briefings with their rendered narratives,
  charts, numbered sources, past and upcoming events) and :func:`~.site.load_site`;
- :mod:`.views` holds what a page shows: :class:`~.views.Briefing` and the views of its
  figures, events, mechanisms and agreements, with their numbered sources;
- :mod:`.urls` is every rule about addresses: page URLs, PDF and book files, feeds and
  exports, links between pages, public URLs for feeds and PDFs;
- :mod:`.charts` draws the trade charts; :mod:`.formatting` writes numbers, amounts, dates
  and ordinals as a page's language does (:class:`Wording`).

Templates only lay these values out, so the same figure reads the same on the page, in
the PDF and in the exports. Other packages import the names below, and addresses from
:mod:`.urls`.
"""

from generator.site.charts import Chart, bar_chart
from generator.site.formatting import ENGLISH, N_, Wording, capitals
from generator.site.meetings import MeetingBrief, meeting_briefs
from generator.site.site import REGISTRY_KINDS, Site, load_site
from generator.site.views import (
    AgreementView,
    Briefing,
    Cited,
    EventView,
    FigureView,
    MechanismView,
    PageLinks,
    SourceList,
    held_at_least,
)

__all__ = [
    "ENGLISH",
    "N_",
    "REGISTRY_KINDS",
    "AgreementView",
    "Briefing",
    "Chart",
    "Cited",
    "EventView",
    "FigureView",
    "MechanismView",
    "MeetingBrief",
    "PageLinks",
    "Site",
    "SourceList",
    "Wording",
    "bar_chart",
    "capitals",
    "held_at_least",
    "load_site",
    "meeting_briefs",
]
