"""``newscrawl report``: write the crawl report page for a database.

Reads the database given by ``--uri`` / ``--database`` (default: ``$MONGO_URI`` /
``$MONGO_DATABASE``, else the embedded server and ``newscrawl``), like ``newscrawl query``. A
database that cannot be used is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import date
from pathlib import Path

from newscrawl.cli_options import add_database_options, database_target
from newscrawl.report.data import collect
from newscrawl.report.html import build_html
from newscrawl.store.connection import DatabaseUnavailableError, opened_database

__all__ = ["add_report_commands"]


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of days, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all time) or more")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None


def add_report_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the ``newscrawl`` command's sub-commands."""
    report = subparsers.add_parser(
        "report",
        help="write an HTML report of the stored articles and crawl runs",
        description=(
            "Write one self-contained HTML page (charts included, no network needed to view "
            "it): articles per day and site, most cited outlets, the citation graph, field "
            "coverage, translation links and the latest crawl runs."
        ),
    )
    report.add_argument(
        "--out", default="report.html", metavar="FILE", help="output file (default: report.html)"
    )
    report.add_argument(
        "--days",
        type=_days,
        default=30,
        metavar="N",
        help=(
            "without --since, the articles-per-day chart covers N UTC days ending at the "
            "newest article (default 30; 0: all time)"
        ),
    )
    report.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="HOST",
        help="only this site's articles (repeat for several), e.g. --site en.orda.kz",
    )
    report.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help="only articles published on or after this UTC day (the chart starts there)",
    )
    report.add_argument(
        "--until",
        type=_day,
        metavar="YYYY-MM-DD",
        help="only articles published on or before this UTC day (the chart ends there)",
    )
    add_database_options(report)
    report.set_defaults(func=_report)


def _error(message: str) -> int:
    # pymongo messages can run over several lines (a topology dump); the first says why.
    first = (message.strip().splitlines() or ["unknown error"])[0]
    sys.stderr.write(f"newscrawl report: {first[:500]}\n")
    return 1


def _report(args: argparse.Namespace) -> int:
    target = database_target(args)
    out = Path(args.out)
    if args.since and args.until and args.since > args.until:
        return _error(f"--since {args.since} is after --until {args.until}")
    try:
        with opened_database(target) as db:
            data = collect(
                db,
                days=args.days or None,
                sites=args.site,
                since=args.since,
                until=args.until,
            )
    except DatabaseUnavailableError as exc:
        return _error(str(exc))
    try:
        _write(out, build_html(data))
    except OSError as exc:
        return _error(f"{exc.strerror or exc}: {exc.filename or out}")
    sys.stderr.write(
        f"wrote {out} ({data.total_articles} articles from {len(data.sites)} sites, "
        f"{data.run_count} crawl runs, database {target.database})\n"
    )
    return 0


def _write(path: Path, text: str) -> None:
    # Written beside the target and renamed: a browser or a web server never sees half a page.
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
