"""Field coverage per site: how many stored articles had each field, as crawl stats."""

from __future__ import annotations

from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawl.items import Article

#: Fields whose presence is counted; monitors hold the important ones to thresholds.
FIELDS = (
    "title",
    "body",
    "lead",
    "published_at",
    "language",
    "authors",
    "photo_credit",
    "section",
    "cited_sources",
)


def present(item: Article, field: str) -> bool:
    """Whether ``item`` has a non-empty value for ``field``."""
    return getattr(item, field) not in (None, "", [], {})


class CoverageStats:
    """Counts, for every article that passed the pipelines, which fields it had.

    During the crawl: ``newscrawl/fields/<site>/articles`` and ``…/<field>`` (counts). When
    the spider closes: ``newscrawl/coverage/<site>/<field>`` as a fraction 0–1, which the
    monitors check and ``crawl_runs`` keeps for the report.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.counts: dict[str, dict[str, int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Connect to ``item_scraped`` and ``spider_closed``."""
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Count the article and each field it has."""
        if not isinstance(item, Article):
            return
        site = self.counts.setdefault(item.site, {"articles": 0})
        site["articles"] += 1
        for field in FIELDS:
            if present(item, field):
                site[field] = site.get(field, 0) + 1
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/fields/{item.site}/articles")

    def spider_closed(self, spider: Spider) -> None:
        """Publish the fractions."""
        for site, counts in self.counts.items():
            total = counts["articles"]
            for field in FIELDS:
                self.crawler.stats.set_value(
                    f"newscrawl/coverage/{site}/{field}", round(counts.get(field, 0) / total, 4)
                )
