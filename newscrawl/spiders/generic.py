"""``scrapy crawl generic``: any news site, from a sitemap, a feed or a list of URLs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

from newscrawl.extraction.listing import ListingPage
from newscrawl.items import ListingHint
from newscrawl.normalize.outlets import default_registry
from newscrawl.normalize.urls import url_host
from newscrawl.sites.edition import Edition
from newscrawl.sites.generic import GenericArticlePage, generic_profile
from newscrawl.spiders.arguments import (
    SpiderArgumentError,
    check_common,
    check_names,
    parse_urls,
)
from newscrawl.spiders.base import NewsSpider

#: ``language`` is an ISO 639-1 (or 639-3) code.
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class GenericSpider(NewsSpider):
    """Crawl any news site newscrawl has no page class for.

    Arguments: ``sitemap`` (sitemaps or sitemap indexes), ``feed`` (RSS or Atom), ``urls``
    (article pages) — each comma-separated, at least one given; ``language`` (the sites'
    declared language, a prior for identification); plus the common ones (``since``,
    ``until``, ``max_articles``, ``recrawl``). Articles are only taken from the hosts of the
    given URLs.
    """

    name = "generic"
    #: No editions, modes or listing pages: the inputs are the given URLs.
    argument_names: ClassVar[tuple[str, ...]] = (
        "sitemap",
        "feed",
        "urls",
        "language",
        "since",
        "until",
        "max_articles",
        "recrawl",
    )

    @classmethod
    def check_arguments(cls, arguments: Mapping[str, str]) -> None:
        """The common checks, plus: at least one input, each an absolute URL."""
        check_names(arguments, cls.argument_names, cls.name)
        check_common(arguments, editions=())
        _sources(arguments.get("sitemap"), arguments.get("feed"), arguments.get("urls"))
        language = arguments.get("language")
        if language and not _LANGUAGE.match(language):
            raise SpiderArgumentError(
                f"-a language={language!r}: expected a language code such as ru, kk or en"
            )

    def __init__(
        self,
        *args: Any,
        sitemap: str | None = None,
        feed: str | None = None,
        urls: str | None = None,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.sitemaps, self.feeds, self.article_urls = _sources(sitemap, feed, urls)
        sources = [*self.sitemaps, *self.feeds, *self.article_urls]
        hosts = sorted({url_host(url) for url in sources})
        self._generic_editions = tuple(_edition(host, language) for host in hosts)
        self.allowed_domains = hosts
        super().__init__(*args, **kwargs)
        self.arguments.update(
            {
                k: v
                for k, v in {
                    "sitemap": sitemap,
                    "feed": feed,
                    "urls": urls,
                    "language": language,
                }.items()
                if v
            }
        )

    def available_editions(self) -> tuple[Edition, ...]:
        """One generic edition per host named in the arguments."""
        return self._generic_editions

    async def discover(self) -> dict[str, list[ListingHint]]:
        """The given sitemaps (indexes followed), feeds and URLs."""
        found: dict[str, list[ListingHint]] = {}
        for url in self.feeds:
            response = await self.fetch_listing(url, "feed")
            if response is not None:
                self._add_feed(response.body, found)
        for url in self.sitemaps:
            response = await self.fetch_listing(url, "sitemap")
            if response is not None:
                edition = self.edition_for(url)
                profile = edition.profile if edition else None
                await self._add_sitemap(response.body, url, found, profile)
        for url in self.article_urls:
            self._add(found, ListingHint("listing", url, None))
        self.crawler.stats.set_value("newscrawl/discovery/urls", len(found))
        return found


def _sources(
    sitemap: str | None, feed: str | None, urls: str | None
) -> tuple[list[str], list[str], list[str]]:
    """The sitemaps, feeds and article URLs given, refusing a crawl with none."""
    found = (
        parse_urls(sitemap, "sitemap"),
        parse_urls(feed, "feed"),
        parse_urls(urls, "urls"),
    )
    if not any(found):
        raise SpiderArgumentError(
            "generic needs at least one of -a sitemap=URL, -a feed=URL, -a urls=URL[,URL]"
        )
    return found


def _edition(host: str, language: str | None) -> Edition:
    profile = generic_profile(host, language)
    # A site newscrawl has no page class for may still be a registered outlet (kursiv.media,
    # astanatimes.com): its articles then carry the registry id like the site spiders' do.
    outlet = default_registry().outlet_for_host(host)
    if outlet is not None:
        profile = replace(profile, outlet_id=outlet.id)
    page = type(f"GenericPage[{host}]", (GenericArticlePage,), {"profile": profile})
    listing = type(f"GenericListing[{host}]", (ListingPage,), {"profile": profile})
    return Edition(profile, page, listing)
