"""Reading stored articles: one filter type, the MongoDB query it means, and a small store.

Consumers who know MongoDB can query the ``articles`` collection directly (docs/consumers.md);
this module is for everyone else, and for the ``newscrawl query`` / ``newscrawl export``
commands. It knows the three things about the stored documents that are easy to get wrong by
hand: persons are found through their cross-script keys (``author_keys``), an outlet is named
by any of its registry spellings, and full text must work without a text index (the embedded
SecantusDB has none).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from types import TracebackType
from typing import Any, Final, Self

import pymongo
from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection
from pymongo.database import Database

from newscrawl.normalize.attribution import UNKNOWN_SOURCE
from newscrawl.normalize.names import name_key
from newscrawl.normalize.outlets import OutletRegistry, default_registry
from newscrawl.normalize.urls import canonicalize_url
from newscrawl.store.connection import connect
from newscrawl.store.schema import ARTICLES, has_text_index
from newscrawl.store.uri import DEFAULT_DATABASE, resolve_target

__all__ = ["SORT", "ArticleFilter", "ArticleStore", "build_query", "find_articles"]

#: The order of every result: newest first; ``url`` breaks ties so pages are stable.
#: Articles without ``published_at`` (null) come last.
SORT: Final = [("published_at", DESCENDING), ("url", ASCENDING)]

_TEXT_FIELDS: Final = ("title", "lead", "body")
# Typed apostrophes and е are what people type; the sites print ’ and sometimes ё.
_CHAR_CLASSES: Final = {
    "'": "['’ʼ`]",
    "’": "['’ʼ`]",
    "ʼ": "['’ʼ`]",
    "`": "['’ʼ`]",
    "е": "[её]",
    "ё": "[её]",
    "Е": "[ЕЁ]",
    "Ё": "[ЕЁ]",
}


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles to read. Every field is optional; given fields must all match (AND).

    - ``site``: the edition's host as stored (``en.orda.kz``, any case); not an outlet
      (``orda`` has three sites).
    - ``language``: the identified ISO 639-1 code (``ru``, any case), not the declared one.
    - ``since`` / ``until``: bounds on ``published_at``, both inclusive. An aware ``datetime``
      is an instant; a ``date`` is a whole UTC day (``until=date(2024, 2, 27)`` includes
      23:59:59 UTC that day). Naive datetimes are refused: their zone would be a guess.
      Articles without a publication date never match a time bound.
    - ``cites``: an outlet registry id (``reuters``) or any registry spelling (``Рейтер``,
      ``Reuters``), matched against ``cited_sources.outlet_id`` whatever the citation's role
      (``self`` included: ``cites="orda"`` finds Orda.kz's own attributions). A name the
      registry does not know matches ``cited_sources.name`` exactly, ignoring case; it cannot
      find an outlet written differently in each article.
    - ``author`` / ``original_author``: a person in any script or romanization. Every word of
      the name must be a word of one stored key (``author_keys`` / ``original_author_keys``),
      in any order, so "Ospanova", "Мадина Оспанова" and "Ospanova Madina" all find
      "Мадина Оспанова"; a one-letter word is an initial and matches a word's start. Keys fold
      romanization differences, not nicknames or gendered forms (Tokayev ≠ Tokayeva).
    - ``translation_of``: the URL of an original; finds the translations linked to it
      (``translation_of.url``), as given or in its canonical form. Only links the crawler made
      are found: it links with high precision, not every translation.
    - ``text``: a phrase that must occur in ``title``, ``lead`` or ``body``, ignoring case.
      On a server with a text index it is a ``$text`` phrase search (word-based: "rate" does
      not find "rates"); without one, a substring match (it does). Double quotes are ignored.
    - ``limit``: at most this many articles (newest first); None for all.
    """

    site: str | None = None
    language: str | None = None
    since: datetime | date | None = None
    until: datetime | date | None = None
    cites: str | None = None
    author: str | None = None
    original_author: str | None = None
    translation_of: str | None = None
    text: str | None = None
    limit: int | None = None

    def __post_init__(self) -> None:
        # Fail when the filter is built, not later inside a query or a generator.
        for name in ("since", "until"):
            value = getattr(self, name)
            if isinstance(value, datetime) and value.utcoffset() is None:
                raise ValueError(
                    f"{name}={value.isoformat()} has no time zone; "
                    "pass an aware datetime (e.g. tzinfo=datetime.UTC) or a date"
                )
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str) and not value.strip():
                raise ValueError(f"{field.name} is empty")
        for name in ("author", "original_author"):
            value = getattr(self, name)
            if value is not None and not name_key(value):
                raise ValueError(f"{name}={value!r} contains no letters")
        if self.text is not None and not self.text.replace('"', "").strip():
            raise ValueError("text contains nothing but quotes")
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1 (or None for all), not {self.limit}")


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _time_bounds(f: ArticleFilter) -> dict[str, datetime]:
    bounds: dict[str, datetime] = {}
    if f.since is not None:
        since = f.since if isinstance(f.since, datetime) else _day_start(f.since)
        bounds["$gte"] = since.astimezone(UTC)
    if isinstance(f.until, datetime):
        bounds["$lte"] = f.until.astimezone(UTC)
    elif f.until is not None:
        # The whole day: everything before the next midnight (BSON dates have milliseconds,
        # so "23:59:59" would miss the last second).
        bounds["$lt"] = _day_start(f.until + timedelta(days=1))
    return bounds


