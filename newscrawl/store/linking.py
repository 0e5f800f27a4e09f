"""Completing translation links in the database, whichever edition was crawled first."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.collection import Collection

from newscrawl.normalize.outlets import OutletRegistry, default_registry
from newscrawl.normalize.translation import WINDOW, ArticleFacts, best_link

logger = logging.getLogger(__name__)

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
    query = {
        "is_translation": True,
        "translation_of": {"$exists": False},
        "published_at": {"$gte": start - WINDOW, "$lte": end + WINDOW},
    }
    for doc in collection.find(query, _PROJECTION):
        report.considered += 1
        sites = original_sites(registry, doc.get("outlet_id"), doc.get("original_language") or "")
        if not sites or doc.get("published_at") is None:
            continue
        when: datetime = doc["published_at"]
        candidates = [
            _facts(original, original.get("authors") or [])
            for original in collection.find(
                {
                    "site": {"$in": sites},
                    "published_at": {"$gte": when - WINDOW, "$lte": when + WINDOW},
                },
                _PROJECTION,
            )
        ]
        link = best_link(_facts(doc, doc.get("original_authors") or []), candidates)
        if link is None:
            continue
        collection.update_one(
            {"url": doc["url"], "translation_of": {"$exists": False}},
            {"$set": {"translation_of": link.to_dict()}},
        )
        report.linked += 1
        logger.info("Linked %s to its original %s (%.2f)", doc["url"], link.url, link.confidence)
    return report
