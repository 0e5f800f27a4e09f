"""Store articles in MongoDB through the storage thread (:mod:`newscrawl.store.worker`).

The write path's contract is stated and kept in :mod:`newscrawl.store.worker`: an item leaves
memory only once the database acknowledged it (journaled) or the spool fsync'd it; when both
fail for ``STORAGE_GIVE_UP_AFTER`` seconds, every item still held is counted as lost, the
spider is closed with reason ``storage_failed`` and ``scrapy crawl`` exits 1.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Self

import pymongo
from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.defer import Deferred

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.schema import ensure_articles_collection
from newscrawl.store.spool import SpoolWriter, pending_files
from newscrawl.store.uri import MongoTarget, newscrawl_home, resolve_target
from newscrawl.store.worker import StorageWorker
from newscrawl.store.writer import ArticleWriter

logger = logging.getLogger(__name__)

#: finish_reason set when the database cannot be used at all; the crawl command exits 1.
REASON_UNREACHABLE = "mongo_unreachable"
#: finish_reason when neither the database nor the spool could keep items.
REASON_STORAGE_FAILED = "storage_failed"


class MongoPipeline:
    """The last pipeline: every item that reaches it is stored, spooled, or reported.

    Settings: ``MONGO_URI`` (empty: the embedded SecantusDB under ``NEWSCRAWL_HOME``),
    ``MONGO_DATABASE``, ``MONGO_BATCH_SIZE``, ``MONGO_FLUSH_INTERVAL`` (seconds),
    ``MONGO_CONNECT_TIMEOUT`` (seconds), ``MONGO_OUTAGE_PROBE_INTERVAL`` (seconds during
    which, after a failed batch, batches go straight to the spool), ``MONGO_WRITE_RETRIES``
    and ``MONGO_RETRY_BACKOFF`` (first delay in seconds, doubled per retry),
    ``MONGO_JOURNAL`` (acknowledged writes are journaled, default on), ``SPOOL_DIR`` (default
    ``$NEWSCRAWL_HOME/spool``), ``MONGO_QUEUE_ITEMS`` (items waiting for the storage thread
    before the engine is made to wait), ``STORAGE_GIVE_UP_AFTER`` (seconds items are retried
    once neither the database nor the spool takes them).

    A database that is unreachable at start closes the spider with one error line. One that
    goes away mid-crawl is retried with backoff on the storage thread; if it stays away,
    batches go to the spool and the crawl goes on, downloads unhindered; the spool is replayed
    when the spider closes (if the database is back, under the same URI) and at the start of
    the next crawl. If the spool cannot be written either, the crawl stops (``storage_failed``)
    and reports what it could not keep (``newscrawl/storage/lost``, one ERROR line).

    Stats under ``newscrawl/mongo/``: ``inserted``, ``changed``, ``unchanged``, ``touched``,
    ``rejected`` (a server-side validator refusal; URL and reason logged), ``spooled``,
    ``replayed``, ``conflicts``; under ``newscrawl/storage/`` see :mod:`newscrawl.store.worker`.
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
        queue_items: int = 1000,
        give_up_after: float = 60.0,
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
        self.worker: StorageWorker | None = None
        self.probe_interval = probe_interval
        self.queue_items = queue_items
        self.give_up_after = give_up_after
        #: process_item calls waiting for room in the storage queue (reactor thread only).
        self._waiters: list[Deferred[None]] = []

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
            queue_items=settings.getint("MONGO_QUEUE_ITEMS", 1000),
            give_up_after=settings.getfloat("STORAGE_GIVE_UP_AFTER", 60.0),
        )

    # ------------------------------------------------------------------ lifecycle

    def open_spider(self) -> None:
        """Connect, install validator and indexes, start the storage thread.

        An unreachable database closes the spider before any page is fetched, with one
        error line naming the (password-masked) URI. Pending spool files are replayed by the
        storage thread, off the reactor.
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
        writer = ArticleWriter(
            db,
            batch_size=self.batch_size,
            retries=self.retries,
            backoff_s=self.backoff_s,
            journal=self.journal,
        )
        name = self.crawler.spider.name if self.crawler.spider else "crawl"
        self.stats.set_value("newscrawl/mongo/database", self.target.database)
        self.worker = StorageWorker(
            writer,
            SpoolWriter(self.spool_dir, name),
            self.stats,
            batch_size=self.batch_size,
            flush_interval=self.flush_interval,
            probe_interval=self.probe_interval,
            give_up_after=self.give_up_after,
            queue_items=self.queue_items,
            on_failure=lambda reason: reactor.callFromThread(self._storage_failed, reason),
            on_room=lambda: reactor.callFromThread(self._wake),
        )
        self.worker.start()

    def close_spider(self) -> None:
        """Store what is left, then disconnect; returns once the storage thread ended.

        Synchronous on purpose: Scrapy runs the pipelines' ``close_spider`` side by side,
        and the translation-linking pass (an earlier pipeline) must see every article
        written; so must the ``crawl_runs`` recorder reading the final stats.
        """
        worker = self.worker
        try:
            if worker is not None:
                worker.close()
                self._wake()
        finally:
            self._close_client()
        if worker is not None and worker.lost:
            logger.error(
                "Storage failed: %d items could not be kept (%s); their pages are fetched "
                "again by the next crawl",
                worker.lost,
                worker.failure or "database and spool unavailable",
            )
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
        # Only after the storage thread ended: it must never meet a closed client.
        if self.client is not None:
            self.client.close()
            self.client = None

    def _storage_failed(self, reason: str) -> None:
        """Reactor thread: stop taking new work; the worker keeps retrying what it holds."""
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        # Already closing (finished, or a signal)? Then this only waits for that close, and
        # the lost count still fails the crawl.
        logger.error("Closing the crawl: %s", reason)
        deferred_from_coro(engine.close_spider_async(reason=REASON_STORAGE_FAILED))

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            waiter.callback(None)

    # ------------------------------------------------------------------ items

    async def process_item(self, item: Any) -> Any:
        """Hand the item to the storage thread; wait while its queue is full (backpressure)."""
        worker = self.worker
        if worker is None or not isinstance(item, Article | SeenArticle | NotArticle):
            return item
        while not worker.offer(item):
            waiter: Deferred[None] = Deferred()
            self._waiters.append(waiter)
            worker.room_wanted.set()
            if worker.offer(item):  # room was made between the two offers
                self._waiters.remove(waiter)
                break
            await maybe_deferred_to_future(waiter)
        return item
