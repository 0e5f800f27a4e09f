"""Reading what is stored about URLs, for the incremental recrawl policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from pymongo.collection import Collection

from newscrawl.discovery.recrawl import StoredState
from newscrawl.store.connection import connect
from newscrawl.store.schema import ARTICLES
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


def load_stored_states(
    target: MongoTarget, urls: Iterable[str], *, timeout_s: float = 5.0
) -> dict[str, StoredState]:
    """Open a short-lived connection and read the states of ``urls``."""
    client = connect(target, timeout_s=timeout_s)
    try:
        return stored_states(client[target.database][ARTICLES], urls)
    finally:
        client.close()
