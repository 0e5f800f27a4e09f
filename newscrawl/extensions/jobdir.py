"""A JOBDIR is only resumed when the crawl that wrote it shut down cleanly.

Scrapy persists the request queue and the seen-requests file when a crawl closes. After a
SIGKILL, an OOM kill or a power loss, the queue's header (queuelib's ``info.json``) is stale and
the seen file may be partly flushed: resuming from them re-fetches some pages and silently
never fetches others (seen with Scrapy 2.19). This guard marks the JOBDIR while a crawl has it
open; a marker left behind by a dead process means the state is untrustworthy, so it is
discarded and the job starts afresh. Nothing is refetched needlessly even then: the recrawl
policy skips every article the database already holds.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.processes import pid_alive

logger = logging.getLogger(__name__)

MARKER = "newscrawl.running"


class JobDirGuard:
    """Marks a JOBDIR as in use while its scheduler state is open; discards state left by a
    crawl that died without closing it (SIGKILL, OOM, power loss)."""

    def __init__(self, crawler: Crawler, jobdir: Path) -> None:
        self.crawler = crawler
        self.jobdir = jobdir
        self.marker = jobdir / MARKER
        self.discarded = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Check the JOBDIR before the scheduler opens it; only active with ``JOBDIR``."""
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        guard = cls(crawler, Path(jobdir))
        # Extensions are built before the engine opens the scheduler and the dupefilter,
        # so the files can still be removed here.
        guard.check()
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def check(self) -> None:
        """Discard scheduler state a dead crawl left; refuse a JOBDIR a live crawl uses."""
        try:
            raw = self.marker.read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return
        pid = int(raw[0]) if raw and raw[0].isdigit() else None
        if pid is not None and pid != os.getpid() and pid_alive(pid):
            raise RuntimeError(f"JOBDIR {self.jobdir} is in use by the crawl with pid {pid}")
        shutil.rmtree(self.jobdir / "requests.queue", ignore_errors=True)
        (self.jobdir / "requests.seen").unlink(missing_ok=True)
        self.marker.unlink(missing_ok=True)
        self.discarded = True
        logger.warning(
            "JOBDIR %s was left by a crawl that did not shut down cleanly (pid %s): its request "
            "queue and seen-requests file cannot be trusted and were discarded; this crawl "
            "starts its job afresh (stored articles are still skipped by the recrawl policy)",
            self.jobdir,
            pid,
        )

    def spider_opened(self) -> None:
        """Mark the JOBDIR as in use by this process."""
        if self.discarded:
            self.crawler.stats.set_value("newscrawl/jobdir/discarded_unclean", 1)
        self.marker.write_text(f"{os.getpid()}\n", encoding="utf-8")

    def spider_closed(self) -> None:
        """Clear the mark: the scheduler state was saved cleanly."""
        # spider_closed is sent after the scheduler saved its queue and closed the dupefilter.
        self.marker.unlink(missing_ok=True)
