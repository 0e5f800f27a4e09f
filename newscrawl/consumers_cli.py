"""``newscrawl query`` and ``newscrawl export``: reading the stored articles from a shell.

Both take the filters of :class:`~newscrawl.store.query.ArticleFilter` as flags. ``query``
shows a readable table (or JSON lines with ``--json``); ``export`` streams JSON lines or CSV
to a file or stdout. A database that cannot be used is one line on stderr and exit code 1;
bad arguments exit with 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from pymongo.errors import PyMongoError

from newscrawl.cli_options import add_database_options, database_target
from newscrawl.store.connection import DatabaseUnavailableError, database_error
from newscrawl.store.export import (
    FORMATS,
    ExportFormat,
    cited_outlet_ids,
    export_articles,
    json_line,
)
from newscrawl.store.query import ArticleFilter, ArticleStore
from newscrawl.store.top import KINDS, TopKind, top

__all__ = ["add_consumer_commands"]

#: Rows the table shows when ``--limit`` is not given (``--json`` has no default limit).
TABLE_LIMIT: Final = 20
_WHEN_WIDTH: Final = 16  # "2024-09-03 05:15"
_SITE_WIDTH: Final = 17  # "kaz.tengrinews.kz"
_LANG_WIDTH: Final = 4
_CITES_WIDTH: Final = 24
_MIN_TITLE_WIDTH: Final = 20
_GAP: Final = "  "


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return value


def _add_common_arguments(parser: argparse.ArgumentParser) -> None:
    filters = parser.add_argument_group("filters (all given must match)")
    filters.add_argument("--site", help="edition host as stored, e.g. en.orda.kz")
    filters.add_argument("--language", help="identified language code: ru, kk, en")
    filters.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help="published on or after this UTC day"
    )
    filters.add_argument(
        "--until", type=_day, metavar="YYYY-MM-DD", help="published on or before this UTC day"
    )
    filters.add_argument(
        "--cites",
        metavar="OUTLET",
        help="cites this outlet: a registry id or any spelling (reuters, Рейтер)",
    )
    filters.add_argument("--author", help="byline person, in any script (Ospanova, Оспанова)")
    filters.add_argument(
        "--original-author", help="author of the original a translation was made from"
    )
    filters.add_argument(
        "--translation-of", metavar="URL", help="translations linked to this original"
    )
    filters.add_argument("--text", help="phrase in the title, lead or body (case-insensitive)")
    filters.add_argument(
        "--limit", type=_limit, metavar="N", help="at most N articles, newest first; 0 for all"
    )
    add_database_options(parser)


def add_consumer_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``query`` and ``export`` to the ``newscrawl`` command's sub-commands."""
    query = subparsers.add_parser(
        "query",
        help="show stored articles (newest first)",
        description="Show stored articles, newest first: a table, or JSON lines with --json.",
    )
    _add_common_arguments(query)
    query.add_argument(
        "--json",
        action="store_true",
        help=f"JSON lines, one article each (default limit: none; table: {TABLE_LIMIT})",
    )
    query.add_argument(
        "--top",
        choices=KINDS,
        help=(
            "instead of articles, count them: cited = outlets the matching articles cite, "
            "sites = articles per site, days = articles per UTC publication day; most first, "
            f"--limit rows (default {TABLE_LIMIT})"
        ),
    )
    query.add_argument(
        "--unregistered",
        action="store_true",
        help="list the cited names the outlet registry does not know, by number of articles "
        "(the filters apply; --json gives {name, kind, articles} lines)",
    )
    query.set_defaults(func=_query)

    export = subparsers.add_parser(
        "export",
        help="write stored articles as JSON lines or CSV",
        description="Stream the matching articles, newest first, as JSON lines or CSV.",
    )
    _add_common_arguments(export)
    export.add_argument("--format", choices=FORMATS, default="jsonl", help="default: jsonl")
    export.add_argument(
        "--out", default="-", metavar="FILE", help="output file, or - for stdout (default)"
    )
    export.set_defaults(func=_export)


def _filter_kwargs(args: argparse.Namespace, *, default_limit: int | None) -> dict[str, Any]:
    limit = default_limit if args.limit is None else args.limit
    return {
        "site": args.site,
        "language": args.language,
        "since": args.since,
        "until": args.until,
        "cites": args.cites,
        "author": args.author,
        "original_author": args.original_author,
        "translation_of": args.translation_of,
        "text": args.text,
        "limit": limit or None,  # 0 means no limit
    }


def _error(command: str, message: str) -> None:
    # pymongo messages can run over several lines (a topology dump); the first says why.
    lines = message.strip().splitlines() or ["unknown error"]
    first = lines[0].split(" (configured timeouts", 1)[0].split(", Timeout:", 1)[0]
    sys.stderr.write(f"newscrawl {command}: {first[:500]}\n")


def _run(
    command: str,
    args: argparse.Namespace,
    filters: dict[str, Any],
    body: Callable[[ArticleStore], int],
) -> int:
    """Check the filters, open the store, run ``body``; every expected failure is one line."""
    try:
        ArticleFilter(**filters)  # refuse a bad filter before starting or reaching a server
    except ValueError as exc:
        _error(command, str(exc))
        return 2
    target = database_target(args)
    try:
        with ArticleStore.connect(target.uri, target.database) as store:
            return body(store)
    except DatabaseUnavailableError as exc:
        _error(command, str(exc))
    except PyMongoError as exc:
        # A server that went away mid-query, or refused it; never print the password.
        _error(command, str(database_error(target.uri, exc)))
    except BrokenPipeError:
        # The reader (``| head``) stopped early, which is its right: stop quietly, and point
        # stdout at /dev/null so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130  # the shell's convention for "stopped by SIGINT"; no traceback
    except OSError as exc:  # the output file cannot be written
        _error(command, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    return 1


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(width - 1, 0)] + "…"


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else "-"


