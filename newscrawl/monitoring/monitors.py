"""Crawl health checks, run when a spider closes: pure functions over the final stats.

Each monitor returns a :class:`MonitorResult`; a failed one makes ``scrapy crawl`` (and
``crawlall``) exit non-zero, is stored in ``crawl_runs`` and is printed in the summary at the
end of the log. Thresholds are settings, so an operator can loosen one for a site that never
prints, say, a byline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: Minimum share of stored articles with the field, per site.
DEFAULT_COVERAGE = {"title": 1.0, "body": 1.0, "published_at": 0.95, "language": 0.99}
DEFAULT_MAX_ERROR_RATIO = 0.05
DEFAULT_MAX_HTTP_FAILURE_RATIO = 0.2
#: A run storing less than this share of the previous successful run's articles fails.
DEFAULT_MIN_SHARE_OF_PREVIOUS = 0.5
#: Below this many articles in the previous run, the drop check is noise and is skipped.
DROP_CHECK_MIN_PREVIOUS = 10

_COVERAGE_KEY = re.compile(r"^newscrawl/coverage/(?P<site>[^/]+)/(?P<field>[^/]+)$")
_SERVER_ERRORS = re.compile(r"^downloader/response_status_count/5\d\d$")


def run_shape(arguments: Mapping[str, Any], started: date) -> dict[str, Any]:
    """What makes two runs of a spider comparable: mode, window length, editions, limits.

    ``window_days`` is the number of UTC days from ``since`` to ``until`` (the start day
    when no ``until`` is given), None for no ``since``. A nightly ``-a since=<7 days ago>``
    backfill is then compared with the previous nightly one, not with a one-off backfill
    of a whole year or with the hourly runs.
    """
    since = _day(arguments.get("since"))
    until = _day(arguments.get("until")) or started
    window = (until - since).days + 1 if since is not None else None
    return {
        "mode": arguments.get("mode") or "latest",
        "window_days": window,
        "editions": arguments.get("editions") or None,
        "max_articles": str(arguments["max_articles"]) if arguments.get("max_articles") else None,
    }


def baseline_query(spider: str, shape: Mapping[str, Any]) -> dict[str, Any]:
    """The ``crawl_runs`` filter for the runs a new run of ``shape`` is compared with:
    successful, finished runs of the same spider with the same shape."""
    return {
        "spider": spider,
        "status": "ok",
        "finished_at": {"$exists": True},
        **{f"shape.{key}": value for key, value in shape.items()},
    }


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class Thresholds:
    """What the monitors require; from settings (see ``from_settings`` in the extension)."""

    coverage: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_COVERAGE))
    max_error_ratio: float = DEFAULT_MAX_ERROR_RATIO
    max_http_failure_ratio: float = DEFAULT_MAX_HTTP_FAILURE_RATIO
    min_share_of_previous: float = DEFAULT_MIN_SHARE_OF_PREVIOUS
    #: False in distributed mode: a process may find the shared frontier already empty.
    require_articles: bool = True


@dataclass(frozen=True)
class MonitorResult:
    """One check: its name, whether it passed, what was measured against what."""

    name: str
    passed: bool
    detail: str
    value: float | None = None
    threshold: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        return asdict(self)


#: The counters MongoPipeline keeps of the articles it wrote.
STORED_STATS = ("newscrawl/mongo/inserted", "newscrawl/mongo/changed", "newscrawl/mongo/unchanged")


def articles_stored(stats: Mapping[str, Any]) -> int | None:
    """Articles a run wrote (inserted, changed or unchanged); None when its stats hold none of
    those counters (a crawl that stopped before storing anything, or wrote no stats)."""
    values = [stats.get(name) for name in STORED_STATS]
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return sum(numbers) if numbers else None


def articles_seen(stats: Mapping[str, Any]) -> int:
    """Articles this run stored or confirmed unchanged."""
    return (
        (articles_stored(stats) or 0)
        + int(stats.get("newscrawl/mongo/touched", 0) or 0)
        + int(stats.get("newscrawl/mongo/spooled", 0) or 0)
    )


def run_monitors(
    stats: Mapping[str, Any],
    thresholds: Thresholds,
    previous_stats: Mapping[str, Any] | None = None,
) -> list[MonitorResult]:
    """Every monitor over one run's final stats (``previous_stats``: the last good run)."""
    results = [_stored(stats)] if thresholds.require_articles else []
    results += _coverage(stats, thresholds)
    results += _ratios(stats, thresholds)
    if previous_stats is not None:
        results += _drop(stats, previous_stats, thresholds)
    return results


