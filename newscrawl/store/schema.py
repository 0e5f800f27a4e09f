"""The stored article schema, enforced by the server, and the collection's indexes.

The ``$jsonSchema`` validator is the contract downstream consumers rely on: a document that
does not fit it is refused by the database itself, whatever code wrote it. ``docs/schema.md``
documents the same fields for people; keep the two in step (a test compares them).
"""

from __future__ import annotations

import logging
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.database import Database
from pymongo.errors import OperationFailure

logger = logging.getLogger(__name__)

#: Bumped when a stored field changes meaning or type; readers can branch on it.
SCHEMA_VERSION = 1

ARTICLES = "articles"
#: Earlier versions of articles whose text changed (see ``store.writer``).
REVISIONS = "article_revisions"
#: URLs found not to be articles, with why and when (see ``items.NotArticle``).
NON_ARTICLES = "non_articles"

DATE_SOURCES = ["json-ld", "meta", "page", "sitemap", "feed"]
CITATION_ROLES = ["self", "cited", "via"]

_STR = {"bsonType": "string"}
_OPT_STR = {"bsonType": ["string", "null"]}
_OPT_DATE = {"bsonType": ["date", "null"]}
_STR_LIST = {"bsonType": "array", "items": {"bsonType": "string"}}
_OPT_DATE_SOURCE = {"enum": [*DATE_SOURCES, None]}

ARTICLE_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": [
        "url",
        "site",
        "title",
        "body",
        "content_hash",
        "first_seen_at",
        "last_seen_at",
        "crawl_count",
        "schema_version",
    ],
    "properties": {
        "url": {"bsonType": "string", "pattern": "^https?://"},
        "url_aliases": _STR_LIST,
        "site": _STR,
        "outlet_id": _OPT_STR,
        "spider": _STR,
        "title": {"bsonType": "string", "minLength": 1},
        "clean_title": _OPT_STR,
        "title_source": _OPT_STR,
        "lead": _OPT_STR,
        "body": {"bsonType": "string", "minLength": 1},
        "truncated": {"bsonType": "bool"},
        "photo_credit": _OPT_STR,
        "published_at": _OPT_DATE,
        "published_raw": _OPT_STR,
        "published_source": _OPT_DATE_SOURCE,
        "published_precision": {"enum": ["day", "minute", "second", None]},
        "published_tz_source": {"enum": ["declared", "inferred", "assumed", "unknown", None]},
        "published_utc_offset": {
            "bsonType": ["string", "null"],
            "pattern": "^[+-][0-9]{2}:[0-9]{2}$",
        },
        "published_day": {
            "bsonType": ["string", "null"],
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
        "updated_at": _OPT_DATE,
        "updated_raw": _OPT_STR,
        "updated_source": _OPT_DATE_SOURCE,
        "authors": _STR_LIST,
        "authors_raw": _STR_LIST,
        "original_authors": _STR_LIST,
        "author_keys": _STR_LIST,
        "original_author_keys": _STR_LIST,
        "cited_sources": {
            "bsonType": "array",
            "items": {
                "bsonType": "object",
                "required": ["name", "role"],
                "properties": {
                    "outlet_id": _OPT_STR,
                    "name": {"bsonType": "string", "minLength": 1},
                    "phrase": _OPT_STR,
                    "role": {"enum": CITATION_ROLES},
                },
            },
        },
        "section": _OPT_STR,
        "tags": _STR_LIST,
        "images": {
            "bsonType": "array",
            "items": {
                "bsonType": "object",
                "required": ["url"],
                "properties": {"url": _STR, "caption": _OPT_STR, "credit": _OPT_STR},
            },
        },
        "language": _OPT_STR,
        "declared_language": _OPT_STR,
        "language_confidence": {"bsonType": ["double", "null"]},
        "is_translation": {"bsonType": ["bool", "null"]},
        "original_language": _OPT_STR,
        "translation_of": {
            "bsonType": ["object", "null"],
            "required": ["url", "confidence", "method"],
            "properties": {
                "url": _STR,
                "confidence": {"bsonType": "double"},
                "method": _STR,
                "evidence": {"bsonType": "object"},
            },
        },
        "content_hash": {"bsonType": "string", "minLength": 64, "maxLength": 64},
        "fetched_at": _OPT_DATE,
        "http": {"bsonType": "object"},
        "provenance": {"bsonType": "object"},
        "structured_data": {"bsonType": ["object", "null"]},
        "discovery": {"bsonType": "array"},
        "first_seen_at": {"bsonType": "date"},
        "last_seen_at": {"bsonType": "date"},
        "crawl_count": {"bsonType": ["int", "long"], "minimum": 1},
        "version": {"bsonType": ["int", "long"], "minimum": 1},
        "schema_version": {"bsonType": ["int", "long"]},
        "write_id": _OPT_STR,
    },
}

