"""``newscrawl status``: recent crawl runs and their health, from ``crawl_runs``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from pymongo import DESCENDING

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
        f"{when}  {run.get('spider', '?'):<14} {run.get('status', '?'):<8} {duration:>6}  "
        f"{articles_stored(stats) or 0:>6} articles  {run.get('finish_reason') or '':<18}{problems}"
    )


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
        print("no crawl runs recorded yet")
        return 0
    print(f"{'started (UTC)':<16}  {'spider':<14} {'status':<8} {'time':>6}  {'stored':>15}")
    for run in runs:
        print(format_run(run))
    # Exit 1 when the newest run of any spider failed: usable as a health check.
    latest: dict[str, str] = {}
    for run in runs:
        latest.setdefault(run.get("spider", "?"), run.get("status", "?"))
    return 1 if any(status == "failed" for status in latest.values()) else 0


def add_status_command(subparsers: Any) -> None:
    """Add ``status`` to the ``newscrawl`` command."""
    status = subparsers.add_parser("status", help="recent crawl runs and their health")
    status.add_argument("--spider", help="only this spider's runs")
    status.add_argument("--limit", type=int, default=20)
    add_database_options(status)
    status.set_defaults(func=_status)
