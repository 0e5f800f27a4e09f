"""Progress lines for long crawls: pages and stored articles per minute."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from newscrawl.monitoring.monitors import articles_seen

logger = logging.getLogger(__name__)


class ProgressLog:
    """Every ``LOGSTATS_INTERVAL`` seconds: pages fetched and articles stored, per minute.

    Scrapy's own LogStats counts items, which include URLs skipped as unchanged; operators
    watching a backfill want to know what reached the database.
    """

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: task.LoopingCall | None = None
        self.pages = 0
        self.stored = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Use Scrapy's ``LOGSTATS_INTERVAL`` (60 s by default)."""
        extension = cls(crawler, crawler.settings.getfloat("LOGSTATS_INTERVAL", 60.0))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Start the periodic line."""
        if self.interval > 0:
            self.task = task.LoopingCall(self.log, spider)
            self.task.start(self.interval, now=False)

    def log(self, spider: Spider) -> None:
        """One progress line."""
        stats = self.crawler.stats.get_stats()
        pages = int(stats.get("response_received_count", 0) or 0)
        stored = articles_seen(stats)
        rate = 60.0 / self.interval
        logger.info(
            "Progress %s: %d pages (%.0f pages/min), %d articles stored (%.0f/min)",
            spider.name,
            pages,
            (pages - self.pages) * rate,
            stored,
            (stored - self.stored) * rate,
        )
        self.pages, self.stored = pages, stored

    def spider_closed(self, spider: Spider) -> None:
        """Stop the periodic line."""
        if self.task is not None and self.task.running:
            self.task.stop()