ARTICLE_INDEXES = [
    IndexModel([("url", ASCENDING)], name="url_unique", unique=True),
    IndexModel([("url_aliases", ASCENDING)], name="url_aliases"),
    IndexModel([("site", ASCENDING), ("published_at", DESCENDING)], name="site_published"),
    IndexModel([("published_at", DESCENDING)], name="published_at"),
    IndexModel([("cited_sources.outlet_id", ASCENDING)], name="cited_outlet"),
    IndexModel([("author_keys", ASCENDING)], name="author_keys"),
    IndexModel([("original_author_keys", ASCENDING)], name="original_author_keys"),
    IndexModel([("translation_of.url", ASCENDING)], name="translation_of", sparse=True),
    IndexModel([("content_hash", ASCENDING)], name="content_hash"),
    IndexModel([("language", ASCENDING)], name="language"),
    IndexModel([("write_id", ASCENDING)], name="write_id"),
]

#: Full-text search where the server has it (real MongoDB). A document field named
#: ``language`` is MongoDB's default language override, and values it does not know ("kk")
#: make inserts fail; so the index uses no stemming language and points the override at a
#: field that never exists.
TEXT_INDEX = IndexModel(
    [("title", "text"), ("lead", "text"), ("body", "text")],
    name="text",
    default_language="none",
    language_override="text_index_language",
    weights={"title": 5, "lead": 2, "body": 1},
)
TEXT_INDEX_UNSUPPORTED = (67, 115)  # CannotCreateIndex, CommandNotSupported

NON_ARTICLE_INDEXES = [IndexModel([("url", ASCENDING)], name="url_unique", unique=True)]
REVISION_INDEXES = [
    IndexModel([("url", ASCENDING), ("version", ASCENDING)], name="url_version", unique=True),
    IndexModel([("write_id", ASCENDING)], name="write_id"),
]


def ensure_articles_collection(db: Database[dict[str, Any]]) -> None:
    """Create the collection with its validator and indexes, or bring them up to date.

    Idempotent: safe to run at every crawl start, from several processes at once.
    """
    options: dict[str, Any] = {
        "validator": {"$jsonSchema": ARTICLE_SCHEMA},
        "validationLevel": "strict",
        "validationAction": "error",
    }
    if ARTICLES not in db.list_collection_names(filter={"name": ARTICLES}):
        create_collection_once(db, ARTICLES, **options)
    # Also after creating: a process that lost the race to create it still makes sure the
    # validator is the current one (SecantusDB accepts a second create silently).
    db.command("collMod", ARTICLES, **options)
    db[ARTICLES].create_indexes(ARTICLE_INDEXES)
    ensure_text_index(db)
    for name, indexes in ((NON_ARTICLES, NON_ARTICLE_INDEXES), (REVISIONS, REVISION_INDEXES)):
        # Created explicitly: SecantusDB acknowledges createIndexes on a collection that does
        # not exist yet without building the index (seen with 0.7.0b3), so the unique
        # (url, version) guard would silently be missing.
        if name not in db.list_collection_names(filter={"name": name}):
            create_collection_once(db, name)
        db[name].create_indexes(indexes)


def create_collection_once(db: Database[dict[str, Any]], name: str, **options: Any) -> None:
    """Create ``name``, which may have been created by another process since we looked.

    Several crawls start at once (cron, distributed mode), and both may see the collection
    missing. ``check_exists=False`` leaves the verdict to the server (MongoDB answers
    NamespaceExists, SecantusDB accepts) instead of pymongo's own listing, which raised
    ``CollectionInvalid`` in exactly that window.
    """
    try:
        db.create_collection(name, check_exists=False, **options)
    except OperationFailure as exc:
        if exc.code != 48:  # NamespaceExists
            raise


def ensure_text_index(db: Database[dict[str, Any]]) -> bool:
    """Create the text index if the server supports one; False (logged once) if not."""
    try:
        db[ARTICLES].create_indexes([TEXT_INDEX])
    except OperationFailure as exc:
        if exc.code not in TEXT_INDEX_UNSUPPORTED:
            raise
        reason = (exc.details or {}).get("errmsg", str(exc))
        logger.info("No text index on %s: %s; text queries use a regex", db.name, reason)
        return False
    return True


def has_text_index(db: Database[dict[str, Any]]) -> bool:
    """Whether the articles collection has a text index (for ``$text`` queries)."""
    return any(
        any(kind == "text" for _, kind in index["key"])
        for index in db[ARTICLES].index_information().values()
    )


def describe_validation_error(error: dict[str, Any]) -> str:
    """One line saying which fields a ``$jsonSchema`` rejection was about, and why."""
    details = (error.get("errInfo") or {}).get("details") or {}
    reasons: list[str] = []
    for rule in details.get("schemaRulesNotSatisfied", []):
        operator = rule.get("operatorName")
        if operator == "required":
            missing = rule.get("missingProperties") or []
            reasons.append("missing " + ", ".join(missing))
        for prop in rule.get("propertiesNotSatisfied", []):
            inner = [d.get("reason", "invalid") for d in prop.get("details", [])]
            reasons.append(f"{prop.get('propertyName')}: {'; '.join(inner) or 'invalid'}")
    return "; ".join(reasons) or str(error.get("errmsg", "document failed validation"))
