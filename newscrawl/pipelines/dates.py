"""Pick the publication and update dates and normalize them to UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.dates import parse_date_details
from newscrawl.pipelines.drops import drop


class DatesPipeline:
    """Thin adapter over :func:`newscrawl.normalize.dates.parse_date_details`.

    Takes the first candidate (they come most-trustworthy first) that parses, and records
    its raw text and source next to the UTC value. Relative dates ("Вчера, 06:20") resolve
    against the fetch time. Stats: ``newscrawl/dates/published/<source>`` and
    ``newscrawl/dates/unparsed`` (candidates that held no date).
    """

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        self.stats: StatsCollector | None = crawler.stats if crawler else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from the crawler: its stats, and the spider's date window."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Fill ``published_*`` and ``updated_*`` from the candidates."""
        if not isinstance(item, Article):
            return item
        language = item.declared_language
        for raw, source in item.published_candidates:
            parsed = parse_date_details(raw, language=language, now=item.fetched_at)
            if parsed is None:
                self._inc("newscrawl/dates/unparsed")
                continue
            item.published_at, item.published_raw, item.published_source = (
                parsed.value,
                raw,
                source,
            )
            self._inc(f"newscrawl/dates/published/{source}")
            break
        else:
            self._inc("newscrawl/dates/published/missing")
        for raw, source in item.updated_candidates:
            parsed = parse_date_details(raw, language=language, now=item.fetched_at)
            if parsed is not None:
                item.updated_at, item.updated_raw, item.updated_source = parsed.value, raw, source
                break
        if item.published_source:
            item.provenance["published_at"] = item.published_source
        if item.published_at is not None and not self._in_window(item.published_at):
            raise drop(self.stats, "outside_window", f"{item.url} ({item.published_raw})")
        return item

    def _in_window(self, when: datetime) -> bool:
        # Spiders with since/until arguments expose in_window(); the date is only certain
        # here, after extraction, for pages whose listing entry carried none.
        spider = self.crawler.spider if self.crawler else None
        in_window = getattr(spider, "in_window", None)
        return bool(in_window(when)) if callable(in_window) else True

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)
