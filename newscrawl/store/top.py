"""The aggregations analysts ask for: most cited outlets, busiest sites, busiest days.

``newscrawl query --top cited|sites|days`` and the Python API (:func:`top`) take the same
filters as :class:`~newscrawl.store.query.ArticleFilter`, so "which outlets did en.orda.kz
cite most this month" is ``--top cited --site en.orda.kz --since 2026-12-01`` instead of a
hand-written ``$unwind`` pipeline. The pipelines use only stages and operators that MongoDB
and the embedded SecantusDB both run (``$match``, ``$unwind``, ``$group``, ``$sort``,
``$limit``, ``$dateToString``, ``$expr``); tests run them on the embedded server.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from pymongo.collection import Collection

from newscrawl.store.query import ArticleFilter, _text_index, build_query

TopKind = Literal["cited", "sites", "days"]
KINDS: Final[tuple[TopKind, ...]] = ("cited", "sites", "days")


@dataclass(frozen=True)
class TopRow:
    """One row: the outlet id, site or UTC day (``YYYY-MM-DD``) and its article count."""

    key: str
    articles: int


def pipeline(kind: TopKind, query: dict[str, Any], limit: int | None) -> list[dict[str, Any]]:
    """The aggregation for ``kind`` over the articles matching ``query`` (pure)."""
    stages: list[dict[str, Any]] = [{"$match": query}] if query else []
    if kind == "cited":
        stages += [
            {"$project": {"outlet_id": 1, "cited_sources": 1}},
            {"$unwind": "$cited_sources"},
            {
                "$match": {
                    "cited_sources.role": {"$in": ["cited", "via"]},
                    "cited_sources.outlet_id": {"$type": "string"},
                }
            },
            # an outlet referring to its own reporting is not a source
            {"$match": {"$expr": {"$ne": ["$cited_sources.outlet_id", "$outlet_id"]}}},
            # articles, not mentions: one row per (article, outlet) first
            {"$group": {"_id": {"article": "$_id", "key": "$cited_sources.outlet_id"}}},
            {"$group": {"_id": "$_id.key", "articles": {"$sum": 1}}},
        ]
    elif kind == "sites":
        stages.append({"$group": {"_id": "$site", "articles": {"$sum": 1}}})
    else:
        stages += [
            {"$match": {"published_at": {"$type": "date"}}},
            {
                "$group": {
                    "_id": {"$dateToString": {"format": "%Y-%m-%d", "date": "$published_at"}},
                    "articles": {"$sum": 1},
                }
            },
        ]
    stages.append({"$sort": {"articles": -1, "_id": 1}})
    if limit:
        stages.append({"$limit": limit})
    return stages


def top(collection: Collection[dict[str, Any]], kind: TopKind, f: ArticleFilter) -> list[TopRow]:
    """The ``kind`` aggregation over the articles matching ``f``, most articles first (ties
    by key); ``f.limit`` limits the rows, not the articles counted."""
    if kind not in KINDS:
        raise ValueError(f"unknown --top {kind!r}: expected one of {', '.join(KINDS)}")
    query = build_query(replace(f, limit=None), text_index=_text_index(collection))
    return [
        TopRow(str(row["_id"]), int(row["articles"]))
        for row in collection.aggregate(pipeline(kind, query, f.limit))
    ]
