"""``newscrawl status``: recent crawl runs and their health, from ``crawl_runs``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from newscrawl.cli_options import add_database_options, database_target
from newscrawl.extensions.crawl_runs import CRAWL_RUNS
from newscrawl.monitoring.monitors import articles_stored
from newscrawl.store.connection import DatabaseUnavailableError, opened_database


def format_run(run: dict[str, Any]) -> str:
    """One line per run: when, spider, status, duration, articles, failed monitors."""
    started: datetime | None = run.get("started_at")
    finished: datetime | None = run.get("finished_at")
    when = started.strftime("%Y-%m-%d %H:%M") if started else "?"
    duration = f"{(finished - started).total_seconds():.0f}s" if started and finished else "-"
    stats = run.get("stats") or {}
    failed = [m["name"] for m in run.get("monitors") or [] if not m.get("passed", True)]
    problems = f"  failed: {', '.join(failed)}" if failed else ""
    return (
        f"{when:<16}  {run.get('spider', '?'):<14} {run.get('status', '?'):<11} {duration:>6}  "
        f"{articles_stored(stats) or 0:>8}  {run.get('finish_reason') or '-':<22}{problems}"
    )


#: The table's header, one name per column of :func:`format_run`.
HEADER = (
    f"{'started (UTC)':<16}  {'spider':<14} {'status':<11} {'time':>6}  {'articles':>8}  "
    f"{'finish reason':<22}problems"
)
#: Statuses of a latest run that make ``newscrawl status`` exit 1.
UNHEALTHY = frozenset({"failed", "interrupted"})


def _status(args: argparse.Namespace) -> int:
    target = database_target(args)
    query = {"spider": args.spider} if args.spider else {}
    try:
        with opened_database(target) as db:
            runs = list(
                db[CRAWL_RUNS]
                .find(query, {"_id": 0})
                .sort("started_at", DESCENDING)
                .limit(args.limit)
            )
    except DatabaseUnavailableError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not runs:
        if args.spider:
            known = _spider_names()
            if known and args.spider not in known:
                print(
                    f"newscrawl status: no spider named {args.spider!r}; known: {', '.join(known)}",
                    file=sys.stderr,
                )
                return 2
            print(f"no crawl runs of {args.spider} recorded yet", file=sys.stderr)
            return 1
        print("no crawl runs recorded yet")
        return 0
    print(HEADER)
    for run in runs:
        print(format_run(run))
    # Exit 1 when the newest run of any spider failed or was killed: a health check.
    latest: dict[str, str] = {}
    for run in runs:
        latest.setdefault(run.get("spider", "?"), run.get("status", "?"))
    return 1 if any(status in UNHEALTHY for status in latest.values()) else 0


def _spider_names() -> list[str]:
    """newscrawl's spiders, from its own settings module (wherever the command runs)."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    return sorted(get_spider_loader(settings).list())


def add_status_command(subparsers: Any) -> None:
    """Add ``status`` to the ``newscrawl`` command."""
    status = subparsers.add_parser(
        "status",
        help="recent crawl runs and their health",
        description=(
            "Recent crawl runs from crawl_runs, newest first. Exits 1 when the latest run of "
            "any spider failed or was interrupted, or when --spider has no runs; 2 for a "
            "spider name the project does not have."
        ),
    )
    status.add_argument("--spider", help="only this spider's runs (exit 1 if it has none)")
    status.add_argument("--limit", type=int, default=20, help="runs shown (default 20)")
    add_database_options(status)
    status.set_defaults(func=_status)
