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
    None) or from the stored articles (``run_id`` None; ``articles`` = documents counted).
    """

    site: str
    shares: dict[str, float]
    run_id: str | None = None
    spider: str | None = None
    started_at: datetime | None = None
    articles: int | None = None


@dataclass(frozen=True)
class TranslationCounts:
    """Articles of ``site`` that are translations, with and without a link to the original."""

    site: str
    linked: int
    unlinked: int

    @property
    def total(self) -> int:
        """All translations of the site."""
        return self.linked + self.unlinked


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


def site_totals(db: Database[dict[str, Any]]) -> list[SiteTotal]:
    """Articles per site (most first), with the number lacking a publication date."""
    pipeline: list[dict[str, Any]] = [
        {
            "$group": {
                "_id": "$site",
                "articles": {"$sum": 1},
                "dated": {"$sum": {"$cond": [{"$eq": [{"$type": "$published_at"}, "date"]}, 1, 0]}},
            }
        }
    ]
    rows = [
        SiteTotal(str(row["_id"]), int(row["articles"]), int(row["articles"] - row["dated"]))
        for row in db[ARTICLES].aggregate(pipeline)
    ]
    return sorted(rows, key=lambda s: (-s.articles, s.site))


def articles_per_day(db: Database[dict[str, Any]], *, since: date | None = None) -> list[DayCount]:
    """Articles per site per UTC day of ``published_at``, from ``since`` on (None: all).

    Undated articles cannot be placed on a day and are left out (see
    :attr:`SiteTotal.undated`). Days without articles are absent, not zero.
    """
    match: dict[str, Any] = {"$type": "date"}
    if since is not None:
        match = {"$gte": datetime.combine(since, time.min, tzinfo=UTC)}
    pipeline: list[dict[str, Any]] = [
        {"$match": {"published_at": match}},
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
    db: Database[dict[str, Any]],
) -> tuple[list[CitedOutlet], list[CitationEdge]]:
    """Most cited outlets (most first) and the citation graph between outlets.

    Counts articles, not mentions: an article citing Reuters twice counts once. Only
    ``cited_sources`` with a registry ``outlet_id`` and role ``cited`` or ``via`` count, and
    never the article's own outlet (an outlet referring to its own earlier reporting is not a
    source). An edge goes from the article's ``outlet_id`` (its host when the site belongs to
    no registered outlet) to the cited outlet.
    """
    pipeline: list[dict[str, Any]] = [
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
    for row in db[ARTICLES].aggregate(pipeline):
        key = row["_id"]
        source, target, count = str(key["source"]), str(key["target"]), int(row["articles"])
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


def coverage_from_articles(db: Database[dict[str, Any]]) -> list[CoverageRow]:
    """Per site, the share of stored articles with each of :data:`COVERAGE_FIELDS` non-empty."""
    group: dict[str, Any] = {"_id": "$site", "_articles": {"$sum": 1}}
    for name, kind in COVERAGE_FIELDS.items():
        group[name] = {"$sum": _present(name, kind)}
    rows = []
    for row in db[ARTICLES].aggregate([{"$group": group}]):
        total = int(row["_articles"])
        shares = {name: row[name] / total for name in COVERAGE_FIELDS}
        rows.append(CoverageRow(site=str(row["_id"]), shares=shares, articles=total))
    return sorted(rows, key=lambda r: r.site)


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


def coverage_from_runs(db: Database[dict[str, Any]], *, runs: int = 10) -> list[CoverageRow]:
    """Field coverage per site for each of the latest ``runs`` finished crawls reporting it.

    Newest run first. Runs whose stats carry no ``newscrawl/coverage/...`` keys (crawls
    from before those stats existed) are skipped, so an empty list means "no run reports
    coverage" and the report falls back to :func:`coverage_from_articles`.
    """
    query = {"status": {"$ne": "running"}, "stats": {"$type": "object"}}
    projection = {"run_id": 1, "spider": 1, "started_at": 1, "stats": 1}
    rows: list[CoverageRow] = []
    seen = 0
    for doc in db[CRAWL_RUNS].find(query, projection).sort("started_at", DESCENDING):
        by_site = _coverage_stats(doc.get("stats") or {})
        if not by_site:
            continue
        for site in sorted(by_site):
            rows.append(
                CoverageRow(
                    site=site,
                    shares=by_site[site],
                    run_id=str(doc.get("run_id") or doc["_id"]),
                    spider=str(doc.get("spider") or "?"),
                    started_at=_aware(doc.get("started_at")),
                )
            )
        seen += 1
        if seen >= runs:
            break
    return rows


def translations(db: Database[dict[str, Any]]) -> list[TranslationCounts]:
    """Per site that has translations (``is_translation`` true): linked and unlinked ones."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"is_translation": True}},
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
    rows = [
        TranslationCounts(str(row["_id"]), int(row["linked"]), int(row["total"] - row["linked"]))
        for row in db[ARTICLES].aggregate(pipeline)
    ]
    return sorted(rows, key=lambda t: (-t.total, t.site))


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


def collect(
    db: Database[dict[str, Any]],
    *,
    days: int | None = 30,
    now: datetime | None = None,
    runs: int = 10,
) -> ReportData:
    """Gather everything the report shows from ``db``.

    ``days``: the per-day chart covers the last ``days`` UTC days, today included (None or 0
    for all time); the other figures always cover every stored article. ``runs``: how many of
    the latest crawl runs the table and the per-run coverage show. ``now`` (default: the
    current time) is the generation time.
    """
    generated = (now or datetime.now(UTC)).astimezone(UTC)
    since = generated.date() - timedelta(days=days - 1) if days else None
    outlets, edges = citations(db)
    ids = {o.outlet_id for o in outlets} | {e.source for e in edges}
    return ReportData(
        database=db.name,
        generated_at=generated,
        since=since,
        sites=site_totals(db),
        per_day=articles_per_day(db, since=since),
        cited_outlets=outlets,
        citation_edges=edges,
        coverage_runs=coverage_from_runs(db, runs=runs),
        coverage_articles=coverage_from_articles(db),
        translations=translations(db),
        runs=recent_runs(db, limit=runs),
        run_count=db[CRAWL_RUNS].count_documents({}),
        outlet_names=_outlet_names(ids),
    )
