"""The storage thread: the crawl's only writer, and the contract that no item is lost unseen.

**Contract.** An item handed to :meth:`StorageWorker.offer` leaves memory only when

- the database acknowledged it (``w=1, j=True``: it is in the server's journal), or
- the spool fsync'd it (:meth:`newscrawl.store.spool.SpoolWriter.append` returned), or
- the worker gave up on it and counted it in :attr:`StorageWorker.lost` (stat
  ``newscrawl/storage/lost``) — only after both the database and the spool refused it for
  ``give_up_after`` seconds.

A batch is never taken out of the worker's hands before one of these happened: a spool write
that fails leaves the batch held, and it is retried (database first, then spool) until the
deadline. The first time both fail, ``on_failure`` is called (the pipeline closes the spider
with reason ``storage_failed``: the crawl stops taking new work, and what it did not fetch
is fetched by the next run).

**Threads.** Writes, their retries and the spool's fsyncs all run on this thread, never on
Twisted's reactor: an outage slows storage, not downloads. The queue between the two is
bounded (``queue_items``); when it is full, :meth:`offer` returns False and the pipeline waits
for ``on_room`` before offering again — backpressure on the engine instead of unbounded memory.
``on_failure`` and ``on_room`` are called on this thread; the caller hands them to its reactor.

Stats (``newscrawl/storage/``): ``received``, ``acknowledged`` (by the database, including
this crawl's own spool replayed at the end), ``spooled`` (left in the spool at the end),
``lost``; ``received = acknowledged + spooled + lost + rejected`` where ``rejected`` are
validator refusals (``newscrawl/mongo/rejected``, dropped with a reason). The database-side
counters (``newscrawl/mongo/inserted`` …) are kept as before.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from bson.errors import InvalidDocument
from pymongo.errors import PyMongoError
from scrapy.statscollectors import StatsCollector

from newscrawl.store.spool import SpoolItem, SpoolWriter, pending_files, replay, replay_file
from newscrawl.store.writer import ArticleWriter, FlushReport, WriteFailedError

logger = logging.getLogger(__name__)

#: Seconds between two rounds of retries while neither the database nor the spool works.
FAILING_RETRY_PAUSE_S = 1.0


class StorageWorker(threading.Thread):
    """Owns the :class:`ArticleWriter` and the :class:`SpoolWriter`; see the module docstring."""

    def __init__(
        self,
        writer: ArticleWriter,
        spool: SpoolWriter,
        stats: StatsCollector,
        *,
        batch_size: int,
        flush_interval: float,
        probe_interval: float,
        give_up_after: float,
        queue_items: int,
        on_failure: Callable[[str], None],
        on_room: Callable[[], None],
    ) -> None:
        super().__init__(name="newscrawl-storage", daemon=True)
        self.writer = writer
        self.spool = spool
        self.stats = stats
        self.batch_size = max(1, batch_size)
        self.flush_interval = flush_interval if flush_interval > 0 else 1.0
        self.probe_interval = probe_interval
        self.give_up_after = give_up_after
        self.queue: queue.Queue[SpoolItem] = queue.Queue(maxsize=max(queue_items, self.batch_size))
        self.on_failure = on_failure
        self.on_room = on_room
        #: Set by the pipeline when an offer found the queue full.
        self.room_wanted = threading.Event()
        self.lost = 0
        #: Why storage failed (database and spool errors), once it did.
        self.failure: str | None = None
        self._held: list[SpoolItem] = []
        self._closing = threading.Event()
        self._down_until = 0.0
        self._failing_since: float | None = None
        self._gave_up = False
        self._spooled = 0
        self._crashed = False

    # ------------------------------------------------------------------ reactor side

    def offer(self, item: SpoolItem) -> bool:
        """Queue ``item`` without blocking; False when the queue is full (wait for ``on_room``)."""
        if self._crashed:
            # The thread died of a bug; its error is logged. Count, never hold silently.
            self._count_lost(1)
            return True
        self.stats.inc_value("newscrawl/storage/received")
        try:
            self.queue.put_nowait(item)
        except queue.Full:
            self.stats.inc_value("newscrawl/storage/received", -1)
            return False
        return True

    def close(self) -> None:
        """Store what is queued and held, replay this crawl's spool if it can, and stop.

        Blocks until the thread ended: at most the retries of the last batch, or what is left
        of ``give_up_after`` when storage is failing.
        """
        self._closing.set()
        self.join()

    # ------------------------------------------------------------------ the thread

    def run(self) -> None:
        """Replay older spool files, then store batches until :meth:`close`."""
        try:
            self._replay_others()
            self._loop()
            self._finish()
        except Exception:
            logger.exception("The storage thread failed")
            self._crashed = True
            self._count_lost(len(self._held) + self._drain())
            self._held = []
            self.failure = self.failure or "the storage thread failed"
            self.on_failure(self.failure)

    def _loop(self) -> None:
        last_store = time.monotonic()
        while True:
            if self._failing_since is None or self._gave_up:
                self._take()
            due = (
                len(self._held) >= self.batch_size
                or self._closing.is_set()
                or self._failing_since is not None
                or time.monotonic() - last_store >= self.flush_interval
            )
            if self._held and due:
                self._store()
                last_store = time.monotonic()
            if self._closing.is_set() and not self._held and self.queue.empty():
                return

    def _take(self) -> None:
        """Move queued items into the held batch, waiting up to the flush interval."""
        if len(self._held) < self.batch_size:
            timeout = 0.05 if self._closing.is_set() else self.flush_interval
            try:
                self._held.append(self.queue.get(timeout=timeout))
            except queue.Empty:
                return
            while len(self._held) < self.batch_size:
                try:
                    self._held.append(self.queue.get_nowait())
                except queue.Empty:
                    break
        if self.room_wanted.is_set():
            self.room_wanted.clear()
            self.on_room()

    def _store(self) -> None:
        """Write the held batch, else spool it; if both fail, keep it and count the time."""
        reason = "still unavailable"
        failing = self._failing_since is not None
        if failing or time.monotonic() >= self._down_until:
            try:
                # While failing, one attempt per round: the deadline is checked between them.
                report = self._write(self._held, retries=0 if failing else None)
            except (WriteFailedError, PyMongoError) as exc:
                self._down_until = time.monotonic() + self.probe_interval
                reason = _short(exc)
            else:
                self._acknowledged(self._held, report)
                self._held = list(report.conflicts)
                if not self._held:
                    self._recovered()
                    return
                reason = "repeated write conflicts"
        try:
            self.spool.append(self._held)
        except OSError as exc:
            # A nearly full disk may still take part of the batch, one item at a time.
            self._count_spooled(self._spool_what_fits(), reason)
            if self._held:
                self._cannot_keep(reason, exc)
                return
        else:
            self._count_spooled(len(self._held), reason)
            self._held = []
        self._recovered()

    def _write(self, items: list[SpoolItem], retries: int | None) -> FlushReport:
        try:
            return self.writer.write(items, retries=retries)
        except InvalidDocument:
            # pymongo refuses the whole batch for one document over 16 MB; write one by one
            # and drop that one with a reason.
            return self._write_each(items)

    def _write_each(self, items: list[SpoolItem]) -> FlushReport:
        total = FlushReport()
        for item in items:
            try:
                report = self.writer.write([item])
            except InvalidDocument as exc:
                total.rejected.append((item.url, f"too_large: {_short(exc)}"))
                self.stats.inc_value("newscrawl/dropped/too_large")
                continue
            total.inserted += report.inserted
            total.changed += report.changed
            total.unchanged += report.unchanged
            total.touched += report.touched
            total.non_articles += report.non_articles
            total.rejected += report.rejected
            total.conflicts += report.conflicts
        return total

    def _spool_what_fits(self) -> int:
        """Spool held items one by one until the disk refuses one; returns how many went."""
        kept = 0
        while self._held:
            try:
                self.spool.append(self._held[:1])
            except OSError:
                break
            del self._held[0]
            kept += 1
        return kept

    def _count_spooled(self, count: int, reason: str) -> None:
        if not count:
            return
        self._spooled += count
        self.stats.inc_value("newscrawl/mongo/spooled", count)
        logger.error(
            "Database unavailable (%s): %d items spooled to %s", reason, count, self.spool.path
        )

    def _cannot_keep(self, reason: str, exc: OSError) -> None:
        now = time.monotonic()
        spool_error = f"spool {self.spool.directory} unwritable: {exc.strerror or exc}"
        if self._failing_since is None:
            self._failing_since = now
            self.failure = f"database unavailable ({reason}) and {spool_error}"
            logger.error(
                "Cannot keep items: %s; the crawl stops, and the %d items held are retried "
                "for %.0fs",
                self.failure,
                len(self._held) + self.queue.qsize(),
                self.give_up_after,
            )
            self.stats.set_value("newscrawl/storage/failed", self.failure)
            self.on_failure(self.failure)
        if self._gave_up or now - self._failing_since >= self.give_up_after:
            self._gave_up = True
            # Everything queued shares the held batch's fate: nothing can take it.
            self._count_lost(len(self._held) + self._drain())
            self._held = []
            if self.room_wanted.is_set():
                self.room_wanted.clear()
                self.on_room()
            return
        # Not a busy loop: each round already waited for the database's timeout.
        time.sleep(FAILING_RETRY_PAUSE_S)

    def _recovered(self) -> None:
        if self._failing_since is not None and not self._gave_up:
            logger.warning("Storage works again; the items held were kept")
            self._failing_since = None

    def _drain(self) -> int:
        count = 0
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                return count
            count += 1

    def _count_lost(self, count: int) -> None:
        if count:
            self.lost += count
            self.stats.inc_value("newscrawl/storage/lost", count)

    def _acknowledged(self, items: list[SpoolItem], report: FlushReport) -> None:
        """Count one written batch; items the validator refused are dropped with a reason."""
        kept = len(items) - len(report.rejected) - len(report.conflicts)
        self.stats.inc_value("newscrawl/storage/acknowledged", kept)
        self._record(report)

    def _record(self, report: FlushReport) -> None:
        for key, value in (
            ("inserted", report.inserted),
            ("changed", report.changed),
            ("unchanged", report.unchanged),
            ("touched", report.touched),
        ):
            self.stats.inc_value(f"newscrawl/mongo/{key}", value)
        for url, reason in report.rejected:
            self.stats.inc_value("newscrawl/mongo/rejected")
            self.stats.inc_value("item_dropped_count")
            if reason.startswith("too_large"):
                logger.warning("Article too large for a document, dropped: %s (%s)", url, reason)
                continue
            logger.warning("Article rejected by the database validator: %s (%s)", url, reason)
            self.stats.inc_value("newscrawl/dropped/db_validation")
        if report.conflicts:
            self.stats.inc_value("newscrawl/mongo/conflicts", len(report.conflicts))

    # ------------------------------------------------------------------ replays

    def _replay_write(self, items: list[SpoolItem]) -> None:
        report = self.writer.write(items, retries=1)
        self._record(report)
        if report.conflicts:
            # Replay must raise when a batch was not stored: the file then stays.
            raise WriteFailedError(f"{len(report.conflicts)} articles kept losing races")

    def _replay_others(self) -> None:
        """Spool files of earlier crawls, before this one writes anything."""
        if not pending_files(self.spool.directory):
            return
        try:
            count = replay(
                self.spool.directory,
                self._replay_write,
                batch_size=self.batch_size,
                skip=self.spool.path,
            )
        except (WriteFailedError, PyMongoError) as exc:
            logger.warning("Spool replay stopped, the rest stays spooled: %s", _short(exc))
            return
        except OSError as exc:
            logger.warning("Spool replay stopped (%s); the files stay", exc)
            return
        if count:
            logger.info("Replayed %d spooled items from %s", count, self.spool.directory)
            self.stats.inc_value("newscrawl/mongo/replayed", count)

    def _finish(self) -> None:
        """Close the spool; write this crawl's own spool file back if the database answers."""
        self.spool.close()
        if self._spooled:
            own = 0

            def write(items: list[SpoolItem]) -> None:
                nonlocal own
                self._replay_write(items)
                own += len(items)

            try:
                replay_file(self.spool.path, write, batch_size=self.batch_size)
            except (WriteFailedError, PyMongoError, OSError) as exc:
                logger.warning("Own spool not replayed (%s); it stays for the next crawl", exc)
            if own:
                logger.info("Replayed %d items of this crawl from %s", own, self.spool.path)
                self.stats.inc_value("newscrawl/mongo/replayed", own)
                self.stats.inc_value("newscrawl/storage/acknowledged", own)
                self._spooled -= own
        self.stats.set_value("newscrawl/storage/spooled", self._spooled)
        self._replay_others()


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    for cut in (" (configured timeouts", ", Timeout:", ", full error:"):
        text = text.split(cut, 1)[0]
    return text.splitlines()[0][:200]
