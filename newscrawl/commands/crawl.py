"""``scrapy crawl`` with an exit code that tells cron whether the crawl worked."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any, NoReturn

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newscrawl.spiders.arguments import SpiderArgumentError, preflight

#: finish_reason values of a crawl that did its job.
SUCCESS_REASONS = frozenset({"finished", "closespider_itemcount", "closespider_pagecount"})


def outcome_failed(reason: str | None, stats: Mapping[str, Any]) -> bool:
    """Whether a crawl that closed for ``reason`` with ``stats`` failed: it stopped early, a
    monitor failed, items could not be kept, or items wait in the spool."""
    if reason not in SUCCESS_REASONS:
        return True
    if stats.get("newscrawl/storage/lost"):
        return True
    if stats.get("newscrawl/monitors/failed"):
        return True
    # Items waiting in the spool are safe, but not where consumers look for them yet.
    return bool(stats.get("newscrawl/spool/pending_files"))


def crawl_failed(crawler: Crawler) -> bool:
    """:func:`outcome_failed` for a finished crawler."""
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    return outcome_failed(stats.get("finish_reason"), stats)


def refuse(command: str, error: SpiderArgumentError) -> NoReturn:
    """End ``scrapy <command>`` with one line on stderr and exit status 2 (a usage error).

    Scrapy's own usage-error path prints four lines of usage first; an operator reading a cron
    mail needs only the one that says what to change.
    """
    print(f"scrapy {command}: error: {error}", file=sys.stderr)
    raise SystemExit(2)


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl``, exiting 1 when the spider closed for any reason but success.

    The spider name and its ``-a`` arguments are checked before the engine starts: a wrong one
    ends the command with one line naming it and what is allowed, exit 2.
    """

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's option handling, then the pre-flight check of the spider and its arguments."""
        super().process_options(args, opts)
        if len(args) == 1:
            assert self.settings is not None
            try:
                preflight(self.settings, args[0], opts.spargs)
            except SpiderArgumentError as exc:
                refuse("crawl", exc)

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
