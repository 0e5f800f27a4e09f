"""Cap and fingerprint the article text."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.content import MAX_BODY_BYTES, cap_text, content_hash

logger = logging.getLogger(__name__)


class ContentHashPipeline:
    """Thin adapter over :func:`newscrawl.normalize.content.cap_text` and
    :func:`~newscrawl.normalize.content.content_hash`.

    A body over ``MAX_BODY_BYTES`` (UTF-8) is cut at a paragraph boundary and the article
    stored with ``truncated: true`` (stat ``newscrawl/truncated``), so that no document
    reaches MongoDB's 16 MB limit.
    """

    def __init__(self, stats: StatsCollector | None = None, max_body_bytes: int = MAX_BODY_BYTES):
        self.stats = stats
        self.max_body_bytes = max_body_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read ``MAX_BODY_BYTES``."""
        return cls(crawler.stats, crawler.settings.getint("MAX_BODY_BYTES", MAX_BODY_BYTES))

    def process_item(self, item: Any) -> Any:
        """Cap the body, then fill ``content_hash`` from the title and the body."""
        if isinstance(item, Article):
            item.body, cut = cap_text(item.body, self.max_body_bytes)
            if cut:
                item.truncated = True
                if self.stats is not None:
                    self.stats.inc_value("newscrawl/truncated")
                logger.warning(
                    "Body over %d bytes, stored truncated: %s", self.max_body_bytes, item.url
                )
            item.content_hash = content_hash(item.title, item.body)
        return item
