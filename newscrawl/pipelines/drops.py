"""Dropping an item the one way: a typed reason, a log line, a stats counter."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

#: Drops that are the crawl working as asked, not something to act on: logged at INFO, so
#: WARNING stays for what needs an operator.
ROUTINE_REASONS = frozenset({"outside_window"})


def drop(stats: StatsCollector | None, reason: str, detail: str) -> DropItem:
    """Count ``reason`` under ``newscrawl/dropped/<reason>`` and return the exception to raise.

    Scrapy logs the DropItem message (with the item) and counts it in
    ``item_dropped_reasons_count``; our counter keeps the typed reason for monitors.
    """
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    level = "INFO" if reason in ROUTINE_REASONS else None  # None: Scrapy's WARNING default
    return DropItem(f"{reason}: {detail}", log_level=level)
