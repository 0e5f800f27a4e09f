"""Dropping an item the one way: a typed reason, a log line, a stats counter."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


def drop(stats: StatsCollector | None, reason: str, detail: str) -> DropItem:
    """Count ``reason`` under ``newscrawl/dropped/<reason>`` and return the exception to raise.

    Scrapy logs the DropItem message (with the item) and counts it in
    ``item_dropped_reasons_count``; our counter keeps the typed reason for monitors.
    """
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropItem(f"{reason}: {detail}")
