"""Processes: sharing work with forked copies of this process, and child processes that
end with their parent.

Used by every stage that has work for more than one core (drawing narratives, writing
pages, running checks, rendering PDFs); nothing here knows about briefings.
"""

from generator.processes.children import end_with_parent, run_folder, temporary_files_in
from generator.processes.forking import Background, map_in_forks

__all__ = [
    "Background",
    "end_with_parent",
    "map_in_forks",
    "run_folder",
    "temporary_files_in",
]
