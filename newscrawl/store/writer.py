"""Batched article writes with revisions, race safety and a precise account of each item.

One flush of a batch:

1. reads the stored ``content_hash`` and ``version`` of the batch's URLs (one query);
2. classifies each article: **new** (insert-only upsert), **unchanged** (same hash: only
   ``last_seen_at``, ``crawl_count`` and the fetch facts move), or **changed** (the previous
   version is copied to ``article_revisions`` first, then the document is replaced on the
   condition that it still holds the hash just read, and ``version`` goes up);
3. writes everything in one unordered ``bulk_write``;
4. checks for races with other writers — an insert that found the URL already there, a
   conditional update whose condition no longer held — and runs those items again against
   the new state. The unique index on ``url`` makes two current documents for one article
   impossible; the conditions make a concurrent change land as a revision, not be lost.

Transient server errors (connection reset, restart, primary step-down) are retried with
backoff; if the database stays away, :class:`WriteFailedError` tells the caller to spool.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import InsertOne, UpdateOne, WriteConcern
from pymongo.database import Database
from pymongo.errors import (
    AutoReconnect,
    BulkWriteError,
    ConnectionFailure,
    OperationFailure,
    PyMongoError,
)

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.store.documents import (
    article_document,
    non_article_upsert,
    revision_document,
    seen_update,
)
from newscrawl.store.schema import (
    ARTICLES,
    NON_ARTICLES,
    REVISIONS,
    SCHEMA_VERSION,
    describe_validation_error,
)

logger = logging.getLogger(__name__)

DUPLICATE_KEY = 11000
VALIDATION_FAILED = 121
#: Server error codes that mean "try again": interrupted, not primary, shutting down, ...
TRANSIENT_CODES = frozenset(
    {6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 64, 50, 150}
)
#: Fields an unchanged re-crawl refreshes: when it was seen and how it was fetched.
_FETCH_FACTS = ("fetched_at", "http", "discovery", "url_aliases")
#: Rounds against concurrent writers before an article is handed back (and spooled).
_MAX_PASSES = 10

WriteItem = Article | SeenArticle | NotArticle


class WriteFailedError(RuntimeError):
    """The database stayed unreachable through every retry; nothing of the batch is lost."""


@dataclass
class FlushReport:
    """What one flush did, item by item."""

    inserted: int = 0
    changed: int = 0
    unchanged: int = 0
    touched: int = 0
    non_articles: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    #: Articles still losing races after several passes (the caller spools them).
    conflicts: list[Article] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Articles inserted or updated (changed or unchanged)."""
        return self.inserted + self.changed + self.unchanged


def is_transient(exc: PyMongoError) -> bool:
    """Whether retrying the same write later may succeed."""
    if isinstance(exc, AutoReconnect | ConnectionFailure):
        return True
    if isinstance(exc, BulkWriteError):
        errors = exc.details.get("writeErrors", []) + exc.details.get("writeConcernErrors", [])
        return bool(errors) and all(e.get("code") in TRANSIENT_CODES for e in errors)
    if isinstance(exc, OperationFailure):
        labels = (exc.details or {}).get("errorLabels", [])
        return exc.code in TRANSIENT_CODES or "RetryableWriteError" in labels
    return False


#: What a batch reads back of each stored article to classify its write.
_CLASSIFICATION_FIELDS: dict[str, Any] = {
    "url": 1,
    "content_hash": 1,
    "version": 1,
    "title": 1,
    "body": 1,
    "fetched_at": 1,
    "write_id": 1,
}


