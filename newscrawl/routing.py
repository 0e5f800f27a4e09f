"""Route requests for real hosts to a local server while every URL stays the real one.

Used by tests, ``make demo`` and benchmarks: with ``HOST_ROUTER_URL=http://127.0.0.1:PORT``
a request for ``https://en.orda.kz/some-article-1234/`` is fetched from
``http://127.0.0.1:PORT/en.orda.kz/some-article-1234/``, and the response comes back under
the original URL. The swap happens in the download handler, below every middleware, so
spiders, robots.txt handling, redirects, the dupefilter, caches and stored documents all see
the real site: the spiders run unchanged.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

SETTING = "HOST_ROUTER_URL"
_HANDLER = "newscrawl.routing.RoutingDownloadHandler"


def routed_url(url: str, base: str) -> str:
    """Where ``url`` is fetched from when routed to ``base``."""
    parts = urlsplit(url)
    target = f"{base.rstrip('/')}/{parts.hostname}{parts.path or '/'}"
    return f"{target}?{parts.query}" if parts.query else target


class RoutingDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, fetching every request from ``HOST_ROUTER_URL``."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.base: str = crawler.settings.get(SETTING) or ""

    async def download_request(self, request: Request) -> Response:
        """Fetch from the local server, answer under the original URL."""
        if not self.base:
            response: Response = await super().download_request(request)
            return response
        routed = request.replace(url=routed_url(request.url, self.base))
        response = await super().download_request(routed)
        return response.replace(url=request.url)


class HostRouterAddon:
    """Installs :class:`RoutingDownloadHandler` when ``HOST_ROUTER_URL`` is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Swap the http and https handlers; leave everything alone otherwise."""
        if not settings.get(SETTING):
            return
        handlers: dict[str, Any] = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update({"http": _HANDLER, "https": _HANDLER})
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")
        # The local server is ours: throttling for a remote site's sake only slows tests.
        # Project priority, so that it beats settings.py but not ``-s`` on the command line.
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="project")
