"""Link translations to their originals once the crawl's articles are stored."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Self

from pymongo.errors import PyMongoError
from scrapy.crawler import Crawler

from newscrawl.items import Article
from newscrawl.store.connection import DatabaseUnavailableError, connect
from newscrawl.store.linking import link_translations
from newscrawl.store.schema import ARTICLES
from newscrawl.store.uri import MongoTarget, resolve_target

logger = logging.getLogger(__name__)


class TranslationLinkPipeline:
    """Thin adapter over :func:`newscrawl.store.linking.link_translations`.

    Placed before the storage pipeline: Scrapy closes pipelines in reverse order, so this
    one's :meth:`close_spider` runs after the last batch was written. It remembers the time
    span of the crawl's articles and links the translations around it. Stats:
    ``newscrawl/translation/considered`` and ``…/linked``.
    """

    def __init__(self, crawler: Crawler, target: MongoTarget) -> None:
        self.crawler = crawler
        self.target = target
        self.start: datetime | None = None
        self.end: datetime | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the database target from the settings."""
        settings = crawler.settings
        return cls(
            crawler, resolve_target(settings.get("MONGO_URI"), settings.get("MONGO_DATABASE"))
        )

    def process_item(self, item: Any) -> Any:
        """Widen the time span by the article's publication date."""
        if isinstance(item, Article) and item.published_at is not None:
            when = item.published_at
            self.start = when if self.start is None or when < self.start else self.start
            self.end = when if self.end is None or when > self.end else self.end
        return item

    def close_spider(self) -> None:
        """Run the linking pass; a database problem is logged, never fatal."""
        if self.start is None or self.end is None:
            return
        try:
            client = connect(self.target)
        except DatabaseUnavailableError as exc:
            logger.warning("Translation linking skipped: %s", exc)
            return
        try:
            report = link_translations(
                client[self.target.database][ARTICLES], start=self.start, end=self.end
            )
        except PyMongoError as exc:
            logger.warning("Translation linking failed: %s", exc)
            return
        finally:
            client.close()
        self.crawler.stats.set_value("newscrawl/translation/considered", report.considered)
        self.crawler.stats.set_value("newscrawl/translation/linked", report.linked)
