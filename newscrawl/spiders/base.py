"""The base news spider: discovery and routing only; extraction lives in page classes."""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, ClassVar

import scrapy
from pymongo.errors import PyMongoError
from scrapy import signals
from scrapy.core.scheduler import Scheduler
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.recrawl import StoredState, decide
from newscrawl.discovery.sitemaps import SitemapError, parse_sitemap
from newscrawl.distributed import DiscoveryClaim
from newscrawl.extraction.metadata import JSONLD_TOO_DEEP
from newscrawl.extraction.page import PageInput
from newscrawl.items import Article, ListingHint, NotArticle, SeenArticle
from newscrawl.normalize.dates import parse_date
from newscrawl.normalize.urls import url_host
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.edition import Edition
from newscrawl.spiders.arguments import (
    COMMON_ARGUMENTS,
    MODES,
    RECRAWL_POLICIES,
    check_common,
    check_names,
    parse_choice,
    parse_count,
    parse_editions,
    parse_window,
)
from newscrawl.store.connection import DatabaseUnavailableError
from newscrawl.store.state import load_stored_states
from newscrawl.store.uri import resolve_target

logger = logging.getLogger(__name__)


class NewsSpider(scrapy.Spider):
    """Discovers article URLs of one outlet's editions and hands each page to its page class.

    Arguments (``-a name=value``):

    - ``editions``: comma-separated language codes of the editions to crawl (default all);
    - ``since``, ``until``: ``YYYY-MM-DD`` (UTC days, inclusive) limit articles by
      publication date — by the listing date at first, by the page's own date after
      extraction;
    - ``max_articles``: stop after that many articles, newest first;
    - ``mode``: ``latest`` (default: feeds, sitemaps, first listing page) or ``backfill``
      (also walks listing pages back until ``since`` or ``max_pages``);
    - ``max_pages``: listing pages per listing in backfill mode (default 50);
    - ``recrawl``: ``changed`` (default: skip stored articles whose listing date did not
      change and that are older than ``RECRAWL_EDIT_WINDOW_HOURS``) or ``all``.

    Discovery runs inside :meth:`start` before any article is requested, so every article
    request carries everything the sitemaps, feeds and listings said about its URL,
    whichever listed it first; that is what lets a page without a date fall back to them.
    """

    editions: ClassVar[tuple[Edition, ...]] = ()
    #: The ``-a`` names this spider takes; any other is refused before the crawl starts.
    argument_names: ClassVar[tuple[str, ...]] = COMMON_ARGUMENTS

    @classmethod
    def check_arguments(cls, arguments: Mapping[str, str]) -> None:
        """Refuse unknown names and unusable values before the engine starts (see
        :mod:`newscrawl.spiders.arguments`); the spider's ``__init__`` parses them the same
        way."""
        check_names(arguments, cls.argument_names, cls.name)
        check_common(arguments, [edition.code for edition in cls.editions])

    def __init__(
        self,
        *args: Any,
        editions: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        mode: str = "latest",
        max_pages: str | int | None = None,
        recrawl: str = "changed",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: The arguments as given, for the crawl_runs record.
        self.arguments: dict[str, Any] = {
            key: value
            for key, value in {
                "editions": editions,
                "since": since,
                "until": until,
                "max_articles": max_articles,
                "mode": mode,
                "max_pages": max_pages,
                "recrawl": recrawl,
                **kwargs,
            }.items()
            if value is not None
        }
        self.recrawl = parse_choice(recrawl, "recrawl", RECRAWL_POLICIES)
        self.mode = parse_choice(mode, "mode", MODES)
        self.max_pages = parse_count(max_pages, "max_pages") or 50
        self.since, until_day = parse_window(since, until)
        self.until = until_day + timedelta(days=1) if until_day else None
        self.max_articles = parse_count(max_articles, "max_articles")
        self.articles_emitted = 0
        self.articles_pending = 0
        self.selected = self._select_editions(editions)

    @classmethod
    def handles_request(cls, request: Request) -> bool:
        """Whether ``scrapy parse URL`` / ``scrapy shell URL`` should pick this spider.

        Only the single-edition spider of a host claims it (``orda_en`` for en.orda.kz, not
        ``orda``), so Scrapy finds exactly one spider for an article URL.
        """
        return len(cls.editions) == 1 and url_host(request.url) == cls.editions[0].profile.site

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """The page as an article (each spider's own ``parse`` also carries its contracts)."""
        yield from self.parse_article(response)

    def available_editions(self) -> tuple[Edition, ...]:
        """The editions this spider knows; ``-a editions=`` selects among them."""
        return self.editions

    def _select_editions(self, editions: str | None) -> list[Edition]:
        known = {edition.code: edition for edition in self.available_editions()}
        return [known[code] for code in parse_editions(editions, known)]

    def edition_for(self, url: str) -> Edition | None:
        """The selected edition whose host serves ``url``."""
        host = url_host(url)
        for edition in self.selected:
            if edition.profile.site == host:
                return edition
        return None

    @property
    def edit_window(self) -> timedelta:
        """Articles younger than this are re-fetched on every run to catch edits."""
        return timedelta(hours=self.crawler.settings.getfloat("RECRAWL_EDIT_WINDOW_HOURS", 48))

    # ------------------------------------------------------------------ discovery

    async def start(self) -> AsyncIterator[Any]:
        """Discover, apply the recrawl policy, then request articles newest first.

        With a shared frontier one process of the run discovers and the others only take
        from the shared queue (:class:`newscrawl.distributed.DiscoveryClaim`): their
        ``start()`` waits, so that none of them closes while discovery still fills the queue.
        """
        claim = DiscoveryClaim.for_crawler(self.crawler)
        if claim is not None and not await claim.wait_for_turn(self.crawler):
            return
        complete = False
        try:
            async for entry in self._discover_and_request(shared=claim is not None):
                yield entry
            complete = True
        finally:
            # Every request yielded is in the shared queue once the generator resumes.
            if claim is not None and complete:
                claim.finish()
            elif claim is not None:
                claim.release()

    async def _discover_and_request(self, *, shared: bool) -> AsyncIterator[Any]:
        found = await self.discover()
        # Every discovered URL is held until it is requested, so compactly: its listing date
        # as a float (undated: -inf, last), the URL, its hint (a tuple only when several
        # listings named it); each list from discovery is freed as its entry is made.
        dated: list[tuple[float, str, ListingHint | tuple[ListingHint, ...]]] = []
        for url in list(found):
            hints = found.pop(url)
            when = self._hint_date(hints)
            stamp = when.timestamp() if when is not None else -math.inf
            dated.append((stamp, url, hints[0] if len(hints) == 1 else tuple(hints)))
        del found
        dated.sort(key=lambda entry: entry[0], reverse=True)
        states, non_articles, states_known = self._stored_states([url for _, url, _ in dated])
        recheck = timedelta(hours=self.crawler.settings.getfloat("RECRAWL_NON_ARTICLE_HOURS", 24))
        edit_window = self.edit_window
        stats = self.crawler.stats
        now = _now()
        # Taken from the end of the reversed list (and states popped as used), so what has
        # been requested is released as the crawl goes on instead of held to its end.
        dated.reverse()
        #: Discovered URLs not yet requested or skipped, for the progress line.
        self.articles_pending = len(dated)
        while dated:
            stamp, url, entry = dated.pop()
            self.articles_pending = len(dated)
            url_hints = [entry] if isinstance(entry, ListingHint) else list(entry)
            when = datetime.fromtimestamp(stamp, UTC) if stamp != -math.inf else None
            state = states.pop(url, None)
            checked_at = non_articles.pop(url, None)
            if when is not None and not self.in_window(when):
                stats.inc_value("newscrawl/discovery/outside_window")
                continue
            if self.max_articles is not None and self.articles_emitted >= self.max_articles:
                break
            decision = decide(
                url_hints,
                state,
                now=now,
                edit_window=edit_window,
                force=self.recrawl == "all",
                non_article_checked_at=checked_at,
                non_article_recheck=recheck,
            )
            stats.inc_value(f"newscrawl/recrawl/{decision.reason}")
            if decision.action == "skip":
                stats.inc_value("newscrawl/recrawl/skipped")
                if decision.reason == "unchanged":
                    yield SeenArticle(url=url, spider=self.name, reason="unchanged")
                continue
            if decision.reason != "new":
                stats.inc_value("newscrawl/recrawl/refetched")
            request = Request(
                url,
                headers=decision.headers,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={
                    "listing_hints": url_hints,
                    "handle_httpstatus_list": [304],
                    # known only when the recrawl state was read
                    "stored_before": (state is not None) if states_known else None,
                },
            )
            if shared:
                # Straight into the shared queue. Yielded, Scrapy would read start() one
                # request per reactor turn while this process's downloader has room, and
                # take each into that downloader at once: the queue would stay empty for the
                # other processes, and the run would go at this process's pace.
                self.crawler.engine.crawl(request)
                continue
            await self._wait_for_room()
            yield request

    async def _wait_for_room(self) -> None:
        """Hold the next article request back while the engine cannot take it.

        Scrapy keeps reading ``start()`` while its downloader is full, which would move every
        discovered URL into the scheduler as a ``Request`` at once (about 1 KB each, for the
        whole crawl). Waiting for the scheduler to run dry instead keeps it short, so a
        crawl's memory hardly grows with the number of articles it fetches. Only for Scrapy's
        own scheduler with memory queues: with ``JOBDIR`` the queue is on disk and is what a
        resumed crawl continues from, and a shared (Redis) frontier should receive the whole
        discovery at once, for every process to take from.
        """
        if not self._frontier_in_memory:
            return
        engine = self.crawler.engine
        if engine is not None and engine.needs_backout():
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    @cached_property
    def _frontier_in_memory(self) -> bool:
        settings = self.crawler.settings
        return not settings.get("JOBDIR") and load_object(settings["SCHEDULER"]) is Scheduler

    def _stored_states(
        self, urls: list[str]
    ) -> tuple[dict[str, StoredState], dict[str, datetime], bool]:
        """What the database holds about the discovered URLs, and whether it was read.

        Nothing is read when the database cannot be asked. ``recrawl=all`` reads it too: a
        forced re-fetch still sends the stored validators, and counts as ``refetched``.
        """
        if not urls:
            return {}, {}, False
        settings = self.crawler.settings
        target = resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        try:
            states, non_articles = load_stored_states(
                target, urls, timeout_s=settings.getfloat("MONGO_CONNECT_TIMEOUT", 5.0)
            )
        except (DatabaseUnavailableError, PyMongoError) as exc:
            # The storage pipeline reports an unusable database on its own; without stored
            # states every URL is simply fetched.
            logger.warning("Recrawl state unavailable, fetching everything: %s", exc)
            return {}, {}, False
        return states, non_articles, True

    async def discover(self) -> dict[str, list[ListingHint]]:
        """Every article URL the selected editions list, with what each listing said."""
        found: dict[str, list[ListingHint]] = {}
        for edition in self.selected:
            await self.discover_edition(edition, found)
        self.crawler.stats.set_value("newscrawl/discovery/urls", len(found))
        return found

    async def discover_edition(self, edition: Edition, found: dict[str, list[ListingHint]]) -> None:
        """Feeds, numbered news sitemaps, sitemap indexes and listings of one edition."""
        profile = edition.profile
        for path in profile.feeds:
            response = await self.fetch_listing(profile.absolute(path), "feed")
            if response is not None:
                self._add_feed(response.body, found)
        if profile.sitemap_template:
            missing = 0
            number = 1
            while missing < profile.sitemap_max_missing:
                url = profile.absolute(profile.sitemap_template.format(n=number))
                response = await self.fetch_listing(url, "sitemap")
                if response is None:
                    missing += 1
                else:
                    missing = 0
                    await self._add_sitemap(response.body, url, found, profile)
                number += 1
        for path in profile.sitemap_indexes:
            response = await self.fetch_listing(profile.absolute(path), "sitemap")
            if response is not None:
                await self._add_sitemap(response.body, path, found, profile)
        if edition.listing_class is not None:
            for first, paged in profile.listings:
                await self._walk_listing(edition, first, paged, found)

    async def _walk_listing(
        self, edition: Edition, first: str, paged: str, found: dict[str, list[ListingHint]]
    ) -> None:
        # Latest mode reads the first page only (what feeds may have missed); backfill goes
        # back page by page until a page is empty, entirely older than `since`, or the cap.
        assert edition.listing_class is not None
        pages = self.max_pages if self.mode == "backfill" else 1
        for number in range(1, pages + 1):
            path = first if number == 1 else paged.format(n=number)
            url = edition.profile.absolute(path)
            response = await self.fetch_listing(url, "listing")
            if response is None or not isinstance(response, TextResponse):
                return
            entries = edition.listing_class(url, response.text).entries()
            if not entries:
                return
            for entry in entries:
                self._add(found, entry)
            dates = [parse_date(e.date_raw) for e in entries if e.date_raw]
            known = [d for d in dates if d is not None]
            if self.since is not None and known and max(known) < self.since:
                return

    async def fetch_listing(self, url: str, kind: str) -> Response | None:
        """Download a feed, sitemap or listing through the downloader middlewares.

        None when it is missing or failed (counted under ``newscrawl/discovery/<kind>/``).
        """
        request = Request(url, dont_filter=True, meta={"handle_httpstatus_all": True})
        try:
            response: Response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            logger.warning("%s %s could not be fetched: %s", kind, url, exc)
            self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/errors")
            return None
        if response.status != 200:
            self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/http_{response.status}")
            return None
        self.crawler.stats.inc_value(f"newscrawl/discovery/{kind}/fetched")
        return response

    def _add(self, found: dict[str, list[ListingHint]], hint: ListingHint) -> None:
        edition = self.edition_for(hint.url)
        if edition is None:
            self.crawler.stats.inc_value("newscrawl/discovery/other_site")
            return
        if not edition.profile.is_article_url(hint.url):
            self.crawler.stats.inc_value("newscrawl/discovery/not_article_url")
            return
        canonical = edition.profile.canonical(hint.url)
        # The listed URL is usually already canonical: keep one string for both, since
        # discovery holds every URL it found until the URL is requested.
        key = hint.url if canonical == hint.url else canonical
        found.setdefault(key, []).append(hint)

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
        self,
        body: bytes,
        url: str,
        found: dict[str, list[ListingHint]],
        profile: SiteProfile | None,
        depth: int = 0,
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
        child_filter = profile.sitemap_child_filter if profile else None
        for entry in document.entries:
            # Indexes may nest; two levels is all any of the target sites uses.
            if depth >= 2 or (child_filter and not child_filter.search(entry.loc)):
                self.crawler.stats.inc_value("newscrawl/discovery/sitemap/children_skipped")
                continue
            child = await self.fetch_listing(entry.loc, "sitemap")
            if child is not None:
                await self._add_sitemap(child.body, entry.loc, found, profile, depth + 1)

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

    def parse_article(self, response: Response) -> Iterator[Article | SeenArticle | NotArticle]:
        """Route the page to the site's page class; count what is not an article."""
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value("newscrawl/recrawl/not_modified")
            yield SeenArticle(url=response.url, spider=self.name, reason="not_modified")
            return
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/not_article/not_text")
            logger.info("Not an article (not text): %s", response.url)
            yield NotArticle(url=response.url, spider=self.name, reason="not_text")
            return
        hints: list[ListingHint] = response.meta.get("listing_hints", [])
        edition = self.edition_for(response.url)
        if edition is None:
            stats.inc_value("newscrawl/not_article/other_site")
            logger.info("Not an article (other site): %s", response.url)
            return
        try:
            page = edition.page_class(page_input(response), hints)
            reason = page.not_article_reason()
            item = None if reason else page.to_item(spider=self.name, fetched_at=_now())
            if item is not None:
                item.stored_before = response.meta.get("stored_before")
        except Exception as exc:
            # A page that breaks the extractor is counted and logged, never fatal.
            stats.inc_value(f"newscrawl/parse_errors/{type(exc).__name__}")
            logger.error("Cannot parse %s: %s: %s", response.url, type(exc).__name__, exc)
            return
        if JSONLD_TOO_DEEP in page.metadata.errors:
            stats.inc_value("newscrawl/jsonld/too_deep")
            logger.warning("JSON-LD nested too deeply, skipped: %s", response.url)
        if item is None:
            stats.inc_value(f"newscrawl/not_article/{reason}")
            logger.info("Not an article (%s): %s", reason, response.url)
            yield NotArticle(url=response.url, spider=self.name, reason=str(reason))
            return
        if self.max_articles is not None and self.articles_emitted >= self.max_articles:
            stats.inc_value("newscrawl/skipped/max_articles")
            return
        self.articles_emitted += 1
        yield item

    def article_failed(self, failure: Failure) -> Iterator[NotArticle]:
        """Count and log an article request that produced no page; remember 404 and 410."""
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"newscrawl/fetch_errors/http_{status}")
            # A listed URL that is gone (sitemaps list /contacts/, deleted articles) is routine
            # and counted; other statuses may need an operator.
            level = logging.INFO if status in (404, 410) else logging.WARNING
            logger.log(level, "Article not fetched (HTTP %s): %s", status, request.url)
            if status in (404, 410):
                yield NotArticle(url=request.url, spider=self.name, reason=f"http_{status}")
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
