"""From an :class:`~newscrawl.items.Article` to the update that stores it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from functools import cache
from typing import Any

from pymongo import UpdateOne

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.normalize.keys import safe_key

#: Item fields that never reach the database (extraction scratch space).
TRANSIENT_FIELDS = frozenset(
    {
        "published_candidates",
        "updated_candidates",
        "listing_hints",
        "stored_before",
        "date_zone",
    }
)
#: Item fields stored under another shape (see ``article_document``).
_RESHAPED = frozenset({"http_status", "etag", "last_modified"})
#: Fields other processes may have filled (the translation linker completes the edition
#: crawled first): a re-crawl that found nothing must not erase them.
_KEEP_IF_NONE = frozenset({"translation_of"})


#: Article fields copied as they are (the reshaped and transient ones are left out).
_STORED_FIELDS = tuple(
    f.name for f in fields(Article) if f.name not in TRANSIENT_FIELDS and f.name not in _RESHAPED
)


def _plain(value: Any) -> Any:
    """``value`` as BSON-ready plain data: dataclasses become dicts, tuples lists, and every
    mapping key is made safe (scraped JSON-LD keys must not become operators).

    One pass instead of ``dataclasses.asdict`` and then a key-sanitizing copy: ``asdict``
    deep-copies every leaf, which was a measurable share of the per-article storage cost.
    Leaves (str, datetime, numbers) are immutable and shared, not copied."""
    if type(value) in _LEAVES:  # most values: the exact-type test is the cheapest
        return value
    if isinstance(value, dict):
        return {safe_key(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


#: Immutable leaf types returned as they are, tested by exact type before anything else.
_LEAVES = frozenset({str, int, float, bool, type(None), datetime})


@cache
def _field_names(cls: type[Any]) -> tuple[str, ...]:
    """A dataclass's field names (``dataclasses.fields`` rebuilds its tuple on every call)."""
    return tuple(f.name for f in fields(cls))


def article_document(item: Article) -> dict[str, Any]:
    """The stored fields of ``item`` (everything but bookkeeping, which the upsert adds)."""
    doc = {key: _plain(getattr(item, key)) for key in _STORED_FIELDS}
    doc["http"] = {
        "status": item.http_status,
        "etag": _plain(item.etag),
        "last_modified": _plain(item.last_modified),
    }
    doc["discovery"] = [
        {"source": h.source, "url": h.url, "date_raw": h.date_raw} for h in item.listing_hints
    ]
    for key in _KEEP_IF_NONE:
        if doc.get(key) is None:
            doc.pop(key, None)
    if not doc.get("truncated"):
        doc.pop("truncated", None)  # present only on the rare article that was cut
    return doc


def revision_document(stored: Mapping[str, Any], *, archived_at: datetime) -> dict[str, Any]:
    """The ``article_revisions`` copy of a stored version that a re-crawl replaces."""
    return {
        "url": stored["url"],
        "version": stored.get("version", 1),
        "content_hash": stored.get("content_hash"),
        "title": stored.get("title"),
        "body": stored.get("body"),
        "fetched_at": stored.get("fetched_at"),
        "write_id": stored.get("write_id"),
        "archived_at": archived_at,
    }


def seen_update(item: SeenArticle, *, now: datetime) -> UpdateOne:
    """Record that a crawl saw a stored article unchanged; never creates a document."""
    return UpdateOne(
        {"url": item.url},
        {"$set": {"last_seen_at": now}, "$inc": {"crawl_count": 1}},
        upsert=False,
    )


def non_article_upsert(item: NotArticle, *, now: datetime) -> UpdateOne:
    """Remember a URL that is not an article, with the reason and when it was checked."""
    return UpdateOne(
        {"url": item.url},
        {
            "$set": {"reason": item.reason, "spider": item.spider, "checked_at": now},
            "$setOnInsert": {"first_seen_at": now},
            "$inc": {"check_count": 1},
        },
        upsert=True,
    )
