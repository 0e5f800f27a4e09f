"""Batched, idempotent article writes with a precise account of what happened to each."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymongo import UpdateOne
from pymongo.collection import Collection
from pymongo.errors import AutoReconnect, BulkWriteError, ConnectionFailure

from newscrawl.store.schema import describe_validation_error

logger = logging.getLogger(__name__)

DUPLICATE_KEY = 11000
VALIDATION_FAILED = 121


@dataclass
class FlushReport:
    """The outcome of one flush: counts, and one line per rejected document."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        """Documents inserted or matched (updated or already identical)."""
        return self.inserted + self.updated + self.unchanged


class WriteFailedError(RuntimeError):
    """The database stayed unreachable through every retry; the batch was not written."""


class BatchWriter:
    """Buffers upserts and writes them with one unordered ``bulk_write`` per batch.

    Unordered, so one bad document does not hold up the rest of its batch. A validation
    rejection is reported per URL; a duplicate-key error (two processes upserting the same
    new URL at the same moment) is retried once, when the other writer's document exists
    and the upsert becomes an update. Connection errors are retried with backoff.
    """

    def __init__(
        self,
        collection: Collection[dict[str, Any]],
        *,
        batch_size: int = 100,
        retries: int = 5,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.collection = collection
        self.batch_size = batch_size
        self.retries = retries
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._pending: list[UpdateOne] = []
        self._urls: list[str] = []

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def full(self) -> bool:
        """Whether the buffer reached the batch size and should be flushed."""
        return len(self._pending) >= self.batch_size

    def add(self, url: str, operation: UpdateOne) -> None:
        """Queue one upsert."""
        self._urls.append(url)
        self._pending.append(operation)

    def flush(self) -> FlushReport:
        """Write everything queued; raises :class:`WriteFailedError` if the DB stays down.

        On failure the operations stay queued, so nothing is lost by a failed flush.
        """
        report = FlushReport()
        if not self._pending:
            return report
        operations, urls = self._pending, self._urls
        self._write(operations, urls, report, allow_duplicate_retry=True)
        self._pending, self._urls = [], []
        return report

    def _write(
        self,
        operations: list[UpdateOne],
        urls: list[str],
        report: FlushReport,
        *,
        allow_duplicate_retry: bool,
    ) -> None:
        attempt = 0
        while True:
            try:
                result = self.collection.bulk_write(operations, ordered=False)
            except BulkWriteError as exc:
                details: Mapping[str, Any] = exc.details
                self._count(details, report)
                retry_ops, retry_urls = [], []
                for error in details.get("writeErrors", []):
                    index = error["index"]
                    if error.get("code") == DUPLICATE_KEY and allow_duplicate_retry:
                        retry_ops.append(operations[index])
                        retry_urls.append(urls[index])
                    elif error.get("code") == VALIDATION_FAILED:
                        report.rejected.append((urls[index], describe_validation_error(error)))
                    else:
                        report.rejected.append((urls[index], str(error.get("errmsg"))))
                if retry_ops:
                    self._write(retry_ops, retry_urls, report, allow_duplicate_retry=False)
                return
            except (AutoReconnect, ConnectionFailure) as exc:
                attempt += 1
                if attempt > self.retries:
                    raise WriteFailedError(
                        f"database unreachable after {self.retries} retries: {exc}"
                    ) from exc
                delay = self.backoff_s * 2 ** (attempt - 1)
                logger.warning("write failed (%s), retry %d in %.1fs", exc, attempt, delay)
                self._sleep(delay)
                continue
            self._count(result.bulk_api_result, report)
            return

    @staticmethod
    def _count(result: Mapping[str, Any], report: FlushReport) -> None:
        upserted = int(result.get("nUpserted", 0))
        matched = int(result.get("nMatched", 0))
        modified = int(result.get("nModified", 0))
        report.inserted += upserted
        report.updated += modified
        report.unchanged += matched - modified
