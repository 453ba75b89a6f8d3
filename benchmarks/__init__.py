"""Benchmarks: a synthetic corpus and ``make bench``, which times the build against plain Pelican.

Nothing here ships: the synthetic briefings are written to a temporary folder, never
into ``content/``, and every file they contain says it is synthetic.
"""
