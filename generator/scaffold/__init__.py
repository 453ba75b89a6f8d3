"""Starting points for contributors: a new relationship, a dated update, a data item.

Every scaffold already passes ``briefings check``. Its placeholders say ``TODO``,
which ``check`` reports as warnings (``--strict`` fails on them), and a new
relationship or update starts as ``status: draft``: it shows in the preview and stays
out of the published site, so a placeholder is never published as a fact.
"""

from generator.scaffold.files import ScaffoldError, shown
from generator.scaffold.relationships import NewRelationship, find_relationship, new_relationship
from generator.scaffold.snippets import SNIPPETS, Appended, append_snippet, snippet
from generator.scaffold.updates import new_update

__all__ = [
    "SNIPPETS",
    "Appended",
    "NewRelationship",
    "ScaffoldError",
    "append_snippet",
    "find_relationship",
    "new_relationship",
    "new_update",
    "shown",
    "snippet",
]
