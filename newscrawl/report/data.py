"""What the crawl report shows, read from MongoDB: aggregation queries only, no writes.

Every function takes a database (``client[MONGO_DATABASE]``) and returns plain dataclasses,
so the numbers can be tested without looking at any HTML, and :mod:`newscrawl.report.html`
never touches the database. The heavy lifting is done by the server (``aggregate``): the
results are small (one row per site, day, outlet or run) whatever the size of ``articles``.

The queries use only aggregation operators that both MongoDB and the embedded SecantusDB
support (``$group``, ``$unwind``, ``$cond``, ``$type``, ``$dateToString``, ``$expr``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from pymongo import DESCENDING
from pymongo.database import Database

from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.monitoring.monitors import STORED_STATS, articles_stored
from newscrawl.normalize.keys import safe_key
from newscrawl.normalize.outlets import default_registry
from newscrawl.normalize.translation import WINDOW
from newscrawl.store.linking import original_sites
from newscrawl.store.schema import ARTICLES

__all__ = [
    "COVERAGE_FIELDS",
    "COVERAGE_STAT_PREFIX",
    "CitationEdge",
    "CitedOutlet",
    "CoverageRow",
    "DayCount",
    "ReportData",
    "RunSummary",
    "SiteTotal",
    "TranslationCounts",
    "article_match",
    "articles_per_day",
    "citations",
    "collect",
    "coverage_from_articles",
    "coverage_from_runs",
    "recent_runs",
    "site_totals",
    "translations",
]

#: Fields whose presence the stored-articles coverage measures, and how "present" is judged.
COVERAGE_FIELDS: Final[dict[str, str]] = {
    "title": "text",
    "body": "text",
    "published_at": "date",
    "language": "text",
    "authors": "list",
    "lead": "text",
}
#: Crawl stats ``newscrawl/coverage/<site>/<field>`` hold the share (0..1) of a run's articles
#: from ``<site>`` that had ``<field>``.
COVERAGE_STAT_PREFIX: Final = "newscrawl/coverage/"
#: The writer's counters whose sum is "articles stored" by a run (``FlushReport.stored``);
#: their keys have no ".", so sanitizing leaves them as they are.
# crawl_runs stores stats through sanitize_keys: "." in a key (every host name) becomes "．".
_SAFE_DOT: Final = safe_key(".")


@dataclass(frozen=True)
class SiteTotal:
    """Articles stored for one site, and how many of them have no ``published_at``."""

    site: str
    articles: int
    undated: int


@dataclass(frozen=True)
class DayCount:
    """Articles from ``site`` published on the UTC day ``day``."""

    site: str
    day: date
    articles: int


@dataclass(frozen=True)
class CitedOutlet:
    """An outlet other articles attribute information to, counted in articles.

    ``cited``: articles naming it as their source (role ``cited``); ``via``: articles naming
    it only as the source a cited outlet relied on (role ``via``). An article counts once.
    """

    outlet_id: str
    cited: int
    via: int

    @property
    def articles(self) -> int:
        """All articles citing the outlet, either way."""
        return self.cited + self.via


@dataclass(frozen=True)
class CitationEdge:
    """``articles`` articles of ``source`` (the crawled site's outlet) cite ``target``."""

    source: str
    target: str
    articles: int


@dataclass(frozen=True)
class CoverageRow:
    """Field coverage of one site: shares 0..1 by field.

    From a crawl run's stats (``run_id``, ``spider`` and ``started_at`` set; ``articles``
    the run's article count for the site, None when its stats lack it) or from the stored
    articles (``run_id`` None; ``articles`` = documents counted).
    """

    site: str
    shares: dict[str, float]
    run_id: str | None = None
    spider: str | None = None
    started_at: datetime | None = None
    articles: int | None = None


@dataclass(frozen=True)
class TranslationCounts:
    """Articles of ``site`` that are translations, by what is known of their original.

    ``linked``: ``translation_of`` names the original. ``unlinked``: no link; of those,
    ``original_stored`` had articles of the original's site stored within the linking window
    (``normalize.translation.WINDOW``) of their date — the original was probably crawled but
    not recognised — and the rest had none: the original was not crawled.
    """

    site: str
    linked: int
    unlinked: int
    original_stored: int = 0

    @property
    def total(self) -> int:
        """All translations of the site."""
        return self.linked + self.unlinked

    @property
    def original_not_crawled(self) -> int:
        """Unlinked translations with no candidate original stored."""
        return self.unlinked - self.original_stored


@dataclass(frozen=True)
class RunSummary:
    """One ``crawl_runs`` document, reduced to what the runs table shows."""

    run_id: str
    spider: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str
    #: Articles inserted or updated (changed or not); None while the run has no final stats.
    stored: int | None

    @property
    def duration(self) -> timedelta | None:
        """How long the run took; None while it is running (or was never completed)."""
        if self.started_at is None or self.finished_at is None:
            return None
        return self.finished_at - self.started_at


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, gathered at ``generated_at``."""

    database: str
    generated_at: datetime
    #: The first UTC day of the per-day chart; None for all time.
    since: date | None
    sites: list[SiteTotal]
    per_day: list[DayCount]
    cited_outlets: list[CitedOutlet]
    citation_edges: list[CitationEdge]
    coverage_runs: list[CoverageRow]
    coverage_articles: list[CoverageRow]
    translations: list[TranslationCounts]
    runs: list[RunSummary]
    #: Total runs in ``crawl_runs`` (``runs`` holds only the latest).
    run_count: int = 0
    outlet_names: dict[str, str] = field(default_factory=dict)
    #: The last UTC day of the per-day chart; None when open-ended.
    until: date | None = None
    #: Dated articles (of the selection) that fall outside the per-day chart's window.
    outside_window: int = 0
    #: The ``--site`` selection the figures are limited to (empty: every site).
    site_filter: tuple[str, ...] = ()

    @property
    def total_articles(self) -> int:
        """Articles stored, all sites."""
        return sum(s.articles for s in self.sites)

    @property
    def undated_articles(self) -> int:
        """Articles without ``published_at`` (absent from the per-day chart)."""
        return sum(s.undated for s in self.sites)

    @property
    def is_empty(self) -> bool:
        """Neither an article nor a crawl run: nothing to show."""
        return not self.sites and not self.runs


def _aware(value: Any) -> datetime | None:
    """A UTC-aware datetime, or None: clients opened without ``tz_aware`` return naive UTC."""
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def article_match(
    sites: Iterable[str] = (), since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """The ``$match`` selecting articles of ``sites`` (all when empty) published from
    ``since`` to ``until`` (UTC days, inclusive; either open). With a date bound, undated
    articles are left out: they cannot be said to fall inside it."""
    match: dict[str, Any] = {}
    sites = list(sites)
    if sites:
        match["site"] = {"$in": sites}
    published: dict[str, Any] = {}
    if since is not None:
        published["$gte"] = datetime.combine(since, time.min, tzinfo=UTC)
    if until is not None:
        published["$lt"] = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    if published:
        match["published_at"] = published
    return match


def _matched(match: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    return [{"$match": dict(match)}] if match else []


def site_totals(
    db: Database[dict[str, Any]], match: Mapping[str, Any] | None = None
) -> list[SiteTotal]:
    """Articles per site (most first), with the number lacking a publication date."""
    pipeline: list[dict[str, Any]] = [
        *_matched(match),
        {
            "$group": {
                "_id": "$site",
                "articles": {"$sum": 1},
                "dated": {"$sum": {"$cond": [{"$eq": [{"$type": "$published_at"}, "date"]}, 1, 0]}},
            }
        },
    ]
    rows = [
        SiteTotal(str(row["_id"]), int(row["articles"]), int(row["articles"] - row["dated"]))
        for row in db[ARTICLES].aggregate(pipeline)
    ]
    return sorted(rows, key=lambda s: (-s.articles, s.site))


def articles_per_day(
    db: Database[dict[str, Any]],
    *,
    since: date | None = None,
    until: date | None = None,
    sites: Iterable[str] = (),
) -> list[DayCount]:
    """Articles per site per UTC day of ``published_at``, from ``since`` to ``until``
    (inclusive; None: open) of ``sites`` (empty: all).

    Undated articles cannot be placed on a day and are left out (see
    :attr:`SiteTotal.undated`). Days without articles are absent, not zero.
    """
    match = article_match(sites, since, until)
    match.setdefault("published_at", {"$type": "date"})
    pipeline: list[dict[str, Any]] = [
        {"$match": match},
        {
            "$group": {
                "_id": {
                    "site": "$site",
                    # $dateToString formats in UTC unless told a timezone: the days of the
                    # stored dates, as documented in docs/schema.md.
                    "day": {"$dateToString": {"format": "%Y-%m-%d", "date": "$published_at"}},
                },
                "articles": {"$sum": 1},
            }
        },
    ]
    rows = [
        DayCount(
            str(row["_id"]["site"]), date.fromisoformat(row["_id"]["day"]), int(row["articles"])
        )
        for row in db[ARTICLES].aggregate(pipeline)
    ]
    return sorted(rows, key=lambda d: (d.day, d.site))


def citations(
    db: Database[dict[str, Any]], match: Mapping[str, Any] | None = None
) -> tuple[list[CitedOutlet], list[CitationEdge]]:
    """Most cited outlets (most first) and the citation graph between outlets.

    Counts articles, not mentions: an article citing Reuters twice counts once. Only
    ``cited_sources`` with a registry ``outlet_id`` and role ``cited`` or ``via`` count, and
    never the article's own outlet (an outlet referring to its own earlier reporting is not a
    source). An edge goes from the article's ``outlet_id`` (its host when the site belongs to
    no registered outlet) to the cited outlet. Sources are merged by outlet: a host the
    registry knows (``kursiv.media`` stored before generic sites got their ``outlet_id``) is
    drawn as its outlet, one node with the outlet it cites as.
    """
    pipeline: list[dict[str, Any]] = [
        *_matched(match),
        {"$project": {"site": 1, "outlet_id": 1, "cited_sources": 1}},
        {"$unwind": "$cited_sources"},
        {
            "$match": {
                "cited_sources.role": {"$in": ["cited", "via"]},
                "cited_sources.outlet_id": {"$type": "string"},
            }
        },
        {"$match": {"$expr": {"$ne": ["$cited_sources.outlet_id", "$outlet_id"]}}},
        # One row per (article, cited outlet), whatever the number of mentions...
        {
            "$group": {
                "_id": {"article": "$_id", "target": "$cited_sources.outlet_id"},
                "source": {"$first": {"$ifNull": ["$outlet_id", "$site"]}},
                "roles": {"$addToSet": "$cited_sources.role"},
            }
        },
        # ...then one per (source outlet, cited outlet, cited directly or only via): small
        # enough to sum both views from in Python.
        {
            "$group": {
                "_id": {
                    "source": "$source",
                    "target": "$_id.target",
                    "cited": {"$in": ["cited", "$roles"]},
                },
                "articles": {"$sum": 1},
            }
        },
    ]
    by_outlet: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_edge: dict[tuple[str, str], int] = defaultdict(int)
    registry = default_registry()
    for row in db[ARTICLES].aggregate(pipeline):
        key = row["_id"]
        source, target, count = str(key["source"]), str(key["target"]), int(row["articles"])
        if source not in registry:
            owner = registry.outlet_for_host(source)
            source = owner.id if owner is not None else source
        if source == target:  # an outlet citing itself, once its host is resolved
            continue
        by_outlet[target][0 if key["cited"] else 1] += count
        by_edge[source, target] += count
    outlets = [CitedOutlet(o, cited, via) for o, (cited, via) in by_outlet.items()]
    outlets.sort(key=lambda o: (-o.articles, o.outlet_id))
    edges = [CitationEdge(s, t, n) for (s, t), n in by_edge.items()]
    edges.sort(key=lambda e: (-e.articles, e.source, e.target))
    return outlets, edges


def _present(path: str, kind: str) -> dict[str, Any]:
    """1 when the document's field at ``path`` is non-empty, else 0 (an expression)."""
    value = f"${path}"
    if kind == "date":
        test: dict[str, Any] = {"$eq": [{"$type": value}, "date"]}
    elif kind == "list":
        test = {"$gt": [{"$size": {"$cond": [{"$isArray": value}, value, []]}}, 0]}
    else:
        # $trim refuses non-strings, so anything else (null, missing) is trimmed as "".
        text = {"$cond": [{"$eq": [{"$type": value}, "string"]}, value, ""]}
        test = {"$gt": [{"$strLenCP": {"$trim": {"input": text}}}, 0]}
    return {"$cond": [test, 1, 0]}


