"""Reading what is stored about URLs, for the incremental recrawl policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from pymongo.collection import Collection

from newscrawl.discovery.recrawl import StoredState
from newscrawl.store.connection import connect
from newscrawl.store.schema import ARTICLES, NON_ARTICLES
from newscrawl.store.uri import MongoTarget

_PROJECTION = {"url": 1, "published_at": 1, "discovery": 1, "http": 1, "_id": 0}
_BATCH = 500


def _chunks(values: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stored_states(
    collection: Collection[dict[str, Any]], urls: Iterable[str]
) -> dict[str, StoredState]:
    """The stored state of each of ``urls`` that is in the database, in batched queries."""
    states: dict[str, StoredState] = {}
    for chunk in _chunks(urls, _BATCH):
        for doc in collection.find({"url": {"$in": chunk}}, _PROJECTION):
            listed = {
                d["source"]: d["date_raw"]
                for d in doc.get("discovery") or []
                if d.get("source") and d.get("date_raw")
            }
            http = doc.get("http") or {}
            states[doc["url"]] = StoredState(
                url=doc["url"],
                published_at=doc.get("published_at"),
                listed_dates=listed,
                etag=http.get("etag"),
                last_modified=http.get("last_modified"),
            )
    return states


def non_article_checks(
    collection: Collection[dict[str, Any]], urls: Iterable[str]
) -> dict[str, datetime]:
    """When each of ``urls`` that is a known non-article was last checked."""
    checks: dict[str, datetime] = {}
    for chunk in _chunks(urls, _BATCH):
        for doc in collection.find({"url": {"$in": chunk}}, {"url": 1, "checked_at": 1}):
            checks[doc["url"]] = doc["checked_at"]
    return checks


def load_stored_states(
    target: MongoTarget, urls: list[str], *, timeout_s: float = 5.0
) -> tuple[dict[str, StoredState], dict[str, datetime]]:
    """Open a short-lived connection; read article states and non-article checks."""
    client = connect(target, timeout_s=timeout_s)
    try:
        db = client[target.database]
        return stored_states(db[ARTICLES], urls), non_article_checks(db[NON_ARTICLES], urls)
    finally:
        client.close()
