"""``scrapy crawl generic``: any news site, from a sitemap, a feed or a list of URLs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from scrapy.crawler import Crawler

from newscrawl.debugging import DEBUG_COMMAND
from newscrawl.items import ListingHint
from newscrawl.normalize.urls import url_host
from newscrawl.sites.edition import Edition
from newscrawl.sites.generic import generic_edition
from newscrawl.spiders.arguments import (
    SpiderArgumentError,
    check_common,
    check_names,
    parse_urls,
)
from newscrawl.spiders.base import NewsSpider
from newscrawl.spiders.contracts import article_callback

#: The ``GenericSpider`` keyword that a debugging command passes instead of inputs.
ANY_HOST = "_any_host"
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
    parse = article_callback(
        "https://kursiv.media/2025-03-18/arenda-kvartir-v-astane-za-god-podorozhala-na-21/"
    )
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
        self.language = language
        self.any_host = False
        self.sitemaps: list[str]
        self.feeds: list[str]
        self.article_urls: list[str]
        if kwargs.pop(ANY_HOST, False):
            # scrapy parse / shell / check: one page of whatever site, no discovery.
            self.any_host = True
            self.sitemaps, self.feeds, self.article_urls = [], [], []
        else:
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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Under a debugging command with no inputs, a spider for any one page."""
        if crawler.settings.get(DEBUG_COMMAND) and not any(
            kwargs.get(name) for name in ("sitemap", "feed", "urls")
        ):
            kwargs[ANY_HOST] = True
        spider: Self = super().from_crawler(crawler, *args, **kwargs)
        return spider

    def available_editions(self) -> tuple[Edition, ...]:
        """One generic edition per host named in the arguments."""
        return self._generic_editions

    def edition_for(self, url: str) -> Edition | None:
        """The edition of a given host; under a debugging command, any host's."""
        edition = super().edition_for(url)
        if edition is None and self.any_host:
            edition = _edition(url_host(url), self.language)
        return edition

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
    return generic_edition(host, language)