def coverage_from_articles(
    db: Database[dict[str, Any]], match: Mapping[str, Any] | None = None
) -> list[CoverageRow]:
    """Per site, the share of stored articles with each of :data:`COVERAGE_FIELDS` non-empty."""
    group: dict[str, Any] = {"_id": "$site", "_articles": {"$sum": 1}}
    for name, kind in COVERAGE_FIELDS.items():
        group[name] = {"$sum": _present(name, kind)}
    rows = []
    for row in db[ARTICLES].aggregate([*_matched(match), {"$group": group}]):
        total = int(row["_articles"])
        shares = {name: row[name] / total for name in COVERAGE_FIELDS}
        rows.append(CoverageRow(site=str(row["_id"]), shares=shares, articles=total))
    return sorted(rows, key=lambda r: r.site)


def _site_article_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """``{site: articles}`` from a run's ``newscrawl/fields/<site>/articles`` counters."""
    out: dict[str, int] = {}
    for raw_key, value in stats.items():
        parts = str(raw_key).split("/")
        counter = (
            len(parts) == 4 and parts[:2] == ["newscrawl", "fields"] and parts[3] == "articles"
        )
        if counter and isinstance(value, int) and not isinstance(value, bool):
            out[parts[2].replace(_SAFE_DOT, ".")] = value
    return out


