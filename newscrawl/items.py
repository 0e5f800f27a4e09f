"""The article contract: the item that flows from page classes through the pipelines.

Raw and normalized values travel side by side (``published_raw`` next to ``published_at``), the
way zyte-common-items does it, so that a consumer can always see what the page said and a
re-normalization can be run later from stored raw text. ``provenance`` records, per field,
which extraction layer produced the value (``json-ld``, ``meta``, ``page``, ``sitemap``, ...).

Extraction fills the ``*_raw`` fields and the text fields; the normalization pipelines fill the
derived ones (``published_at``, ``cited_sources``, ``language``, ``content_hash``...). The stored
document (see :mod:`newscrawl.store.documents` and ``docs/schema.md``) adds bookkeeping
(``first_seen_at``, ``crawl_count``, ``schema_version``...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

#: Where a date value came from, most to least trustworthy.
DateSource = Literal["json-ld", "meta", "page", "sitemap", "feed"]


@dataclass(slots=True)
class ListingHint:
    """What a discovery source (sitemap, feed, listing page) said about an article URL.

    Kept on the request so that the article item can fall back to it when the page itself
    carries no date. Slotted: a crawl holds one per discovered URL until it is requested.
    """

    source: Literal["sitemap", "feed", "listing"]
    url: str
    date_raw: str | None = None
    title: str | None = None


@dataclass
class Image:
    """An image that belongs to the article (cover or inline), never to page chrome."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Article:
    """One news article as extracted from one fetched page."""

    # Identity
    url: str
    site: str
    spider: str
    url_aliases: list[str] = field(default_factory=list)
    outlet_id: str | None = None

    # Text
    title: str = ""
    clean_title: str | None = None
    title_source: str | None = None
    lead: str | None = None
    body: str = ""
    photo_credit: str | None = None

    # Dates: raw text + where it came from, normalized to UTC by the date pipeline.
    published_raw: str | None = None
    published_source: DateSource | None = None
    published_at: datetime | None = None
    #: "day" (a date without a time: ``published_at`` is 00:00 UTC of ``published_day``),
    #: "minute" or "second"; see docs/schema.md for sorting by it.
    published_precision: Literal["day", "minute", "second"] | None = None
    #: Where the UTC offset came from: "declared" by the text, "inferred" from the page's other
    #: timestamps, "assumed" from the site's zone, "unknown" (a clock time read as UTC).
    published_tz_source: Literal["declared", "inferred", "assumed", "unknown"] | None = None
    #: The offset the local time was read in ("+05:00"); None for a day or an unknown zone.
    published_utc_offset: str | None = None
    #: The calendar day the page wrote, "YYYY-MM-DD" (local to the site, not to UTC).
    published_day: str | None = None
    updated_raw: str | None = None
    updated_source: DateSource | None = None
    updated_at: datetime | None = None

    # Who and what
    authors_raw: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    original_authors: list[str] = field(default_factory=list)
    #: Cross-script comparison keys (``names.name_key``) of the two lists above, for queries
    #: that find "Tokayev" and "Токаев" alike.
    author_keys: list[str] = field(default_factory=list)
    original_author_keys: list[str] = field(default_factory=list)
    cited_sources: list[dict[str, Any]] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)

    # Language and translation
    declared_language: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    is_translation: bool | None = None
    original_language: str | None = None
    translation_of: dict[str, Any] | None = None

    # Fetch facts
    fetched_at: datetime | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    #: The body was cut to MAX_BODY_BYTES (a page far larger than any article).
    truncated: bool = False
    provenance: dict[str, str] = field(default_factory=dict)
    #: The article's own JSON-LD object as published (``articleBody`` left out: it is the
    #: body again), so consumers can read declared metadata newscrawl does not model.
    structured_data: dict[str, Any] | None = None
    listing_hints: list[ListingHint] = field(default_factory=list)

    # Transient: whether the database held this URL when the crawl planned its fetch
    # (None: unknown). Lets the writer skip a read for articles known to be new.
    stored_before: bool | None = None
    # Transient: date strings found by extraction, most trustworthy first, as (raw, source).
    # The date pipeline picks the first that parses; they are not stored.
    published_candidates: list[tuple[str, DateSource]] = field(default_factory=list)
    updated_candidates: list[tuple[str, DateSource]] = field(default_factory=list)
    #: Transient: the site's zone (IANA name) that offset-less times are read in; None when
    #: unknown (the date pipeline then infers it from the page's own offsets).
    date_zone: str | None = None


@dataclass
class SeenArticle:
    """A stored article that this crawl saw listed but did not need to store again.

    Emitted for URLs the recrawl policy skipped as unchanged and for ``304 Not Modified``
    answers, so that ``last_seen_at`` and ``crawl_count`` still say the crawl saw them.
    """

    url: str
    spider: str
    reason: Literal["unchanged", "not_modified"]


@dataclass
class NotArticle:
    """A listed URL that turned out not to be an article (a tag page, a 404, a landing page).

    Remembered so that later runs do not fetch it again until
    ``RECRAWL_NON_ARTICLE_HOURS`` have passed.
    """

    url: str
    spider: str
    reason: str
