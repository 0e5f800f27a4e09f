"""``scrapy crawl`` with an exit code that tells cron whether the crawl worked."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

#: finish_reason values of a crawl that did its job.
SUCCESS_REASONS = frozenset({"finished", "closespider_itemcount", "closespider_pagecount"})


def crawl_failed(crawler: Crawler) -> bool:
    """Whether a finished crawl must exit non-zero: it stopped early, a monitor failed, or
    items wait in the spool."""
    stats = crawler.stats
    reason = stats.get_value("finish_reason")
    if reason not in SUCCESS_REASONS:
        return True
    if stats.get_value("newscrawl/monitors/failed"):
        return True
    # Items waiting in the spool are safe, but not where consumers look for them yet.
    return bool(stats.get_value("newscrawl/spool/pending_files"))


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``, exiting 1 when the spider closed for any reason but success."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Run one spider and set the exit code from its finish reason."""
        if len(args) != 1:
            raise UsageError("expected exactly one spider name")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawl_failed(crawler):
            self.exitcode = 1