def _coverage_stats(stats: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """``{site: {field: share}}`` from a run's stats, stored sanitized or not.

    A value must be a number from 0 to 1 and the key exactly ``<prefix><site>/<field>``;
    anything else under the prefix (counts, nested keys) is not a share and is ignored.
    """
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for raw_key, value in stats.items():
        key = str(raw_key)
        if not key.startswith(COVERAGE_STAT_PREFIX):
            continue
        parts = key[len(COVERAGE_STAT_PREFIX) :].split("/")
        if len(parts) != 2 or not all(parts):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            continue
        site, name = (part.replace(_SAFE_DOT, ".") for part in parts)
        out[site][name] = float(value)
    return dict(out)


def coverage_from_runs(
    db: Database[dict[str, Any]], *, runs: int = 10, sites: Iterable[str] = ()
) -> list[CoverageRow]:
    """Field coverage per site for each of the latest ``runs`` finished crawls reporting it.

    Newest run first. Runs whose stats carry no ``newscrawl/coverage/...`` keys (crawls
    from before those stats existed) are skipped, so an empty list means "no run reports
    coverage" and the report falls back to :func:`coverage_from_articles`.
    """
    query = {"status": {"$ne": "running"}, "stats": {"$type": "object"}}
    projection = {"run_id": 1, "spider": 1, "started_at": 1, "stats": 1}
    rows: list[CoverageRow] = []
    wanted = set(sites)
    seen = 0
    for doc in db[CRAWL_RUNS].find(query, projection).sort("started_at", DESCENDING):
        by_site = _coverage_stats(doc.get("stats") or {})
        if wanted:
            by_site = {site: shares for site, shares in by_site.items() if site in wanted}
        if not by_site:
            continue
        counts = _site_article_counts(doc.get("stats") or {})
        for site in sorted(by_site):
            rows.append(
                CoverageRow(
                    site=site,
                    shares=by_site[site],
                    run_id=str(doc.get("run_id") or doc["_id"]),
                    spider=str(doc.get("spider") or "?"),
                    started_at=_aware(doc.get("started_at")),
                    articles=counts.get(site),
                )
            )
        seen += 1
        if seen >= runs:
            break
    return rows


def translations(
    db: Database[dict[str, Any]], match: Mapping[str, Any] | None = None
) -> list[TranslationCounts]:
    """Per site that has translations (``is_translation`` true): linked ones, unlinked ones
    whose original's site has articles stored around their date, and the rest."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {**(match or {}), "is_translation": True}},
        {
            "$group": {
                "_id": "$site",
                "total": {"$sum": 1},
                "linked": {
                    "$sum": {"$cond": [{"$eq": [{"$type": "$translation_of"}, "object"]}, 1, 0]}
                },
            }
        },
    ]
    stored = _unlinked_with_originals_stored(db, match)
    rows = [
        TranslationCounts(
            str(row["_id"]),
            int(row["linked"]),
            int(row["total"] - row["linked"]),
            stored.get(str(row["_id"]), 0),
        )
        for row in db[ARTICLES].aggregate(pipeline)
    ]
    return sorted(rows, key=lambda t: (-t.total, t.site))


def _unlinked_with_originals_stored(
    db: Database[dict[str, Any]], match: Mapping[str, Any] | None
) -> dict[str, int]:
    """Per site, unlinked translations with an article of their original's site stored
    within the linking window of their date (one indexed existence query each)."""
    registry = default_registry()
    query = {
        **(match or {}),
        "is_translation": True,
        "translation_of": {"$not": {"$type": "object"}},
    }
    projection = {"site": 1, "outlet_id": 1, "original_language": 1, "published_at": 1}
    out: dict[str, int] = defaultdict(int)
    for doc in db[ARTICLES].find(query, projection):
        when = _aware(doc.get("published_at"))
        sites = original_sites(registry, doc.get("outlet_id"), doc.get("original_language") or "")
        if when is None or not sites:
            continue
        near = {
            "site": {"$in": sites},
            "published_at": {"$gte": when - WINDOW, "$lte": when + WINDOW},
        }
        if db[ARTICLES].find_one(near, {"_id": 1}) is not None:
            out[str(doc["site"])] += 1
    return dict(out)


def recent_runs(db: Database[dict[str, Any]], *, limit: int = 10) -> list[RunSummary]:
    """The latest ``limit`` crawl runs, newest first."""
    projection = {"run_id": 1, "spider": 1, "started_at": 1, "finished_at": 1, "status": 1}
    # Only the counters the table needs, not the whole stats object of every run.
    projection.update({f"stats.{name}": 1 for name in STORED_STATS})
    cursor = db[CRAWL_RUNS].find({}, projection).sort("started_at", DESCENDING).limit(limit)
    out = []
    for doc in cursor:
        stats = doc.get("stats")
        out.append(
            RunSummary(
                run_id=str(doc.get("run_id") or doc["_id"]),
                spider=str(doc.get("spider") or "?"),
                started_at=_aware(doc.get("started_at")),
                finished_at=_aware(doc.get("finished_at")),
                status=str(doc.get("status") or "unknown"),
                stored=articles_stored(stats) if isinstance(stats, Mapping) else None,
            )
        )
    return out


def _outlet_names(ids: Iterable[str]) -> dict[str, str]:
    """Registry display names for outlet ids (ids the registry does not know are left out)."""
    registry = default_registry()
    names = {}
    for outlet_id in ids:
        outlet = registry.get(outlet_id)
        if outlet is not None:
            names[outlet_id] = outlet.name
    return names


def newest_day(db: Database[dict[str, Any]], sites: Iterable[str] = ()) -> date | None:
    """The UTC day of the newest ``published_at`` among ``sites`` (all when empty)."""
    match = article_match(sites)
    match["published_at"] = {"$type": "date"}
    newest = db[ARTICLES].find_one(match, {"published_at": 1}, sort=[("published_at", -1)])
    when = _aware(newest.get("published_at")) if newest else None
    return when.date() if when else None


def collect(
    db: Database[dict[str, Any]],
    *,
    days: int | None = 30,
    now: datetime | None = None,
    runs: int = 10,
    sites: Iterable[str] = (),
    since: date | None = None,
    until: date | None = None,
) -> ReportData:
    """Gather everything the report shows from ``db``.

    ``sites``, ``since`` and ``until`` (UTC days, inclusive) limit every article figure.
    Without ``since``, the per-day chart covers ``days`` UTC days (None or 0: all time)
    ending at the newest article's day, or today when articles are dated later: a crawl of
    last year's articles is charted where they are, not as an empty last month. The articles
    it leaves out are counted (:attr:`ReportData.outside_window`). ``runs``: how many of the
    latest crawl runs the table and the per-run coverage show. ``now`` (default: the current
    time) is the generation time.
    """
    generated = (now or datetime.now(UTC)).astimezone(UTC)
    sites = tuple(sites)
    match = article_match(sites, since, until)
    chart_since, chart_until = since, until
    if since is None and days:
        end = until or generated.date()
        newest = newest_day(db, sites)
        if newest is not None and newest < end:
            end = newest
        chart_since = end - timedelta(days=days - 1)
        chart_until = end if (until is not None or end < generated.date()) else None
    per_day = articles_per_day(db, since=chart_since, until=chart_until, sites=sites)
    totals = site_totals(db, match)
    dated = sum(s.articles - s.undated for s in totals)
    outlets, edges = citations(db, match)
    ids = {o.outlet_id for o in outlets} | {e.source for e in edges}
    return ReportData(
        database=db.name,
        generated_at=generated,
        since=chart_since,
        until=chart_until,
        sites=totals,
        per_day=per_day,
        cited_outlets=outlets,
        citation_edges=edges,
        coverage_runs=coverage_from_runs(db, runs=runs, sites=sites),
        coverage_articles=coverage_from_articles(db, match),
        translations=translations(db, match),
        runs=recent_runs(db, limit=runs),
        run_count=db[CRAWL_RUNS].count_documents({}),
        outlet_names=_outlet_names(ids),
        outside_window=dated - sum(d.articles for d in per_day),
        site_filter=sites,
    )
