"""``scrapy crawl generic``: any news site, from a sitemap, a feed or a list of URLs."""

from __future__ import annotations

from typing import Any

from newscrawl.items import ListingHint
from newscrawl.normalize.urls import url_host
from newscrawl.sites.edition import Edition
from newscrawl.sites.generic import generic_edition
from newscrawl.spiders.base import NewsSpider


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class GenericSpider(NewsSpider):
    """Crawl any news site newscrawl has no page class for.

    Arguments: ``sitemap`` (sitemaps or sitemap indexes), ``feed`` (RSS or Atom), ``urls``
    (article pages) — each comma-separated, at least one given; ``language`` (the sites'
    declared language, a prior for identification); plus the common ones (``since``,
    ``until``, ``max_articles``, ``recrawl``). Articles are only taken from the hosts of the
    given URLs.
    """

    name = "generic"

    def __init__(
        self,
        *args: Any,
        sitemap: str | None = None,
        feed: str | None = None,
        urls: str | None = None,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.sitemaps = _split(sitemap)
        self.feeds = _split(feed)
        self.article_urls = _split(urls)
        sources = [*self.sitemaps, *self.feeds, *self.article_urls]
        if not sources:
            raise ValueError("generic needs -a sitemap=URL, -a feed=URL or -a urls=URL[,URL]")
        hosts = sorted({url_host(url) for url in sources})
        self._generic_editions = tuple(generic_edition(host, language) for host in hosts)
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


#: Kept under its old name for callers of the spider module.
_edition = generic_edition
