"""evaluate.py adapter (``/work/shared/eval``): what newscrawl would store for one page.

    .venv/bin/python ../shared/eval/evaluate.py --py eval_adapter:extract \\
        --pythonpath bench --data /tmp/holdout/* --split dev

Each page goes through :func:`newscrawl.extract` (the same path as a crawl: Scrapy's decoding,
the host's page class, the normalization pipelines), with a fixed fetch time so relative dates
and the "not in the future" bound are reproducible. ``published`` is the stored
``published_day`` (the calendar day the page wrote; ``published_at`` is its UTC instant);
``authors`` the stored bylines. A page the crawl would reject is still
scored on its fields unless ``NEWSCRAWL_ADAPTER_STRICT=1`` (then it is an empty prediction, as
the database would hold nothing). ``NEWSCRAWL_ADAPTER_LOG=<file>`` appends one JSON line of
diagnostics per page (rejection reason, date provenance and precision, title/author sources).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from newscrawl.extract import NotHTMLError  # noqa: E402
from newscrawl.extract import extract as newscrawl_extract  # noqa: E402

#: Later than every annotated date in the four datasets (max 2023-11-09).
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)
_LOG = os.environ.get("NEWSCRAWL_ADAPTER_LOG")
_STRICT = os.environ.get("NEWSCRAWL_ADAPTER_STRICT") == "1"


def extract(html: bytes, url: str) -> dict[str, Any]:
    """evaluate.py entry point: f(html_bytes, url) -> {title, body, authors, published}."""
    try:
        doc = newscrawl_extract(html, url, fetched_at=FETCHED_AT)
    except NotHTMLError:
        return {}
    published = doc.get("published_at")
    if _LOG:
        provenance = doc.get("provenance") or {}
        record = {
            "url": url,
            "not_article": doc.get("not_article"),
            "published_at": published.isoformat() if published else None,
            "published_raw": doc.get("published_raw"),
            "published_source": doc.get("published_source"),
            "published_precision": doc.get("published_precision"),
            "published_tz_source": doc.get("published_tz_source"),
            "published_rule": provenance.get("published_rule"),
            "title_source": provenance.get("title"),
            "authors_source": provenance.get("authors"),
            "authors_raw": doc.get("authors_raw"),
        }
        with Path(_LOG).open("a", encoding="utf8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
    if _STRICT and doc.get("not_article"):
        return {}
    return {
        "title": doc.get("title"),
        "body": doc.get("body"),
        "authors": doc.get("authors_raw"),
        # The stored calendar day the page wrote (``published_day``): the datasets annotate
        # that day, and it is the granularity trafilatura reports. ``published_at`` is the
        # same moment in UTC, which for a page in UTC-5 at 22:00 is the next day.
        "published": doc.get("published_day"),
    }