def _person_regex(name: str) -> str:
    """A regex matching a stored name key that contains every word of ``name``'s key."""
    lookaheads = []
    for word in name_key(name).split():
        # A one-letter key word is an initial ("M." → "m"): it matches any word it starts.
        end = "" if len(word) == 1 else "(?: |$)"
        lookaheads.append(f"(?=.*(?:^| ){re.escape(word)}{end})")
    return "^" + "".join(lookaheads)


def _phrase_regex(text: str) -> str:
    """A regex for ``text`` as a phrase: literal characters, any whitespace between words."""
    words = []
    for word in text.split():
        words.append("".join(_CHAR_CLASSES.get(ch) or re.escape(ch) for ch in word))
    return r"\s+".join(words)


def _cites_clause(value: str, registry: OutletRegistry) -> dict[str, Any]:
    wanted = value.strip()
    outlet = registry.get(wanted) or registry.lookup(wanted)
    if outlet is not None:
        return {"cited_sources.outlet_id": outlet.id}
    return {"cited_sources.name": {"$regex": f"^{re.escape(wanted)}$", "$options": "i"}}


def _url_forms(url: str) -> list[str]:
    forms = [url.strip()]
    try:
        canonical = canonicalize_url(url)
    except ValueError:  # an unparsable URL (bad IPv6 host) is only ever itself
        return forms
    if canonical not in forms:
        forms.append(canonical)
    return forms


def build_query(
    f: ArticleFilter, *, text_index: bool, registry: OutletRegistry | None = None
) -> dict[str, Any]:
    """The MongoDB filter document for ``f`` (pure: no database access).

    ``text_index`` says whether the collection has a text index: True gives a ``$text``
    clause, which MongoDB refuses without one; False a case-insensitive regex over
    ``title``, ``lead`` and ``body``, which no index can serve (a collection scan, after
    the other clauses have narrowed it). ``registry`` resolves ``cites`` (default: the
    packaged outlet registry). Sorting and ``limit`` are not part of a filter document:
    :func:`find_articles` applies them.
    """
    query: dict[str, Any] = {}
    if f.site is not None:
        query["site"] = f.site.strip().lower()
    if f.language is not None:
        query["language"] = f.language.strip().lower()
    bounds = _time_bounds(f)
    if bounds:
        query["published_at"] = bounds
    if f.cites is not None:
        query.update(_cites_clause(f.cites, registry or default_registry()))
    if f.author is not None:
        query["author_keys"] = {"$regex": _person_regex(f.author)}
    if f.original_author is not None:
        query["original_author_keys"] = {"$regex": _person_regex(f.original_author)}
    if f.translation_of is not None:
        query["translation_of.url"] = {"$in": _url_forms(f.translation_of)}
    if f.text is not None:
        phrase = " ".join(f.text.replace('"', " ").split())
        if text_index:
            # A quoted phrase, so both backends mean the same thing: "all these words, in
            # this order", not MongoDB's default "any of these words".
            query["$text"] = {"$search": f'"{phrase}"'}
        else:
            pattern = _phrase_regex(phrase)
            query["$or"] = [{field: {"$regex": pattern, "$options": "i"}} for field in _TEXT_FIELDS]
    return query


def _articles(
    source: Database[dict[str, Any]] | Collection[dict[str, Any]],
) -> Collection[dict[str, Any]]:
    return source[ARTICLES] if isinstance(source, Database) else source


def _text_index(collection: Collection[dict[str, Any]]) -> bool:
    if collection.name == ARTICLES:
        return has_text_index(collection.database)
    # A copy of the articles under another name: look at its own indexes.
    return any(
        any(kind == "text" for _, kind in index["key"])
        for index in collection.index_information().values()
    )


