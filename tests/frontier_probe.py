"""A test-only extension: the most requests Scrapy's scheduler held at once during a crawl.

Recorded as ``test/scheduler/max_pending`` (requests enqueued minus dequeued, sampled each
time a request is scheduled), from Scrapy's public scheduler stats.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler


class SchedulerProbe:
    """Tracks the scheduler's backlog through the ``request_scheduled`` signal."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchedulerProbe:
        probe = cls(crawler)
        crawler.signals.connect(probe.scheduled, signal=signals.request_scheduled)
        return probe

    def scheduled(self, request: Any, spider: Any) -> None:
        assert self.stats is not None
        enqueued = self.stats.get_value("scheduler/enqueued", 0)
        dequeued = self.stats.get_value("scheduler/dequeued", 0)
        self.stats.max_value("test/scheduler/max_pending", enqueued - dequeued + 1)
