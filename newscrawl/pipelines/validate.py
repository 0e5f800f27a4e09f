"""Refuse items that break the article contract before they reach the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article, NotArticle, SeenArticle
from newscrawl.pipelines.drops import drop


class ValidationPipeline:
    """Drops, with a typed reason and a stats counter, what the stored schema would refuse.

    The database validator enforces the same contract; checking here first gives a clearer
    reason and keeps one bad item from costing a round trip.
    """

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler (only its stats are needed)."""
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Return the item, or raise DropItem naming the broken rule."""
        if isinstance(item, SeenArticle | NotArticle):
            return item
        if not isinstance(item, Article):
            raise drop(self.stats, "not_an_article_item", type(item).__name__)
        if not item.url.startswith(("https://", "http://")):
            raise drop(self.stats, "bad_url", item.url)
        if not item.title.strip():
            raise drop(self.stats, "no_title", item.url)
        if not item.body.strip():
            raise drop(self.stats, "no_body", item.url)
        if " ".join(item.body.split()).casefold() == " ".join(item.title.split()).casefold():
            # What an extractor falls back to when the page's text is out of its reach
            # (markup nested deeper than the parser follows): not an article body.
            raise drop(self.stats, "body_is_title", item.url)
        for name in ("published_at", "updated_at", "fetched_at"):
            value = getattr(item, name)
            if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
                raise drop(self.stats, "bad_date", f"{item.url}: {name}={value!r}")
        if not item.content_hash:
            raise drop(self.stats, "no_content_hash", item.url)
        return item