def find_articles(
    db_or_collection: Database[dict[str, Any]] | Collection[dict[str, Any]],
    f: ArticleFilter,
    *,
    projection: dict[str, Any] | list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The articles matching ``f``, newest first (``published_at`` desc, then ``url``).

    ``db_or_collection`` is a database (its ``articles`` collection is used) or the articles
    collection itself. Returns the lazy pymongo cursor: documents are fetched in batches as
    the caller iterates, so any number of results can be streamed; close it (or exhaust it)
    to release the server-side cursor early. Datetimes come back aware only when the client
    was created with ``tz_aware=True`` (``connect`` and :class:`ArticleStore` do that).
    """
    collection = _articles(db_or_collection)
    query = build_query(f, text_index=_text_index(collection))
    cursor = collection.find(query, projection).sort(SORT)
    if f.limit is not None:
        cursor = cursor.limit(f.limit)
    return cursor


class ArticleStore:
    """A connection to a newscrawl database for reading articles.

    Use :meth:`connect` (or pass a client you own with ``owns_client=False``). It is a
    context manager: leaving the ``with`` block closes the client. Queries are not
    retried: a database that goes away mid-query raises pymongo's error.
    """

    def __init__(
        self,
        client: pymongo.MongoClient[dict[str, Any]],
        database: str = DEFAULT_DATABASE,
        *,
        owns_client: bool = True,
    ) -> None:
        self.client = client
        self.database: Database[dict[str, Any]] = client[database]
        self.collection: Collection[dict[str, Any]] = self.database[ARTICLES]
        self._owns_client = owns_client

    @classmethod
    def connect(
        cls, uri: str | None = None, database: str = DEFAULT_DATABASE, *, timeout_s: float = 5.0
    ) -> Self:
        """Connect to ``uri``, or to the embedded SecantusDB server (started if needed) when None.

        ``MONGO_URI`` in the environment is not consulted: pass ``os.environ.get("MONGO_URI")``
        to read where the crawls write. Raises
        :class:`~newscrawl.store.connection.DatabaseUnavailableError` (one line, password
        masked) when the server cannot be reached.
        """
        target = resolve_target(uri, database)
        return cls(connect(target, timeout_s=timeout_s), target.database)

    def find(
        self, *, projection: dict[str, Any] | list[str] | None = None, **filters: Any
    ) -> Iterator[dict[str, Any]]:
        """Articles matching ``ArticleFilter(**filters)``, newest first (a lazy cursor)."""
        return find_articles(self.collection, ArticleFilter(**filters), projection=projection)

    def count(self, **filters: Any) -> int:
        """How many articles match ``ArticleFilter(**filters)`` (at most ``limit``, if given)."""
        f = ArticleFilter(**filters)
        query = build_query(f, text_index=_text_index(self.collection))
        if f.limit is not None:
            return self.collection.count_documents(query, limit=f.limit)
        return self.collection.count_documents(query)

    def unregistered_sources(self, **filters: Any) -> list[tuple[str, str | None, int]]:
        """Cited names the outlet registry does not know, most frequent first.

        (name as written, kind guessed at analysis, number of matching articles citing it),
        press services and the ``(unknown)`` marker left out: the list a registry extension
        (``OUTLET_REGISTRY_FILES``) starts from. Filters as for :meth:`find` (limit aside).
        """
        counts: Counter[tuple[str, str | None]] = Counter()
        for doc in self.find(projection=["cited_sources"], **{**filters, "limit": None}):
            seen: set[tuple[str, str | None]] = set()
            for source in doc.get("cited_sources") or []:
                name, kind = source.get("name"), source.get("kind")
                if source.get("outlet_id") is not None or not name or kind == "press-service":
                    continue
                if name == UNKNOWN_SOURCE:
                    continue
                seen.add((str(name), kind))
            counts.update(seen)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0].casefold()))
        return [(name, kind, n) for (name, kind), n in ranked]

    def get(self, url: str) -> dict[str, Any] | None:
        """The article stored under ``url``, or seen under it (``url_aliases``), or None.

        The URL is tried as given and in its canonical form (https, no tracking parameters);
        an article's own URL wins over another article's alias.
        """
        forms = _url_forms(url)
        return self.collection.find_one({"url": {"$in": forms}}) or self.collection.find_one(
            {"url_aliases": {"$in": forms}}, sort=SORT
        )

    def close(self) -> None:
        """Close the client, unless it was handed in with ``owns_client=False``."""
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