class ArticleWriter:
    """Buffers items and writes them in batches (see the module docstring for one flush)."""

    def __init__(
        self,
        db: Database[dict[str, Any]],
        *,
        batch_size: int = 100,
        retries: int = 5,
        backoff_s: float = 0.5,
        journal: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # j=True: a write is acknowledged once it is in the server's journal. Without it a
        # server killed a moment later may lose writes it had acknowledged (seen with
        # SecantusDB and SIGKILL), and the crawler would have no way to know. Batching makes
        # the cost one journal sync per batch.
        concern = WriteConcern(j=journal)
        self.articles = db.get_collection(ARTICLES, write_concern=concern)
        self.revisions = db.get_collection(REVISIONS, write_concern=concern)
        self.non_articles = db.get_collection(NON_ARTICLES, write_concern=concern)
        self.batch_size = batch_size
        self.retries = retries
        self.backoff_s = backoff_s
        self._sleep = sleep
        self._pending: list[WriteItem] = []

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def full(self) -> bool:
        """Whether the buffer reached the batch size and should be flushed."""
        return len(self._pending) >= self.batch_size

    def add(self, item: WriteItem) -> None:
        """Queue an item for the next flush."""
        self._pending.append(item)

    def take(self) -> list[WriteItem]:
        """Remove and return what is queued (to spool it when the database is gone)."""
        items, self._pending = self._pending, []
        return items

    def flush(self) -> FlushReport:
        """Write what is queued; on :class:`WriteFailedError` the items stay queued."""
        if not self._pending:
            return FlushReport()
        report = self.write(self._pending)
        self._pending = []
        return report

    def write(
        self,
        items: Iterable[WriteItem],
        *,
        now: datetime | None = None,
        retries: int | None = None,
    ) -> FlushReport:
        """Write ``items`` now, retrying transient errors with exponential backoff
        (``retries`` times; default: the writer's)."""
        batch = list(items)
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            report = FlushReport()
            try:
                self._write_once(batch, now or datetime.now(UTC), report)
            except PyMongoError as exc:
                if not is_transient(exc):
                    raise
                attempt += 1
                if attempt > retries:
                    raise WriteFailedError(
                        f"database unavailable after {retries} retries: {_short(exc)}"
                    ) from exc
                delay = self.backoff_s * 2 ** (attempt - 1)
                logger.warning("Write failed (%s); retry %d in %.1fs", _short(exc), attempt, delay)
                self._sleep(delay)
                continue
            return report

    # ------------------------------------------------------------------ one attempt

    def _write_once(self, items: list[WriteItem], now: datetime, report: FlushReport) -> None:
        latest: dict[str, Article] = {}
        seen: list[SeenArticle] = []
        not_articles: list[NotArticle] = []
        for item in items:
            if isinstance(item, Article):
                latest[item.url] = item  # the same URL twice in a batch: the last fetch wins
            elif isinstance(item, SeenArticle):
                seen.append(item)
            else:
                not_articles.append(item)
        pending = list(latest.values())
        for number in range(_MAX_PASSES):
            if not pending:
                break
            pending = self._articles_pass(pending, now, report, first=number == 0)
        report.conflicts.extend(pending)
        if seen:
            result = self.articles.bulk_write(
                [seen_update(item, now=now) for item in seen], ordered=False
            )
            report.touched += result.matched_count
        if not_articles:
            self.non_articles.bulk_write(
                [non_article_upsert(item, now=now) for item in not_articles], ordered=False
            )
            report.non_articles += len(not_articles)

    def _stored_states(self, urls: list[str]) -> dict[str, dict[str, Any]]:
        """The stored fields the classification compares, by URL, for ``urls``."""
        if not urls:
            # Every article is known new (a first crawl's batches): a find on an empty $in
            # is still a round trip, a few per cent of a batch's time.
            return {}
        found = self.articles.find({"url": {"$in": urls}}, _CLASSIFICATION_FIELDS)
        return {doc["url"]: doc for doc in found}

    def _articles_pass(
        self, articles: list[Article], now: datetime, report: FlushReport, *, first: bool
    ) -> list[Article]:
        """One classify-and-write pass; returns the articles that raced and must go again.

        On the first pass, articles the crawl already knows to be new (``stored_before`` is
        False: the recrawl state had no document) are inserted without reading first; if one
        was stored meanwhile, its insert fails on the unique index and it goes round again.
        """
        urls = [a.url for a in articles if not (first and a.stored_before is False)]
        current = self._stored_states(urls)
        operations: list[InsertOne[dict[str, Any]] | UpdateOne] = []
        kinds: list[str] = []
        tokens: list[str] = []
        revisions: list[InsertOne[dict[str, Any]]] = []
        for article in articles:
            stored = current.get(article.url)
            token = uuid.uuid4().hex
            tokens.append(token)
            doc = article_document(article)
            doc["last_seen_at"] = now
            doc["schema_version"] = SCHEMA_VERSION
            doc["write_id"] = token
            if stored is None:
                # A plain insert, not an upsert: several times faster on SecantusDB, and the
                # unique url index still turns a concurrent insert into a duplicate-key
                # error, which sends the article round again as an update.
                operations.append(
                    InsertOne({**doc, "first_seen_at": now, "version": 1, "crawl_count": 1})
                )
                kinds.append("new")
            elif stored.get("content_hash") == article.content_hash:
                facts = {key: doc[key] for key in _FETCH_FACTS if key in doc}
                operations.append(
                    UpdateOne(
                        {"url": article.url, "content_hash": article.content_hash},
                        {
                            "$set": {**facts, "last_seen_at": now, "write_id": token},
                            "$inc": {"crawl_count": 1},
                        },
                    )
                )
                kinds.append("unchanged")
            else:
                revisions.append(InsertOne(revision_document(stored, archived_at=now)))
                operations.append(
                    UpdateOne(
                        {"url": article.url, "content_hash": stored.get("content_hash")},
                        {"$set": doc, "$inc": {"version": 1, "crawl_count": 1}},
                    )
                )
                kinds.append("changed")
        if revisions:
            # Before the update, so that a crash between the two loses no version; the
            # unique (url, version) index makes a repeated copy a no-op.
            self._insert_revisions(revisions)
        errored: set[int] = set()
        matched = 0
        try:
            result = self.articles.bulk_write(operations, ordered=False)
            matched = result.matched_count
        except BulkWriteError as exc:
            if is_transient(exc):
                raise
            details = exc.details
            matched = int(details.get("nMatched", 0))
            for error in details.get("writeErrors", []):
                index = error["index"]
                errored.add(index)
                code = error.get("code")
                if code == DUPLICATE_KEY:
                    continue  # an insert raced with another writer's: goes round again
                if code in TRANSIENT_CODES:
                    raise
                reason = (
                    describe_validation_error(error)
                    if code == VALIDATION_FAILED
                    else str(error.get("errmsg"))
                )
                report.rejected.append((articles[index].url, reason))
        return self._settle(articles, kinds, tokens, errored, matched, report)

    def _settle(  # noqa: PLR0917 - private, called once with everything one pass knows
        self,
        articles: list[Article],
        kinds: list[str],
        tokens: list[str],
        errored: set[int],
        matched: int,
        report: FlushReport,
    ) -> list[Article]:
        """Count what landed; return the articles whose write lost a race.

        Each write carries a random ``write_id``. When the server matched every conditional
        update, all landed. Otherwise a write landed if its id is on the current document or,
        when another writer has replaced that version since, on a revision — reading hashes
        instead would mistake "mine landed and was then replaced" for "mine was lost" and
        write stale text back.
        """
        rejected = {url for url, _ in report.rejected}
        conditional = [i for i, kind in enumerate(kinds) if kind != "new" and i not in errored]
        landed: set[int] = {i for i, kind in enumerate(kinds) if kind == "new" and i not in errored}
        if matched >= len(conditional):
            landed.update(conditional)
        else:
            ids = [tokens[i] for i in conditional]
            found = {
                doc["write_id"]
                for collection in (self.articles, self.revisions)
                for doc in collection.find({"write_id": {"$in": ids}}, {"write_id": 1})
            }
            landed.update(i for i in conditional if tokens[i] in found)
        again: list[Article] = []
        for index, article in enumerate(articles):
            if article.url in rejected:
                continue
            if index not in landed:
                again.append(article)
            elif kinds[index] == "new":
                report.inserted += 1
            elif kinds[index] == "changed":
                report.changed += 1
            else:
                report.unchanged += 1
        return again

    def _insert_revisions(self, revisions: list[InsertOne[dict[str, Any]]]) -> None:
        try:
            self.revisions.bulk_write(revisions, ordered=False)
        except BulkWriteError as exc:
            if is_transient(exc):
                raise
            others = [
                e for e in exc.details.get("writeErrors", []) if e.get("code") != DUPLICATE_KEY
            ]
            if others:
                raise


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    for cut in (" (configured timeouts", ", Timeout:", ", full error:"):
        text = text.split(cut, 1)[0]
    return text.splitlines()[0][:200]
