"""Processes: sharing work with forked copies of this process, and child processes that
end with their parent.

Used by every stage that has work for more than one core (drawing narratives, writing
pages, running checks, rendering PDFs); nothing here knows about briefings.
"""
