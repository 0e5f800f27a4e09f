"""Run the monitors when a spider closes; record, log and notify their results."""

from __future__ import annotations

import json
import logging
import subprocess
import urllib.request
from datetime import UTC, datetime
from typing import Any, Self

from pymongo import DESCENDING
from pymongo.errors import PyMongoError
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.debugging import debug_command
from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.monitoring.monitors import (
    DEFAULT_COVERAGE,
    MonitorResult,
    Thresholds,
    baseline_query,
    run_monitors,
    run_shape,
    summary_table,
)
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.uri import MongoTarget, resolve_target

logger = logging.getLogger(__name__)


class MonitorExtension:
    """Checks a finished crawl (see :mod:`newscrawl.monitoring.monitors`).

    Settings: ``MONITORS_ENABLED``; ``MONITOR_COVERAGE`` (``{"field": minimum share}``,
    merged over the defaults); ``MONITOR_MAX_ERROR_RATIO``, ``MONITOR_MAX_HTTP_FAILURE_RATIO``,
    ``MONITOR_MIN_SHARE_OF_PREVIOUS``; ``MONITOR_WEBHOOK_URL`` (a JSON POST when a monitor
    fails) and ``MONITOR_COMMAND`` (a shell command given the same JSON on stdin).
    Results go to ``crawler.monitor_results`` (which ``crawl_runs`` stores), to the stat
    ``newscrawl/monitors/failed`` (which makes the crawl exit non-zero), and to the log.
    """

    def __init__(self, crawler: Crawler, target: MongoTarget, thresholds: Thresholds) -> None:
        self.crawler = crawler
        self.target = target
        self.thresholds = thresholds
        settings = crawler.settings
        self.webhook = settings.get("MONITOR_WEBHOOK_URL") or None
        self.command = settings.get("MONITOR_COMMAND") or None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read thresholds; connect to ``spider_closed``."""
        settings = crawler.settings
        if not settings.getbool("MONITORS_ENABLED", True) or debug_command(settings):
            # A debugging command fetches a page or two: nothing to judge a crawl by.
            raise NotConfigured
        coverage = {**DEFAULT_COVERAGE, **settings.getdict("MONITOR_COVERAGE")}
        thresholds = Thresholds(
            coverage={k: float(v) for k, v in coverage.items()},
            max_error_ratio=settings.getfloat("MONITOR_MAX_ERROR_RATIO", 0.05),
            max_http_failure_ratio=settings.getfloat("MONITOR_MAX_HTTP_FAILURE_RATIO", 0.2),
            min_share_of_previous=settings.getfloat("MONITOR_MIN_SHARE_OF_PREVIOUS", 0.5),
            # One process of a distributed crawl may get nothing from the shared frontier.
            require_articles=not settings.get("REDIS_URL"),
        )
        target = resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        extension = cls(crawler, target, thresholds)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def previous_stats(self, spider: Spider) -> dict[str, Any] | None:
        """Stats of this spider's last successful run of the same shape, from ``crawl_runs``.

        A nightly 7-day backfill, a one-off backfill of a year and the hourly latest runs
        store very different numbers, so each is compared with its own kind
        (:func:`~newscrawl.monitoring.monitors.run_shape`: mode, window length, editions,
        ``max_articles``).
        """
        if self.crawler.stats.get_value("newscrawl/mongo/unreachable"):
            return None
        started = self.crawler.stats.get_value("start_time")
        day = started.date() if isinstance(started, datetime) else datetime.now(UTC).date()
        shape = run_shape(getattr(spider, "arguments", {}), day)
        try:
            client = connect(self.target, timeout_s=5.0)
        except DatabaseUnavailableError:
            return None
        try:
            run = client[self.target.database][CRAWL_RUNS].find_one(
                baseline_query(spider.name, shape),
                {"stats": 1},
                sort=[("finished_at", DESCENDING)],
            )
        except PyMongoError:
            return None
        finally:
            client.close()
        return dict(run["stats"]) if run and run.get("stats") else None

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Run, record, log, notify."""
        stats = self.crawler.stats
        if stats.get_value("newscrawl/mongo/unreachable"):
            # The crawl never started; its one error line already says why.
            return
        results = run_monitors(stats.get_stats(), self.thresholds, self.previous_stats(spider))
        failed = [r for r in results if not r.passed]
        self.crawler.monitor_results = [r.to_dict() for r in results]  # type: ignore[attr-defined]
        stats.set_value("newscrawl/monitors/failed", len(failed))
        table = summary_table(results)
        if failed:
            logger.error("%d monitor(s) failed for %s:\n%s", len(failed), spider.name, table)
            self.notify(spider.name, reason, failed)
        else:
            logger.info("All monitors passed for %s:\n%s", spider.name, table)

    def notify(self, spider: str, reason: str, failed: list[MonitorResult]) -> None:
        """Tell the webhook and/or the command; a failed notification is only logged."""
        payload = json.dumps(
            {
                "spider": spider,
                "finish_reason": reason,
                "run_id": self.crawler.stats.get_value("newscrawl/run_id"),
                "failed": [r.to_dict() for r in failed],
            }
        )
        if self.webhook:
            request = urllib.request.Request(
                self.webhook,
                data=payload.encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=10):
                    pass
            except OSError as exc:
                logger.warning("Monitor webhook failed: %s", exc)
        if self.command:
            try:
                subprocess.run(
                    self.command, shell=True, input=payload, text=True, timeout=60, check=True
                )
            except (OSError, subprocess.SubprocessError) as exc:
                logger.warning("Monitor command failed: %s", exc)