def _stored(stats: Mapping[str, Any]) -> MonitorResult:
    # Acknowledged writes only (the number crawlall, `newscrawl status` and the report show):
    # an item scraped, or waiting in the spool, is not stored. A recrawl that found every
    # article unchanged (touched) did its job too.
    stored = articles_stored(stats) or 0
    touched = int(stats.get("newscrawl/mongo/touched", 0) or 0)
    detail = f"{stored} articles" + (f", {touched} seen unchanged" if touched else "")
    return MonitorResult("articles stored", stored + touched > 0, detail, stored, 1)


def _coverage(stats: Mapping[str, Any], thresholds: Thresholds) -> list[MonitorResult]:
    results = []
    for key, value in sorted(stats.items()):
        match = _COVERAGE_KEY.match(key)
        if not match or match["field"] not in thresholds.coverage:
            continue
        minimum = thresholds.coverage[match["field"]]
        share = float(value)
        results.append(
            MonitorResult(
                f"coverage {match['site']} {match['field']}",
                share >= minimum,
                f"{share:.0%} of articles (minimum {minimum:.0%})",
                share,
                minimum,
            )
        )
    return results


def _ratios(stats: Mapping[str, Any], thresholds: Thresholds) -> list[MonitorResult]:
    requests = int(stats.get("downloader/request_count", 0) or 0)
    responses = int(stats.get("response_received_count", 0) or 0)
    errors = int(stats.get("log_count/ERROR", 0) or 0)
    failures = int(stats.get("downloader/exception_count", 0) or 0) + sum(
        int(v or 0) for k, v in stats.items() if _SERVER_ERRORS.match(k)
    )
    error_ratio = errors / max(responses, 1)
    failure_ratio = failures / max(requests, 1)
    return [
        MonitorResult(
            "error ratio",
            error_ratio <= thresholds.max_error_ratio,
            f"{errors} logged errors for {responses} responses",
            round(error_ratio, 4),
            thresholds.max_error_ratio,
        ),
        MonitorResult(
            "HTTP failure ratio",
            failure_ratio <= thresholds.max_http_failure_ratio,
            f"{failures} failed downloads (5xx, network) of {requests} requests",
            round(failure_ratio, 4),
            thresholds.max_http_failure_ratio,
        ),
    ]


def _drop(
    stats: Mapping[str, Any], previous: Mapping[str, Any], thresholds: Thresholds
) -> list[MonitorResult]:
    before = articles_seen(previous)
    now = articles_seen(stats)
    if before < DROP_CHECK_MIN_PREVIOUS:
        return []
    share = now / before
    return [
        MonitorResult(
            "drop against previous run",
            share >= thresholds.min_share_of_previous,
            f"{now} articles, previous successful run {before}",
            round(share, 4),
            thresholds.min_share_of_previous,
        )
    ]


def summary_table(results: list[MonitorResult]) -> str:
    """A fixed-width table for the end of the log."""
    width = max((len(r.name) for r in results), default=10)
    lines = [f"{'monitor':<{width}}  result  detail"]
    lines += [
        f"{r.name:<{width}}  {'ok' if r.passed else 'FAILED':<6}  {r.detail}" for r in results
    ]
    return "\n".join(lines)
