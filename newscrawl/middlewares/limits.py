"""Redirect loops and oversized pages: a newscrawl reason, a stat and a log line for each.

Without this, a redirect loop vanished into Scrapy's ``dupefilter/filtered`` count, and a
page over ``DOWNLOAD_MAXSIZE`` into a generic download error.
"""

from __future__ import annotations

import logging
from typing import Self
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectLoopError(IgnoreRequest):
    """A redirect leads back to a URL already in the request's redirect chain."""


def is_redirect_loop(url: str, chain: list[str], location: str) -> bool:
    """Whether redirecting ``url`` (reached through ``chain``) to ``location`` loops.

    URLs are compared exactly: ``/a`` → ``/a/`` is a site normalizing its URLs, not a loop.
    """
    target = urljoin(url, location)
    return target in chain or target == url


class FetchLimitsMiddleware:
    """Downloader middleware; must sit after (above) Scrapy's RedirectMiddleware (600)."""

    def __init__(self, stats: StatsCollector, maxsize: int) -> None:
        self.stats = stats
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler's stats and ``DOWNLOAD_MAXSIZE``."""
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request: Request, response: Response, spider: Spider) -> Response:
        """Stop a redirect that loops, with reason ``redirect_loop``."""
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location:
            return response
        chain = list(request.meta.get("redirect_urls", []))
        if is_redirect_loop(request.url, chain, location.decode("latin-1")):
            self.stats.inc_value("newscrawl/fetch_errors/redirect_loop")
            logger.warning(
                "Redirect loop, not followed: %s -> %s (chain of %d)",
                request.url,
                location.decode("latin-1"),
                len(chain) + 1,
            )
            raise RedirectLoopError(f"redirect loop at {request.url}")
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider) -> None:
        """Count a download cancelled for exceeding ``DOWNLOAD_MAXSIZE`` as ``too_large``."""
        if isinstance(exception, DownloadCancelledError):
            self.stats.inc_value("newscrawl/fetch_errors/too_large")
            logger.warning(
                "Page larger than DOWNLOAD_MAXSIZE (%d bytes), not stored: %s",
                self.maxsize,
                request.url,
            )
