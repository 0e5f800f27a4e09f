"""Completing translation links in the database, whichever edition was crawled first."""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.collection import Collection

from newscrawl.normalize.outlets import OutletRegistry, default_registry
from newscrawl.normalize.translation import WINDOW, ArticleFacts, best_link

logger = logging.getLogger(__name__)

# How much of the time line of translations is linked against one read of originals: a week
# of an outlet's originals is a few hundred documents.
_CHUNK = timedelta(days=7)
# Documents per cursor batch (title and body included).
_BATCH = 200

_PROJECTION = {
    "_id": 0,
    "url": 1,
    "site": 1,
    "language": 1,
    "published_at": 1,
    "title": 1,
    "body": 1,
    "authors": 1,
    "original_authors": 1,
    "original_language": 1,
    "outlet_id": 1,
}


@dataclass
class LinkReport:
    """What a linking pass did."""

    considered: int = 0
    linked: int = 0


def _facts(doc: dict[str, Any], persons: list[str]) -> ArticleFacts:
    return ArticleFacts(
        url=doc["url"],
        language=doc.get("language"),
        published_at=doc.get("published_at"),
        text=f"{doc.get('title', '')}\n{doc.get('body', '')}",
        persons=tuple(persons),
    )


def original_sites(registry: OutletRegistry, outlet_id: str | None, language: str) -> list[str]:
    """The crawled hosts that publish ``outlet_id``'s originals in ``language``."""
    return [
        site.host
        for site in registry.sites.values()
        if site.outlet_id == outlet_id and site.language == language
    ]


def _read_originals(
    collection: Collection[dict[str, Any]], sites: list[str], low: datetime, high: datetime
) -> tuple[list[datetime], list[ArticleFacts]]:
    """Articles of ``sites`` published within [low, high], in published_at order."""
    originals = list(
        collection.find(
            {"site": {"$in": sites}, "published_at": {"$gte": low, "$lte": high}}, _PROJECTION
        ).sort("published_at", 1)
    )
    return (
        [o["published_at"] for o in originals],
        [_facts(o, o.get("authors") or []) for o in originals],
    )


def link_translations(
    collection: Collection[dict[str, Any]],
    *,
    start: datetime,
    end: datetime,
    registry: OutletRegistry | None = None,
) -> LinkReport:
    """Link every unlinked translation published within ``WINDOW`` of [start, end].

    Run after each crawl over the time span it touched: a crawl of translations finds their
    originals already stored, a crawl of originals completes translations stored before.
    """
    registry = registry or default_registry()
    report = LinkReport()
    # Translations are read one chunk of the time line at a time, in published_at order, and
    # the originals once per chunk and set of original sites (not one query per
    # translation); each translation then takes the originals within WINDOW of it. One
    # range query per chunk, not one cursor over the whole span: SecantusDB materializes a
    # query's whole result on the server before the first batch (about 14 KB of server
    # memory per translation matched, docs/performance.md), and a chunk bounds that as it
    # bounds what is held here.
    first = start - WINDOW
    last = end + WINDOW
    chunk_start = first
    while chunk_start <= last:
        chunk_end = chunk_start + _CHUNK
        bounds: dict[str, datetime] = {"$gte": chunk_start}
        if chunk_end <= last:
            bounds["$lt"] = chunk_end
        else:
            bounds["$lte"] = last
        query = {
            "is_translation": True,
            "translation_of": {"$exists": False},
            "published_at": bounds,
        }
        pools: dict[tuple[str, ...], tuple[list[datetime], list[ArticleFacts]]] = {}
        # Small batches: a server may send up to 16 MB of bodies per batch, which decodes to
        # several times that in Python and would set the crawl's peak memory at close.
        translations = collection.find(query, _PROJECTION).sort("published_at", 1)
        for doc in translations.batch_size(_BATCH):
            report.considered += 1
            sites = original_sites(
                registry, doc.get("outlet_id"), doc.get("original_language") or ""
            )
            if not sites or doc.get("published_at") is None:
                continue
            when: datetime = doc["published_at"]
            key = tuple(sorted(sites))
            if key not in pools:
                pools[key] = _read_originals(
                    collection, sites, chunk_start - WINDOW, chunk_end + WINDOW
                )
            times, facts = pools[key]
            candidates = facts[
                bisect_left(times, when - WINDOW) : bisect_right(times, when + WINDOW)
            ]
            if _link(collection, doc, candidates):
                report.linked += 1
        chunk_start = chunk_end
    return report


def _link(
    collection: Collection[dict[str, Any]], doc: dict[str, Any], candidates: list[ArticleFacts]
) -> bool:
    """Link one translation to its best original among ``candidates``, if one is good enough."""
    link = best_link(_facts(doc, doc.get("original_authors") or []), candidates)
    if link is None:
        return False
    collection.update_one(
        {"url": doc["url"], "translation_of": {"$exists": False}},
        {"$set": {"translation_of": link.to_dict()}},
    )
    logger.info("Linked %s to its original %s (%.2f)", doc["url"], link.url, link.confidence)
    return True
