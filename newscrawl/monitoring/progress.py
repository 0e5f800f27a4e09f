"""One progress line at a steady interval: pages done, queued, percent, rate, ETA, stored.

Every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds (default 10 when stderr is a terminal, where
someone is watching, 60 otherwise, in cron mail or a log file; 0 switches it off). Scrapy's
own LogStats line is silenced in settings.py (``LOGSTATS_INTERVAL = 0``): it counts items,
which include URLs skipped as unchanged, and printing both gave two near-identical lines a
tick.
"""

from __future__ import annotations

import logging
import sys
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

from newscrawl.monitoring.monitors import articles_stored

logger = logging.getLogger(__name__)

TERMINAL_INTERVAL_S = 10.0
UNATTENDED_INTERVAL_S = 60.0


def default_interval(on_terminal: bool) -> float:
    """Seconds between lines when ``NEWSCRAWL_PROGRESS_INTERVAL`` is not set."""
    return TERMINAL_INTERVAL_S if on_terminal else UNATTENDED_INTERVAL_S


def _duration(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def progress_line(spider: str, *, done: int, queued: int, pages_per_min: float, stored: int) -> str:
    """The line: what is done, what waits, the share done, the current rate, the ETA.

    ``queued`` counts everything not yet fetched (discovered but not requested, scheduled,
    downloading). The ETA assumes the rate of the last interval holds.
    """
    total = done + queued
    percent = f"{100 * done / total:.0f}%" if total else "-"
    if queued == 0:
        eta = "done"
    elif pages_per_min > 0:
        eta = _duration(queued / pages_per_min * 60)
    else:
        eta = "unknown"
    return (
        f"Progress {spider}: {done} pages done, {queued} queued ({percent}), "
        f"{pages_per_min:.0f} pages/min, ETA {eta}; {stored} articles stored"
    )


class ProgressLog:
    """Scrapy extension logging :func:`progress_line` at a steady interval."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.task: task.LoopingCall | None = None
        self.pages = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """``NEWSCRAWL_PROGRESS_INTERVAL`` seconds, or the terminal/unattended default."""
        configured = crawler.settings.get("NEWSCRAWL_PROGRESS_INTERVAL")
        if configured in (None, ""):
            interval = default_interval(sys.stderr.isatty())
        else:
            interval = float(configured)
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Start the periodic line."""
        if self.interval > 0:
            self.task = task.LoopingCall(self.log, spider)
            self.task.start(self.interval, now=False)

    def queued(self, spider: Spider) -> int:
        """URLs not fetched yet: held by the spider, in the scheduler, downloading."""
        waiting = int(getattr(spider, "articles_pending", 0) or 0)
        engine = self.crawler.engine
        if engine is not None:
            scheduler = engine.scheduler
            if scheduler is not None and hasattr(scheduler, "__len__"):
                waiting += len(scheduler)
            waiting += len(engine.downloader.active)
        return waiting

    def log(self, spider: Spider) -> None:
        """One progress line."""
        stats = self.crawler.stats.get_stats()
        pages = int(stats.get("response_received_count", 0) or 0)
        logger.info(
            progress_line(
                spider.name,
                done=pages,
                queued=self.queued(spider),
                pages_per_min=(pages - self.pages) * 60.0 / self.interval,
                stored=articles_stored(stats) or 0,
            )
        )
        self.pages = pages

    def spider_closed(self, spider: Spider) -> None:
        """Stop the periodic line."""
        if self.task is not None and self.task.running:
            self.task.stop()
