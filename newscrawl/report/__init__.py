"""The crawl report: one self-contained HTML page about what the crawls stored.

:func:`~newscrawl.report.data.collect` reads the figures from MongoDB (aggregations only),
:func:`~newscrawl.report.html.build_html` turns them into the page; ``newscrawl report`` does
both (:mod:`newscrawl.report.cli`).
"""

from __future__ import annotations

from newscrawl.report.data import ReportData, collect
from newscrawl.report.html import build_html

__all__ = ["ReportData", "build_html", "collect"]
