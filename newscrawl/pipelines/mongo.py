"""Store articles in MongoDB: batched, revision-keeping writes that never lose an item."""

from __future__ import annotations

import contextlib
import logging
import time
from pathlib import Path
from typing import Any, Self

import pymongo
from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from twisted.internet import task

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.schema import ensure_articles_collection
from newscrawl.store.spool import SpoolItem, SpoolWriter, pending_files, replay
from newscrawl.store.uri import MongoTarget, newscrawl_home, resolve_target
from newscrawl.store.writer import ArticleWriter, FlushReport, WriteFailedError

logger = logging.getLogger(__name__)

#: finish_reason set when the database cannot be used at all; the crawl command exits 1.
REASON_UNREACHABLE = "mongo_unreachable"


class MongoPipeline:
    """The last pipeline: every item that reaches it is stored, spooled, or reported.

    Settings: ``MONGO_URI`` (empty: the embedded SecantusDB under ``NEWSCRAWL_HOME``),
    ``MONGO_DATABASE``, ``MONGO_BATCH_SIZE``, ``MONGO_FLUSH_INTERVAL`` (seconds),
    ``MONGO_CONNECT_TIMEOUT`` (seconds), ``MONGO_OUTAGE_PROBE_INTERVAL`` (seconds during
    which, after a failed batch, batches go straight to the spool), ``MONGO_WRITE_RETRIES``
    and ``MONGO_RETRY_BACKOFF`` (first delay in seconds, doubled per retry),
    ``MONGO_JOURNAL`` (acknowledged writes are journaled, default on), ``SPOOL_DIR`` (default
    ``$NEWSCRAWL_HOME/spool``).

    A database that is unreachable at start closes the spider with one error line. One that
    goes away mid-crawl is retried with backoff; if it stays away, batches go to the spool
    and the crawl goes on; the spool is replayed when the spider closes (if the database is
    back) and at the start of the next crawl.

    Stats under ``newscrawl/mongo/``: ``inserted``, ``changed``, ``unchanged``, ``touched``,
    ``rejected`` (a server-side validator refusal; URL and reason logged), ``spooled``,
    ``replayed``, ``conflicts``.
    """

    def __init__(
        self,
        crawler: Crawler,
        target: MongoTarget,
        *,
        batch_size: int,
        flush_interval: float,
        connect_timeout: float,
        retries: int,
        backoff_s: float,
        journal: bool,
        spool_dir: Path,
        probe_interval: float = 30.0,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.target = target
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.connect_timeout = connect_timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.journal = journal
        self.spool_dir = spool_dir
        self.client: pymongo.MongoClient[dict[str, Any]] | None = None
        self.writer: ArticleWriter | None = None
        self.spool: SpoolWriter | None = None
        self._timer: task.LoopingCall | None = None
        #: While the database is known to be down, batches go straight to the spool
        #: instead of each waiting through the retries (monotonic clock).
        self._down_until = 0.0
        self.probe_interval = probe_interval

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read settings; connections are opened in :meth:`open_spider`, not here."""
        settings = crawler.settings
        target = resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        spool_dir = settings.get("SPOOL_DIR") or newscrawl_home() / "spool"
        return cls(
            crawler,
            target,
            batch_size=settings.getint("MONGO_BATCH_SIZE", 100),
            flush_interval=settings.getfloat("MONGO_FLUSH_INTERVAL", 2.0),
            connect_timeout=settings.getfloat("MONGO_CONNECT_TIMEOUT", 5.0),
            retries=settings.getint("MONGO_WRITE_RETRIES", 5),
            backoff_s=settings.getfloat("MONGO_RETRY_BACKOFF", 0.5),
            journal=settings.getbool("MONGO_JOURNAL", True),
            spool_dir=Path(spool_dir),
            probe_interval=settings.getfloat("MONGO_OUTAGE_PROBE_INTERVAL", 30.0),
        )

    # ------------------------------------------------------------------ lifecycle

    def open_spider(self) -> None:
        """Connect, install validator and indexes, replay a pending spool.

        An unreachable database closes the spider before any page is fetched, with one
        error line naming the (password-masked) URI.
        """
        try:
            self.client = connect(self.target, timeout_s=self.connect_timeout)
            db = self.client[self.target.database]
            ensure_articles_collection(db)
        except DatabaseUnavailableError as exc:
            logger.error("%s", exc)
            # Other components (the crawl_runs recorder) skip the database instead of each
            # waiting for the same timeout.
            self.stats.set_value("newscrawl/mongo/unreachable", True)
            raise CloseSpider(REASON_UNREACHABLE) from None
        except PyMongoError as exc:
            logger.error("Cannot prepare the articles collection: %s", str(exc).splitlines()[0])
            self._close_client()
            raise CloseSpider(REASON_UNREACHABLE) from None
        self.writer = ArticleWriter(
            db,
            batch_size=self.batch_size,
            retries=self.retries,
            backoff_s=self.backoff_s,
            journal=self.journal,
        )
        name = self.crawler.spider.name if self.crawler.spider else "crawl"
        self.spool = SpoolWriter(self.spool_dir, name)
        self.stats.set_value("newscrawl/mongo/database", self.target.database)
        self._replay_spool()
        if self.flush_interval > 0:
            self._timer = task.LoopingCall(self._flush)
            self._timer.start(self.flush_interval, now=False)

    def close_spider(self) -> None:
        """Flush what is left, replay the spool if the database is back, disconnect."""
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        try:
            self._flush()
            if self.spool is not None:
                self.spool.close()
            self._replay_spool()
        finally:
            self._close_client()
        pending = len(pending_files(self.spool_dir))
        if pending:
            logger.warning(
                "%d spool file(s) wait in %s: they are written by the next crawl or by "
                "`newscrawl spool replay`",
                pending,
                self.spool_dir,
            )
            self.stats.set_value("newscrawl/spool/pending_files", pending)

    def _close_client(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    # ------------------------------------------------------------------ items

    def process_item(self, item: Any) -> Any:
        """Queue the item; write the batch when it is full."""
        if self.writer is None or not isinstance(item, Article | SeenArticle | NotArticle):
            return item
        self.writer.add(item)
        if self.writer.full:
            self._flush()
        return item

    def _flush(self) -> None:
        if self.writer is None or not len(self.writer):
            return
        if time.monotonic() < self._down_until:
            self._spool(self.writer.take(), "still unavailable")
            return
        try:
            report = self.writer.flush()
        except WriteFailedError as exc:
            self._down_until = time.monotonic() + self.probe_interval
            self._spool(self.writer.take(), str(exc))
            return
        self._record(report)

    def _spool(self, items: list[SpoolItem], reason: str) -> None:
        assert self.spool is not None
        self.spool.append(items)
        self.stats.inc_value("newscrawl/mongo/spooled", len(items))
        logger.error(
            "Database unavailable (%s): %d items spooled to %s", reason, len(items), self.spool.path
        )

    def _replay_spool(self) -> None:
        if self.writer is None or not pending_files(self.spool_dir):
            return
        if time.monotonic() < self._down_until:
            return
        writer = self.writer

        def write(items: list[SpoolItem]) -> None:
            self._record(writer.write(items))

        skip = self.spool.path if self.spool is not None else None
        replayed = 0
        with contextlib.suppress(WriteFailedError):
            replayed = replay(self.spool_dir, write, batch_size=self.batch_size, skip=skip)
        if replayed:
            logger.info("Replayed %d spooled items from %s", replayed, self.spool_dir)
            self.stats.inc_value("newscrawl/mongo/replayed", replayed)

    def _record(self, report: FlushReport) -> None:
        for key, value in (
            ("inserted", report.inserted),
            ("changed", report.changed),
            ("unchanged", report.unchanged),
            ("touched", report.touched),
        ):
            self.stats.inc_value(f"newscrawl/mongo/{key}", value)
        for url, reason in report.rejected:
            logger.warning("Article rejected by the database validator: %s (%s)", url, reason)
            self.stats.inc_value("newscrawl/mongo/rejected")
            self.stats.inc_value("item_dropped_count")
            self.stats.inc_value("newscrawl/dropped/db_validation")
        if report.conflicts:
            self.stats.inc_value("newscrawl/mongo/conflicts", len(report.conflicts))
            self._spool(list(report.conflicts), "repeated write conflicts")
