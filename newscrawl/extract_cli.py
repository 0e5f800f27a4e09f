"""``newscrawl extract FILE_OR_URL [--url URL] [--json]``: what a crawl would store for a page."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from datetime import date, datetime
from pathlib import Path
from typing import Any

#: Fields the human-readable output shows, in this order (``--json`` prints everything).
SUMMARY_FIELDS = (
    "url",
    "title",
    "authors",
    "published_at",
    "published_precision",
    "published_tz_source",
    "published_source",
    "language",
    "not_article",
)
_FETCH_TIMEOUT_S = 30


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _read(target: str) -> tuple[bytes, dict[str, str], str]:
    """The body, response headers and URL of a file path or an http(s) URL."""
    if target.startswith(("http://", "https://")):
        request = urllib.request.Request(target, headers={"User-Agent": "newscrawl-extract"})
        with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT_S) as response:
            return response.read(), dict(response.headers.items()), response.geturl()
    path = Path(target)
    return path.read_bytes(), {}, path.resolve().as_uri()


def _extract(args: argparse.Namespace) -> int:
    # Scrapy, trafilatura and lingua load only when a page is extracted, not for --help.
    from newscrawl.extract import NotHTMLError, extract  # noqa: PLC0415

    try:
        body, headers, where = _read(args.target)
    except (OSError, ValueError) as exc:
        print(f"newscrawl extract: cannot read {args.target}: {exc}", file=sys.stderr)
        return 2
    url = args.url or where
    if not url.startswith(("http://", "https://")):
        # A file without --url: the page's own canonical link is not known yet, so it is read
        # as a page of an unknown site.
        url = "https://localhost/" + Path(args.target).name
    try:
        document = extract(body, url, headers=headers)
    except NotHTMLError as exc:
        print(f"newscrawl extract: {args.target}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(document, ensure_ascii=False, default=_jsonable, indent=2))
    else:
        summary = {key: document.get(key) for key in SUMMARY_FIELDS}
        summary["body"] = document.get("body", "")
        print(json.dumps(summary, ensure_ascii=False, default=_jsonable, indent=2))
    return 0


def add_extract_command(commands: Any) -> None:
    """Register ``newscrawl extract`` on the top-level subparsers."""
    parser = commands.add_parser(
        "extract",
        help="print what a crawl would store for one page (file or URL), as JSON",
    )
    parser.add_argument("target", metavar="FILE_OR_URL")
    parser.add_argument(
        "--url", help="the page's URL (picks the site's page class; default: the file's name)"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the whole stored document, not a summary"
    )
    parser.set_defaults(func=_extract)
