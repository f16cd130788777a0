"""``decruft report``: a run's output folder as one static HTML file a person can read
before trusting the cleaner: the ledger, what was removed by which rule, histograms of the
pages' numbers and signals, and every shown page before and after, each removal
highlighted with its rule and evidence. No server, no network; see docs/report.md.

The names below load on first use, so that the command line reads ``report.limits``
without loading numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from decruft.lazy import lazy_names

if TYPE_CHECKING:
    from decruft.report.build import ReportOptions, ReportSummary, build_report
    from decruft.report.records import ReportError

# Names this package offers and the module each lives in, imported on first use (PEP 562).
_LAZY = {
    "ReportOptions": "decruft.report.build",
    "ReportSummary": "decruft.report.build",
    "build_report": "decruft.report.build",
    "ReportError": "decruft.report.records",
}


__getattr__ = lazy_names("decruft.report", _LAZY, globals())


__all__ = ["ReportError", "ReportOptions", "ReportSummary", "build_report"]
