"""The report's size limits, in a module of their own so that the command line's ``--help``
reads them without loading numpy and the rest."""

from __future__ import annotations

# Pages shown in full by default: enough to browse a sample of a big run, few enough that
# the file opens quickly.
DEFAULT_PAGES = 1000
# Characters of a page's body, and of its kept text, put in the report: a before/after view
# of the first 200,000 characters shows what the cleaner did; the rest of a multi-megabyte
# page would only make the file heavy (the view says where it was cut).
BODY_SHOWN_CHARS = 200_000
# Removals listed per page: a page with more (a long forum thread cut line by line) lists
# and highlights its first ones and says how many there were.
REMOVALS_LISTED = 2_000
# Bytes of page data (texts, bodies, removals as JSON) the file holds at most: keeps a
# report of any run below 50 MB, which a browser opens in a few seconds. Pages asked for by
# id are always put in full (each still cut at BODY_SHOWN_CHARS).
PAGE_DATA_BUDGET_BYTES = 40_000_000
