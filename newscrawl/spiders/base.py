"""The base news spider: discovery and routing only; extraction lives in page classes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.sitemaps import SitemapError, parse_sitemap
from newscrawl.extraction.page import ArticlePage, PageInput
from newscrawl.items import Article, ListingHint
from newscrawl.normalize.dates import parse_date
from newscrawl.sites.base import SiteProfile

logger = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_day(value: str | None, argument: str) -> datetime | None:
    """A ``YYYY-MM-DD`` spider argument as the start of that day in UTC."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"-a {argument}={value!r}: expected a date as YYYY-MM-DD") from None
    return datetime.combine(day, time.min, tzinfo=UTC)


def parse_count(value: str | int | None, argument: str) -> int | None:
    """A positive integer spider argument."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"-a {argument}={value!r}: expected a whole number") from None
    if number < 1:
        raise ValueError(f"-a {argument}={value!r}: must be at least 1")
    return number


class NewsSpider(scrapy.Spider):
    """Discovers article URLs of one site edition and hands each page to its page class.

    Arguments (``-a name=value``): ``since`` and ``until`` (``YYYY-MM-DD``, UTC days,
    inclusive) limit articles by publication date — by the discovery date at first, by the
    page's own date after extraction; ``max_articles`` stops after that many articles,
    newest first.

    Discovery runs inside :meth:`start` before any article is requested, so every article
    request carries everything the sitemaps and feeds said about its URL, whichever source
    listed it first; that is what lets a page without a date fall back to them.
    """

    profile: ClassVar[SiteProfile]
    page_class: ClassVar[type[ArticlePage]]

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.since = parse_day(since, "since")
        until_day = parse_day(until, "until")
        self.until = until_day + timedelta(days=1) if until_day else None
        self.max_articles = parse_count(max_articles, "max_articles")
        self.articles_emitted = 0

    # ------------------------------------------------------------------ discovery

    async def start(self) -> AsyncIterator[Any]:
        """Discover, then request articles newest first."""
        hints = await self.discover()
        dated = [(self._hint_date(hs), url, hs) for url, hs in hints.items()]
        dated.sort(key=lambda entry: entry[0] or _EPOCH, reverse=True)
        for when, url, url_hints in dated:
            if when is not None and not self.in_window(when):
                self.crawler.stats.inc_value("newscrawl/discovery/outside_window")
                continue
            if self.max_articles is not None and self.articles_emitted >= self.max_articles:
                break
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={"listing_hints": url_hints},
            )

    async def discover(self) -> dict[str, list[ListingHint]]:
        """Every article URL the site's feeds and sitemaps list, with what each said."""
        found: dict[str, list[ListingHint]] = {}
        for path in self.profile.feeds:
            body = await self.fetch_listing(self.profile.absolute(path), "feed")
            if body is not None:
                self._add_feed(body, found)
        if self.profile.sitemap_template:
            missing = 0
            number = 1
            while missing < self.profile.sitemap_max_missing:
                url = self.profile.absolute(self.profile.sitemap_template.format(n=number))
                body = await self.fetch_listing(url, "sitemap")
                if body is None:
                    missing += 1
                else:
                    missing = 0
                    await self._add_sitemap(body, url, found)
                number += 1
        for path in self.profile.sitemap_indexes:
            body = await self.fetch_listing(self.profile.absolute(path), "sitemap")
            if body is not None:
                await self._add_sitemap(body, path, found)
        self.crawler.stats.set_value("newscrawl/discovery/urls", len(found))
        return found

    async def fetch_listing(self, url: str, kind: str) -> bytes | None:
        """Download a feed or sitemap through the downloader middlewares; None if missing."""
        request = Request(url, dont_filter=True, meta={"handle_httpstatus_all": True})
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            logger.warning("%s %s could not be fetched: %s", kind, url, exc)
            self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/errors")
            return None
        if response.status != 200:
            self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/http_{response.status}")
            return None
        self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/fetched")
        body: bytes = response.body
        return body

    def _add(self, found: dict[str, list[ListingHint]], hint: ListingHint) -> None:
        if not self.profile.is_article_url(hint.url):
            self.crawler.stats.inc_value("newscrawl/discovery/not_article_url")
            return
        found.setdefault(self.profile.canonical(hint.url), []).append(hint)

    def _add_feed(self, body: bytes, found: dict[str, list[ListingHint]]) -> None:
        try:
            entries = parse_feed(body)
        except FeedError as exc:
            logger.warning("feed unreadable: %s", exc)
            self.crawler.stats.inc_value("newscrawl/discovery/feed/unreadable")
            return
        for entry in entries:
            self._add(found, ListingHint("feed", entry.url, entry.published_raw, entry.title))

    async def _add_sitemap(
        self, body: bytes, url: str, found: dict[str, list[ListingHint]], depth: int = 0
    ) -> None:
        try:
            document = parse_sitemap(body)
        except SitemapError as exc:
            logger.warning("sitemap %s unreadable: %s", url, exc)
            self.crawler.stats.inc_value("newscrawl/discovery/sitemap/unreadable")
            return
        if document.kind == "urlset":
            for entry in document.entries:
                self._add(found, ListingHint("sitemap", entry.loc, entry.lastmod))
            return
        child_filter = self.profile.sitemap_child_filter
        for entry in document.entries:
            # Indexes may nest; two levels is all any of the target sites uses.
            if depth >= 2 or (child_filter and not child_filter.search(entry.loc)):
                continue
            child = await self.fetch_listing(entry.loc, "sitemap")
            if child is not None:
                await self._add_sitemap(child, entry.loc, found, depth + 1)

    def _hint_date(self, hints: list[ListingHint]) -> datetime | None:
        for hint in hints:
            if hint.date_raw:
                parsed = parse_date(hint.date_raw)
                if parsed is not None:
                    return parsed
        return None

    def in_window(self, when: datetime) -> bool:
        """Whether a publication date falls inside ``since``/``until``."""
        if self.since is not None and when < self.since:
            return False
        return not (self.until is not None and when >= self.until)

    # ------------------------------------------------------------------ articles

    def parse_article(self, response: Response) -> Iterator[Article]:
        """Route the page to the site's page class; count what is not an article."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/not_article/not_text")
            logger.info("Not an article (not text): %s", response.url)
            return
        hints: list[ListingHint] = response.meta.get("listing_hints", [])
        try:
            page = self.page_class(page_input(response), hints)
            reason = page.not_article_reason()
            item = None if reason else page.to_item(spider=self.name, fetched_at=_now())
        except Exception as exc:
            # A page that breaks the extractor is counted and logged, never fatal.
            stats.inc_value(f"newscrawl/parse_errors/{type(exc).__name__}")
            logger.error("Cannot parse %s: %s: %s", response.url, type(exc).__name__, exc)
            return
        if item is None:
            stats.inc_value(f"newscrawl/not_article/{reason}")
            logger.info("Not an article (%s): %s", reason, response.url)
            return
        if self.max_articles is not None and self.articles_emitted >= self.max_articles:
            stats.inc_value("newscrawl/skipped/max_articles")
            return
        self.articles_emitted += 1
        yield item

    def article_failed(self, failure: Failure) -> None:
        """Count and log an article request that produced no page."""
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"newscrawl/fetch_errors/http_{status}")
            logger.warning("Article not fetched (HTTP %s): %s", status, request.url)
        else:
            name = type(failure.value).__name__
            self.crawler.stats.inc_value(f"newscrawl/fetch_errors/{name}")
            logger.warning("Article not fetched (%s): %s", name, request.url)


def page_input(response: TextResponse) -> PageInput:
    """The Scrapy-independent view of a response that page classes take."""
    headers = {
        key.decode("latin-1").lower(): values[-1].decode("latin-1")
        for key, values in response.headers.items()
        if values
    }
    redirects = tuple(response.request.meta.get("redirect_urls", ())) if response.request else ()
    return PageInput(
        url=response.url,
        text=response.text,
        status=response.status,
        headers=headers,
        requested_url=redirects[0] if redirects else None,
        redirect_urls=redirects,
    )


def _now() -> datetime:
    return datetime.now(UTC)