def _table(rows: Iterator[Mapping[str, Any]], out: TextIO) -> int:
    """Write rows as they arrive (no buffering of the result), return how many."""
    columns = shutil.get_terminal_size((100, 24)).columns
    fixed = _WHEN_WIDTH + _SITE_WIDTH + _LANG_WIDTH + _CITES_WIDTH + 4 * len(_GAP)
    title_width = max(columns - fixed, _MIN_TITLE_WIDTH)
    header = _GAP.join(
        [
            "published (UTC)".ljust(_WHEN_WIDTH),
            "site".ljust(_SITE_WIDTH),
            "lang".ljust(_LANG_WIDTH),
            "title".ljust(title_width),
            "cites",
        ]
    )
    out.write(header.rstrip() + "\n")
    count = 0
    for doc in rows:
        cells = [
            _when(doc.get("published_at")).ljust(_WHEN_WIDTH),
            _fit(str(doc.get("site") or ""), _SITE_WIDTH),
            _fit(str(doc.get("language") or "-"), _LANG_WIDTH),
            _fit(str(doc.get("title") or ""), title_width),
            _fit(", ".join(cited_outlet_ids(doc)) or "-", _CITES_WIDTH).rstrip(),
        ]
        out.write(_GAP.join(cells) + "\n")
        count += 1
    return count


_TABLE_FIELDS: Final = ["published_at", "site", "language", "title", "cited_sources", "url"]


def _top(args: argparse.Namespace) -> int:
    filters = _filter_kwargs(args, default_limit=TABLE_LIMIT)
    kind: TopKind = args.top

    def body(store: ArticleStore) -> int:
        rows = top(store.collection, kind, ArticleFilter(**filters))
        out = sys.stdout
        label = {"cited": "outlet", "sites": "site", "days": "day (UTC)"}[kind]
        if args.json:
            for row in rows:
                out.write(json.dumps({label.split()[0]: row.key, "articles": row.articles}))
                out.write("\n")
            return 0
        if not rows:
            out.write("(no matching articles)\n")
            return 0
        width = max(len(label), *(len(row.key) for row in rows))
        out.write(f"{label:<{width}}  articles\n")
        for row in rows:
            out.write(f"{row.key:<{width}}  {row.articles:>8}\n")
        return 0

    return _run("query", args, filters, body)


def _query(args: argparse.Namespace) -> int:
    if args.top:
        return _top(args)
    filters = _filter_kwargs(args, default_limit=None if args.json else TABLE_LIMIT)

    def body(store: ArticleStore) -> int:
        out = sys.stdout
        if args.unregistered:
            return _unregistered(store, filters, json_lines=args.json, out=out)
        if args.json:
            for doc in store.find(**filters):
                out.write(json_line(doc) + "\n")
            return 0
        shown = _table(store.find(projection=_TABLE_FIELDS, **filters), out)
        limit = filters["limit"]
        if shown == 0:
            out.write("(no matching articles)\n")
        elif limit is not None and shown == limit:
            total = store.count(**{**filters, "limit": None})
            if total > shown:
                out.write(f"({shown} newest of {total}; --limit N for more, --limit 0 for all)\n")
        return 0

    return _run("query", args, filters, body)


def _unregistered(
    store: ArticleStore, filters: dict[str, Any], *, json_lines: bool, out: TextIO
) -> int:
    rows = store.unregistered_sources(**filters)
    if json_lines:
        for name, kind, n in rows:
            out.write(json.dumps({"name": name, "kind": kind, "articles": n}, ensure_ascii=False))
            out.write("\n")
        return 0
    if not rows:
        out.write("(no unregistered sources)\n")
        return 0
    out.write(f"{'articles':>8}  {'kind':<16}  name\n")
    for name, kind, n in rows:
        out.write(f"{n:>8}  {kind or '-':<16}  {name}\n")
    return 0


def _export(args: argparse.Namespace) -> int:
    filters = _filter_kwargs(args, default_limit=None)
    if args.out != "-" and Path(args.out).is_dir():
        _error("export", f"--out {args.out}: is a directory; give a file name")
        return 2
    fmt: ExportFormat = "csv" if args.format == "csv" else "jsonl"

    def body(store: ArticleStore) -> int:
        articles = store.find(**filters)
        if args.out == "-":
            count = export_articles(articles, fmt, sys.stdout)
            sys.stdout.flush()
        else:
            count = _export_to_file(articles, fmt, Path(args.out))
        where = "stdout" if args.out == "-" else args.out
        sys.stderr.write(f"exported {count} articles as {fmt} to {where}\n")
        return 0

    return _run("export", args, filters, body)


def _export_to_file(articles: Iterator[dict[str, Any]], fmt: ExportFormat, path: Path) -> int:
    # Written beside the target and renamed at the end: a failed export (the database went
    # away halfway) leaves the previous file, not a truncated one that looks complete.
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            count = export_articles(articles, fmt, handle)
        partial.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return count
