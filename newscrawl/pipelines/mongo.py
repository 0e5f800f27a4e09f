"""Store articles in MongoDB: batched idempotent upserts, flushed by size, time and close."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime
from typing import Any, Self

import pymongo
from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.documents import article_upsert, non_article_upsert, seen_update
from newscrawl.store.schema import ARTICLES, NON_ARTICLES, ensure_articles_collection
from newscrawl.store.uri import MongoTarget, resolve_target
from newscrawl.store.writer import BatchWriter, FlushReport, WriteFailedError

logger = logging.getLogger(__name__)

#: finish_reason values set by this pipeline; the crawl command maps them to exit code 1.
REASON_UNREACHABLE = "mongo_unreachable"
REASON_WRITE_FAILED = "mongo_write_failed"


class MongoPipeline:
    """The last pipeline: every item that reaches it is written, or loudly accounted for.

    Settings: ``MONGO_URI`` (empty: the embedded SecantusDB under ``NEWSCRAWL_HOME``),
    ``MONGO_DATABASE``, ``MONGO_BATCH_SIZE``, ``MONGO_FLUSH_INTERVAL`` (seconds),
    ``MONGO_CONNECT_TIMEOUT`` (seconds). Stats: ``newscrawl/mongo/inserted``, ``…/updated``,
    ``…/rejected`` (a server-side validator refusal; the URL and reason are logged).
    """

    def __init__(
        self,
        crawler: Crawler,
        target: MongoTarget,
        *,
        batch_size: int,
        flush_interval: float,
        connect_timeout: float,
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.target = target
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.connect_timeout = connect_timeout
        self.client: pymongo.MongoClient[dict[str, Any]] | None = None
        self.writer: BatchWriter | None = None
        self.non_article_writer: BatchWriter | None = None
        self._timer: task.LoopingCall | None = None
        self._closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read settings; connections are opened in :meth:`open_spider`, not here."""
        settings = crawler.settings
        target = resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        return cls(
            crawler,
            target,
            batch_size=settings.getint("MONGO_BATCH_SIZE", 100),
            flush_interval=settings.getfloat("MONGO_FLUSH_INTERVAL", 2.0),
            connect_timeout=settings.getfloat("MONGO_CONNECT_TIMEOUT", 5.0),
        )

    # ------------------------------------------------------------------ lifecycle

    def open_spider(self) -> None:
        """Connect, check the server answers, install validator and indexes.

        An unreachable database closes the spider before any page is fetched, with one
        error line naming the (password-masked) URI.
        """
        try:
            self.client = connect(self.target, timeout_s=self.connect_timeout)
            db = self.client[self.target.database]
            ensure_articles_collection(db)
        except DatabaseUnavailableError as exc:
            logger.error("%s", exc)
            raise CloseSpider(REASON_UNREACHABLE) from None
        except PyMongoError as exc:
            logger.error("Cannot prepare the articles collection: %s", str(exc).splitlines()[0])
            self._close_client()
            raise CloseSpider(REASON_UNREACHABLE) from None
        self.writer = BatchWriter(db[ARTICLES], batch_size=self.batch_size)
        self.non_article_writer = BatchWriter(db[NON_ARTICLES], batch_size=self.batch_size)
        self.stats.set_value("newscrawl/mongo/database", self.target.database)
        if self.flush_interval > 0:
            self._timer = task.LoopingCall(self._flush_safely)
            self._timer.start(self.flush_interval, now=False)

    def close_spider(self) -> None:
        """Flush what is left and close the connection."""
        self._closing = True
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        try:
            self._flush()
        finally:
            self._close_client()

    def _close_client(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    # ------------------------------------------------------------------ items

    def process_item(self, item: Any) -> Any:
        """Queue the item's upsert; write the batch when it is full."""
        if self.writer is None:
            return item
        if isinstance(item, Article):
            self.writer.add(item.url, article_upsert(item, now=datetime.now(UTC)))
        elif isinstance(item, SeenArticle):
            self.writer.add(item.url, seen_update(item, now=datetime.now(UTC)))
            self.stats.inc_value("newscrawl/mongo/touched")
        elif isinstance(item, NotArticle) and self.non_article_writer is not None:
            self.non_article_writer.add(item.url, non_article_upsert(item, now=datetime.now(UTC)))
            if self.non_article_writer.full:
                self._flush_non_articles()
            return item
        else:
            return item
        if self.writer.full:
            self._flush()
        return item

    def _flush_safely(self) -> None:
        # Timer flushes must not kill the LoopingCall: failures are reported by _flush.
        with contextlib.suppress(WriteFailedError):
            self._flush()

    def _flush_non_articles(self) -> None:
        # Losing this memory only costs a refetch next run, so failures are logged, not fatal.
        if self.non_article_writer is None or not len(self.non_article_writer):
            return
        try:
            self.non_article_writer.flush()
        except WriteFailedError as exc:
            logger.warning("Could not record non-article URLs: %s", exc)

    def _flush(self) -> None:
        self._flush_non_articles()
        if self.writer is None or not len(self.writer):
            return
        pending = len(self.writer)
        try:
            report = self.writer.flush()
        except WriteFailedError as exc:
            logger.error("Could not write %d articles: %s", pending, exc)
            self.stats.inc_value("newscrawl/mongo/write_failures")
            self.stats.set_value("newscrawl/mongo/unwritten", pending)
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None and not self._closing:
                # Keep what is queued (the writer retains it) and stop fetching more.
                self._closing = True
                deferred_from_coro(engine.close_spider_async(reason=REASON_WRITE_FAILED))
            raise
        self._record(report)

    def _record(self, report: FlushReport) -> None:
        self.stats.inc_value("newscrawl/mongo/inserted", report.inserted)
        self.stats.inc_value("newscrawl/mongo/updated", report.updated + report.unchanged)
        for url, reason in report.rejected:
            logger.warning("Article rejected by the database validator: %s (%s)", url, reason)
            self.stats.inc_value("newscrawl/mongo/rejected")
            self.stats.inc_value("item_dropped_count")
            self.stats.inc_value("newscrawl/dropped/db_validation")
